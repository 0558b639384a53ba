/**
 * An in-memory cache of the upper levels of the stored Merkle tree, so a proof
 * reads only its lowest levels from the database. A stored hash is the hash of
 * a complete subtree (stored-hashes.ts): once written it never changes, and a
 * growing log only adds hashes on its right edge, whose incomplete subtrees
 * are never stored but folded at read time (subTreeHash). So whatever the
 * cache holds stays true as the log grows, and it needs no invalidation —
 * provided it is filled only from committed hashes of one append-only log,
 * never from a writer's open transaction.
 *
 * Memory is bounded by the log: level l of a log of n records holds
 * ⌊n / 2^l⌋ hashes, so levels ≥ L hold fewer than n / 2^(L-1) hashes of 32
 * bytes. At the default L = 8 that is < 2.5 MB at 10 M records and < 25 MB at
 * 100 M, held in chunks of CHUNK_SLOTS slots allocated only where a proof
 * looked or warmUpperLevels filled them (plus one presence byte per slot).
 */
import { type Hash, HASH_SIZE } from './hash.ts';
import { must } from '../must.ts';
import { type HashReader, type StoredNodes, readExactly, splitStoredHashIndex, storedHashIndex } from './stored-hashes.ts';

/** DEFAULT_MIN_LEVEL is the lowest cached level: a proof still reads its 8 lowest siblings, all inside one 256-record subtree. */
export const DEFAULT_MIN_LEVEL = 8;

const CHUNK_SLOTS = 1024;

interface Chunk {
  data: Buffer;
  present: Uint8Array;
}

/** HashCacheStats counts what the cache served and what it had to read. */
export interface HashCacheStats {
  hits: number;
  misses: number;
  /** held is the number of hashes in the cache. */
  held: number;
  /** bytes is the memory of the allocated chunks. */
  bytes: number;
}

/** UpperHashCache keeps stored hashes of levels ≥ minLevel by (level, n). */
export class UpperHashCache {
  readonly minLevel: number;
  // levels[l - minLevel][c] holds level l's hashes n = c·CHUNK_SLOTS … (c+1)·CHUNK_SLOTS − 1.
  readonly #levels: (Chunk | undefined)[][] = [];
  #hits = 0;
  #misses = 0;
  #held = 0;
  #chunks = 0;

  constructor(minLevel = DEFAULT_MIN_LEVEL) {
    if (!Number.isSafeInteger(minLevel) || minLevel < 0 || minLevel > 62) throw new RangeError(`minLevel ${minLevel} is not in 0..62`);
    this.minLevel = minLevel;
  }

