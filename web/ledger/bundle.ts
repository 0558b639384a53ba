/**
 * verifyPassportBundle checks a robot's passport bundle in the browser: the
 * checkpoint's Ed25519 signature with the registry's verifier key, then each
 * event's RFC 6962 inclusion proof to that checkpoint. The bundle is hostile
 * input; each entry gets its own verdict so the page can show it per event.
 */
import { decodeBase64 } from './bytes.ts';
import { parseCheckpoint } from './checkpoint.ts';
import { leafHash, verifyInclusion, VerifyError } from './merkle.ts';
import { Ed25519Unsupported, openNote, parseVerifierKey } from './note.ts';

/** EntryVerdict is one event's ledger status. */
export interface EntryVerdict {
  index: number;
  seq: number | null;
  type: string | null;
  /** included: the inclusion proof leads to the checkpoint root. */
  included: boolean;
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

function leafFacts(bytes: Uint8Array): { robot: unknown; seq: unknown; type: unknown } {
  try {
    const v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<string, unknown>;
    return { robot: v.robot, seq: v.seq, type: v.type };
  } catch {
    return { robot: null, seq: null, type: null };
  }
}

/** verifyPassportBundle verifies bundle against the verifier key text; subtle defaults to the platform's WebCrypto. */
export async function verifyPassportBundle(bundle: unknown, verifierKey: string, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<BundleVerdict> {
  const b = (typeof bundle === 'object' && bundle !== null ? bundle : {}) as RawBundle;
  const fail = (why: string): BundleVerdict => ({ signature: 'failed', signatureError: why, checkpoint: null, entries: [], verified: false });
  if (b.version !== 1 || typeof b.code !== 'string' || typeof b.checkpoint !== 'string' || !Array.isArray(b.entries)) return fail('not a version 1 passport bundle');

  let signature: BundleVerdict['signature'] = 'verified';
  let signatureError: string | undefined;
  let cp;
  try {
    const key = await parseVerifierKey(subtle, verifierKey);
    const split = b.checkpoint.lastIndexOf('\n\n');
    cp = parseCheckpoint(b.checkpoint.slice(0, split + 1));
    if (cp.origin !== key.name) throw new VerifyError(`checkpoint origin ${cp.origin} is not the registry's log ${key.name}`);
    await openNote(subtle, b.checkpoint, key);
  } catch (e) {
    signature = e instanceof Ed25519Unsupported ? 'unsupported' : 'failed';
    signatureError = (e as Error).message;
    if (!cp) return { ...fail(signatureError), signature };
  }

  const entries: EntryVerdict[] = [];
  let previous = -1;
  for (const [i, raw] of (b.entries as unknown[]).entries()) {
    const e = (typeof raw === 'object' && raw !== null ? raw : {}) as { index?: unknown; leaf?: unknown; proof?: unknown };
    const index = typeof e.index === 'number' ? e.index : -1;
    const verdict: EntryVerdict = { index, seq: null, type: null, included: false };
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
      verdict.included = true;
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
