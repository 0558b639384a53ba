import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The webhook signature scheme, modelled on Standard Webhooks: each POST
 * carries `Webhook-Id` (the delivery id, stable across retries and replays,
 * so receivers dedupe by it), `Webhook-Timestamp` (Unix seconds of this
 * attempt) and `Webhook-Signature: v1=<hex>`, where hex is
 * HMAC-SHA256(key = the subscription secret's UTF-8 bytes, exactly as shown
 * at creation, message = "<id>.<timestamp>.<raw body>").
 */
export const SIGNATURE_VERSION = 'v1';

/** newWebhookSecret makes a subscription secret: `whsec_` and 32 random bytes in base64url. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** signWebhook returns the Webhook-Signature header value for one attempt. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${id}.${timestamp}.${body}`).digest('hex');
  return `${SIGNATURE_VERSION}=${mac}`;
}

/**
 * verifyWebhook is what a receiver runs: it recomputes the signature in
 * constant time and refuses timestamps more than toleranceSec from now, which
 * bounds replay of a captured request. The header may list several
 * space-separated signatures; any v1 match passes.
 */
export function verifyWebhook(
  secret: string,
  id: string,
  timestamp: string,
  body: string,
  header: string,
  nowSec = Math.floor(Date.now() / 1000),
  toleranceSec = 300,
): boolean {
  // The timestamp is attacker-controlled; parse defensively.
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  const ts = Number(timestamp);
  if (Math.abs(nowSec - ts) > toleranceSec) return false;
  const expected = Buffer.from(signWebhook(secret, id, ts, body), 'utf8');
  return header.split(' ').some((candidate) => {
    const got = Buffer.from(candidate, 'utf8');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}
