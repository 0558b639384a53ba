import type { Caller, Principal } from '../access/principal.ts';
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import { must } from '../must.ts';
import type { RegistryContext } from '../registry/context.ts';
import { TOPICS } from './audience.ts';
import { newWebhookSecret } from './signature.ts';
import { refusedHost, STRICT_TARGETS, type WebhookTargets } from './webhook-targets.ts';

/** Subscription is a webhook subscription as its owner sees it (never with its secret). */
export interface Subscription {
  id: string;
  url: string;
  /** topics is null when the subscription takes every topic its owner may see. */
  topics: string[] | null;
  createdAt: string;
}

/** NewSubscription is a created subscription: the only time its secret is shown. */
export type NewSubscription = Subscription & { secret: string };

/** Delivery is one line of a subscription's delivery log. */
export interface Delivery {
  id: number;
  logIndex: number;
  topic: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

/** MAX_SUBSCRIPTIONS caps one participant's live subscriptions. */
export const MAX_SUBSCRIPTIONS = 25;

function principal(caller: Caller): Principal {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  return caller;
}

/**
 * parseWebhookUrl accepts an absolute http or https URL without credentials
 * whose host is not internal (unless the operator's targets allow it), and
 * refuses anything else. Host names are judged again, by their addresses,
 * at every delivery.
 */
export function parseWebhookUrl(raw: string, targets: WebhookTargets = STRICT_TARGETS): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.webhook.notAbsolute', { url: raw.slice(0, 200) }), {
      errors: [{ field: 'body.url', message: 'must be an absolute http(s) URL' }],
    });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.webhook.scheme', { scheme: u.protocol.replace(':', '') }), {
      errors: [{ field: 'body.url', message: 'must use http or https' }],
    });
  }
  if (u.username || u.password) {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.webhook.credentials'), {
      errors: [{ field: 'body.url', message: 'must not contain user:password@' }],
    });
  }
  const refused = refusedHost(u.hostname, targets);
  if (refused) {
    throw new RegistryError('UNSAFE_WEBHOOK_TARGET', msg('problem.webhook.internal', { refused }), {
      errors: [{ field: 'body.url', message: 'loopback, private or otherwise internal address' }],
    });
  }
  return u.toString();
}

const toSubscription = (r: { id: string; url: string; topics: string[] | null; created_at: Date }): Subscription => ({
  id: r.id,
  url: r.url,
  topics: r.topics,
  createdAt: r.created_at.toISOString(),
});

/** createSubscription subscribes the caller's URL to topics (all it may see when omitted) from the next event on. */
export async function createSubscription(
  ctx: RegistryContext,
  caller: Caller,
  body: { url: string; topics?: string[] },
  targets: WebhookTargets = STRICT_TARGETS,
): Promise<NewSubscription> {
  const p = principal(caller);
  const url = parseWebhookUrl(body.url, targets);
  const unknown = (body.topics ?? []).filter((t) => !TOPICS.includes(t));
  if (unknown.length > 0)
    throw new RegistryError(
      'INVALID_ARGUMENT',
      msg('problem.webhook.topics', { count: unknown.length, unknown: unknown.join(', '), topics: TOPICS.join(', ') }),
    );
  const topics = body.topics ? [...new Set(body.topics)] : null;
  const secret = newWebhookSecret();
  return ctx.store.readWrite(async (tx) => {
    // Serialise one participant's creations so the cap holds under concurrency.
    await tx.query('SELECT id FROM participants WHERE id = $1 FOR UPDATE', [p.participantId]);
    const [count] = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM webhook_subscriptions WHERE participant_id = $1 AND deleted_at IS NULL',
      [p.participantId],
    );
    if (must(count, 'count(*) returns a row').n >= MAX_SUBSCRIPTIONS)
      throw new RegistryError('INVALID_ARGUMENT', msg('problem.webhook.tooMany', { max: MAX_SUBSCRIPTIONS }));
    const [row] = await tx.query<{ id: string; url: string; topics: string[] | null; created_at: Date }>(
      `INSERT INTO webhook_subscriptions (participant_id, url, topics, secret, from_outbox_id)
       VALUES ($1, $2, $3, $4, (SELECT coalesce(max(id), 0) FROM outbox)) RETURNING id, url, topics, created_at`,
      [p.participantId, url, topics, secret],
    );
    return { ...toSubscription(must(row, 'INSERT … RETURNING returns the row')), secret };
  });
}

