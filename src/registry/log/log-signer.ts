import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatCheckpoint, generateSignerKey, parseSignerKey, signNote, type Hash, type Signer } from '../../ledger/index.ts';
import { nextKeyLine } from '../../ledger/check/key-rotation-check.ts';

/** LogSigner signs the log's checkpoints under the registry's Ed25519 key. */
export interface LogSigner {
  /** origin is the checkpoint's first line, naming this log. */
  readonly origin: string;
  /** verifierKey is the C2SP vkey text served at /v1/log/key: the key in charge (during a rotation, still the old one). */
  readonly verifierKey: string;
  /** nextVerifierKey is the incoming key while a rotation runs (docs/ledger.md, "Key rotation"). */
  readonly nextVerifierKey?: string;
  /** sign returns the signed checkpoint note for a tree of size with root. */
  sign(size: number, root: Hash): string;
}

/**
 * createLogSigner wraps a C2SP signer key (PRIVATE+KEY+…) for origin. Given
 * the incoming key of a rotation too, every checkpoint names the incoming key
 * in an extension line and carries both signatures: the old key vouches for
 * the new one (a handover checkpoint, ledger/check/key-rotation-check.ts).
 */
export function createLogSigner(origin: string, signerKey: string, nextSignerKey?: string): LogSigner {
  const signer: Signer = parseSignerKey(signerKey);
  if (nextSignerKey === undefined)
    return { origin, verifierKey: signer.verifierKey, sign: (size, root) => signNote(formatCheckpoint({ origin, size, root }), signer) };
  const next: Signer = parseSignerKey(nextSignerKey);
  const extensions = [nextKeyLine(next.verifierKey)];
  return {
    origin,
    verifierKey: signer.verifierKey,
    nextVerifierKey: next.verifierKey,
    sign: (size, root) => signNote(formatCheckpoint({ origin, size, root, extensions }), [signer, next]),
  };
}

/** nextSignerKeyPath is where the incoming key of a rotation waits, beside the current key file. */
export function nextSignerKeyPath(keyPath: string): string {
  return keyPath.replace(/\.key$/, '') + '.next.key';
}

/** signerKeyName derives the key name from the origin: C2SP names the key after the log. */
export function signerKeyName(origin: string): string {
  return origin;
}

/** ensureSignerKeyFile creates a signer key at path unless one exists; it returns whether it created one. */
export function ensureSignerKeyFile(path: string, origin: string): boolean {
  if (existsSync(path)) return false;
  mkdirSync(dirname(path), { recursive: true });
  const { signerKey } = generateSignerKey(signerKeyName(origin));
  // The private key never leaves this file; 0600 keeps other users out.
  writeFileSync(path, signerKey + '\n', { mode: 0o600, flag: 'wx' });
  return true;
}

/** readSignerKeyFile loads the signer key text at path. */
export function readSignerKeyFile(path: string): string {
  return readFileSync(path, 'utf8').trim();
}
