/**
 * Merkle tree hashing of RFC 6962 §2.1 (= RFC 9162 §2.1.1) for the log's
 * writer and prover: the verifier core's one definition (check/merkle-check.ts),
 * run synchronously on node:crypto and answered as Buffers. Leaves and interior
 * nodes are hashed with distinct one-byte prefixes so that a leaf can never be
 * passed off as an interior node (second-preimage resistance).
 */
import { timingSafeEqual } from 'node:crypto';
import { runSync } from './check/crypto-port.ts';
import { hashLeaf, hashNode } from './check/merkle-check.ts';
import { asBuffer, nodeCrypto } from './check/node-crypto.ts';

export { HASH_SIZE } from './check/merkle-check.ts';

/** Hash is a 32-byte SHA-256 value naming a leaf, an interior node or a tree root. */
export type Hash = Buffer;

/** leafHash returns SHA-256(0x00 || data), the hash of a log record (RFC 6962 §2.1). */
export function leafHash(data: Uint8Array): Hash {
  return asBuffer(runSync(hashLeaf(data), nodeCrypto));
}

/** nodeHash returns SHA-256(0x01 || left || right), the hash of an interior node (RFC 6962 §2.1). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return asBuffer(runSync(hashNode(left, right), nodeCrypto));
}

/** EMPTY_ROOT is the root of the empty tree, SHA-256 of the empty string (RFC 6962 §2.1). */
export const EMPTY_ROOT: Hash = asBuffer(nodeCrypto.sha256([]));

/** hashEqual compares two byte strings in constant time; a length mismatch is simply unequal. */
export function hashEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
