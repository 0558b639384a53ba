import type { RegistryContext } from '../context.ts';
import { writeEvents, type PendingEvent } from '../events/event-writer.ts';

/** NOTIFY_BATCH is how many units one notifier transaction tells. */
export const NOTIFY_BATCH = 5000;

/**
 * notifyRecallBatch writes `recall_notified` events for up to `limit` units
 * that have not heard of their recall's latest version, in one transaction,
 * and returns how many it told: 0 when nothing is pending, -1 when it only
 * marked a recall as fully told. Several servers
 * may run it at once: each takes a different recall (SKIP LOCKED).
 */
export async function notifyRecallBatch(ctx: RegistryContext, limit = NOTIFY_BATCH): Promise<number> {
  const told = await ctx.store.readWrite(async (tx) => {
    const [recall] = await tx.query<{
      id: string;
      issuer_id: string;
      version: number;
      closed_at: Date | null;
      hazard: string;
      severity: string;
      remedy: string;
      stop_sale: boolean;
      stop_use: boolean;
    }>(
      `SELECT id, issuer_id, version, closed_at, hazard, severity, remedy, stop_sale, stop_use FROM recalls
        WHERE notified_version < version ORDER BY issued_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    if (!recall) return 0;
    const pending = await tx.query<{ robot_code: string }>(
      'SELECT robot_code FROM recall_units WHERE recall_id = $1 AND notified_version < $2 ORDER BY robot_code LIMIT $3',
      [recall.id, recall.version, limit],
    );
    if (pending.length === 0) {
      await tx.query('UPDATE recalls SET notified_version = $2 WHERE id = $1', [recall.id, recall.version]);
      return -1;
    }
    const codes = pending.map((p) => p.robot_code);
    // Lock the units in code order so concurrent batches cannot deadlock, then take a sequence number on each.
    await tx.query('SELECT code FROM robots WHERE code = ANY($1::char(29)[]) ORDER BY code FOR UPDATE', [codes]);
    const now = ctx.now();
    const bumped = await tx.query<{ code: string; version: number; owner_id: string }>(
      'UPDATE robots SET version = version + 1, updated_at = $2 WHERE code = ANY($1::char(29)[]) RETURNING code, version, owner_id',
      [codes, now],
    );
    const change = recall.closed_at ? 'closed' : recall.version === 1 ? 'issued' : 'amended';
    const data = {
      recallId: recall.id,
      recallVersion: recall.version,
      change,
      hazard: recall.hazard,
      severity: recall.severity,
      remedy: recall.remedy,
      stopSale: recall.stop_sale,
      stopUse: recall.stop_use,
    };
    const events: PendingEvent[] = bumped.map((b) => ({
      robotCode: b.code,
      seq: b.version,
      type: 'recall_notified',
      occurredAt: now,
      recordedAt: now,
      actorId: recall.issuer_id,
      ownerId: b.owner_id,
      data,
    }));
    await writeEvents(tx, ctx.signer, events);
    await tx.query(
      `UPDATE recall_units u SET notified_version = $2, notified_seq = COALESCE(u.notified_seq, x.seq)
         FROM unnest($3::char(29)[], $4::int[]) AS x(code, seq) WHERE u.recall_id = $1 AND u.robot_code = x.code`,
      [recall.id, recall.version, bumped.map((b) => b.code), bumped.map((b) => b.version)],
    );
    return bumped.map((b) => b.code);
  });
  if (typeof told === 'number') return told;
  ctx.facts.invalidate(told);
  return told.length;
}

/** notifyAllPending runs batches until every unit of every recall has heard of its latest version. */
export async function notifyAllPending(ctx: RegistryContext, limit = NOTIFY_BATCH): Promise<number> {
  let total = 0;
  for (let n = await notifyRecallBatch(ctx, limit); n !== 0; n = await notifyRecallBatch(ctx, limit)) total += Math.max(n, 0);
  return total;
}

/** startRecallNotifier runs the notifier in the background every intervalMs until stopped. */
export function startRecallNotifier(ctx: RegistryContext, intervalMs = 250): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = notifyAllPending(ctx)
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
