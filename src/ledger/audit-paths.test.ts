import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { auditPaths, pathOf } from './audit-paths.ts';
import { leafHash } from './hash.ts';
import { MemoryHashStore } from './memory-hash-store.ts';
import { proveRecord } from './prove.ts';
import { type HashReader, type StoredNodes, storedHashIndex } from './stored-hashes.ts';

const MAX = 300;
const store = new MemoryHashStore();
for (let i = 0; i < MAX; i++) await store.append(Buffer.from(`audited event ${i}`));

/** recording wraps a reader and keeps every read with the coordinates it was given. */
function recording(inner: HashReader): HashReader & { reads: { indexes: number[]; at: StoredNodes | undefined }[] } {
  const reads: { indexes: number[]; at: StoredNodes | undefined }[] = [];
  return {
    reads,
    readHashes: async (indexes, at) => {
      reads.push({ indexes: [...indexes], at });
      return inner.readHashes(indexes);
    },
  };
}

// A reader of a log far too large to build: stored hash i is SHA-256 of i's decimal digits, the same for both paths compared.
const synthetic: HashReader = {
  readHashes: async (indexes) => indexes.map((i) => createHash('sha256').update(String(i)).digest()),
};

async function expected(t: number, ns: readonly number[], reader: HashReader): Promise<string[][]> {
  const out: string[][] = [];
  for (const n of ns) out.push((await proveRecord(t, n, reader)).map((h) => h.toString('hex')));
  return out;
}

async function actual(t: number, ns: readonly number[], reader: HashReader): Promise<string[][]> {
  const paths = await auditPaths(t, ns, reader);
  return ns.map((_, i) => pathOf(paths, i).map((h) => h.toString('hex')));
}

// Sizes around every power of two up to max, where the right edge goes from complete to one leaf past it.
function edgeSizes(max: number): number[] {
  const sizes = new Set<number>([1, 2, 3, max]);
  for (let p = 2; p <= max; p *= 2) for (const d of [-1, 0, 1]) if (p + d >= 1 && p + d <= max) sizes.add(p + d);
  return [...sizes].sort((a, b) => a - b);
}

describe('audit paths of many records from one read (issue #14, item 3)', () => {
  it('equal proveRecord for every record of every tree up to 300 leaves', async () => {
    for (let t = 1; t <= MAX; t++) {
      const ns = Array.from({ length: t }, (_, n) => n);
      assert.deepEqual(await actual(t, ns, store), await expected(t, ns, store), `t = ${t}`);
    }
  });

  it('equal proveRecord for any records in any order, duplicates included, and read each stored hash once with its coordinates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: MAX })
          .chain((t) => fc.tuple(fc.constant(t), fc.array(fc.integer({ min: 0, max: t - 1 }), { maxLength: 40 }))),
        async ([t, ns]) => {
          const reader = recording(store);
          assert.deepEqual(await actual(t, ns, reader), await expected(t, ns, store));
          assert.ok(reader.reads.length <= 1, 'one read at most');
          const read = reader.reads[0];
          if (!read) return assert.ok(ns.length === 0 || t === 1);
          assert.equal(new Set(read.indexes).size, read.indexes.length, 'no stored hash is asked twice');
          assert.deepEqual(
            read.indexes,
            [...read.indexes].sort((a, b) => a - b),
            'asked in index order',
          );
          const at = read.at;
          assert.ok(at, 'the coordinates are given');
          for (const [k, index] of read.indexes.entries()) assert.equal(storedHashIndex(at.levels[k] ?? -1, at.ns[k] ?? -1), index);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('equal proveRecord at the right edge and the first leaves of trees up to 2^53 − 1 leaves', async () => {
    const sizes = [...edgeSizes(2 ** 53 - 1), 2 ** 53 - 1, 2 ** 40 + 12_345, 1_000_000, 10_000_000, 3 * 2 ** 31 + 7];
    for (const t of sizes) {
      const ns = [
        ...new Set([0, 1, t - 1, t - 2, t - 3, Math.floor(t / 2), Math.floor(t / 3), t - 2 ** 20, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1]),
      ]
        .filter((n) => n >= 0 && n < t)
        .sort((a, b) => a - b);
      assert.deepEqual(await actual(t, ns, synthetic), await expected(t, ns, synthetic), `t = ${t}`);
    }
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: Number.MAX_SAFE_INTEGER })
          .chain((t) =>
            fc.tuple(fc.constant(t), fc.array(fc.integer({ min: Math.max(0, t - 5000), max: t - 1 }), { minLength: 1, maxLength: 8 })),
          ),
        async ([t, ns]) => assert.deepEqual(await actual(t, ns, synthetic), await expected(t, ns, synthetic)),
      ),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: Number.MAX_SAFE_INTEGER })
          .chain((t) => fc.tuple(fc.constant(t), fc.array(fc.integer({ min: 0, max: t - 1 }), { minLength: 1, maxLength: 8 }))),
        async ([t, ns]) => assert.deepEqual(await actual(t, ns, synthetic), await expected(t, ns, synthetic)),
      ),
      { numRuns: 300 },
    );
  });

  it('reproduce every happy-path RFC 6962 inclusion vector', async () => {
    // The RFC 6962 reference leaves (testdata/rfc6962/README.md).
    const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const ref = new MemoryHashStore();
    for (const leaf of leaves) await ref.append(Buffer.from(leaf, 'hex'));
    const dir = new URL('./testdata/rfc6962/inclusion/', import.meta.url);
    let checked = 0;
    for (const sub of readdirSync(dir, { withFileTypes: true })) {
      if (!sub.isDirectory()) continue;
      const file = new URL(`${sub.name}/happy-path.json`, dir);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const v = JSON.parse(text) as { leafIdx: number; treeSize: number; leafHash: string; proof: string[] | null; wantErr: boolean };
      if (v.wantErr || v.treeSize > leaves.length) continue;
      assert.equal(leafHash(Buffer.from(leaves[v.leafIdx] ?? 'missing', 'hex')).toString('base64'), v.leafHash);
      const paths = await auditPaths(v.treeSize, [v.leafIdx], ref);
      assert.deepEqual(
        pathOf(paths, 0).map((h) => h.toString('base64')),
        v.proof ?? [],
        `${sub.name}/happy-path.json`,
      );
      checked++;
    }
    assert.ok(checked >= 5, `only ${checked} vectors checked`);
  });

  it('refuses records outside the tree and sizes that are not counts', async () => {
    await assert.rejects(auditPaths(5, [5], store), { code: 'LOG_PROOF_RANGE' });
    await assert.rejects(auditPaths(5, [-1], store), { code: 'LOG_PROOF_RANGE' });
    await assert.rejects(auditPaths(5, [1.5], store), { code: 'LOG_PROOF_RANGE' });
    await assert.rejects(auditPaths(2 ** 53, [0], store), { code: 'LOG_PROOF_RANGE' });
    await assert.rejects(auditPaths(0, [0], store), { code: 'LOG_PROOF_RANGE' });
    assert.deepEqual((await auditPaths(5, [], store)).hashes, []);
  });
});
