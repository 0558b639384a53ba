// appendLeaves reads the tree's frontier once per append and stores the same hashes and root as the
// reference tree (src/ledger/memory-hash-store.ts), whatever the size it starts from.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHashStore } from '../src/ledger/index.ts';
import { subTreeHash, subTreeIndex } from '../src/ledger/stored-hashes.ts';
import { appendLeaves, lockLogHeadRoot } from '../src/registry/log/log-append.ts';
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
      const head = await lockLogHeadRoot(counting);
      const added = leaves(run, head.size);
      for (const leaf of added) await reference.append(leaf);
      return (await appendLeaves(counting, head, added, r.ctx.signer)).root;
    });
    assert.ok(reads.length <= 1, `an append of ${run} read log_hashes ${reads.length} times`);
    assert.deepEqual(root, await reference.root(), `the root after appending ${run} is the reference tree's`);
  }
});

test(`[${ENGINE}] an append that finds the head this process last wrote reads no stored hashes, and the stored frontier still folds to the stored root`, async () => {
  let reads = 0;
  const append = (run: number) =>
    r.ctx.store.readWrite(async (tx) => {
      const counting: Tx = {
        query: (sql, params) => {
          if (sql.includes('FROM log_hashes')) reads++;
          return tx.query(sql, params);
        },
        script: (sql) => tx.script(sql),
      };
      const locked = await lockLogHeadRoot(counting);
      const start = locked.size;
      const added = Array.from({ length: run }, (_, i) => Buffer.from(`known ${start + i}`));
      return { start, added, head: await appendLeaves(counting, locked, added, r.ctx.signer) };
    });
  await append(3);
  for (const run of [1, 4, 2]) {
    reads = 0;
    const { head: after } = await append(run);
    assert.equal(reads, 0, `an append of ${run} after this process's own append read log_hashes ${reads} times`);
    const [stored] = await r.ctx.store.query<{ size: number; root: Buffer }>('SELECT size, root FROM log_head WHERE id = 1');
    assert.equal(stored?.size, after.size);
    assert.deepEqual(Buffer.from(stored?.root ?? []), Buffer.from(after.root));
  }
  // And the stored hashes give that root when read back cold (a process that knows nothing of it).
  const cold = await r.ctx.store.readWrite(async (tx) => {
    const [h] = await tx.query<{ size: number }>('SELECT size FROM log_head WHERE id = 1');
    const size = h?.size ?? 0;
    const idx = subTreeIndex(0, size, []);
    const rows = await tx.query<{ idx: number; hash: Buffer }>('SELECT idx, hash FROM log_hashes WHERE idx = ANY($1::bigint[])', [idx]);
    const byIdx = new Map(rows.map((x) => [Number(x.idx), x.hash]));
    return subTreeHash(
      0,
      size,
      idx.map((i) => byIdx.get(i) ?? Buffer.alloc(0)),
    );
  });
  const [final] = await r.ctx.store.query<{ root: Buffer }>('SELECT root FROM log_head WHERE id = 1');
  assert.deepEqual(Buffer.from(cold), Buffer.from(final?.root ?? []), 'the stored frontier folds to the stored root');
});
