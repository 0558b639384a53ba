/**
 * C2SP signed-note verification (https://c2sp.org/signed-note) with Ed25519
 * in WebCrypto. The verifier key is "<name>+<key id>+base64(0x01 || key)";
 * key id = SHA-256(name || 0x0A || 0x01 || key)[:4]. Notes arrive from the
 * network and are parsed defensively before any signature is checked.
 */
import { concatBytes, decodeBase64, utf8 } from '../../src/ledger/bytes.ts';
import { VerifyError } from './merkle.ts';

/** NoteVerifier is a parsed verifier key. */
export interface NoteVerifier {
  name: string;
  keyId: number;
  publicKey: Uint8Array;
}

/** Ed25519Unsupported says this browser's WebCrypto cannot verify Ed25519. */
export class Ed25519Unsupported extends Error {
  override name = 'Ed25519Unsupported';
}

const SIG_PREFIX = '\u2014 ';
const readU32 = (b: Uint8Array) => ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;

/** parseVerifierKey reads a C2SP verifier key and checks its key id. */
export async function parseVerifierKey(subtle: SubtleCrypto, text: string): Promise<NoteVerifier> {
  const s = text.trim();
  const first = s.indexOf('+');
  const second = first < 0 ? -1 : s.indexOf('+', first + 1);
  if (second < 0) throw new VerifyError('malformed verifier key');
  const name = s.slice(0, first);
  const idHex = s.slice(first + 1, second);
  const raw = decodeBase64(s.slice(second + 1));
  if (name === '' || !/^[0-9a-f]{8}$/.test(idHex) || !raw || raw.length !== 33 || raw[0] !== 1) throw new VerifyError('malformed verifier key');
  const publicKey = raw.subarray(1);
  const digest = new Uint8Array(await subtle.digest('SHA-256', concatBytes(utf8(name), new Uint8Array([0x0a, 0x01]), publicKey) as Uint8Array<ArrayBuffer>));
  const keyId = parseInt(idHex, 16);
  if (readU32(digest) !== keyId) throw new VerifyError('verifier key id does not match the key');
  return { name, keyId, publicKey };
}

/** openNote verifies a signed note with one key and returns its text; throws VerifyError, or Ed25519Unsupported. */
export async function openNote(subtle: SubtleCrypto, note: string, v: NoteVerifier): Promise<string> {
  if (note.length > 64 * 1024 || !note.endsWith('\n')) throw new VerifyError('malformed note');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new VerifyError('note has no signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  const mine = lines.flatMap((line) => {
    if (!line.startsWith(SIG_PREFIX)) throw new VerifyError('malformed signature line');
    const [name, b64] = line.slice(SIG_PREFIX.length).split(' ');
    const sig = b64 ? decodeBase64(b64) : undefined;
    if (!name || !sig || sig.length < 5) throw new VerifyError('malformed signature line');
    return name === v.name && readU32(sig) === v.keyId ? [sig.subarray(4)] : [];
  });
  if (mine.length === 0) throw new VerifyError('the note is not signed by the registry key');
  let key: CryptoKey;
  try {
    key = await subtle.importKey('raw', v.publicKey as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    throw new Ed25519Unsupported(`Ed25519 is not available in this browser (${(e as Error).message})`);
  }
  for (const sig of mine) {
    const ok = sig.length === 64 && (await subtle.verify({ name: 'Ed25519' }, key, sig as Uint8Array<ArrayBuffer>, utf8(text) as Uint8Array<ArrayBuffer>));
    if (!ok) throw new VerifyError('the checkpoint signature does not verify');
  }
  return text;
}
