import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatCheckpoint, generateSignerKey, parseSignerKey, signNote, type Hash, type Signer } from '../../ledger/index.ts';

/** LogSigner signs the log's checkpoints under the registry's Ed25519 key. */
export interface LogSigner {
  /** origin is the checkpoint's first line, naming this log. */
  readonly origin: string;
  /** verifierKey is the C2SP vkey text served at /v1/log/key. */
  readonly verifierKey: string;
  /** sign returns the signed checkpoint note for a tree of size with root. */
  sign(size: number, root: Hash): string;
}

/** createLogSigner wraps a C2SP signer key (PRIVATE+KEY+…) for origin. */
export function createLogSigner(origin: string, signerKey: string): LogSigner {
  const signer: Signer = parseSignerKey(signerKey);
  return {
    origin,
    verifierKey: signer.verifierKey,
    sign: (size, root) => signNote(formatCheckpoint({ origin, size, root }), signer),
  };
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
