/**
 * Following the log's key rotations, for `hreg audit` and `hreg witness`
 * (docs/ledger.md, "Key rotation"). A client starts from the keys it trusts
 * and takes a new key only from a handover checkpoint: signed by a trusted
 * key, naming the new key in its `hreg/next-key` line, signed by the new key
 * too (ledger/check/key-rotation-check.ts). Handovers it missed (it was not
 * running during the rotation) it finds in GET /v1/log/keys, which serves
 * each key with the checkpoint that handed over to it; it checks them itself.
 * Once the log signs with the new key alone, the old one is dropped.
 */
import { isRegistryError } from '../errors.ts';
import { type Checkpoint, parseVerifierKey, type Verifier } from '../ledger/index.ts';
import { type Handover, openCheckpointWith, openHandover } from '../ledger/cosignature.ts';

/** Followed is the verified checkpoint, the keys to trust from now on and the handovers taken on the way. */
export interface Followed {
  checkpoint: Checkpoint;
  /** trusted are the verifier keys to keep: those that signed this checkpoint, and the next key it names. */
  trusted: string[];
  handovers: Handover[];
}

/** KeyList fetches GET /v1/log/keys. */
export type KeyList = () => Promise<{ keys: { key: string; handover: string | null }[] }>;

const keyText = (v: { name: string; keyId: number }, all: Map<string, Verifier>): string | undefined =>
  [...all.entries()].find(([, k]) => k.name === v.name && k.keyId === v.keyId)?.[0];

/**
 * followKeys opens note with the trusted keys, taking handovers from the
 * checkpoint itself or, when no trusted key signed it, from the log's key
 * list. Throws the verification error when no chain of handovers reaches a
 * key that signed it.
 */
export async function followKeys(note: string, trustedKeys: readonly string[], keyList: KeyList): Promise<Followed> {
  const all = new Map(trustedKeys.map((k) => [k, parseVerifierKey(k)]));
  const handovers: Handover[] = [];
  const trusted = () => [...all.values()];
  let opened: { checkpoint: Checkpoint; verified: { name: string; keyId: number }[] };
  try {
    opened = openCheckpointWith(note, trusted());
  } catch (e) {
    if (!isRegistryError(e) || e.code !== 'LOG_VERIFICATION_FAILED') throw e;
    // No trusted key signed it: walk the handovers the log lists, each from a key already trusted.
    const { keys } = await keyList();
    let progress = true;
    while (progress) {
      progress = false;
      for (const k of keys) {
        if (all.has(k.key) || k.handover === null) continue;
        try {
          const h = openHandover(k.handover, trusted());
          if (h.nextText !== k.key) continue;
          all.set(k.key, parseVerifierKey(k.key));
          handovers.push(h);
          progress = true;
        } catch {
          // Not vouched for by a key we trust (yet): skip it.
        }
      }
    }
    opened = openCheckpointWith(note, trusted());
  }
  // The checkpoint itself may hand over: take its next key now, so the next run follows without the list.
  let next: string | undefined;
  try {
    const h = openHandover(note, trusted());
    next = h.nextText;
    if (!all.has(next)) handovers.push(h);
    all.set(next, parseVerifierKey(next));
  } catch {
    // Not a handover checkpoint.
  }
  const signers = opened.verified.map((v) => keyText(v, all)).filter((k): k is string => k !== undefined);
  const keep = [...new Set([...signers, ...(next ? [next] : [])])];
  return { checkpoint: opened.checkpoint, trusted: keep, handovers };
}
