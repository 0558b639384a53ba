/**
 * Ed25519 keys of C2SP signed-note (https://c2sp.org/signed-note), in the
 * text forms of golang.org/x/mod/sumdb/note:
 *
 *   signer key    PRIVATE+KEY+<name>+<key id, 8 hex>+base64(0x01 || 32-byte seed)
 *   verifier key  <name>+<key id, 8 hex>+base64(0x01 || 32-byte public key)
 *
 * where key id = SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian.
 * Verifier keys are read by verifier-key.ts, the code the browser runs too.
 */
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import { must } from '../must.ts';
import { runSync } from './check/crypto-port.ts';
import { asBuffer, nodeCrypto } from './check/node-crypto.ts';
import { ALG_ED25519, type NoteKey, isValidKeyName, keyIdOf, readVerifierKey, splitKey } from './check/verifier-key.ts';

export { ALG_ED25519, isValidKeyName };

// RFC 8410 PKCS#8 wrapping of a raw 32-byte Ed25519 seed.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Signer signs note text under a key name and id. */
export interface Signer {
  readonly name: string;
  readonly keyId: number;
  /** verifierKey is the public key string that checks this signer's signatures. */
  readonly verifierKey: string;
  sign(message: Uint8Array): Buffer;
}

/** Verifier checks note signatures made under a key name and id with its public key. */
export interface Verifier extends NoteKey {
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

function bad(detail: string): never {
  throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.noteKey', { detail }));
}

/** keyId computes SHA-256(name || 0x0A || 0x01 || public key)[:4] as a uint32. */
export function keyId(name: string, publicKey: Uint8Array): number {
  return runSync(keyIdOf(name, publicKey), nodeCrypto);
}

const hex8 = (id: number): string => id.toString(16).padStart(8, '0');

function rawPublicKey(key: KeyObject): Buffer {
  return Buffer.from(must(key.export({ format: 'jwk' }).x, 'the JWK of an Ed25519 key has x'), 'base64url');
}

/** formatVerifierKey writes the verifier key string of an Ed25519 public key. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) bad('malformed key name');
  const encoded = Buffer.concat([Buffer.from([ALG_ED25519]), publicKey]).toString('base64');
  return `${name}+${hex8(keyId(name, publicKey))}+${encoded}`;
}

/** generateSignerKey makes a fresh Ed25519 key pair in signed-note text form. */
export function generateSignerKey(name: string): { signerKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) bad('malformed key name');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(must(privateKey.export({ format: 'jwk' }).d, 'the JWK of an Ed25519 private key has d'), 'base64url');
  const pub = rawPublicKey(publicKey);
  const encoded = Buffer.concat([Buffer.from([ALG_ED25519]), seed]).toString('base64');
  return { signerKey: `PRIVATE+KEY+${name}+${hex8(keyId(name, pub))}+${encoded}`, verifierKey: formatVerifierKey(name, pub) };
}

/** parseSignerKey loads a 'PRIVATE+KEY+…' string, checking its key id against the derived public key. */
export function parseSignerKey(s: string): Signer {
  if (!s.startsWith('PRIVATE+KEY+')) bad('malformed signer key');
  const { name, id, key: seed } = splitKey(s.slice('PRIVATE+KEY+'.length), 'signer key');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const pub = rawPublicKey(createPublicKey(privateKey));
  if (keyId(name, pub) !== id) bad('malformed signer key: key id does not match the key');
  return { name, keyId: id, verifierKey: formatVerifierKey(name, pub), sign: (message) => sign(null, message, privateKey) };
}

/** parseVerifierKey loads a '<name>+<id>+<key>' string, refusing bad names, ids, algorithms and low-order keys. */
export function parseVerifierKey(s: string): Verifier {
  const key = runSync(readVerifierKey(s), nodeCrypto);
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: asBuffer(key.publicKey).toString('base64url') },
    format: 'jwk',
  });
  return {
    ...key,
    // RFC 8032 signatures are 64 bytes; anything else cannot verify.
    verify: (message, signature) => signature.length === 64 && verify(null, message, publicKey, signature),
  };
}
