/**
 * Inclusion and consistency proofs built from stored hashes (see
 * stored-hashes.ts), ported from golang.org/x/mod/sumdb/tlog. Each proof makes
 * one readHashes call for at most O(log t) hashes; nothing is rehashed.
 */
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import type { Hash } from './hash.ts';
import { type HashReader, checkCount, maxpow2, readExactly, storedHashIndex, subTreeHash, subTreeIndex } from './stored-hashes.ts';

/** proveRecord returns the inclusion proof (audit path, RFC 6962 §2.1.1) of record n in the tree of size t. */
export async function proveRecord(t: number, n: number, reader: HashReader): Promise<Hash[]> {
  const hashes = await readExactly(reader, recordProofIndexes(t, n));
  return leafProof(0, t, n, hashes);
}

/**
 * recordProofIndexes lists the stored hashes proveRecord(t, n) reads, so a
 * caller proving many records (a passport bundle) can read them all in one
 * query and serve every proof from that.
 */
export function recordProofIndexes(t: number, n: number): number[] {
  checkCount('t', t);
  checkCount('n', n);
  if (n >= t) throw new RegistryError('LOG_PROOF_RANGE', msg('problem.ledger.recordNotInTree', { n, t }));
  return leafProofIndex(0, t, n, []);
}

// leafProofIndex lists the indexes leafProof(lo, hi, n) will consume, in the same order.
function leafProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (lo + 1 === hi) return need;
  const [k] = maxpow2(hi - lo);
  if (n < lo + k) {
    leafProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    leafProofIndex(lo + k, hi, n, need);
  }
  return need;
}

// leafProof is PATH(m, D[lo:hi]) of RFC 6962 §2.1.1: the sibling hashes from the leaf upwards.
function leafProof(lo: number, hi: number, n: number, hashes: Hash[]): Hash[] {
  if (lo + 1 === hi) return []; // the verifier knows the leaf hash
  const [k] = maxpow2(hi - lo);
  if (n < lo + k) {
    const p = leafProof(lo, lo + k, n, hashes);
    return [...p, subTreeHash(lo + k, hi, hashes)];
  }
  const sibling = subTreeHash(lo, lo + k, hashes);
  return [...leafProof(lo + k, hi, n, hashes), sibling];
}

/** proveTree returns the consistency proof (RFC 6962 §2.1.2) that the tree of size t extends the tree of size n. */
export async function proveTree(t: number, n: number, reader: HashReader): Promise<Hash[]> {
  checkCount('t', t, 1);
  checkCount('n', n, 1);
  if (n > t) throw new RegistryError('LOG_PROOF_RANGE', msg('problem.ledger.treeLarger', { n, t }));
  const hashes = await readExactly(reader, treeProofIndex(0, t, n, []));
  return treeProof(0, t, n, hashes);
}

// treeProofIndex lists the indexes treeProof(lo, hi, n) will consume, in the same order.
function treeProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (n === hi) return lo === 0 ? need : subTreeIndex(lo, hi, need);
  const [k] = maxpow2(hi - lo);
  if (n <= lo + k) {
    treeProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    treeProofIndex(lo + k, hi, n, need);
  }
  return need;
}

// treeProof is SUBPROOF(m, D[lo:hi], b) of RFC 6962 §2.1.2, with b = (lo === 0).
function treeProof(lo: number, hi: number, n: number, hashes: Hash[]): Hash[] {
  if (n === hi) {
    // The old tree itself needs no hash; any other complete subtree does.
    return lo === 0 ? [] : [subTreeHash(lo, hi, hashes)];
  }
  const [k] = maxpow2(hi - lo);
  if (n <= lo + k) {
    const p = treeProof(lo, lo + k, n, hashes);
    return [...p, subTreeHash(lo + k, hi, hashes)];
  }
  const sibling = subTreeHash(lo, lo + k, hashes);
  return [...treeProof(lo + k, hi, n, hashes), sibling];
}

/**
 * proveRecords returns the inclusion proofs of records ns in the tree of size
 * t, equal to proveRecord(t, n) for each n, from one readHashes call: it
 * collects the subtrees every audit path needs, reads all their stored hashes
 * at once and folds each subtree once, however many paths share it (the
 * right edge and the upper levels are shared by all).
 */
export async function proveRecords(t: number, ns: readonly number[], reader: HashReader): Promise<Hash[][]> {
  checkCount('t', t);
  // A sibling [lo, hi) is a complete subtree, keyed by its stored-hash index, or
  // else a part of the right edge [lo, t), keyed −(lo + 1) and folded from several.
  const edges = new Map<number, number>();
  const stored = new Set<number>();
  const paths = ns.map((n) => {
    checkCount('n', n);
    if (n >= t) throw new RegistryError('LOG_PROOF_RANGE', msg('problem.ledger.recordNotInTree', { n, t }));
    const siblings: number[] = [];
    let lo = 0;
    let hi = t;
    while (lo + 1 < hi) {
      const [k] = maxpow2(hi - lo);
      let a = lo;
      let b = lo + k;
      if (n < lo + k) {
        a = lo + k;
        b = hi;
        hi = lo + k;
      } else lo += k;
      const size = b - a;
      const [, level] = maxpow2(size + 1);
      if (2 ** level === size && a % size === 0) {
        const index = storedHashIndex(level, a / size);
        stored.add(index);
        siblings.push(index);
      } else {
        edges.set(-(a + 1), a);
        siblings.push(-(a + 1));
      }
    }
    return siblings.reverse();
  });
  const edgeIndexes: [key: number, lo: number, need: number[]][] = [];
  for (const [key, a] of edges) {
    const need = subTreeIndex(a, t, []);
    for (const index of need) stored.add(index);
    edgeIndexes.push([key, a, need]);
  }
  const unique = [...stored].sort((x, y) => x - y);
  const read = await readExactly(reader, unique);
  const hashes = new Map<number, Hash>();
  unique.forEach((index, k) => {
    const h = read[k];
    if (h) hashes.set(index, h);
  });
  const get = (key: number): Hash => {
    const h = hashes.get(key);
    if (!h) throw new Error('invariant broken: every sibling was read or folded');
    return h;
  };
  for (const [key, a, need] of edgeIndexes) hashes.set(key, subTreeHash(a, t, need.map(get)));
  return paths.map((path) => path.map(get));
}
