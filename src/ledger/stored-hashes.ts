/**
 * Stored interior hashes, ported from golang.org/x/mod/sumdb/tlog. Every
 * complete subtree's hash is stored once, in the dense order of Crosby and
 * Wallach ("Efficient Data Structures for Tamper-Evident Logging" §3.3), so a
 * tree hash or proof of a log of size n reads at most O(log n) stored hashes
 * and never rehashes the log. Indexes are JS numbers: they stay below 2^53.
 */
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import { type Hash, EMPTY_ROOT, HASH_SIZE, leafHash, nodeHash } from './hash.ts';

/** StoredNodes names the tree coordinates of the indexes of one read: indexes[k] is storedHashIndex(levels[k], ns[k]). */
export interface StoredNodes {
  levels: readonly number[];
  ns: readonly number[];
}

/** HashReader reads stored hashes by their stored-hash index (see storedHashIndex). */
export interface HashReader {
  /**
   * readHashes returns one hash per index, in the order asked; indexes are sorted when possible.
   * A caller that knows each index's tree coordinates may pass them (at), so a reader keyed by
   * level need not split the indexes back.
   */
  readHashes(indexes: number[], at?: StoredNodes): Promise<Buffer[]>;
}

/** checkCount refuses anything but a safe integer ≥ min as a tree size or index. */
export function checkCount(name: string, value: number, min = 0): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RegistryError('LOG_PROOF_RANGE', msg('problem.ledger.integerMin', { name, min, value }));
  }
}

// Bit arithmetic on numbers above 2^31 must not use JS's 32-bit operators.
function trailingZeros(n: number): number {
  let z = 0;
  for (; n > 0 && n % 2 === 0; n /= 2) z++;
  return z;
}

// popcount32 counts the 1 bits of a 32-bit value.
function popcount32(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

// popcount counts the 1 bits of a safe integer ≥ 0, in two 32-bit halves.
function popcount(n: number): number {
  return popcount32(n >>> 0) + popcount32(Math.floor(n / 2 ** 32));
}

// log2floor is ⌊log₂ n⌋ of a safe integer n ≥ 1.
function log2floor(n: number): number {
  return n < 2 ** 32 ? 31 - Math.clz32(n) : 63 - Math.clz32(Math.floor(n / 2 ** 32));
}

/** maxpow2 returns [k, l]: k = 2^l, the largest power of two smaller than n (n ≥ 2). */
export function maxpow2(n: number): [number, number] {
  const l = log2floor(n - 1);
  return [2 ** l, l];
}

/** storedHashIndex maps the tree coordinates (level, n) to a dense linear storage index. */
export function storedHashIndex(level: number, n: number): number {
  checkCount('level', level);
  checkCount('n', n);
  // Level L's n'th hash is written right after level L+1's (2n+1)'th hash: applied L times, m = n·2^L + 2^L − 1.
  const m = (n + 1) * 2 ** level - 1;
  // Level 0's m'th hash is written at m + m/2 + m/4 + … = 2m − popcount(m).
  return 2 * m - popcount(m) + level;
}

/** splitStoredHashIndex is the inverse of storedHashIndex, returning [level, n]. */
export function splitStoredHashIndex(index: number): [number, number] {
  checkCount('index', index);
  // storedHashIndex(0, n) < 2n, so the record that wrote index is in [index/2, index/2 + log₂ index].
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  for (;;) {
    // Record n adds 1 + trailingZeros(n+1) hashes.
    const x = indexN + 1 + trailingZeros(n + 1);
    if (x > index) break;
    n++;
    indexN = x;
  }
  const level = index - indexN;
  return [level, Math.floor(n / 2 ** level)];
}

/** storedHashCount returns how many hashes a log of n records has stored. */
export function storedHashCount(n: number): number {
  checkCount('n', n);
  if (n === 0) return 0;
  let count = storedHashIndex(0, n - 1) + 1;
  // Plus the subtrees completed by the last record.
  for (let i = n - 1; i % 2 === 1; i = Math.floor(i / 2)) count++;
  return count;
}

/** readExactly reads hashes and checks the reader kept its contract. */
export async function readExactly(reader: HashReader, indexes: number[], at?: StoredNodes): Promise<Hash[]> {
  if (indexes.length === 0) return [];
  const hashes = await reader.readHashes(indexes, at);
  if (hashes.length !== indexes.length || hashes.some((h) => h.length !== HASH_SIZE)) {
    throw new RegistryError('INTERNAL', msg('problem.ledger.readHashes', { asked: indexes.length, got: hashes.length }));
  }
  return hashes;
}

/** storedHashesForRecord returns the hashes to store, in index order, when appending record n with data. */
export function storedHashesForRecord(n: number, data: Uint8Array, reader: HashReader): Promise<Hash[]> {
  return storedHashesForLeafHash(n, leafHash(data), reader);
}

/** storedHashesForLeafHash is storedHashesForRecord given the record's leafHash instead of its data. */
export async function storedHashesForLeafHash(n: number, hash: Hash, reader: HashReader): Promise<Hash[]> {
  checkCount('n', n);
  if (hash.length !== HASH_SIZE) throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.leafHash'));
  // Each trailing 1 bit of n completes a subtree whose left sibling is already stored.
  const m = trailingZeros(n + 1);
  const indexes: number[] = [];
  for (let i = m - 1; i >= 0; i--) indexes.push(storedHashIndex(i, Math.floor(n / 2 ** i) - 1));
  const old = await readExactly(reader, indexes);
  const hashes = [hash];
  let h = hash;
  // old holds the left siblings highest level first; fold them in from the lowest.
  for (const sibling of old.toReversed()) {
    h = nodeHash(sibling, h);
    hashes.push(h);
  }
  return hashes;
}

/** subTreeIndex appends the indexes needed for the hash of records [lo, hi) (RFC 6962 §2.1 MTH). */
export function subTreeIndex(lo: number, hi: number, need: number[]): number[] {
  while (lo < hi) {
    const [k, level] = maxpow2(hi - lo + 1);
    need.push(storedHashIndex(level, lo / k));
    lo += k;
  }
  return need;
}

/** subTreeHash folds the hashes read for subTreeIndex(lo, hi) into one, consuming them from hashes. */
export function subTreeHash(lo: number, hi: number, hashes: Hash[]): Hash {
  // The range splits into complete subtrees of decreasing size; fold them right to left.
  let numTree = 0;
  for (; lo < hi; lo += maxpow2(hi - lo + 1)[0]) numTree++;
  const parts = hashes.splice(0, numTree);
  if (numTree === 0 || parts.length < numTree)
    throw new Error('invariant broken: subTreeHash takes a non-empty range and the hashes subTreeIndex named');
  return parts.reduceRight((h, part) => nodeHash(part, h));
}

/** treeHash returns the root of the tree of the first n records; the empty tree's is EMPTY_ROOT. */
export async function treeHash(n: number, reader: HashReader): Promise<Hash> {
  checkCount('n', n);
  if (n === 0) return EMPTY_ROOT;
  const hashes = await readExactly(reader, subTreeIndex(0, n, []));
  return subTreeHash(0, n, hashes);
}
