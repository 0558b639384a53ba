/**
 * C2SP tlog-checkpoint v1 (https://c2sp.org/tlog-checkpoint): the signed tree
 * head of the log, as note text of at least three lines
 *
 *   <origin>\n<tree size, decimal, no leading zeros>\n<base64 RFC 6962 root>\n[<extension>\n]...
 *
 * Formatting and parsing round-trip; anything else is refused. Reading and
 * verifying are checkpoint-check.ts, the code the browser runs too.
 */
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import { checkCheckpoint, parseTreeHead } from './check/checkpoint-check.ts';
import { runSync } from './check/crypto-port.ts';
import { type Hash, HASH_SIZE } from './hash.ts';
import { asBuffer, nodeCrypto } from './check/node-crypto.ts';
import type { Signer, Verifier } from './note-keys.ts';
import { signNote } from './note.ts';

/** Checkpoint is a log's origin, tree size and root hash, with optional extension lines. */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Hash;
  extensions: string[];
}

function malformed(detail: string): never {
  throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.malformedCheckpoint', { detail }));
}

// A line must be non-empty and hold no newline (control characters are refused at the note level).
const isLine = (s: string): boolean => s !== '' && !s.includes('\n');

/** formatCheckpoint writes the checkpoint note text. */
export function formatCheckpoint(cp: { origin: string; size: number; root: Uint8Array; extensions?: readonly string[] }): string {
  const extensions = cp.extensions ?? [];
  if (!isLine(cp.origin)) malformed('origin must be one non-empty line');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) malformed('size must be a non-negative integer');
  if (cp.root.length !== HASH_SIZE) malformed(`root must be ${HASH_SIZE} bytes`);
  if (!extensions.every(isLine)) malformed('extension lines must be non-empty');
  const lines = [cp.origin, String(cp.size), Buffer.from(cp.root).toString('base64'), ...extensions];
  return lines.map((l) => `${l}\n`).join('');
}

/** parseCheckpoint reads checkpoint note text, refusing anything formatCheckpoint would not write (checkpoint-check.ts). */
export function parseCheckpoint(text: string): Checkpoint {
  const head = parseTreeHead(text);
  return { ...head, root: asBuffer(head.root) };
}

/** signCheckpoint signs a checkpoint; the signer's key name must be the checkpoint's origin. */
export function signCheckpoint(
  cp: { origin: string; size: number; root: Uint8Array; extensions?: readonly string[] },
  signer: Signer,
): string {
  // The spec says the key name SHOULD match the origin; we insist, so a note cannot pass for another log's.
  if (signer.name !== cp.origin)
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.signerOrigin', { signer: signer.name, origin: cp.origin }));
  return signNote(formatCheckpoint(cp), signer);
}

/** openCheckpoint verifies a signed checkpoint note with the log's verifier and parses it (checkpoint-check.ts). */
export function openCheckpoint(note: string | Uint8Array, verifier: Verifier): Checkpoint {
  const head = runSync(checkCheckpoint(note, verifier), nodeCrypto);
  return { ...head, root: asBuffer(head.root) };
}
