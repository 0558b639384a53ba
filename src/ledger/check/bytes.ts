/**
 * Byte helpers the shared verifier core uses on both sides, without Node's
 * Buffer: strict base64 (RFC 4648 §4), constant-time comparison, joining, hex
 * and UTF-8 encoding.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** encodeBase64 writes bytes as padded standard base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** decodeBase64 returns the bytes of canonical padded base64, or undefined for anything else. */
export function decodeBase64(s: string): Uint8Array | undefined {
  if (!BASE64.test(s)) return undefined;
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  // Refuses non-zero trailing bits, the last way two strings can name the same bytes.
  return encodeBase64(bytes) === s ? bytes : undefined;
}

/** bytesEqual compares two byte strings in constant time for equal lengths. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  let i = 0;
  // 0x100 equals no byte, so a byte b lacked would count as a difference; the lengths match, so it never does.
  for (const x of a) diff |= x ^ (b[i++] ?? 0x100);
  return diff === 0;
}

/** concatBytes joins byte strings. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const encoder = new TextEncoder();

/** utf8 encodes text as UTF-8. */
export const utf8 = (s: string): Uint8Array => encoder.encode(s);

/** encodeHex writes bytes as lower-case hex digits. */
export function encodeHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
