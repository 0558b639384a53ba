/**
 * Reading a C2SP signed-note verifier key (https://c2sp.org/signed-note), the
 * one implementation for server and browser (crypto-port.ts):
 *
 *   verifier key  <name>+<key id, 8 hex>+base64(0x01 || 32-byte public key)
 *
 * where key id = SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian,
 * as golang.org/x/mod/sumdb/note writes it.
 */
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { decodeBase64, utf8 } from './bytes.ts';
import { type Verification, sha256 } from './crypto-port.ts';
import { checkEd25519PublicKey } from './ed25519-point.ts';

/** ALG_ED25519 is the signed-note signature type byte of Ed25519. */
export const ALG_ED25519 = 0x01;

/** NoteKey is a parsed verifier key: the name and id a signature line names, and the raw Ed25519 public key. */
export interface NoteKey {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Uint8Array;
}

function bad(detail: string): never {
  throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.verifierKey', { detail }));
}

/** isValidKeyName tells whether a key name is non-empty and free of '+', spaces, control characters and lone surrogates. */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !/[+\s\u0085\p{Cc}\p{Cs}]/u.test(name);
}

/** readUint32 reads the big-endian uint32 at the start of bytes. */
export function readUint32(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
}

/** keyIdOf computes SHA-256(name || 0x0A || alg || public key)[:4] as a uint32 (alg 0x01 for note signatures, 0x04 for cosignatures). */
export function* keyIdOf(name: string, publicKey: Uint8Array, alg: number = ALG_ED25519): Verification<number> {
  return readUint32(yield* sha256(utf8(name), new Uint8Array([0x0a, alg]), publicKey));
}

/**
 * splitKey parses "<name>+<8 hex>+<base64(0x01 || 32 bytes)>", checking all but the key id.
 * The base64 may itself contain '+', so only the first two '+' separate fields.
 */
export function splitKey(s: string, what: string, alg: number = ALG_ED25519): { name: string; id: number; key: Uint8Array } {
  const first = s.indexOf('+');
  const second = first < 0 ? -1 : s.indexOf('+', first + 1);
  if (second < 0) bad(`malformed ${what}`);
  const [name, idHex, encoded] = [s.slice(0, first), s.slice(first + 1, second), s.slice(second + 1)];
  if (!isValidKeyName(name)) bad(`malformed ${what}: bad key name`);
  if (!/^[0-9a-f]{8}$/.test(idHex)) bad(`malformed ${what}: key id must be 8 lower-case hex digits`);
  const raw = decodeBase64(encoded);
  if (raw === undefined || raw.length === 0) bad(`malformed ${what}: bad base64`);
  if (raw[0] !== alg) bad(`malformed ${what}: unknown algorithm ${raw[0]}`);
  if (raw.length !== 33) bad(`malformed ${what}: an Ed25519 key is 32 bytes`);
  return { name, id: Number.parseInt(idHex, 16), key: raw.subarray(1) };
}

/** readVerifierKey parses a '<name>+<id>+<key>' string, refusing bad names, ids, algorithms and low-order keys. */
export function* readVerifierKey(s: string): Verification<NoteKey> {
  const { name, id, key } = splitKey(s, 'verifier key');
  if ((yield* keyIdOf(name, key)) !== id) bad('malformed verifier key: key id does not match the key');
  checkEd25519PublicKey(key);
  return { name, keyId: id, publicKey: key };
}
