/**
 * The server's side of the canonical leaf encodings (leaf-check.ts, the code
 * the browser runs too): encodeLeaf gives the bytes as a Buffer for the store,
 * and commitPrivate is the leaf's salted commitment to personal data, on
 * node:crypto. Personal data never enters the leaf: the leaf holds only
 * SHA-256(salt || canonical JSON(personal)), and erasing the salt and the data
 * leaves a commitment that no longer reveals or confirms anything, while the
 * leaf and every proof through it stay valid.
 */
import { createHash } from 'node:crypto';
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import { type Leaf, canonicalJson, isObject, leafBytes } from './check/leaf-check.ts';
import { asBuffer } from './check/node-crypto.ts';

export { type Leaf, type LeafEntry, type LeafV2, MAX_LEAF_BYTES, canonicalJson, decodeLeaf } from './check/leaf-check.ts';

/** MIN_SALT_BYTES is the shortest salt commitPrivate accepts. */
export const MIN_SALT_BYTES = 16;

/** encodeLeaf returns the canonical bytes of a leaf entry of either version (leaf-check.ts). */
export function encodeLeaf(entry: Leaf): Buffer {
  return asBuffer(leafBytes(entry));
}

/** commitPrivate returns hex SHA-256(salt || canonical JSON(personal)), the leaf's commitment to personal data. */
export function commitPrivate(salt: Uint8Array, personal: Record<string, unknown>): string {
  if (salt.length < MIN_SALT_BYTES) throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.saltMin', { min: MIN_SALT_BYTES }));
  if (!isObject(personal)) throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.personalObject'));
  return createHash('sha256').update(salt).update(canonicalJson(personal), 'utf8').digest('hex');
}
