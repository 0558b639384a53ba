/**
 * Reading and verifying C2SP tlog-checkpoint v1 notes
 * (https://c2sp.org/tlog-checkpoint), the one implementation for server and
 * browser (crypto-port.ts). The note text has at least three lines
 *
 *   <origin>\n<tree size, decimal, no leading zeros>\n<base64 RFC 6962 root>\n[<extension>\n]...
 *
 * and anything formatCheckpoint (checkpoint.ts) would not write is refused.
 */
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { decodeBase64 } from './bytes.ts';
import type { Verification } from './crypto-port.ts';
import { HASH_SIZE } from './merkle-check.ts';
import { checkNote } from './note-check.ts';
import type { NoteKey } from './verifier-key.ts';

/** TreeHead is a checkpoint's origin, tree size and root hash, with optional extension lines. */
export interface TreeHead {
  origin: string;
  size: number;
  root: Uint8Array;
  extensions: string[];
}

function malformed(detail: string): never {
  throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.malformedCheckpoint', { detail }));
}

/** parseTreeHead reads checkpoint note text, refusing anything formatCheckpoint would not write. */
export function parseTreeHead(text: string): TreeHead {
  if (!text.endsWith('\n')) malformed('does not end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) malformed('fewer than three lines');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin === '') malformed('empty origin');
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeText)) malformed('size is not a decimal without leading zeros');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) malformed('size is too large');
  const root = decodeBase64(rootText);
  if (root === undefined || root.length !== HASH_SIZE) malformed(`root is not a base64 ${HASH_SIZE}-byte hash`);
  if (extensions.some((l) => l === '')) malformed('empty extension line');
  return { origin, size, root, extensions };
}

/** checkOrigin refuses a checkpoint of another log than the key's: the key name must be the origin. */
export function checkOrigin(head: TreeHead, key: { name: string }): void {
  if (head.origin !== key.name)
    throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.checkpointOrigin', { origin: head.origin, log: key.name }));
}

/** checkCheckpoint verifies a signed checkpoint note with the log's key and parses it. */
export function* checkCheckpoint(note: string | Uint8Array, key: NoteKey): Verification<TreeHead> {
  const { text } = yield* checkNote(note, [key]);
  const head = parseTreeHead(text);
  checkOrigin(head, key);
  return head;
}
