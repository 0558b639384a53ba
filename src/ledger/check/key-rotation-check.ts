/**
 * Following a rotation of the log's signing key, the one implementation for
 * server and browser (crypto-port.ts). While a rotation runs, every
 * checkpoint carries one extension line (C2SP tlog-checkpoint allows them)
 *
 *   hreg/next-key <the new key's verifier key>
 *
 * and is signed by both keys. A verifier that trusts the old key trusts the
 * new one only on such a handover checkpoint: the old key's signature vouches
 * for the line naming the new key, and the new key's signature on the same
 * text shows its holder has it. Signatures of any other key, and a new key no
 * trusted key named, are never trusted (docs/ledger.md, "Key rotation").
 */
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { checkOrigin, parseTreeHead, type TreeHead } from './checkpoint-check.ts';
import type { Verification } from './crypto-port.ts';
import { checkNote } from './note-check.ts';
import { type NoteKey, readVerifierKey } from './verifier-key.ts';

/** NEXT_KEY_PREFIX starts the extension line that names the incoming key during a rotation. */
export const NEXT_KEY_PREFIX = 'hreg/next-key ';

/** nextKeyLine is the extension line that names the incoming verifier key. */
export const nextKeyLine = (verifierKey: string): string => `${NEXT_KEY_PREFIX}${verifierKey}`;

/** nextKeyOf returns the verifier key text a checkpoint's extension names, if it carries one. */
export function nextKeyOf(head: Pick<TreeHead, 'extensions'>): string | undefined {
  const lines = head.extensions.filter((l) => l.startsWith(NEXT_KEY_PREFIX));
  if (lines.length > 1)
    throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.handover', { detail: 'two next-key lines' }));
  return lines[0]?.slice(NEXT_KEY_PREFIX.length);
}

/** Handover is a checkpoint by which a trusted key vouched for the next one. */
export interface Handover {
  head: TreeHead;
  /** by is the trusted key whose signature vouched. */
  by: { name: string; keyId: number };
  next: NoteKey;
  nextText: string;
}

function refuse(detail: string): never {
  throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.handover', { detail }));
}

/**
 * checkHandover verifies that note is a checkpoint signed by one of the
 * trusted keys, naming a next key of the same log in its extension, and
 * signed by that next key too. It returns the next key to trust.
 */
export function* checkHandover(note: string | Uint8Array, trusted: readonly NoteKey[]): Verification<Handover> {
  const [first] = trusted;
  if (first === undefined) return refuse('no trusted key');
  const { text, verified } = yield* checkNote(note, trusted);
  const head = parseTreeHead(text);
  checkOrigin(head, first);
  const nextText = nextKeyOf(head);
  if (nextText === undefined) return refuse('the checkpoint names no next key');
  const next = yield* readVerifierKey(nextText);
  if (next.name !== head.origin) refuse(`the next key is named ${next.name}, not the log ${head.origin}`);
  const [by] = verified;
  if (by === undefined) return refuse('no trusted key signed it');
  try {
    yield* checkNote(note, [next]);
  } catch {
    refuse('the next key did not sign the checkpoint that names it');
  }
  return { head, by, next, nextText };
}
