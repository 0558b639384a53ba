import type { Store } from '../store/store.ts';
import { retryDelay, type BackoffPolicy } from './backoff.ts';
import { postWebhook, type Resolver } from './post-webhook.ts';
import { signWebhook } from './signature.ts';
import type { WebhookTargets } from './webhook-targets.ts';

/** DeliveryTuning is how the dispatcher sends: claim size, per-request timeout and retry policy. */
export interface DeliveryTuning {
  batch: number;
  timeoutMs: number;
  backoff: BackoffPolicy;
  /** targets is the operator's allowance for internal addresses; resolve looks host names up (node:dns by default). */
  targets: WebhookTargets;
  resolve?: Resolver;
}

/** Claimed is one delivery leased for an attempt, with what the POST needs. */
export interface Claimed {
  id: number;
  attempts: number;
  leaseUntil: Date;
  url: string;
  secret: string;
  payload: unknown;
}

/** Outcome is what came of one attempt: the receiver's status, or why there was none. */
export interface Outcome {
  status?: number;
  error?: string;
}

/**
 * claimDue leases up to `batch` due deliveries of live subscriptions: it
 * counts the attempt and pushes next_attempt_at to the end of a lease, so a
 * dispatcher that dies mid-POST leaves a row that falls due again (at least
 * once). SKIP LOCKED lets several servers on one PostgreSQL share the work;
 * PGlite has one connection and runs one transaction at a time anyway.
 */
export async function claimDue(store: Store, now: Date, tuning: DeliveryTuning): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + tuning.timeoutMs * 2 + 1_000);
  return store.readWrite(async (tx) => {
    const rows = await tx.query<{ id: number; attempts: number; url: string; secret: string; payload: unknown }>(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND s.deleted_at IS NULL
         ORDER BY d.next_attempt_at, d.id LIMIT $2
         FOR UPDATE OF d SKIP LOCKED)
       UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = $3, updated_at = $1
       FROM due, webhook_subscriptions s, outbox o
       WHERE d.id = due.id AND s.id = d.subscription_id AND o.id = d.outbox_id
       RETURNING d.id, d.attempts, s.url, s.secret, o.payload`,
      [now, tuning.batch, leaseUntil],
    );
    return rows.map((r) => ({ ...r, leaseUntil }));
  });
}

/**
 * send POSTs one claimed delivery, signed, and reports the outcome; it never
 * throws. It connects only to addresses the operator's targets allow, checked
 * when it connects (webhook-targets.ts).
 */
export async function send(d: Claimed, tuning: Pick<DeliveryTuning, 'timeoutMs' | 'targets' | 'resolve'>, now: Date): Promise<Outcome> {
  const body = JSON.stringify(d.payload);
  const id = String(d.id);
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'humanoid-registry-webhooks/1',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(d.secret, id, timestamp, body),
  };
  return postWebhook(d.url, headers, body, tuning.timeoutMs, tuning.targets, tuning.resolve);
}

/**
 * recordOutcome stores an attempt's result: 2xx is delivered; anything else
 * is retried after the backoff, or failed once the attempts are spent. It
 * writes only if the lease is still this attempt's (a replay or a takeover
 * after an expired lease wins).
 */
export async function recordOutcome(store: Store, d: Claimed, outcome: Outcome, now: Date, tuning: DeliveryTuning): Promise<void> {
  const ok = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
  const error = ok ? null : (outcome.error ?? `HTTP ${outcome.status}`);
  const status = ok ? 'delivered' : d.attempts >= tuning.backoff.maxAttempts ? 'failed' : 'pending';
  const next = status === 'pending' ? new Date(now.getTime() + retryDelay(tuning.backoff, d.attempts)) : now;
  await store.query(
    `UPDATE webhook_deliveries SET status = $3, last_status = $4, last_error = $5, next_attempt_at = $6, updated_at = $7,
       delivered_at = CASE WHEN $3 = 'delivered' THEN $7::timestamptz ELSE delivered_at END
     WHERE id = $1 AND status = 'pending' AND next_attempt_at = $2`,
    [d.id, d.leaseUntil, status, outcome.status ?? null, error, next, now],
  );
}
