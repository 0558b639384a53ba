/**
 * The verifier's one port to cryptography: SHA-256 and Ed25519 verification.
 * Proof, note and bundle verification are written once, as generators that
 * yield a CryptoRequest wherever they need a hash or a signature check; a
 * runner answers each request from a LedgerCrypto. The server runs them with
 * runSync on node:crypto (node-crypto.ts), so its paths stay synchronous; the
 * browser runs them with runAsync on WebCrypto (web-crypto.ts), whose answers
 * are promises. The core imports no node:* module, so the browser bundle can
 * hold it.
 */

/** CryptoRequest is what a verification asks of the port: a SHA-256 digest or an Ed25519 signature check. */
export type CryptoRequest =
  | { op: 'sha256'; parts: readonly Uint8Array[] }
  | { op: 'ed25519'; publicKey: Uint8Array; message: Uint8Array; signature: Uint8Array };

/** Verification is a verifier step: it yields crypto requests, receives their answers and returns T. */
export type Verification<T> = Generator<CryptoRequest, T, Uint8Array | boolean>;

/** LedgerCrypto is the port a platform fills; its answers may be promises (WebCrypto) or values (node:crypto). */
export interface LedgerCrypto {
  /** sha256 returns SHA-256 of the parts joined. */
  sha256(parts: readonly Uint8Array[]): Uint8Array | Promise<Uint8Array>;
  /** verifyEd25519 tells whether signature is a valid RFC 8032 Ed25519 signature of message under the raw 32-byte publicKey. */
  verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean | Promise<boolean>;
}

/** SyncLedgerCrypto is a LedgerCrypto that answers at once, so runSync can drive it. */
export interface SyncLedgerCrypto extends LedgerCrypto {
  sha256(parts: readonly Uint8Array[]): Uint8Array;
  verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

/** sha256 is the verification step that digests the parts joined. */
export function* sha256(...parts: Uint8Array[]): Verification<Uint8Array> {
  return (yield { op: 'sha256', parts }) as Uint8Array;
}

/** verifyEd25519 is the verification step that checks an Ed25519 signature; anything but 64 bytes cannot verify (RFC 8032 §5.1.7). */
export function* verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Verification<boolean> {
  if (signature.length !== 64) return false;
  return (yield { op: 'ed25519', publicKey, message, signature }) as boolean;
}

function answer(request: CryptoRequest, crypto: LedgerCrypto): Uint8Array | boolean | Promise<Uint8Array | boolean> {
  return request.op === 'sha256'
    ? crypto.sha256(request.parts)
    : crypto.verifyEd25519(request.publicKey, request.message, request.signature);
}

/** runSync runs a verification to its end on a synchronous port and returns its result, or throws what it throws. */
export function runSync<T>(verification: Verification<T>, crypto: SyncLedgerCrypto): T {
  let step = verification.next();
  while (!step.done) step = verification.next(answer(step.value, crypto) as Uint8Array | boolean);
  return step.value;
}

/** runAsync runs a verification to its end on a port whose answers may be promises. */
export async function runAsync<T>(verification: Verification<T>, crypto: LedgerCrypto): Promise<T> {
  let step = verification.next();
  while (!step.done) step = verification.next(await answer(step.value, crypto));
  return step.value;
}