/** listSubscriptions lists the caller's live subscriptions. */
export async function listSubscriptions(ctx: RegistryContext, caller: Caller): Promise<Subscription[]> {
  const p = principal(caller);
  const rows = await ctx.store.query<{ id: string; url: string; topics: string[] | null; created_at: Date }>(
    'SELECT id, url, topics, created_at FROM webhook_subscriptions WHERE participant_id = $1 AND deleted_at IS NULL ORDER BY created_at, id',
    [p.participantId],
  );
  return rows.map(toSubscription);
}

/** ownSubscription refuses a subscription that does not exist, was removed or is someone else's (all alike: NOT_FOUND). */
async function ownSubscription(ctx: RegistryContext, caller: Caller, id: string): Promise<void> {
  const p = principal(caller);
  const rows = await ctx.store.query('SELECT 1 FROM webhook_subscriptions WHERE id = $1 AND participant_id = $2 AND deleted_at IS NULL', [
    id,
    p.participantId,
  ]);
  if (rows.length === 0) throw new RegistryError('NOT_FOUND', msg('problem.webhook.notFound', { id }));
}

/** removeSubscription stops a subscription; its pending deliveries are no longer sent. */
export async function removeSubscription(ctx: RegistryContext, caller: Caller, id: string): Promise<void> {
  await ownSubscription(ctx, caller, id);
  await ctx.store.query('UPDATE webhook_subscriptions SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL', [id, ctx.now()]);
}

/** listDeliveries pages through a subscription's delivery log by delivery id. */
export async function listDeliveries(
  ctx: RegistryContext,
  caller: Caller,
  id: string,
  opts: { after?: number; limit: number },
): Promise<Delivery[]> {
  await ownSubscription(ctx, caller, id);
  const rows = await ctx.store.query<{
    id: number;
    log_index: number;
    topic: string;
    status: Delivery['status'];
    attempts: number;
    last_status: number | null;
    last_error: string | null;
    next_attempt_at: Date;
    created_at: Date;
    updated_at: Date;
    delivered_at: Date | null;
  }>(
    `SELECT id, log_index, topic, status, attempts, last_status, last_error, next_attempt_at, created_at, updated_at, delivered_at
     FROM webhook_deliveries WHERE subscription_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
    [id, opts.after ?? 0, opts.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    logIndex: r.log_index,
    topic: r.topic,
    status: r.status,
    attempts: r.attempts,
    lastResponseStatus: r.last_status,
    lastError: r.last_error,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deliveredAt: r.delivered_at?.toISOString() ?? null,
  }));
}

/**
 * replayDeliveries re-queues a subscription's deliveries with a fresh attempt
 * budget: those from fromLogIndex on, the listed deliveryIds, or (neither
 * given) every failed one. It re-sends the same Webhook-Id, so a receiver
 * that dedupes must forget the ids it wants again. Returns how many it queued.
 */
export async function replayDeliveries(
  ctx: RegistryContext,
  caller: Caller,
  id: string,
  body: { fromLogIndex?: number; deliveryIds?: number[] },
): Promise<number> {
  await ownSubscription(ctx, caller, id);
  const rows = await ctx.store.query(
    `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $5, updated_at = $5, last_error = NULL
     WHERE subscription_id = $1
       AND (($2::bigint IS NOT NULL AND log_index >= $2) OR ($3::bigint[] IS NOT NULL AND id = ANY($3))
            OR ($2::bigint IS NULL AND $3::bigint[] IS NULL AND status = $4))
     RETURNING id`,
    [id, body.fromLogIndex ?? null, body.deliveryIds ?? null, 'failed', new Date()],
  );
  return rows.length;
}
