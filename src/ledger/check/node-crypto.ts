/** The server's fill of the verifier's crypto port (crypto-port.ts): node:crypto, synchronous. */
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { SyncLedgerCrypto } from './crypto-port.ts';

/** nodeCrypto answers the verifier's requests with node:crypto. */
export const nodeCrypto: SyncLedgerCrypto = {
  sha256(parts) {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(part);
    return hash.digest();
  },
  verifyEd25519(publicKey, message, signature) {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: asBuffer(publicKey).toString('base64url') }, format: 'jwk' });
    return verify(null, message, key, signature);
  },
};

/** asBuffer views bytes as a Buffer without copying, for the server's Buffer-typed results. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
