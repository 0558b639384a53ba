/**
 * The server's proof verification: merkle-check.ts, the one implementation
 * shared with the browser, run synchronously on node:crypto. Proofs and roots
 * come from outside and are treated as hostile; a proof that fails throws
 * LOG_VERIFICATION_FAILED.
 */
import { runSync } from './check/crypto-port.ts';
import type { Hash } from './hash.ts';
import { checkConsistency, checkInclusion, inclusionRoot } from './check/merkle-check.ts';
import { asBuffer, nodeCrypto } from './check/node-crypto.ts';

/** rootFromInclusion runs an inclusion proof (RFC 9162 §2.1.3.2 steps 1–4) and returns the root it implies. */
export function rootFromInclusion(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Hash {
  return asBuffer(runSync(inclusionRoot(leafIndex, treeSize, leafHash, proof), nodeCrypto));
}

/** verifyInclusion checks that leafHash sits at leafIndex in the tree of treeSize with the given root (RFC 9162 §2.1.3.2). */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  runSync(checkInclusion(leafIndex, treeSize, leafHash, proof, root), nodeCrypto);
}

/** verifyConsistency checks that the tree (size2, root2) extends the tree (size1, root1) (RFC 9162 §2.1.4.2). */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  runSync(checkConsistency(size1, size2, proof, root1, root2), nodeCrypto);
}
