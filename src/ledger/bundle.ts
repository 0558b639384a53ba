/**
 * Offline verification of a robot's passport bundle: a signed checkpoint and
 * every leaf of the robot with its inclusion proof to that checkpoint. Anyone
 * holding the registry's verifier key can check it without contacting the
 * registry. The bundle is hostile input and is checked member by member.
 * A version 2 leaf shows only the event's type, sequence and times; the
 * bundle of an entitled reader carries each such leaf's opening, which must
 * match the leaf's commitment (opening-check.ts). Each entry is checked by
 * bundle-check.ts, the code the passport page runs too.
 */
import { RegistryError, isRegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import { type BundleEntry, type VerifiedEvent, checkBundleEntry } from './check/bundle-check.ts';
import { openCheckpoint } from './checkpoint.ts';
import { runSync } from './check/crypto-port.ts';
import { nodeCrypto } from './check/node-crypto.ts';
import { type Verifier, parseVerifierKey } from './note-keys.ts';
import { type Cosigner, type WitnessedPart, checkWitnessedBundle } from './check/cosignature-check.ts';
import { parseCosignerKey } from './cosignature.ts';

export type { BundleEntry, VerifiedEvent } from './check/bundle-check.ts';

/** PassportBundle is a robot's events with inclusion proofs to one signed checkpoint. */
export type PassportBundle = {
  version: 1;
  code: string;
  /** checkpoint is the signed checkpoint note. */
  checkpoint: string;
  entries: BundleEntry[];
  /** witnessed is a checkpoint registered witnesses cosigned and the consistency proof from it to checkpoint. */
  witnessed?: WitnessedPart;
};

/** WitnessPolicy asks for a quorum of known witnesses (C2SP tlog-cosignature): their verifier keys (type 0x04) and how many must have cosigned. */
export interface WitnessPolicy {
  witnesses: readonly (string | Cosigner)[];
  quorum: number;
}

/** VerifiedBundle is what verifyBundle vouches for: the checkpoint's size and root and the robot's events in order. */
export type VerifiedBundle = {
  ok: true;
  size: number;
  root: string;
  events: VerifiedEvent[];
  /** witnessed names the witnesses whose cosignatures met the quorum asked for, and the size they cosigned. */
  witnessed?: { size: number; witnesses: string[] };
};

/** MAX_BUNDLE_ENTRIES bounds the events a bundle may carry. */
export const MAX_BUNDLE_ENTRIES = 100_000;

function fail(detail: string, extra: Record<string, unknown> = {}): never {
  throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.bundle', { detail }), extra);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * verifyBundle checks a passport bundle against the registry's verifier key and returns its events, or throws
 * LOG_VERIFICATION_FAILED. Given a witness policy with a quorum above 0, the bundle must also carry a checkpoint
 * cosigned by at least that many of the known witnesses, which its own tree extends.
 */
export function verifyBundle(bundle: PassportBundle, verifierKey: string | Verifier, policy?: WitnessPolicy): VerifiedBundle {
  const verifier = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;
  const b: unknown = bundle;
  if (!isObject(b) || b.version !== 1) fail('not a version 1 bundle');
  if (typeof b.code !== 'string' || typeof b.checkpoint !== 'string' || !Array.isArray(b.entries))
    fail('code, checkpoint or entries missing');
  const entries: unknown[] = b.entries;
  if (entries.length === 0) fail('no entries');
  if (entries.length > MAX_BUNDLE_ENTRIES) fail(`more than ${MAX_BUNDLE_ENTRIES} entries`);

  let checkpoint: ReturnType<typeof openCheckpoint>;
  try {
    checkpoint = openCheckpoint(b.checkpoint, verifier);
  } catch (e) {
    if (isRegistryError(e)) fail(`checkpoint: ${e.message}`);
    throw e;
  }
  const { size, root } = checkpoint;
  const context = { code: b.code, size, root };
  let witnessed: VerifiedBundle['witnessed'];
  if (policy && policy.quorum > 0) {
    const witnesses = policy.witnesses.map((w) => (typeof w === 'string' ? parseCosignerKey(w) : w));
    try {
      const w = runSync(checkWitnessedBundle(b.witnessed, { size, root }, [verifier], witnesses, policy.quorum), nodeCrypto);
      witnessed = { size: w.head.size, witnesses: w.cosignatures.map((c) => c.name) };
    } catch (e) {
      if (isRegistryError(e)) fail(`witnesses: ${e.message}`);
      throw e;
    }
  }

  // Each entry is checked by bundle-check.ts, the browser's code too; the first failure ends the check.
  let previous = -1;
  const events = entries.map((entry, i) => {
    try {
      const checked = runSync(checkBundleEntry(entry, i, previous, context), nodeCrypto);
      previous = checked.index;
      return checked.event;
    } catch (e) {
      if (isRegistryError(e)) fail(`entry ${i}: ${e.message}`, { entry: i });
      throw e;
    }
  });
  return { ok: true, size, root: root.toString('base64'), events, ...(witnessed ? { witnessed } : {}) };
}
