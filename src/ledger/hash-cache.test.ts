import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { leafHash } from './hash.ts';
import { UpperHashCache, cachedHashReader, warmUpperLevels } from './hash-cache.ts';
import { MemoryHashStore } from './memory-hash-store.ts';
import { proveRecord, proveRecords, proveTree } from './prove.ts';
import { type HashReader, maxpow2, splitStoredHashIndex, storedHashCount, storedHashIndex } from './stored-hashes.ts';
import { verifyConsistency, verifyInclusion } from './verify.ts';

const record = (i: number): Buffer => Buffer.from(`cached event ${i}`);

/** counting wraps a reader and records every index it is asked for. */
function counting(inner: HashReader): HashReader & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    readHashes: async (indexes) => {
      asked.push(...indexes);
      return inner.readHashes(indexes);
    },
  };
}

// Sizes around every power of two, where the right edge goes from complete to one leaf past it.
function edgeSizes(max: number): number[] {
  const sizes = new Set<number>([1, 2, 3, max]);
  for (let p = 2; p <= max; p *= 2) for (const d of [-1, 0, 1]) if (p + d >= 1 && p + d <= max) sizes.add(p + d);
  return [...sizes].filter((s) => s <= max).sort((a, b) => a - b);
}

describe('the upper-level hash cache', () => {
  it('gives the same inclusion and consistency proofs as the plain stored-hash path while the log grows', async () => {
    const store = new MemoryHashStore();
    // One cache per lowest level, each kept across the whole growth of the log.
    const caches = [0, 1, 2, 3, 5, 8].map((l) => new UpperHashCache(l));
    for (const target of [1, 2, 3, 7, 8, 9, 31, 33, 64, 100, 127, 129, 300, 513]) {
      while (store.size < target) await store.append(record(store.size));
      for (const t of [...edgeSizes(target), target]) {
        for (const cache of caches) {
          const reader = cachedHashReader(store, cache);
          for (const n of new Set([0, 1, Math.floor(t / 2), t - 2, t - 1].filter((x) => x >= 0 && x < t))) {
            assert.deepEqual(
              await proveRecord(t, n, reader),
              await proveRecord(t, n, store),
              `inclusion ${n} in ${t}, level ${cache.minLevel}`,
            );
          }
          for (const m of new Set([1, Math.ceil(t / 2), t - 1, t].filter((x) => x >= 1))) {
            assert.deepEqual(
              await proveTree(t, m, reader),
              await proveTree(t, m, store),
              `consistency ${m} → ${t}, level ${cache.minLevel}`,
            );
          }
        }
      }
    }
    const root = await store.root();
    for (const cache of caches) {
      const reader = cachedHashReader(store, cache);
      for (const n of [0, 77, 256, 511, 512]) verifyInclusion(n, 513, leafHash(record(n)), await proveRecord(513, n, reader), root);
      for (const m of [1, 129, 300, 512]) verifyConsistency(m, 513, await proveTree(513, m, reader), await store.root(m), root);
      assert.ok(cache.stats.hits > 0, `level ${cache.minLevel} served hashes`);
    }
  });

  it('equals the plain path for random (index, size) pairs on a cache filled at other sizes', async () => {
    const store = new MemoryHashStore();
    for (let i = 0; i < 700; i++) await store.append(record(i));
    const cache = new UpperHashCache(2);
    const reader = cachedHashReader(store, cache);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 700 }).chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: 0, max: t - 1 }))),
        async ([t, n]) => {
          assert.deepEqual(await proveRecord(t, n, reader), await proveRecord(t, n, store));
          assert.deepEqual(await proveTree(t, n + 1, reader), await proveTree(t, n + 1, store));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads only levels below its lowest level once the upper ones are held', async () => {
    const store = new MemoryHashStore();
    for (let i = 0; i < 1000; i++) await store.append(record(i));
    const cache = new UpperHashCache(3);
    await proveRecord(1000, 500, cachedHashReader(store, cache));
    const inner = counting(store);
    const proof = await proveRecord(1000, 500, cachedHashReader(inner, cache));
    assert.ok(proof.length > 3);
    assert.ok(inner.asked.length > 0, 'the lowest levels are read');
    for (const index of inner.asked) assert.ok(splitStoredHashIndex(index)[0] < 3, `index ${index} is below level 3`);
    // A cache never holds a level below its lowest, and holds at most the stored hashes of the levels it keeps.
    assert.equal(cache.get(2, 0), undefined);
    assert.ok(cache.stats.held <= storedHashCount(1000) / 8);
  });

  it('hands out copies: a caller changing a served hash does not change the cache', async () => {
    const store = new MemoryHashStore();
    for (let i = 0; i < 20; i++) await store.append(record(i));
    const cache = new UpperHashCache(0);
    const reader = cachedHashReader(store, cache);
    const first = await proveRecord(20, 3, reader);
    const again = await proveRecord(20, 3, reader);
    for (const h of again) h.fill(0);
    assert.deepEqual(await proveRecord(20, 3, reader), first);
  });

  it('refuses a hash of the wrong length', () => {
    assert.throws(() => new UpperHashCache(0).set(0, 0, Buffer.alloc(31)), RangeError);
    assert.throws(() => new UpperHashCache(-1), RangeError);
  });
});

