/**
 * Merkle tree hashing of RFC 6962 §2.1 (= RFC 9162 §2.1.1): leaves and
 * interior nodes are hashed with distinct one-byte prefixes so that a leaf
 * can never be passed off as an interior node (second-preimage resistance).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Hash is a 32-byte SHA-256 value naming a leaf, an interior node or a tree root. */
export type Hash = Buffer;

/** HASH_SIZE is the length in bytes of every Hash. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** leafHash returns SHA-256(0x00 || data), the hash of a log record (RFC 6962 §2.1). */
export function leafHash(data: Uint8Array): Hash {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** nodeHash returns SHA-256(0x01 || left || right), the hash of an interior node (RFC 6962 §2.1). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** EMPTY_ROOT is the root of the empty tree, SHA-256 of the empty string (RFC 6962 §2.1). */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** hashEqual compares two byte strings in constant time; a length mismatch is simply unequal. */
export function hashEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
