/**
 * Witness keys and cosignatures on the server and in `hreg witness` (C2SP
 * tlog-cosignature, Ed25519 cosignature/v1). Verification is
 * check/cosignature-check.ts, the code the browser runs too.
 *
 *   witness signer key  PRIVATE+KEY+<name>+<key id>+base64(0x04 || 32-byte seed)
 *   witness vkey        <name>+<key id>+base64(0x04 || 32-byte public key)
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import { must } from '../must.ts';
import {
  ALG_COSIGNATURE_V1,
  type Cosignature,
  type Cosigner,
  type Witnessed,
  checkCosignatures,
  checkWitnessedCheckpoint,
  cosignedMessage,
  readCosignerKey,
} from './check/cosignature-check.ts';
import { type Handover, checkHandover } from './check/key-rotation-check.ts';
import { runSync } from './check/crypto-port.ts';
import { nodeCrypto } from './check/node-crypto.ts';
import { type OpenedNote, SIG_PREFIX, checkNote, parseNote } from './check/note-check.ts';
import { checkOrigin, parseTreeHead } from './check/checkpoint-check.ts';
import { asBuffer } from './check/node-crypto.ts';
import type { Checkpoint } from './checkpoint.ts';
import { type NoteKey, isValidKeyName, keyIdOf, splitKey } from './check/verifier-key.ts';

export { ALG_COSIGNATURE_V1, type Cosignature, type Cosigner, type Handover, type Witnessed };

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** CosignerSigner makes cosignature/v1 lines under a witness's name and key. */
export interface CosignerSigner {
  readonly name: string;
  readonly keyId: number;
  readonly verifierKey: string;
  /** cosign returns the signature line of a cosignature of the note's text at time (seconds since the epoch). */
  cosign(note: string, time: number): string;
}

function bad(detail: string): never {
  throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.noteKey', { detail }));
}

const hex8 = (id: number): string => id.toString(16).padStart(8, '0');
const cosignerKeyId = (name: string, pub: Uint8Array): number => runSync(keyIdOf(name, pub, ALG_COSIGNATURE_V1), nodeCrypto);

function formatCosignerKey(name: string, pub: Uint8Array): string {
  return `${name}+${hex8(cosignerKeyId(name, pub))}+${Buffer.concat([Buffer.from([ALG_COSIGNATURE_V1]), pub]).toString('base64')}`;
}

/** generateCosignerKey makes a fresh witness key pair in signed-note text form (type 0x04). */
export function generateCosignerKey(name: string): { signerKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) bad('malformed key name');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(must(privateKey.export({ format: 'jwk' }).d, 'the JWK of an Ed25519 private key has d'), 'base64url');
  const pub = Buffer.from(must(publicKey.export({ format: 'jwk' }).x, 'the JWK of an Ed25519 key has x'), 'base64url');
  const encoded = Buffer.concat([Buffer.from([ALG_COSIGNATURE_V1]), seed]).toString('base64');
  return { signerKey: `PRIVATE+KEY+${name}+${hex8(cosignerKeyId(name, pub))}+${encoded}`, verifierKey: formatCosignerKey(name, pub) };
}

/** parseCosignerSigner loads a witness's 'PRIVATE+KEY+…' string (type 0x04), checking its key id. */
export function parseCosignerSigner(s: string): CosignerSigner {
  if (!s.startsWith('PRIVATE+KEY+')) bad('malformed witness signer key');
  const { name, id, key: seed } = splitKey(s.slice('PRIVATE+KEY+'.length), 'witness signer key', ALG_COSIGNATURE_V1);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const pub = Buffer.from(must(createPublicKey(privateKey).export({ format: 'jwk' }).x, 'x'), 'base64url');
  if (cosignerKeyId(name, pub) !== id) bad('malformed witness signer key: key id does not match the key');
  return {
    name,
    keyId: id,
    verifierKey: formatCosignerKey(name, pub),
    cosign(note, time) {
      if (!Number.isSafeInteger(time) || time < 0) bad('a cosignature time is a non-negative integer');
      const { text } = parseNote(note);
      const stamp = Buffer.alloc(12);
      stamp.writeUInt32BE(id, 0);
      stamp.writeBigUInt64BE(BigInt(time), 4);
      const signature = sign(null, cosignedMessage(text, time), privateKey);
      return `${SIG_PREFIX}${name} ${Buffer.concat([stamp, signature]).toString('base64')}\n`;
    },
  };
}

/** parseCosignerKey loads a witness's verifier key '<name>+<id>+base64(0x04 || key)'. */
export function parseCosignerKey(s: string): Cosigner {
  return runSync(readCosignerKey(s), nodeCrypto);
}

/** verifyCosignatures returns the verified cosignatures of known witnesses on a note (check/cosignature-check.ts). */
export function verifyCosignatures(note: string, witnesses: readonly Cosigner[]): Cosignature[] {
  return runSync(checkCosignatures(note, witnesses), nodeCrypto);
}

/** openWitnessedCheckpoint verifies a checkpoint with the log's keys and a quorum of known witnesses. */
export function openWitnessedCheckpoint(
  note: string,
  logKeys: readonly NoteKey[],
  witnesses: readonly Cosigner[],
  quorum: number,
): Witnessed {
  return runSync(checkWitnessedCheckpoint(note, logKeys, witnesses, quorum), nodeCrypto);
}

/** openHandover verifies a handover checkpoint: a trusted key vouches for the next key it names (check/key-rotation-check.ts). */
export function openHandover(note: string, trusted: readonly NoteKey[]): Handover {
  return runSync(checkHandover(note, trusted), nodeCrypto);
}

/** openCheckpointWith verifies a checkpoint with any of the log's keys (during a rotation both sign) and says which verified. */
export function openCheckpointWith(note: string, keys: readonly NoteKey[]): { checkpoint: Checkpoint; verified: OpenedNote['verified'] } {
  const [first] = keys;
  if (first === undefined) throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.noSignatures'));
  const { text, verified } = runSync(checkNote(note, keys), nodeCrypto);
  const head = parseTreeHead(text);
  checkOrigin(head, first);
  return { checkpoint: { ...head, root: asBuffer(head.root) }, verified };
}

/** addSignatureLines appends signature lines to a signed note, skipping lines it already holds. */
export function addSignatureLines(note: string, lines: readonly string[]): string {
  const have = new Set(note.split('\n').map((l) => `${l}\n`));
  return note + lines.filter((l) => !have.has(l)).join('');
}
