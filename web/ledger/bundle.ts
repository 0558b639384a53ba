/**
 * verifyPassportBundle checks a robot's passport bundle in the browser: the
 * checkpoint's Ed25519 signature with the registry's verifier key, then each
 * event's RFC 6962 inclusion proof to that checkpoint, then the opening the
 * reader was given of each version 2 leaf against the leaf's commitment
 * (docs/ledger.md; src/ledger/leaf-opening.ts is the server's twin). Keys,
 * notes, checkpoints and proofs are checked by src/ledger's own code, run on
 * WebCrypto through the crypto port (src/ledger/crypto-port.ts). The
 * bundle is hostile input; each entry gets its own verdict so the page can
 * show it per event.
 */
import canonicalize from 'canonicalize';
import { bytesEqual, concatBytes, decodeBase64, utf8 } from '../../src/ledger/bytes.ts';
import { checkOrigin, parseTreeHead, type TreeHead } from '../../src/ledger/checkpoint-check.ts';
import { checkNote, parseNote } from '../../src/ledger/note-check.ts';
import { readVerifierKey } from '../../src/ledger/verifier-key.ts';
import { Ed25519Unsupported } from '../../src/ledger/web-crypto.ts';
import { leafHash, run, verifyInclusion, VerifyError } from './merkle.ts';

/** EntryVerdict is one event's ledger status. */
export interface EntryVerdict {
  index: number;
  seq: number | null;
  type: string | null;
  /** included: the inclusion proof leads to the checkpoint root (and the opening, if given, matched). */
  included: boolean;
  /** opened: the event's full content is proven — a version 1 leaf, or a version 2 leaf whose opening matched its commitment. */
  opened: boolean;
  error?: string;
}

/** BundleVerdict is the bundle's outcome; `signature` says whether the checkpoint itself is authentic. */
export interface BundleVerdict {
  signature: 'verified' | 'unsupported' | 'failed';
  signatureError?: string;
  checkpoint: { origin: string; size: number } | null;
  entries: EntryVerdict[];
  /** verified: the signature verified and every entry is included, in order, for this robot. */
  verified: boolean;
}

interface RawBundle {
  version?: unknown;
  code?: unknown;
  checkpoint?: unknown;
  entries?: unknown;
}

function leafFacts(bytes: Uint8Array): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const COMMITMENT_TAG = utf8('hreg/leaf/v2/commitment\0');
const OPENING_KEYS = new Set(['salt', 'actor', 'data', 'private']);
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * checkOpening throws VerifyError unless opening opens the version 2 leaf:
 * SHA-256(tag || salt || canonical JSON of the event as a version 1 leaf)
 * must equal the leaf's commitment.
 */
async function checkOpening(subtle: SubtleCrypto, leaf: Record<string, unknown>, opening: unknown): Promise<void> {
  if (typeof opening !== 'object' || opening === null || Array.isArray(opening)) throw new VerifyError('the opening is not an object');
  const o = opening as Record<string, unknown>;
  if (Object.keys(o).some((k) => !OPENING_KEYS.has(k))) throw new VerifyError('the opening has an unknown member');
  const salt = typeof o.salt === 'string' ? decodeBase64(o.salt) : undefined;
  if (!salt || salt.length !== 32) throw new VerifyError('the opening\'s salt is not base64 of 32 bytes');
  if (typeof o.actor !== 'string' || o.actor === '' || typeof o.data !== 'object' || o.data === null || Array.isArray(o.data)) throw new VerifyError('the opening does not describe an event');
  const event = { v: 1, robot: leaf.robot, seq: leaf.seq, type: leaf.type, occurredAt: leaf.occurredAt, recordedAt: leaf.recordedAt, actor: o.actor, data: o.data, ...('private' in o ? { private: o.private } : {}) };
  const text = canonicalize(event);
  if (text === undefined) throw new VerifyError('the opening does not describe an event');
  const digest = new Uint8Array(await subtle.digest('SHA-256', concatBytes(COMMITMENT_TAG, salt, utf8(text)) as Uint8Array<ArrayBuffer>));
  if (typeof leaf.commitment !== 'string' || !bytesEqual(utf8(hex(digest)), utf8(leaf.commitment))) throw new VerifyError(`the opening of event ${String(leaf.seq)} does not match its leaf's commitment`);
}

/** verifyPassportBundle verifies bundle against the verifier key text; subtle defaults to the platform's WebCrypto. */
export async function verifyPassportBundle(bundle: unknown, verifierKey: string, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<BundleVerdict> {
  const b = (typeof bundle === 'object' && bundle !== null ? bundle : {}) as RawBundle;
  const fail = (why: string): BundleVerdict => ({ signature: 'failed', signatureError: why, checkpoint: null, entries: [], verified: false });
  if (b.version !== 1 || typeof b.code !== 'string' || typeof b.checkpoint !== 'string' || !Array.isArray(b.entries)) return fail('not a version 1 passport bundle');

  let signature: BundleVerdict['signature'] = 'verified';
  let signatureError: string | undefined;
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
    if (!cp) return { ...fail(signatureError), signature };
  }

  const entries: EntryVerdict[] = [];
  let previous = -1;
  for (const [i, raw] of (b.entries as unknown[]).entries()) {
    const e = (typeof raw === 'object' && raw !== null ? raw : {}) as { index?: unknown; leaf?: unknown; proof?: unknown; opening?: unknown };
    const index = typeof e.index === 'number' ? e.index : -1;
    const verdict: EntryVerdict = { index, seq: null, type: null, included: false, opened: false };
    entries.push(verdict);
    try {
      if (!Number.isSafeInteger(index) || index <= previous) throw new VerifyError('index out of order');
      previous = index;
      const leaf = typeof e.leaf === 'string' ? decodeBase64(e.leaf) : undefined;
      if (!leaf) throw new VerifyError('leaf is not base64');
      const proof = Array.isArray(e.proof) && e.proof.length <= 64 ? e.proof.map((h) => (typeof h === 'string' ? decodeBase64(h) : undefined)) : [undefined];
      if (proof.some((h) => h === undefined)) throw new VerifyError('proof is not a list of base64 hashes');
      const facts = leafFacts(leaf);
      verdict.seq = typeof facts.seq === 'number' ? facts.seq : null;
      verdict.type = typeof facts.type === 'string' ? facts.type : null;
      if (facts.robot !== b.code) throw new VerifyError(`leaf is for robot ${String(facts.robot)}, not ${b.code}`);
      if (facts.seq !== i + 1) throw new VerifyError(`event number ${String(facts.seq)} where ${i + 1} was expected`);
      await verifyInclusion(subtle, index, cp.size, await leafHash(subtle, leaf), proof as Uint8Array[], cp.root);
      if (facts.v === 1 && e.opening !== undefined) throw new VerifyError('a version 1 leaf publishes its event and takes no opening');
      if (facts.v === 2 && e.opening !== undefined) await checkOpening(subtle, facts, e.opening);
      verdict.included = true;
      verdict.opened = facts.v === 1 || e.opening !== undefined;
    } catch (err) {
      if (!(err instanceof VerifyError)) throw err;
      verdict.error = err.message;
    }
  }
  return {
    signature,
    signatureError,
    checkpoint: { origin: cp.origin, size: cp.size },
    entries,
    verified: signature === 'verified' && entries.length > 0 && entries.every((e) => e.included),
  };
}
