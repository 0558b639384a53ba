// appendLeaves reads the tree's frontier once per append and stores the same hashes and root as the
// reference tree (src/ledger/memory-hash-store.ts), whatever the size it starts from.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHashStore } from '../src/ledger/index.ts';
import { appendLeaves, lockLogHead } from '../src/registry/log/log-append.ts';
import type { Tx } from '../src/store/store.ts';
import { ENGINE, testRegistry, type TestRegistry } from './harness.ts';

let r: TestRegistry;
before(async () => {
  r = await testRegistry();
});
after(() => r.dispose());

test(`[${ENGINE}] each append reads the stored hashes it needs in one query, and its root is the reference tree's`, async () => {
  const reference = new MemoryHashStore();
  const [head] = await r.ctx.store.query<{ size: number }>('SELECT size FROM log_head WHERE id = 1');
  const leaves = (n: number, from: number) => Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${from + i}`));
  // The registry's own first leaves, then runs of sizes that cross subtree boundaries in different ways.
  const existing = await r.ctx.store.query<{ leaf: Buffer }>('SELECT leaf FROM events ORDER BY log_index');
  for (const e of existing) await reference.append(e.leaf);
  assert.equal(reference.size, head?.size);
  for (const run of [1, 2, 5, 1, 8, 3, 16, 7]) {
    const reads: string[] = [];
    const root = await r.ctx.store.readWrite(async (tx) => {
      const counting: Tx = {
        query: (sql, params) => {
          if (sql.includes('FROM log_hashes')) reads.push(sql);
          return tx.query(sql, params);
        },
        script: (sql) => tx.script(sql),
      };
      const start = await lockLogHead(counting);
      const added = leaves(run, start);
      for (const leaf of added) await reference.append(leaf);
      return (await appendLeaves(counting, start, added, r.ctx.signer)).root;
    });
    assert.ok(reads.length <= 1, `an append of ${run} read log_hashes ${reads.length} times`);
    assert.deepEqual(root, await reference.root(), `the root after appending ${run} is the reference tree's`);
  }
});
