/**
 * C2SP signed notes (https://c2sp.org/signed-note), after
 * golang.org/x/mod/sumdb/note: text ending in a newline, a blank line, then
 * lines "— <key name> base64(key id || signature)\n". A note arrives from
 * outside, so it is parsed defensively before any signature is checked.
 */
import { RegistryError } from '../errors.ts';
import { decodeBase64 } from './base64.ts';
import { type Signer, type Verifier, isValidKeyName } from './note-keys.ts';

/** MAX_NOTE_BYTES bounds the UTF-8 size of a note this module will read or write. */
export const MAX_NOTE_BYTES = 64 * 1024;

/** MAX_SIGNATURES bounds the signature lines of a note (the spec asks verifiers to accept at least 16). */
export const MAX_SIGNATURES = 100;

const SIG_PREFIX = '\u2014 '; // em dash, space

/** NoteSignature is one parsed signature line, not yet verified. */
export interface NoteSignature {
  name: string;
  keyId: number;
  signature: Buffer;
}

/** OpenedNote is a note's text and the known keys whose signatures on it verified. */
export interface OpenedNote {
  text: string;
  verified: { name: string; keyId: number }[];
}

function malformed(detail: string): never {
  throw new RegistryError('INVALID_ARGUMENT', `malformed note: ${detail}`);
}

// Signed notes are UTF-8 with no control characters but newline; lone surrogates cannot be UTF-8.
function checkCharacters(s: string): void {
  if (Buffer.byteLength(s, 'utf8') > MAX_NOTE_BYTES) malformed(`larger than ${MAX_NOTE_BYTES} bytes`);
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
  checkCharacters(s);
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
    return { name, keyId: sig.readUInt32BE(0), signature: sig.subarray(4) };
  });
  return { text, signatures };
}

/** openNote parses a note and verifies it: every signature by a known key must verify, and at least one must exist. */
export function openNote(note: string | Uint8Array, verifiers: readonly Verifier[]): OpenedNote {
  const { text, signatures } = parseNote(note);
  const message = Buffer.from(text, 'utf8');
  const verified: OpenedNote['verified'] = [];
  for (const { name, keyId, signature } of signatures) {
    const keys = verifiers.filter((v) => v.name === name && v.keyId === keyId);
    const label = `${name}+${keyId.toString(16).padStart(8, '0')}`;
    // Signatures from unknown keys are ignored, even if they share a name or an id with a known one.
    if (keys.length === 0) continue;
    if (keys.length > 1) throw new RegistryError('INVALID_ARGUMENT', `ambiguous key ${label}`);
    if (!keys[0]!.verify(message, signature)) throw new RegistryError('LOG_VERIFICATION_FAILED', `invalid signature for key ${label}`);
    if (!verified.some((v) => v.name === name && v.keyId === keyId)) verified.push({ name, keyId });
  }
  if (verified.length === 0) throw new RegistryError('LOG_VERIFICATION_FAILED', 'note has no verifiable signatures');
  return { text, verified };
}

/** signNote signs text, which must end in a newline, and returns the signed note. */
export function signNote(text: string, signers: Signer | readonly Signer[]): string {
  const list: readonly Signer[] = Array.isArray(signers) ? signers : [signers as Signer];
  checkCharacters(text);
  if (!text.endsWith('\n')) malformed('text does not end in a newline');
  if (list.length === 0 || list.length > MAX_SIGNATURES) malformed(`needs 1 to ${MAX_SIGNATURES} signers`);
  const message = Buffer.from(text, 'utf8');
  const lines = list.map((signer) => {
    if (!isValidKeyName(signer.name)) throw new RegistryError('INVALID_ARGUMENT', 'invalid signer name');
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyId);
    return `${SIG_PREFIX}${signer.name} ${Buffer.concat([id, signer.sign(message)]).toString('base64')}\n`;
  });
  const note = `${text}\n${lines.join('')}`;
  checkCharacters(note);
  return note;
}
