/**
 * verifyPassportBundle checks a robot's passport bundle in the browser: the
 * checkpoint's Ed25519 signature with the registry's verifier key, then each
 * event's RFC 6962 inclusion proof to that checkpoint, then the opening the
 * reader was given of each version 2 leaf against the leaf's commitment
 * (docs/ledger.md). Keys, notes, checkpoints, proofs, leaves and openings
 * are checked by src/ledger's own code — each entry by bundle-check.ts, as
 * hreg verify-bundle does — run on WebCrypto through the crypto port
 * (src/ledger/crypto-port.ts). The bundle is hostile input; each entry gets
 * its own verdict so the page can show it per event.
 */
import { checkBundleEntry } from '../../src/ledger/check/bundle-check.ts';
import { checkOrigin, parseTreeHead, type TreeHead } from '../../src/ledger/check/checkpoint-check.ts';
import { decodeBase64 } from '../../src/ledger/check/bytes.ts';
import { decodeLeaf } from '../../src/ledger/check/leaf-check.ts';
import { checkNote, parseNote } from '../../src/ledger/check/note-check.ts';
import { readVerifierKey } from '../../src/ledger/check/verifier-key.ts';
import { checkWitnessedBundle, readCosignerKey } from '../../src/ledger/check/cosignature-check.ts';
import { Ed25519Unsupported } from '../../src/ledger/check/web-crypto.ts';
import type { Message } from '../../src/i18n/message.ts';
import { run, VerifyError } from './merkle.ts';

/** EntryVerdict is one event's ledger status. */
export interface EntryVerdict {
  index: number;
  seq: number | null;
  type: string | null;
  /** included: the inclusion proof leads to the checkpoint root (and the opening, if given, matched). */
  included: boolean;
  /** opened: the event's full content is proven — a version 1 leaf, or a version 2 leaf whose opening matched its commitment. */
  opened: boolean;
  /** error says in English why the entry failed; reason says it as a catalogue message for the page. */
  error?: string;
  reason?: Message | string;
}

/** BundleVerdict is the bundle's outcome; `signature` says whether the checkpoint itself is authentic. */
export interface BundleVerdict {
  signature: 'verified' | 'unsupported' | 'failed';
  signatureError?: string;
  signatureReason?: Message | string;
  checkpoint: { origin: string; size: number } | null;
  entries: EntryVerdict[];
  /**
   * witnesses is the outcome of a witness policy, when one was asked for: whether a quorum of the known
   * witnesses cosigned a checkpoint this bundle's tree extends (C2SP tlog-cosignature, docs/ledger.md).
   */
  witnesses?: { met: boolean; quorum: number; names: string[]; error?: string; reason?: Message | string };
  /** verified: the signature verified and every entry is included, in order, for this robot (and the witness quorum, when asked, is met). */
  verified: boolean;
}

/** WitnessPolicy asks for quorum cosignatures among the known witnesses' verifier keys (type 0x04). */
export interface WitnessPolicy {
  witnesses: readonly string[];
  quorum: number;
}

interface RawBundle {
  version?: unknown;
  code?: unknown;
  checkpoint?: unknown;
  entries?: unknown;
}

// claimed is the event number and type a failed entry's leaf claims, for the page; null where the leaf cannot be read.
function claimed(text: unknown): { seq: number | null; type: string | null } {
  const bytes = typeof text === 'string' ? decodeBase64(text) : undefined;
  try {
    if (bytes) {
      const leaf = decodeLeaf(bytes);
      return { seq: leaf.seq, type: leaf.type };
    }
  } catch {
    // Not a leaf: nothing to claim.
  }
  return { seq: null, type: null };
}

