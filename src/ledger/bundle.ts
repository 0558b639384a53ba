/**
 * Offline verification of a robot's passport bundle: a signed checkpoint and
 * every leaf of the robot with its inclusion proof to that checkpoint. Anyone
 * holding the registry's verifier key can check it without contacting the
 * registry. The bundle is hostile input and is checked member by member.
 * A version 2 leaf shows only the event's type, sequence and times; the
 * bundle of an entitled reader carries each such leaf's opening, which must
 * match the leaf's commitment (leaf-opening.ts).
 */
import { RegistryError, isRegistryError } from '../errors.ts';
import { decodeBase64 } from './base64.ts';
import { openCheckpoint } from './checkpoint.ts';
import { HASH_SIZE, leafHash } from './hash.ts';
import { type Leaf, decodeLeaf } from './leaf.ts';
import { type LeafOpening, type LedgerEvent, type PublicEvent, openLeaf, publicEvent } from './leaf-opening.ts';
import { type Verifier, parseVerifierKey } from './note-keys.ts';
import { verifyInclusion } from './verify.ts';

/** PassportBundle is a robot's events with inclusion proofs to one signed checkpoint. */
export type PassportBundle = {
  version: 1;
  code: string;
  /** checkpoint is the signed checkpoint note. */
  checkpoint: string;
  entries: BundleEntry[];
};

/** BundleEntry is one leaf with its inclusion proof and, for an entitled reader of a version 2 leaf, its opening. */
export type BundleEntry = { index: number; leaf: string; proof: string[]; opening?: LeafOpening };

/**
 * VerifiedEvent is one verified event: its public header always, and its full
 * content (actor, data, private) when the leaf publishes it (version 1) or the
 * bundle opened it; a sealed event has no actor.
 */
export type VerifiedEvent = PublicEvent & Partial<LedgerEvent> & { leafVersion: 1 | 2 };

/** VerifiedBundle is what verifyBundle vouches for: the checkpoint's size and root and the robot's events in order. */
export type VerifiedBundle = { ok: true; size: number; root: string; events: VerifiedEvent[] };

/** MAX_BUNDLE_ENTRIES bounds the events a bundle may carry. */
export const MAX_BUNDLE_ENTRIES = 100_000;

// A proof in a tree of fewer than 2^53 leaves has at most 53 hashes.
const MAX_PROOF_HASHES = 64;

function fail(detail: string, extra: Record<string, unknown> = {}): never {
  throw new RegistryError('LOG_VERIFICATION_FAILED', `passport bundle: ${detail}`, extra);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** verifyBundle checks a passport bundle against the registry's verifier key and returns its events, or throws LOG_VERIFICATION_FAILED. */
export function verifyBundle(bundle: PassportBundle, verifierKey: string | Verifier): VerifiedBundle {
  const verifier = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;
  const b: unknown = bundle;
  if (!isObject(b) || b.version !== 1) fail('not a version 1 bundle');
  if (typeof b.code !== 'string' || typeof b.checkpoint !== 'string' || !Array.isArray(b.entries)) fail('code, checkpoint or entries missing');
  const entries: unknown[] = b.entries;
  if (entries.length === 0) fail('no entries');
  if (entries.length > MAX_BUNDLE_ENTRIES) fail(`more than ${MAX_BUNDLE_ENTRIES} entries`);

  let checkpoint;
  try {
    checkpoint = openCheckpoint(b.checkpoint, verifier);
  } catch (e) {
    if (isRegistryError(e)) fail(`checkpoint: ${e.message}`);
    throw e;
  }
  const { size, root } = checkpoint;

  let previous = -1;
  const events = entries.map((entry, i) => {
    const at = (what: string): never => fail(`entry ${i}: ${what}`, { entry: i });
    if (!isObject(entry)) return at('not an object');
    const { index, leaf, proof, opening } = entry;
    if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) return at('index is not a non-negative integer');
    if (index >= size) at(`index ${index} is beyond the checkpoint size ${size}`);
    if (index <= previous) at(`index ${index} does not follow the previous entry's ${previous}`);
    previous = index;
    const bytes = typeof leaf === 'string' ? decodeBase64(leaf) : undefined;
    if (bytes === undefined) return at('leaf is not base64');
    if (!Array.isArray(proof) || proof.length > MAX_PROOF_HASHES) return at('proof is not a list of hashes');
    const hashes = proof.map((h: unknown) => (typeof h === 'string' ? decodeBase64(h) : undefined));
    if (hashes.some((h) => h === undefined || h.length !== HASH_SIZE)) at('proof holds a hash that is not base64 of 32 bytes');
    try {
      verifyInclusion(index, size, leafHash(bytes), hashes as Buffer[], root);
    } catch (e) {
      if (isRegistryError(e)) at(`not included in the checkpoint (${e.message})`);
      throw e;
    }
    let event: Leaf;
    try {
      event = decodeLeaf(bytes);
    } catch (e) {
      if (isRegistryError(e)) return at(e.message);
      throw e;
    }
    if (event.robot !== b.code) at(`leaf is for robot ${event.robot}, not ${String(b.code)}`);
    if (event.seq !== i + 1) at(`seq ${event.seq} where ${i + 1} was expected (events must run 1..k without gaps)`);
    // A sealed version 2 leaf proves its public header only; an opening, when given, must match.
    if (event.v === 2 && opening === undefined) return { ...publicEvent(event), leafVersion: 2 as const };
    try {
      return { ...openLeaf(event, opening), leafVersion: event.v };
    } catch (e) {
      if (isRegistryError(e)) return at(e.message);
      throw e;
    }
  });
  return { ok: true, size, root: root.toString('base64'), events };
}