  /** stats reports hits, misses and memory since the cache was made. */
  get stats(): HashCacheStats {
    return { hits: this.#hits, misses: this.#misses, held: this.#held, bytes: this.#chunks * CHUNK_SLOTS * (HASH_SIZE + 1) };
  }

  /** has tells whether the hash of level's n'th complete subtree is held. */
  has(level: number, n: number): boolean {
    if (level < this.minLevel) return false;
    return this.#levels[level - this.minLevel]?.[Math.floor(n / CHUNK_SLOTS)]?.present[n % CHUNK_SLOTS] === 1;
  }

  /** get returns a copy of the hash of level's n'th complete subtree, if held. */
  get(level: number, n: number): Hash | undefined {
    if (level < this.minLevel) return undefined;
    const chunk = this.#levels[level - this.minLevel]?.[Math.floor(n / CHUNK_SLOTS)];
    const slot = n % CHUNK_SLOTS;
    if (chunk?.present[slot] !== 1) return undefined;
    return Buffer.from(chunk.data.subarray(slot * HASH_SIZE, (slot + 1) * HASH_SIZE));
  }

  /** set keeps the committed hash of level's n'th complete subtree; levels below minLevel are ignored. */
  set(level: number, n: number, hash: Hash): void {
    if (level < this.minLevel) return;
    if (hash.length !== HASH_SIZE) throw new RangeError(`a stored hash has ${HASH_SIZE} bytes, not ${hash.length}`);
    const l = level - this.minLevel;
    let row = this.#levels[l];
    if (!row) {
      row = [];
      // Levels are few (≤ 63); fill any gap below so the array stays dense.
      while (this.#levels.length < l) this.#levels.push([]);
      this.#levels[l] = row;
    }
    const c = Math.floor(n / CHUNK_SLOTS);
    let chunk = row[c];
    if (!chunk) {
      chunk = { data: Buffer.alloc(CHUNK_SLOTS * HASH_SIZE), present: new Uint8Array(CHUNK_SLOTS) };
      row[c] = chunk;
      this.#chunks++;
    }
    const slot = n % CHUNK_SLOTS;
    if (chunk.present[slot] !== 1) this.#held++;
    hash.copy(chunk.data, slot * HASH_SIZE);
    chunk.present[slot] = 1;
  }

  /** count records one read's hits and misses. */
  count(hits: number, misses: number): void {
    this.#hits += hits;
    this.#misses += misses;
  }
}

/**
 * cachedHashReader serves the hashes of levels ≥ cache.minLevel from cache and
 * reads the rest from inner in one call, keeping what it read for next time.
 * inner must read committed hashes only (see the file comment). Given each
 * index's coordinates (at), it checks them instead of splitting the indexes
 * back, so a wrong coordinate can never file a hash under another node.
 */
export function cachedHashReader(inner: HashReader, cache: UpperHashCache): HashReader {
  return {
    async readHashes(indexes: number[], at?: StoredNodes): Promise<Hash[]> {
      const out: Hash[] = new Array(indexes.length);
      const missing: number[] = [];
      const levels: number[] = [];
      const ns: number[] = [];
      // where[k] is the position in missing of index k when the cache did not hold it, else −1.
      const where = new Int32Array(indexes.length).fill(-1);
      const first = new Map<number, number>();
      let hits = 0;
      for (let k = 0; k < indexes.length; k++) {
        const index = indexes[k] ?? -1;
        let level: number;
        let n: number;
        if (at) {
          level = at.levels[k] ?? -1;
          n = at.ns[k] ?? -1;
          if (storedHashIndex(level, n) !== index) throw new Error(`invariant broken: index ${index} is not at level ${level}, node ${n}`);
        } else [level, n] = splitStoredHashIndex(index);
        const h = cache.get(level, n);
        if (h) {
          out[k] = h;
          hits++;
          continue;
        }
        const seen = first.get(index);
        if (seen !== undefined) {
          where[k] = seen;
          continue;
        }
        where[k] = missing.length;
        first.set(index, missing.length);
        missing.push(index);
        levels.push(level);
        ns.push(n);
      }
      cache.count(hits, missing.length);
      if (missing.length > 0) {
        const read = await readExactly(inner, missing, { levels, ns });
        for (let m = 0; m < read.length; m++)
          cache.set(levels[m] ?? -1, ns[m] ?? -1, must(read[m], 'readExactly returns a hash per index'));
        for (let k = 0; k < indexes.length; k++) {
          const m = where[k] ?? -1;
          if (m >= 0) out[k] = must(read[m], 'readExactly returns a hash per index');
        }
      }
      return out;
    },
  };
}

/** WARM_BATCH is how many stored hashes one read of warmUpperLevels asks for. */
const WARM_BATCH = 4096;

/**
 * warmUpperLevels fills the cache with every complete subtree of levels ≥ cache.minLevel in the
 * tree of size t that it does not hold yet, highest level first, in reads of at most WARM_BATCH
 * hashes: random proofs then find all their upper levels in memory from the start, instead of
 * the cache filling only where proofs looked (levels just above minLevel took thousands of
 * proofs to fill). That is < t / 2^(minLevel − 1) hashes (< 2.5 MB at 10 M records), the bound
 * the cache has anyway. reader must read committed hashes only (see the file comment). The
 * warming reads count neither as hits nor as misses.
 */
export async function warmUpperLevels(cache: UpperHashCache, reader: HashReader, t: number): Promise<void> {
  let top = cache.minLevel;
  while (2 ** (top + 1) <= t) top++;
  let indexes: number[] = [];
  let levels: number[] = [];
  let ns: number[] = [];
  const flush = async () => {
    const read = await readExactly(reader, indexes, { levels, ns });
    for (let k = 0; k < read.length; k++) cache.set(levels[k] ?? -1, ns[k] ?? -1, must(read[k], 'readExactly returns a hash per index'));
    indexes = [];
    levels = [];
    ns = [];
  };
  for (let level = top; level >= cache.minLevel; level--) {
    const complete = Math.floor(t / 2 ** level);
    for (let n = 0; n < complete; n++) {
      if (cache.has(level, n)) continue;
      indexes.push(storedHashIndex(level, n));
      levels.push(level);
      ns.push(n);
      if (indexes.length >= WARM_BATCH) await flush();
    }
  }
  if (indexes.length > 0) await flush();
}
