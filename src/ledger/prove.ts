/**
 * Inclusion and consistency proofs built from stored hashes (see
 * stored-hashes.ts), ported from golang.org/x/mod/sumdb/tlog. Each proof makes
 * one readHashes call for at most O(log t) hashes; nothing is rehashed.
 */
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import type { Hash } from './hash.ts';
import { auditPaths, pathOf } from './audit-paths.ts';
import { type HashReader, checkCount, maxpow2, readExactly, subTreeHash, subTreeIndex } from './stored-hashes.ts';

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
 * t, equal to proveRecord(t, n) for each n, from one readHashes call that asks
 * each shared sibling once (audit-paths.ts).
 */
export async function proveRecords(t: number, ns: readonly number[], reader: HashReader): Promise<Hash[][]> {
  const paths = await auditPaths(t, ns, reader);
  return ns.map((_, i) => pathOf(paths, i));
}
