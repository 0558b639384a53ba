import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EMPTY_ROOT, leafHash, nodeHash } from './hash.ts';
import { MemoryHashStore } from './memory-hash-store.ts';
import {
  type HashReader,
  splitStoredHashIndex,
  storedHashCount,
  storedHashIndex,
  storedHashesForRecord,
  treeHash,
} from './stored-hashes.ts';

// The RFC 6962 reference leaves and their well-known roots for sizes 0..8 (certificate-transparency test data).
const referenceLeaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const referenceRoots = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** mth is RFC 6962 §2.1's recursive definition, the slow reference for the stored-hash scheme. */
function mth(leaves: Uint8Array[]): Buffer {
  const [only, ...rest] = leaves;
  if (only === undefined) return EMPTY_ROOT;
  if (rest.length === 0) return leafHash(only);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

describe('stored hash index', () => {
  it('matches the tlog layout for the first records', () => {
    // Record 0: (0,0)=0; record 1: (0,1)=1,(1,0)=2; record 2: (0,2)=3; record 3: (0,3)=4,(1,1)=5,(2,0)=6.
    assert.deepEqual(
      (
        [
          [0, 0],
          [0, 1],
          [1, 0],
          [0, 2],
          [0, 3],
          [1, 1],
          [2, 0],
        ] as const
      ).map(([l, n]) => storedHashIndex(l, n)),
      [0, 1, 2, 3, 4, 5, 6],
    );
  });
  it('splitStoredHashIndex inverts storedHashIndex', () => {
    for (let i = 0; i < 5000; i++) {
      const [level, n] = splitStoredHashIndex(i);
      assert.equal(storedHashIndex(level, n), i);
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 40 }), (level, n) => {
        fc.pre(n * 2 ** level < 2 ** 46);
        assert.deepEqual(splitStoredHashIndex(storedHashIndex(level, n)), [level, n]);
      }),
    );
  });
  it('storedHashCount counts what appends store', async () => {
    const store = new MemoryHashStore();
    assert.equal(storedHashCount(0), 0);
    for (let n = 0; n < 70; n++) {
      const added = await storedHashesForRecord(n, Buffer.from([n]), store);
      assert.equal(storedHashCount(n + 1), storedHashCount(n) + added.length);
      assert.equal(storedHashIndex(0, n), storedHashCount(n));
      await store.append(Buffer.from([n]));
    }
  });
  it('refuses negative or fractional coordinates', () => {
    assert.throws(() => storedHashIndex(-1, 0), { code: 'LOG_PROOF_RANGE' });
    assert.throws(() => storedHashIndex(0, 1.5), { code: 'LOG_PROOF_RANGE' });
    assert.throws(() => storedHashCount(Number.MAX_SAFE_INTEGER + 1), { code: 'LOG_PROOF_RANGE' });
  });
});

describe('tree hash', () => {
  it('gives the well-known roots for the RFC 6962 reference leaves', async () => {
    const store = new MemoryHashStore();
    assert.equal((await store.root()).toString('hex'), referenceRoots[0]);
    for (const [i, leaf] of referenceLeaves.entries()) {
      await store.append(Buffer.from(leaf, 'hex'));
      assert.equal((await store.root()).toString('hex'), referenceRoots[i + 1], `size ${i + 1}`);
    }
    for (let n = 0; n <= 8; n++) assert.equal((await treeHash(n, store)).toString('hex'), referenceRoots[n]);
  });
  it('matches the recursive MTH for every size up to 130, reading O(log n) hashes once', async () => {
    const store = new MemoryHashStore();
    const leaves: Buffer[] = [];
    for (let n = 1; n <= 130; n++) {
      const leaf = Buffer.from(`record ${n}`);
      leaves.push(leaf);
      await store.append(leaf);
      let calls = 0;
      let read = 0;
      const reader: HashReader = {
        readHashes: (ix) => {
          calls++;
          read += ix.length;
          return store.readHashes(ix);
        },
      };
      assert.deepEqual(await treeHash(n, reader), mth(leaves));
      assert.equal(calls, 1);
      assert.ok(read <= 1 + Math.log2(n));
    }
  });
  it('refuses a reader that returns the wrong number of hashes', async () => {
    const bad: HashReader = { readHashes: async () => [] };
    await assert.rejects(treeHash(3, bad), { code: 'INTERNAL' });
  });
});
