/**
 * Strict standard base64 (RFC 4648 §4). Buffer.from(s, 'base64') skips
 * characters it does not know and accepts missing padding, so input from
 * outside is checked to be exactly the canonical encoding of what it decodes to.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** decodeBase64 returns the bytes of canonical padded base64, or undefined for anything else. */
export function decodeBase64(s: string): Buffer | undefined {
  if (!BASE64.test(s)) return undefined;
  const bytes = Buffer.from(s, 'base64');
  // Refuses non-zero trailing bits, the last way two strings can name the same bytes.
  return bytes.toString('base64') === s ? bytes : undefined;
}