/** verifyPassportBundle verifies bundle against the verifier key text; subtle defaults to the platform's WebCrypto. */
export async function verifyPassportBundle(
  bundle: unknown,
  verifierKey: string,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
  policy?: WitnessPolicy,
): Promise<BundleVerdict> {
  const b = (typeof bundle === 'object' && bundle !== null ? bundle : {}) as RawBundle & { witnessed?: unknown };
  const fail = (why: string): BundleVerdict => ({
    signature: 'failed',
    signatureError: why,
    checkpoint: null,
    entries: [],
    verified: false,
  });
  if (b.version !== 1 || typeof b.code !== 'string' || typeof b.checkpoint !== 'string' || !Array.isArray(b.entries))
    return fail('not a version 1 passport bundle');

  let signature: BundleVerdict['signature'] = 'verified';
  let signatureError: string | undefined;
  let signatureReason: Message | string | undefined;
  let cp: TreeHead | undefined;
  try {
    // The checkpoint is read before its signature is checked, so the page can show each proof even when
    // this browser cannot check Ed25519; the note and key rules are the server's (src/ledger).
    const key = await run(subtle, readVerifierKey(verifierKey.trim()));
    cp = parseTreeHead(parseNote(b.checkpoint).text);
    checkOrigin(cp, key);
    await run(subtle, checkNote(b.checkpoint, [key]));
  } catch (e) {
    signature = e instanceof Ed25519Unsupported ? 'unsupported' : 'failed';
    signatureError = (e as Error).message;
    signatureReason = e instanceof VerifyError ? e.reason : signatureError;
    if (!cp) return { ...fail(signatureError), signature, signatureReason };
  }

  // Each entry is checked by src/ledger/bundle-check.ts, the code hreg verify-bundle runs; a failure is that entry's verdict.
  const context = { code: b.code, size: cp.size, root: cp.root };
  const entries: EntryVerdict[] = [];
  let previous = -1;
  for (const [i, raw] of (b.entries as unknown[]).entries()) {
    const e = (typeof raw === 'object' && raw !== null ? raw : {}) as { index?: unknown; leaf?: unknown; opening?: unknown };
    const index = typeof e.index === 'number' ? e.index : -1;
    const verdict: EntryVerdict = { index, seq: null, type: null, included: false, opened: false };
    entries.push(verdict);
    try {
      const { event } = await run(subtle, checkBundleEntry(raw, i, previous, context));
      Object.assign(verdict, {
        seq: event.seq,
        type: event.type,
        included: true,
        opened: event.leafVersion === 1 || e.opening !== undefined,
      });
    } catch (err) {
      if (!(err instanceof VerifyError)) throw err;
      Object.assign(verdict, claimed(e.leaf), { error: err.message, reason: err.reason });
    }
    // The next entry must follow this one's index, whether or not this one verified.
    if (Number.isSafeInteger(index) && index > previous) previous = index;
  }
  // A witness policy: the same check as hreg verify-bundle's (src/ledger/check/cosignature-check.ts).
  let witnesses: BundleVerdict['witnesses'];
  if (policy && policy.quorum > 0) {
    try {
      const key = await run(subtle, readVerifierKey(verifierKey.trim()));
      const known = [];
      for (const w of policy.witnesses) known.push(await run(subtle, readCosignerKey(w)));
      const w = await run(subtle, checkWitnessedBundle(b.witnessed, cp, [key], known, policy.quorum));
      witnesses = { met: true, quorum: policy.quorum, names: w.cosignatures.map((c) => c.name) };
    } catch (e) {
      if (!(e instanceof VerifyError) && !(e instanceof Ed25519Unsupported)) throw e;
      const reason = e instanceof VerifyError ? e.reason : (e as Error).message;
      witnesses = { met: false, quorum: policy.quorum, names: [], error: (e as Error).message, reason };
    }
  }
  return {
    signature,
    signatureError,
    signatureReason,
    checkpoint: { origin: cp.origin, size: cp.size },
    entries,
    ...(witnesses ? { witnesses } : {}),
    verified: signature === 'verified' && entries.length > 0 && entries.every((e) => e.included) && (witnesses?.met ?? true),
  };
}
