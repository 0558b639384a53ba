/**
 * The check of one passport-bundle entry, the one implementation for
 * hreg verify-bundle (bundle.ts, node:crypto, stops at the first failure) and
 * the passport page (web/ledger/bundle.ts, WebCrypto, a verdict per entry).
 * An entry is hostile input: its index must follow the previous entry's and
 * lie in the checkpoint, its leaf's inclusion proof must lead to the
 * checkpoint's root (RFC 9162 §2.1.3.2), the leaf must be canonical
 * (leaf-check.ts), of the bundle's robot and the next event in 1..k, and an
 * opening, when given, must match the leaf's commitment (opening-check.ts).
 */
import { RegistryError, isRegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { decodeBase64 } from './bytes.ts';
import type { Verification } from './crypto-port.ts';
import { type Leaf, decodeLeaf } from './leaf-check.ts';
import { HASH_SIZE, checkInclusion, hashLeaf } from './merkle-check.ts';
import { type LeafOpening, type LedgerEvent, type PublicEvent, checkOpening, publicEvent } from './opening-check.ts';

/** BundleEntry is one leaf with its inclusion proof and, for an entitled reader of a version 2 leaf, its opening. */
export type BundleEntry = { index: number; leaf: string; proof: string[]; opening?: LeafOpening };

/**
 * VerifiedEvent is one verified event: its public header always, and its full
 * content (actor, data, private) when the leaf publishes it (version 1) or the
 * bundle opened it; a sealed event has no actor.
 */
export type VerifiedEvent = PublicEvent & Partial<LedgerEvent> & { leafVersion: 1 | 2 };

/** EntryContext is what an entry is checked against: the bundle's robot and the verified checkpoint's size and root. */
export interface EntryContext {
  code: string;
  size: number;
  root: Uint8Array;
}

/** MAX_PROOF_HASHES bounds a proof: in a tree of fewer than 2^53 leaves it has at most 53 hashes. */
export const MAX_PROOF_HASHES = 64;

function refuse(detail: string): never {
  throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.bundleEntry', { detail }));
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * checkBundleEntry checks the entry at position i (its event must be number
 * i + 1) after an entry at log index previous (-1 for the first) and returns
 * its index and event. Throws a RegistryError saying what failed.
 */
export function* checkBundleEntry(
  entry: unknown,
  i: number,
  previous: number,
  bundle: EntryContext,
): Verification<{ index: number; event: VerifiedEvent }> {
  if (!isObject(entry)) return refuse('not an object');
  const { index, leaf, proof, opening } = entry;
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) return refuse('index is not a non-negative integer');
  if (index >= bundle.size) refuse(`index ${index} is beyond the checkpoint size ${bundle.size}`);
  if (index <= previous) refuse(`index ${index} does not follow the previous entry's ${previous}`);
  const bytes = typeof leaf === 'string' ? decodeBase64(leaf) : undefined;
  if (bytes === undefined) return refuse('leaf is not base64');
  if (!Array.isArray(proof) || proof.length > MAX_PROOF_HASHES) return refuse('proof is not a list of hashes');
  const hashes = proof.map((h: unknown) => (typeof h === 'string' ? decodeBase64(h) : undefined));
  if (hashes.some((h) => h === undefined || h.length !== HASH_SIZE)) refuse('proof holds a hash that is not base64 of 32 bytes');
  try {
    yield* checkInclusion(index, bundle.size, yield* hashLeaf(bytes), hashes as Uint8Array[], bundle.root);
  } catch (e) {
    if (isRegistryError(e)) refuse(`not included in the checkpoint (${e.message})`);
    throw e;
  }
  const event: Leaf = decodeLeaf(bytes);
  if (event.robot !== bundle.code) refuse(`leaf is for robot ${event.robot}, not ${bundle.code}`);
  if (event.seq !== i + 1) refuse(`seq ${event.seq} where ${i + 1} was expected (events must run 1..k without gaps)`);
  // A sealed version 2 leaf proves its public header only; an opening, when given, must match.
  if (event.v === 2 && opening === undefined) return { index, event: { ...publicEvent(event), leafVersion: 2 } };
  return { index, event: { ...(yield* checkOpening(event, opening)), leafVersion: event.v } };
}
