/**
 * Gauges read from the database at each scrape: the log's checkpoint (size and age), the
 * outbox's backlog per consumer, webhook deliveries waiting and the oldest one's wait, and
 * the connection pool's use. A scrape while the database does not answer keeps the last
 * values (readiness reports the outage).
 */
import type { Store } from '../store/store.ts';
import { type Collect, gauge } from './metrics.ts';

let source: Store | undefined;

/** fromStore is a collect that reads through the store being measured, if any, and keeps the last values on failure. */
function fromStore(read: (store: Store, set: Parameters<Collect>[0]) => Promise<void> | void): Collect {
  return async (g) => {
    if (source === undefined) return;
    try {
      await read(source, g);
    } catch {
      // The database is away: the gauge keeps its last values; /readyz says why.
    }
  };
}

gauge(
  'hreg_checkpoint_size',
  'Leaves in the latest signed checkpoint',
  [],
  fromStore(async (store, g) => {
    const [head] = await store.query<{ size: number }>('SELECT size FROM log_head WHERE id = 1');
    g.set(head?.size ?? 0);
  }),
);
gauge(
  'hreg_checkpoint_age_seconds',
  'Seconds since the latest checkpoint was signed',
  [],
  fromStore(async (store, g) => {
    const [head] = await store.query<{ age: number }>(
      'SELECT extract(epoch FROM now() - updated_at)::float8 AS age FROM log_head WHERE id = 1',
    );
    g.set(head?.age ?? 0);
  }),
);
gauge(
  'hreg_outbox_backlog',
  'Outbox rows a consumer (webhooks fan-out, nats) has not handled yet',
  ['consumer'],
  fromStore(async (store, g) => {
    const rows = await store.query<{ name: string; backlog: number }>(
      'SELECT c.name, greatest((SELECT coalesce(max(id), 0) FROM outbox) - c.last_id, 0)::int8 AS backlog FROM outbox_cursors c',
    );
    for (const r of rows) g.set({ consumer: r.name }, r.backlog);
  }),
);
gauge(
  'hreg_webhook_deliveries_pending',
  'Webhook deliveries neither delivered nor given up',
  [],
  fromStore(async (store, g) => {
    const [row] = await store.query<{ n: number }>("SELECT count(*)::int8 AS n FROM webhook_deliveries WHERE status = 'pending'");
    g.set(row?.n ?? 0);
  }),
);
gauge(
  'hreg_webhook_delivery_lag_seconds',
  'How long the oldest pending webhook delivery has waited (0 when none waits)',
  [],
  fromStore(async (store, g) => {
    const [row] = await store.query<{ lag: number }>(
      "SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS lag FROM webhook_deliveries WHERE status = 'pending'",
    );
    g.set(row?.lag ?? 0);
  }),
);
gauge(
  'hreg_db_pool_connections',
  'Database pool connections by state (in_use, idle) and callers waiting for one (PostgreSQL)',
  ['state'],
  fromStore((store, g) => {
    const use = store.poolUse?.();
    if (use === undefined) return;
    g.set({ state: 'in_use' }, use.total - use.idle);
    g.set({ state: 'idle' }, use.idle);
    g.set({ state: 'waiting' }, use.waiting);
  }),
);

/** measureStore makes the database gauges read through store from now on; the returned function stops it (at close). */
export function measureStore(store: Store): () => void {
  source = store;
  return () => {
    if (source === store) source = undefined;
  };
}
