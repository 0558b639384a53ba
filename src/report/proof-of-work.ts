/**
 * The flood guard of public reports, without a third-party service: the registry hands out
 * a challenge it signs (HMAC-SHA-256 over the code, a random nonce, the time and the
 * difficulty), and a report is taken only with a `work` value such that
 * SHA-256(challenge ":" work) starts with `bits` zero bits. A browser spends about 2^bits
 * hashes (a second or two at 16 bits), a flood of thousands spends hours; the registry checks
 * one hash. Each challenge is spent once (the reports table keeps its nonce unique) and
 * lapses after CHALLENGE_TTL_MS. The challenge travels as `<base64url payload>.<base64url mac>`.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** CHALLENGE_TTL_MS is how long a challenge may be answered. */
export const CHALLENGE_TTL_MS = 15 * 60_000;

/** Challenge is what a signed challenge says. */
export interface Challenge {
  code: string;
  nonce: string;
  issuedAt: number;
  bits: number;
}

/** issueChallenge signs a fresh challenge for a code. */
export function issueChallenge(key: Buffer, code: string, bits: number, now: Date): string {
  const payload: Challenge = { code, nonce: randomBytes(16).toString('hex'), issuedAt: now.getTime(), bits };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

/** leadingZeroBits counts the zero bits a digest starts with. */
export function leadingZeroBits(digest: Uint8Array): number {
  let n = 0;
  for (const byte of digest) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

/** workDigest is SHA-256 of `challenge:work`, the hash the work must make start with zero bits. */
export function workDigest(challenge: string, work: string): Buffer {
  return createHash('sha256').update(`${challenge}:${work}`).digest();
}

/** ChallengeVerdict is why a challenge's answer was refused, or the challenge it answered. */
export type ChallengeVerdict =
  | { ok: true; challenge: Challenge }
  | { ok: false; why: 'forged' | 'other_code' | 'expired' | 'too_easy' | 'no_work' };

/**
 * checkWork checks an answer to a challenge: signed by key, for this code, not lapsed, at
 * least minBits hard, and the work done. The challenge and work come from outside: hostile.
 */
export function checkWork(key: Buffer, text: string, work: string, code: string, minBits: number, now: Date): ChallengeVerdict {
  const [body, mac, extra] = text.split('.');
  if (!body || !mac || extra !== undefined) return { ok: false, why: 'forged' };
  const want = createHmac('sha256', key).update(body).digest();
  const got = Buffer.from(mac, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, why: 'forged' };
  const c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Challenge;
  if (c.code !== code) return { ok: false, why: 'other_code' };
  if (now.getTime() - c.issuedAt > CHALLENGE_TTL_MS || c.issuedAt > now.getTime() + 60_000) return { ok: false, why: 'expired' };
  if (c.bits < minBits) return { ok: false, why: 'too_easy' };
  if (work.length > 32 || leadingZeroBits(workDigest(text, work)) < c.bits) return { ok: false, why: 'no_work' };
  return { ok: true, challenge: c };
}

/** solveChallenge does the work for a challenge (the CLI and tests; the browser has its own loop over WebCrypto). */
export function solveChallenge(text: string, bits: number): string {
  for (let i = 0; ; i++) if (leadingZeroBits(workDigest(text, String(i))) >= bits) return String(i);
}
