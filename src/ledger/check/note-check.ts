/**
 * Reading and verifying C2SP signed notes (https://c2sp.org/signed-note), the
 * one implementation for server and browser (crypto-port.ts), after
 * golang.org/x/mod/sumdb/note: text ending in a newline, a blank line, then
 * lines "— <key name> base64(key id || signature)\n". A note arrives from
 * outside, so it is parsed defensively before any signature is checked.
 */
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { decodeBase64, utf8 } from './bytes.ts';
import { type Verification, verifyEd25519 } from './crypto-port.ts';
import { type NoteKey, isValidKeyName, readUint32 } from './verifier-key.ts';

/** MAX_NOTE_BYTES bounds the UTF-8 size of a note this module will read or write. */
export const MAX_NOTE_BYTES = 64 * 1024;

/** MAX_SIGNATURES bounds the signature lines of a note (the spec asks verifiers to accept at least 16). */
export const MAX_SIGNATURES = 100;

/** SIG_PREFIX starts every signature line: an em dash and a space. */
export const SIG_PREFIX = '\u2014 ';

/** NoteSignature is one parsed signature line, not yet verified. */
export interface NoteSignature {
  name: string;
  keyId: number;
  signature: Uint8Array;
}

/** OpenedNote is a note's text and the known keys whose signatures on it verified. */
export interface OpenedNote {
  text: string;
  verified: { name: string; keyId: number }[];
}

function malformed(detail: string): never {
  throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.malformedNote', { detail }));
}

/** checkNoteCharacters refuses text over MAX_NOTE_BYTES or holding a control character but newline; lone surrogates cannot be UTF-8. */
export function checkNoteCharacters(s: string): void {
  if (utf8(s).length > MAX_NOTE_BYTES) malformed(`larger than ${MAX_NOTE_BYTES} bytes`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the note grammar (C2SP signed-note) forbids exactly these control characters.
  if (/[\u0000-\u0009\u000b-\u001f\p{Cs}]/u.test(s)) malformed('control character or invalid UTF-8');
}

function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.length > MAX_NOTE_BYTES) malformed(`larger than ${MAX_NOTE_BYTES} bytes`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return malformed('invalid UTF-8');
  }
}

/** parseNote splits a note into its text and signature lines without verifying anything. */
export function parseNote(note: string | Uint8Array): { text: string; signatures: NoteSignature[] } {
  const s = typeof note === 'string' ? note : decodeUtf8(note);
  checkNoteCharacters(s);
  if (!s.endsWith('\n')) malformed('does not end in a newline');
  // The text is separated from the signatures by the last blank line.
  const split = s.lastIndexOf('\n\n');
  if (split < 0) malformed('no blank line before the signatures');
  const text = s.slice(0, split + 1);
  const lines = s.slice(split + 2, -1).split('\n');
  if (lines.length === 1 && lines[0] === '') malformed('no signatures');
  if (lines.length > MAX_SIGNATURES) malformed(`more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIG_PREFIX)) malformed('unexpected line after the blank line');
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = rest.slice(0, space);
    const sig = space < 0 ? undefined : decodeBase64(rest.slice(space + 1));
    if (!isValidKeyName(name) || sig === undefined || sig.length < 5) malformed('bad signature line');
    return { name, keyId: readUint32(sig), signature: sig.subarray(4) };
  });
  return { text, signatures };
}

/** checkNote parses a note and verifies it: every signature by a known key must verify, and at least one must exist. */
export function* checkNote(note: string | Uint8Array, keys: readonly NoteKey[]): Verification<OpenedNote> {
  const { text, signatures } = parseNote(note);
  const message = utf8(text);
  const verified: OpenedNote['verified'] = [];
  for (const { name, keyId, signature } of signatures) {
    const [key, ...others] = keys.filter((k) => k.name === name && k.keyId === keyId);
    const label = `${name}+${keyId.toString(16).padStart(8, '0')}`;
    // Signatures from unknown keys are ignored, even if they share a name or an id with a known one.
    if (key === undefined) continue;
    if (others.length > 0) throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.ambiguousKey', { label }));
    if (!(yield* verifyEd25519(key.publicKey, message, signature)))
      throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.badSignature', { label }));
    if (!verified.some((v) => v.name === name && v.keyId === keyId)) verified.push({ name, keyId });
  }
  if (verified.length === 0) throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.noSignatures'));
  return { text, verified };
}
