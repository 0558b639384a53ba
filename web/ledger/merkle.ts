/**
 * RFC 6962 §2.1 hashing and the RFC 9162 §2.1.3.2 inclusion-proof check,
 * on WebCrypto SHA-256 (async, unlike src/ledger which uses node:crypto).
 */
import { bytesEqual, concatBytes } from './bytes.ts';

/** HASH_SIZE is the length in bytes of a SHA-256 hash. */
export const HASH_SIZE = 32;

/** VerifyError is a proof, note or bundle that does not verify; `message` says why in plain words. */
export class VerifyError extends Error {
  override name = 'VerifyError';
}

async function sha256(subtle: SubtleCrypto, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
}

/** leafHash returns SHA-256(0x00 || leaf) (RFC 6962 §2.1). */
export function leafHash(subtle: SubtleCrypto, leaf: Uint8Array): Promise<Uint8Array> {
  return sha256(subtle, concatBytes(new Uint8Array([0]), leaf));
}

/** nodeHash returns SHA-256(0x01 || left || right) (RFC 6962 §2.1). */
export function nodeHash(subtle: SubtleCrypto, left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(subtle, concatBytes(new Uint8Array([1]), left, right));
}

const odd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/** verifyInclusion checks that a leaf hash sits at index in the tree of size with root (RFC 9162 §2.1.3.2); throws VerifyError otherwise. */
export async function verifyInclusion(subtle: SubtleCrypto, index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): Promise<void> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) throw new VerifyError(`leaf ${index} is not in a tree of size ${size}`);
  if ([leaf, root, ...proof].some((h) => h.length !== HASH_SIZE)) throw new VerifyError('hashes must be 32 bytes');
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) throw new VerifyError('inclusion proof is too long');
    if (odd(fn) || fn === sn) {
      r = await nodeHash(subtle, p, r);
      if (!odd(fn)) while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = await nodeHash(subtle, r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  // §2.1.3.2 step 5: a proof that stops early leaves sn above 0.
  if (sn !== 0) throw new VerifyError('inclusion proof is too short');
  if (!bytesEqual(r, root)) throw new VerifyError('inclusion proof does not lead to the checkpoint root');
}
