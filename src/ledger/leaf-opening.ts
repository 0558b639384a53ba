/**
 * The server's side of leaf version 2 (opening-check.ts, the code the browser
 * runs too): sealing an event under a fresh salt from the operating system's
 * CSPRNG, and opening a leaf, on node:crypto and synchronously.
 */
import { randomBytes } from 'node:crypto';
import { runSync } from './check/crypto-port.ts';
import { type Leaf, type LeafEntry, type LeafV2, encodeLeaf } from './leaf.ts';
import { nodeCrypto } from './check/node-crypto.ts';
import { COMMITMENT_SALT_BYTES, type LeafOpening, type LedgerEvent, checkOpening, commitment, publicEvent } from './check/opening-check.ts';

export { COMMITMENT_SALT_BYTES, type LeafOpening, type LedgerEvent, type PublicEvent, publicEvent } from './check/opening-check.ts';

/** commitEvent returns the version 2 commitment to event under salt. */
export function commitEvent(salt: Uint8Array, event: LedgerEvent): string {
  return runSync(commitment(salt, event), nodeCrypto);
}

/** sealEvent encodes event as a version 2 leaf under a fresh random salt (or the one given) and returns the leaf with its opening. */
export function sealEvent(
  event: LedgerEvent,
  salt: Uint8Array = randomBytes(COMMITMENT_SALT_BYTES),
): { leaf: Buffer; opening: LeafOpening } {
  const leaf: LeafV2 = { v: 2, ...publicEvent(event as LeafEntry), commitment: commitEvent(salt, event) };
  const opening: LeafOpening = {
    salt: Buffer.from(salt).toString('base64'),
    actor: event.actor,
    data: event.data,
    ...(event.private !== undefined ? { private: event.private } : {}),
  };
  return { leaf: encodeLeaf(leaf), opening };
}

/**
 * openLeaf returns the full event of a leaf (opening-check.ts): a version 1
 * leaf is its own content; a version 2 leaf needs an opening that matches its
 * commitment. Throws LOG_VERIFICATION_FAILED otherwise.
 */
export function openLeaf(leaf: Leaf, opening?: unknown): LedgerEvent {
  return runSync(checkOpening(leaf, opening), nodeCrypto);
}
