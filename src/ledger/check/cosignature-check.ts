/**
 * Witness cosignatures of checkpoints, C2SP tlog-cosignature
 * (https://c2sp.org/tlog-cosignature), Ed25519 `cosignature/v1`: the one
 * implementation for server and browser (crypto-port.ts).
 *
 *   cosigner key      <name>+<key id>+base64(0x04 || 32-byte public key)
 *   key id            SHA-256(name || 0x0A || 0x04 || public key)[:4]
 *   signature line    — <name> base64(key id || u64 big-endian timestamp || 64-byte signature)
 *   signed message    "cosignature/v1\ntime <timestamp>\n" || the checkpoint's whole note text
 *
 * A cosignature says: as of the timestamp, this is the largest tree the
 * witness has seen for the log, and it is consistent with every tree it saw
 * before. A client that requires a quorum of known witnesses cannot be shown a
 * checkpoint the witnesses did not see: a split view needs them to sign it.
 */
import { RegistryError, isRegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { decodeBase64, utf8 } from './bytes.ts';
import { checkOrigin, parseTreeHead, type TreeHead } from './checkpoint-check.ts';
import { type Verification, verifyEd25519 } from './crypto-port.ts';
import { checkEd25519PublicKey } from './ed25519-point.ts';
import { checkConsistency } from './merkle-check.ts';
import { checkNote, parseNote } from './note-check.ts';
import { type NoteKey, keyIdOf, splitKey } from './verifier-key.ts';

/** ALG_COSIGNATURE_V1 is the signed-note signature type byte of Ed25519 cosignature/v1. */
export const ALG_COSIGNATURE_V1 = 0x04;

/** COSIGNATURE_HEADER is the first line of every cosigned message: the domain separation of cosignature/v1. */
export const COSIGNATURE_HEADER = 'cosignature/v1';

/** MAX_COSIGNATURE_TIME is the largest timestamp the spec allows (2^63 - 1), beyond a double's exact range; we cap at 2^53 - 1. */
const MAX_TIME = Number.MAX_SAFE_INTEGER;

/** Cosigner is a witness as a client knows it: its name, key id and Ed25519 public key. */
export type Cosigner = NoteKey;

/** Cosignature is one verified cosignature: whose, and the time it states. */
export interface Cosignature {
  name: string;
  keyId: number;
  time: number;
}

function bad(detail: string): never {
  throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.verifierKey', { detail }));
}

/** readCosignerKey parses a witness's '<name>+<id>+base64(0x04 || key)' verifier key. */
export function* readCosignerKey(s: string): Verification<Cosigner> {
  const { name, id, key } = splitKey(s, 'cosigner key', ALG_COSIGNATURE_V1);
  if ((yield* keyIdOf(name, key, ALG_COSIGNATURE_V1)) !== id) bad('malformed cosigner key: key id does not match the key');
  checkEd25519PublicKey(key);
  return { name, keyId: id, publicKey: key };
}

/** cosignedMessage is the message a cosignature/v1 signs: header, time line, then the checkpoint's note text. */
export function cosignedMessage(text: string, time: number): Uint8Array {
  return utf8(`${COSIGNATURE_HEADER}\ntime ${time}\n${text}`);
}

/** readTimestamp reads the big-endian u64 at the start of bytes, refusing anything past 2^53 - 1. */
function readTimestamp(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const time = high * 2 ** 32 + low;
  return time <= MAX_TIME ? time : undefined;
}

/**
 * checkCosignatures verifies the cosignatures of known witnesses on a note's
 * text. Lines of other keys (the log's own, unknown witnesses) are ignored;
 * a line that names a known witness and does not verify is refused, as
 * note-check does for note signatures. Each witness counts once.
 */
export function* checkCosignatures(note: string | Uint8Array, witnesses: readonly Cosigner[]): Verification<Cosignature[]> {
  const { text, signatures } = parseNote(note);
  const found: Cosignature[] = [];
  for (const { name, keyId, signature } of signatures) {
    const witness = witnesses.find((w) => w.name === name && w.keyId === keyId);
    if (witness === undefined) continue;
    const label = `${name}+${keyId.toString(16).padStart(8, '0')}`;
    const time = signature.length === 72 ? readTimestamp(signature) : undefined;
    if (time === undefined || !(yield* verifyEd25519(witness.publicKey, cosignedMessage(text, time), signature.subarray(8))))
      throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.badCosignature', { label }));
    if (!found.some((c) => c.name === name && c.keyId === keyId)) found.push({ name, keyId, time });
  }
  return found;
}

/** Witnessed is a checkpoint verified with the log's keys and the quorum of known witnesses that cosigned it. */
export interface Witnessed {
  head: TreeHead;
  cosignatures: Cosignature[];
}

/**
 * checkWitnessedCheckpoint verifies a checkpoint with the log's keys (any one
 * suffices: during a key rotation both sign) and requires at least quorum
 * distinct known witnesses to have cosigned it. Fails with a sentence naming
 * how many of how many known witnesses cosigned.
 */
export function* checkWitnessedCheckpoint(
  note: string | Uint8Array,
  logKeys: readonly NoteKey[],
  witnesses: readonly Cosigner[],
  quorum: number,
): Verification<Witnessed> {
  const [first] = logKeys;
  if (first === undefined) throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.noSignatures'));
  const { text } = yield* checkNote(note, logKeys);
  const head = parseTreeHead(text);
  checkOrigin(head, first);
  const cosignatures = yield* checkCosignatures(note, witnesses);
  if (cosignatures.length < quorum)
    throw new RegistryError(
      'LOG_VERIFICATION_FAILED',
      msg('problem.ledger.quorum', { got: cosignatures.length, known: witnesses.length, quorum }),
    );
  return { head, cosignatures };
}

/** WitnessedPart is what a bundle carries to show witnesses saw its tree: a cosigned checkpoint and a consistency proof to the bundle's. */
export interface WitnessedPart {
  checkpoint: string;
  proof: string[];
}

/**
 * checkWitnessedBundle requires quorum known witnesses to have cosigned a
 * checkpoint of the log (witnessed.checkpoint) that the bundle's own tree
 * (size, root) extends: equal when the sizes are, else by the consistency
 * proof. The witnesses then vouch that no one was shown another history up to
 * that size, and the bundle's tree is an append to it.
 */
export function* checkWitnessedBundle(
  witnessed: unknown,
  bundle: { size: number; root: Uint8Array },
  logKeys: readonly NoteKey[],
  witnesses: readonly Cosigner[],
  quorum: number,
): Verification<Witnessed> {
  const w = (typeof witnessed === 'object' && witnessed !== null ? witnessed : {}) as Record<string, unknown>;
  if (typeof w.checkpoint !== 'string' || !Array.isArray(w.proof))
    throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.quorum', { got: 0, known: witnesses.length, quorum }));
  const result = yield* checkWitnessedCheckpoint(w.checkpoint, logKeys, witnesses, quorum);
  const proof = w.proof.map((h: unknown) => (typeof h === 'string' ? decodeBase64(h) : undefined));
  if (proof.some((h) => h === undefined)) refuseWitnessed('the consistency proof holds a hash that is not base64');
  try {
    // Every tree extends the empty one; a witnessed empty tree vouches for nothing more.
    if (result.head.size > 0) yield* checkConsistency(result.head.size, bundle.size, proof as Uint8Array[], result.head.root, bundle.root);
  } catch (e) {
    if (isRegistryError(e)) refuseWitnessed(e.message);
    throw e;
  }
  return result;
}

function refuseWitnessed(detail: string): never {
  throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.witnessedTree', { detail }));
}
