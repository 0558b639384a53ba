/**
 * RFC 6962 §2.1 hashing and the RFC 9162 §2.1.3.2 inclusion-proof check in the
 * browser: src/ledger/merkle-check.ts, the server's own implementation, run on
 * WebCrypto (async).
 */
import { isRegistryError } from '../../src/errors.ts';
import type { Message } from '../../src/i18n/message.ts';
import { runAsync, type Verification } from '../../src/ledger/check/crypto-port.ts';
import { checkInclusion, hashLeaf, HASH_SIZE } from '../../src/ledger/check/merkle-check.ts';
import { webCrypto } from '../../src/ledger/check/web-crypto.ts';

export { HASH_SIZE };

/**
 * VerifyError is a proof, note or bundle that does not verify; `message` says why in
 * English (as the server does), `reason` the same as a catalogue message the page shows
 * in the reader's language.
 */
export class VerifyError extends Error {
  override name = 'VerifyError';
  readonly reason: Message | string;

  constructor(message: string, reason: Message | string = message) {
    super(message);
    this.reason = reason;
  }
}

/** run runs a shared verification on subtle, turning its LOG_VERIFICATION_FAILED into a VerifyError. */
export async function run<T>(subtle: SubtleCrypto, verification: Verification<T>): Promise<T> {
  try {
    return await runAsync(verification, webCrypto(subtle));
  } catch (e) {
    if (isRegistryError(e)) throw new VerifyError(e.message, e.detail ?? e.message);
    throw e;
  }
}

/** leafHash returns SHA-256(0x00 || leaf) (RFC 6962 §2.1). */
export function leafHash(subtle: SubtleCrypto, leaf: Uint8Array): Promise<Uint8Array> {
  return run(subtle, hashLeaf(leaf));
}

/** verifyInclusion checks that a leaf hash sits at index in the tree of size with root (RFC 9162 §2.1.3.2); throws VerifyError otherwise. */
export function verifyInclusion(
  subtle: SubtleCrypto,
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<void> {
  return run(subtle, checkInclusion(index, size, leaf, proof, root));
}
