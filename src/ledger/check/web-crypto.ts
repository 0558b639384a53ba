/**
 * The browser's fill of the verifier's crypto port (crypto-port.ts): WebCrypto
 * (crypto.subtle), whose answers are promises. It uses only the platform's
 * global WebCrypto API, which Node 20 provides too, so the same port runs in
 * the browser and in Node's tests.
 */
import type { LedgerCrypto } from './crypto-port.ts';
import { concatBytes } from './bytes.ts';

/** Ed25519Unsupported says this browser's WebCrypto cannot verify Ed25519. */
export class Ed25519Unsupported extends Error {
  override name = 'Ed25519Unsupported';
}

/** webCrypto answers the verifier's requests with subtle, the platform's WebCrypto by default. */
export function webCrypto(subtle: SubtleCrypto = globalThis.crypto.subtle): LedgerCrypto {
  return {
    async sha256(parts) {
      const only = parts.length === 1 ? parts[0] : undefined;
      const data = only ?? concatBytes(...parts);
      return new Uint8Array(await subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
    },
    async verifyEd25519(publicKey, message, signature) {
      let key: CryptoKey;
      try {
        key = await subtle.importKey('raw', publicKey as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
      } catch (e) {
        throw new Ed25519Unsupported(`Ed25519 is not available in this browser (${(e as Error).message})`);
      }
      return subtle.verify({ name: 'Ed25519' }, key, signature as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>);
    },
  };
}
