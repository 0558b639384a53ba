import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { leafHash } from './hash.ts';
import { MemoryHashStore } from './memory-hash-store.ts';
import { proveRecord, proveTree, recordProofIndexes } from './prove.ts';
import type { HashReader } from './stored-hashes.ts';
import { must } from '../must.ts';
import { verifyConsistency, verifyInclusion } from './verify.ts';

// The RFC 6962 reference leaves (testdata/rfc6962/README.md).
const referenceLeaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const MAX = 300;
const store = new MemoryHashStore();
const roots: Buffer[] = [await store.root()];
const rootOf = (size: number): Buffer => must(roots[size], `the root of size ${size} was recorded`);
const record = (i: number): Buffer => Buffer.from(`event ${i}`);
for (let i = 0; i < MAX; i++) {
  await store.append(record(i));
  roots.push(await store.root());
}

function flip(proof: Buffer[], at: number, bit: number): Buffer[] {
  const copy = proof.map((h) => Buffer.from(h));
  const i = at % (copy.length * 32);
  const hash = must(copy[Math.floor(i / 32)], 'the flipped bit is inside the proof');
  hash.writeUInt8(hash.readUInt8(i % 32) ^ (1 << bit), i % 32);
  return copy;
}

describe('proofs from stored hashes', () => {
  it('recordProofIndexes names exactly the stored hashes proveRecord reads, so one query can serve many proofs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: MAX }).chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: 0, max: t - 1 }))),
        async ([t, n]) => {
          const read: number[] = [];
          const recording: HashReader = { readHashes: async (indexes) => (read.push(...indexes), store.readHashes(indexes)) };
          const proof = await proveRecord(t, n, recording);
          assert.deepEqual(recordProofIndexes(t, n), read);
          verifyInclusion(n, t, leafHash(record(n)), proof, rootOf(t));
        },
      ),
      { numRuns: 300 },
    );
    assert.throws(() => recordProofIndexes(5, 5), { code: 'LOG_PROOF_RANGE' });
  });

  it('reproduces the RFC 6962 reference audit path of leaf 0 in the tree of 8', async () => {
    const ref = new MemoryHashStore();
    for (const leaf of referenceLeaves) await ref.append(Buffer.from(leaf, 'hex'));
    // inclusion/1/happy-path.json of the shared vectors.
    assert.deepEqual(
      (await proveRecord(8, 0, ref)).map((h) => h.toString('base64')),
      [
        'lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=',
        'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
        'a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=',
      ],
    );
  });

  it('inclusion proofs verify, and fail when any bit is flipped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: MAX }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 7 }), async (t, m, at, bit) => {
        const n = m % t;
        const proof = await proveRecord(t, n, store);
        verifyInclusion(n, t, leafHash(record(n)), proof, rootOf(t));
        if (proof.length > 0) {
          assert.throws(() => verifyInclusion(n, t, leafHash(record(n)), flip(proof, at, bit), rootOf(t)), {
            code: 'LOG_VERIFICATION_FAILED',
          });
        }
        assert.throws(() => verifyInclusion(n, t, leafHash(record(n + 1)), proof, rootOf(t)), { code: 'LOG_VERIFICATION_FAILED' });
      }),
      { numRuns: 300 },
    );
  });

  it('consistency proofs verify, and fail when any bit is flipped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: MAX }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 7 }), async (t, m, at, bit) => {
        const n = (m % t) + 1;
        const proof = await proveTree(t, n, store);
        verifyConsistency(n, t, proof, rootOf(n), rootOf(t));
        if (proof.length > 0) {
          assert.throws(() => verifyConsistency(n, t, flip(proof, at, bit), rootOf(n), rootOf(t)), { code: 'LOG_VERIFICATION_FAILED' });
        }
        if (n < t) assert.throws(() => verifyConsistency(n, t, proof, rootOf(n - 1), rootOf(t)), { code: 'LOG_VERIFICATION_FAILED' });
      }),
      { numRuns: 300 },
    );
  });

  it('reads at most O(log t) stored hashes in one call', async () => {
    for (const [t, n] of [
      [300, 0],
      [300, 299],
      [257, 128],
      [300, 1],
    ] as const) {
      const asked: number[][] = [];
      const reader: HashReader = { readHashes: (ix) => (asked.push(ix), store.readHashes(ix)) };
      await proveRecord(t, n, reader);
      await proveTree(t, n + 1, reader);
      assert.equal(asked.length <= 2, true);
      for (const ix of asked) assert.ok(ix.length <= 2 * Math.ceil(Math.log2(t)) + 1, `${ix.length} hashes for t=${t}`);
    }
  });

  it('refuses ranges outside the log', async () => {
    await assert.rejects(proveRecord(5, 5, store), { code: 'LOG_PROOF_RANGE' });
    await assert.rejects(proveRecord(5, -1, store), { code: 'LOG_PROOF_RANGE' });
    await assert.rejects(proveTree(5, 6, store), { code: 'LOG_PROOF_RANGE' });
    await assert.rejects(proveTree(5, 0, store), { code: 'LOG_PROOF_RANGE' });
    await assert.rejects(proveRecord(MAX + 1, 0, store), { code: 'LOG_PROOF_RANGE' });
  });
});
