/**
 * The registry's Prometheus metrics (prom-client), one registry per process, served at
 * /metrics (docs/operations.md, Metrics). Modules record through the instruments below;
 * a module with figures of its own (a replica's lag, a witness's last cosignature) adds
 * them with gauge() or counter() under the `hreg_` prefix, once, at load.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** metricsRegistry holds every metric the process exports. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'hreg_process_' });

/** Collect is called at each scrape to set a gauge's current values. */
export type Collect = (g: Gauge<string>) => void | Promise<void>;

/** gauge registers (or returns the already registered) gauge name; collect, when given, sets it at each scrape. */
export function gauge(name: string, help: string, labelNames: readonly string[] = [], collect?: Collect): Gauge<string> {
  const had = metricsRegistry.getSingleMetric(name);
  if (had) return had as Gauge<string>;
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    ...(collect
      ? {
          collect(this: Gauge<string>) {
            return collect(this);
          },
        }
      : {}),
  });
}

/** counter registers (or returns the already registered) counter name. */
export function counter(name: string, help: string, labelNames: readonly string[] = []): Counter<string> {
  const had = metricsRegistry.getSingleMetric(name);
  if (had) return had as Counter<string>;
  return new Counter({ name, help, labelNames, registers: [metricsRegistry] });
}

/** histogram registers (or returns the already registered) histogram name with the given buckets. */
export function histogram(name: string, help: string, buckets: number[], labelNames: readonly string[] = []): Histogram<string> {
  const had = metricsRegistry.getSingleMetric(name);
  if (had) return had as Histogram<string>;
  return new Histogram({ name, help, buckets, labelNames, registers: [metricsRegistry] });
}

/** BATCH_BUCKETS count transactions or items per batch (1 to the largest batch of 64, then beyond). */
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/** metrics are the registry's own instruments. */
export const metrics = {
  /** httpRequests counts answered requests by method, route template and status. */
  httpRequests: counter('hreg_http_requests_total', 'HTTP requests answered, by method, route template and status', [
    'method',
    'route',
    'status',
  ]),
  /** httpDuration times requests by method, route template and status class. */
  httpDuration: histogram(
    'hreg_http_request_duration_seconds',
    'HTTP request latency, by method, route template and status',
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ['method', 'route', 'status'],
  ),
  /** eventsAppended counts leaves appended to the log (committed or not: a rolled-back batch is counted). */
  eventsAppended: counter(
    'hreg_log_leaves_appended_total',
    'Leaves appended to the log by this process (a rolled-back transaction is counted too)',
  ),
  /** groupCommitSize observes how many read-write transactions each PostgreSQL group commit carried. */
  groupCommitSize: histogram('hreg_group_commit_transactions', 'Read-write transactions per PostgreSQL group commit', BATCH_BUCKETS),
  /** coalescedRound observes how many single-event requests each coalesced round carried. */
  coalescedRound: histogram('hreg_coalesced_round_items', 'Single-event requests per coalesced append round', BATCH_BUCKETS),
  /** replicaLagSeconds is each read replica's replay lag, set by the replica router. */
  replicaLagSeconds: gauge('hreg_replica_lag_seconds', 'Replay lag of each read replica behind the primary', ['replica']),
  /** ready is 1 while /readyz answers 200. */
  ready: gauge('hreg_ready', '1 while the server is ready for traffic (/readyz answers 200)'),
};

/** metricsText renders every metric in the Prometheus text format. */
export function metricsText(): Promise<string> {
  return metricsRegistry.metrics();
}

/** METRICS_CONTENT_TYPE is the Prometheus text format's media type. */
export const METRICS_CONTENT_TYPE = metricsRegistry.contentType;