describe('index arithmetic', () => {
  // The loops of golang.org/x/mod/sumdb/tlog, which the closed forms replace.
  const referenceIndex = (level: number, n: number): number => {
    for (let l = level; l > 0; l--) n = 2 * n + 1;
    let i = 0;
    for (; n > 0; n = Math.floor(n / 2)) i += n;
    return i + level;
  };
  const referenceMaxpow2 = (n: number): [number, number] => {
    let l = 0;
    while (2 ** (l + 1) < n) l++;
    return [2 ** l, l];
  };

  it('storedHashIndex and maxpow2 equal the reference loops, above 2^32 too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 45 }), (level, n0) => {
        const n = Math.floor(n0 / 2 ** level);
        assert.equal(storedHashIndex(level, n), referenceIndex(level, n));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2 ** 52 }), (n) => assert.deepEqual(maxpow2(n), referenceMaxpow2(n))),
      { numRuns: 2000 },
    );
    for (let l = 1; l < 53; l++)
      for (const n of [2 ** l - 1, 2 ** l, 2 ** l + 1].filter((x) => x >= 2))
        assert.deepEqual(maxpow2(n), referenceMaxpow2(n), `maxpow2(${n})`);
    for (let n = 0; n < 5000; n++) assert.equal(storedHashIndex(0, n), referenceIndex(0, n));
  });
});

describe('proveRecords', () => {
  it('equals proveRecord for every record of a set, from one read', async () => {
    const store = new MemoryHashStore();
    for (let i = 0; i < 600; i++) await store.append(record(i));
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 600 })
          .chain((t) => fc.tuple(fc.constant(t), fc.array(fc.integer({ min: 0, max: t - 1 }), { minLength: 0, maxLength: 40 }))),
        async ([t, ns]) => {
          const inner = counting(store);
          let calls = 0;
          const reader: HashReader = {
            readHashes: (indexes) => {
              calls++;
              return inner.readHashes(indexes);
            },
          };
          const proofs = await proveRecords(t, ns, reader);
          assert.ok(calls <= 1, 'one read at most');
          assert.equal(new Set(inner.asked).size, inner.asked.length, 'each stored hash asked once');
          assert.equal(proofs.length, ns.length);
          for (const [j, n] of ns.entries()) assert.deepEqual(proofs[j], await proveRecord(t, n, store), `record ${n} in ${t}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a record outside the tree, as proveRecord does', async () => {
    const store = new MemoryHashStore();
    for (let i = 0; i < 5; i++) await store.append(record(i));
    await assert.rejects(proveRecords(5, [1, 5], store), { code: 'LOG_PROOF_RANGE' });
    await assert.rejects(proveRecords(5, [-1], store), { code: 'LOG_PROOF_RANGE' });
  });
  it('warming fills every complete subtree of the cached levels, and a proof then reads only the levels below them', async () => {
    const store = new MemoryHashStore();
    for (let i = 0; i < 700; i++) await store.append(record(i));
    for (const t of [1, 7, 8, 9, 255, 256, 257, 700]) {
      const cache = new UpperHashCache(3);
      const inner = counting(store);
      await warmUpperLevels(cache, inner, t);
      const asked = inner.asked.length;
      let expected = 0;
      for (let level = 3; 2 ** level <= t; level++) {
        for (let n = 0; n < Math.floor(t / 2 ** level); n++) {
          expected++;
          assert.deepEqual(cache.get(level, n), (await store.readHashes([storedHashIndex(level, n)]))[0], `level ${level}, node ${n}`);
        }
        assert.equal(cache.has(level, Math.floor(t / 2 ** level)), false, 'no incomplete subtree');
      }
      assert.equal(asked, expected, `t = ${t}: each cached node read once`);
      assert.deepEqual([cache.stats.hits, cache.stats.misses], [0, 0], 'warming counts neither hits nor misses');
      await warmUpperLevels(cache, inner, t);
      assert.equal(inner.asked.length, asked, 'a warm cache reads nothing more');
      for (let n = 0; n < t; n += 13) {
        const probe = counting(store);
        assert.deepEqual(await proveRecord(t, n, cachedHashReader(probe, cache)), await proveRecord(t, n, store));
        assert.ok(
          probe.asked.every((i) => splitStoredHashIndex(i)[0] < 3),
          `record ${n} of ${t}: only levels below the cache read`,
        );
      }
    }
  });
});
