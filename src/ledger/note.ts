/**
 * C2SP signed notes (https://c2sp.org/signed-note), after
 * golang.org/x/mod/sumdb/note: text ending in a newline, a blank line, then
 * lines "— <key name> base64(key id || signature)\n". A note arrives from
 * outside, so it is parsed defensively before any signature is checked;
 * reading and verifying are note-check.ts, the code the browser runs too.
 */
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import { runSync } from './check/crypto-port.ts';
import { nodeCrypto } from './check/node-crypto.ts';
import { type OpenedNote, MAX_SIGNATURES, SIG_PREFIX, checkNote, checkNoteCharacters } from './check/note-check.ts';
import { type Signer, type Verifier, isValidKeyName } from './note-keys.ts';

export { MAX_NOTE_BYTES, MAX_SIGNATURES, type NoteSignature, type OpenedNote, parseNote } from './check/note-check.ts';

function malformed(detail: string): never {
  throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.malformedNote', { detail }));
}

/** openNote parses a note and verifies it (note-check.ts): every signature by a known key must verify, and at least one must exist. */
export function openNote(note: string | Uint8Array, verifiers: readonly Verifier[]): OpenedNote {
  return runSync(checkNote(note, verifiers), nodeCrypto);
}

/** signNote signs text, which must end in a newline, and returns the signed note. */
export function signNote(text: string, signers: Signer | readonly Signer[]): string {
  const list: readonly Signer[] = Array.isArray(signers) ? signers : [signers as Signer];
  checkNoteCharacters(text);
  if (!text.endsWith('\n')) malformed('text does not end in a newline');
  if (list.length === 0 || list.length > MAX_SIGNATURES) malformed(`needs 1 to ${MAX_SIGNATURES} signers`);
  const message = Buffer.from(text, 'utf8');
  const lines = list.map((signer) => {
    if (!isValidKeyName(signer.name)) throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.signerName'));
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyId);
    return `${SIG_PREFIX}${signer.name} ${Buffer.concat([id, signer.sign(message)]).toString('base64')}\n`;
  });
  const note = `${text}\n${lines.join('')}`;
  checkNoteCharacters(note);
  return note;
}
