/**
 * One round of a witness (`hreg witness cosign`, docs/ledger.md "Witnesses"):
 * verify the offered checkpoint with the log keys the witness trusts
 * (following rotations as the auditor does), check it against the last
 * checkpoint this witness cosigned, and only then cosign it (C2SP
 * tlog-cosignature, cosignature/v1). Refusals name what was wrong and carry
 * both checkpoints as evidence:
 *
 *   split-view    same size as the last one cosigned, another root
 *   rollback      smaller than the last one cosigned
 *   inconsistent  larger, but the log's consistency proof does not link the two
 *   signature     no log key the witness trusts signed it (or another log's)
 */
import { isRegistryError } from '../errors.ts';
import { hashEqual, verifyConsistency } from '../ledger/index.ts';
import { addSignatureLines, type CosignerSigner } from '../ledger/cosignature.ts';
import { followKeys, type KeyList } from './follow-keys.ts';

/** WitnessState is what a witness remembers: the last checkpoint it cosigned and the log keys it trusts. */
export interface WitnessState {
  origin: string;
  size: number;
  root: string;
  checkpoint: string;
  keys: string[];
  cosignedAt: string;
}

/** WitnessRefusal says why the witness did not cosign, with both checkpoints when two views disagree. */
export interface WitnessRefusal {
  kind: 'signature' | 'split-view' | 'rollback' | 'inconsistent';
  /** values fill the refusal's message (cli.witness.<kind>). */
  values: Record<string, string | number>;
  evidence?: { previous: string; offered: string };
}

/** WitnessOutcome is a cosigned checkpoint and the new state, or a refusal (the state stays as it was). */
export type WitnessOutcome =
  | { ok: true; size: number; previousSize: number | null; cosigned: string; line: string; state: WitnessState; rotated: string[] }
  | { ok: false; refusal: WitnessRefusal };

/** WitnessRound is one round's input: the offered note, what the witness knows, and how to reach the log. */
export interface WitnessRound {
  note: string;
  state?: WitnessState;
  /** logKeys are the log verifier keys given on the command line (trusted in addition to the state's). */
  logKeys: readonly string[];
  signer: CosignerSigner;
  /** now is the cosignature's time, seconds since the epoch. */
  now: number;
  consistencyProof(from: number, to: number): Promise<string[]>;
  keyList: KeyList;
}

/** witnessRound checks the offered checkpoint and cosigns it, or says why not. */
export async function witnessRound(r: WitnessRound): Promise<WitnessOutcome> {
  const prev = r.state;
  const trusted = [...new Set([...(prev?.keys ?? []), ...r.logKeys])];
  let followed: Awaited<ReturnType<typeof followKeys>>;
  try {
    followed = await followKeys(r.note, trusted, r.keyList);
  } catch (e) {
    if (!isRegistryError(e)) throw e;
    return { ok: false, refusal: { kind: 'signature', values: { error: e.message } } };
  }
  const cp = followed.checkpoint;
  const root = cp.root.toString('base64');
  const evidence = prev ? { previous: prev.checkpoint, offered: r.note } : undefined;
  if (prev) {
    if (cp.origin !== prev.origin)
      return { ok: false, refusal: { kind: 'signature', values: { error: `origin ${cp.origin} is not ${prev.origin}` }, evidence } };
    if (cp.size < prev.size) return { ok: false, refusal: { kind: 'rollback', values: { previous: prev.size, size: cp.size }, evidence } };
    if (cp.size === prev.size && root !== prev.root)
      return { ok: false, refusal: { kind: 'split-view', values: { size: cp.size, offered: root, previous: prev.root }, evidence } };
    if (cp.size > prev.size && prev.size > 0) {
      try {
        const proof = await r.consistencyProof(prev.size, cp.size);
        verifyConsistency(
          prev.size,
          cp.size,
          proof.map((p) => Buffer.from(p, 'base64')),
          Buffer.from(prev.root, 'base64'),
          cp.root,
        );
      } catch (e) {
        return {
          ok: false,
          refusal: { kind: 'inconsistent', values: { size: cp.size, previous: prev.size, error: (e as Error).message }, evidence },
        };
      }
    }
  }
  // The handovers taken must be of this same history: each one's tree is the offered one or a prefix of it.
  for (const h of followed.handovers) {
    const refuse = (error: string): WitnessOutcome => ({
      ok: false,
      refusal: { kind: 'inconsistent', values: { size: cp.size, previous: h.head.size, error }, evidence },
    });
    if (h.head.size > cp.size) return refuse('the handover checkpoint is larger than the checkpoint offered');
    if (h.head.size === cp.size && !hashEqual(Buffer.from(h.head.root), cp.root)) return refuse('the handover checkpoint has another root');
    if (h.head.size > 0 && h.head.size < cp.size) {
      try {
        const proof = await r.consistencyProof(h.head.size, cp.size);
        verifyConsistency(
          h.head.size,
          cp.size,
          proof.map((p) => Buffer.from(p, 'base64')),
          h.head.root,
          cp.root,
        );
      } catch (e) {
        return refuse((e as Error).message);
      }
    }
  }
  const line = r.signer.cosign(r.note, r.now);
  const cosigned = addSignatureLines(r.note, [line]);
  return {
    ok: true,
    size: cp.size,
    previousSize: prev ? prev.size : null,
    cosigned,
    line,
    rotated: followed.handovers.map((h) => h.nextText),
    state: {
      origin: cp.origin,
      size: cp.size,
      root,
      checkpoint: r.note,
      keys: followed.trusted,
      cosignedAt: new Date(r.now * 1000).toISOString(),
    },
  };
}
