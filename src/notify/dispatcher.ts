import type { RegistryContext } from '../registry/context.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { claimDue, recordOutcome, send, type DeliveryTuning } from './deliver.ts';
import { fanOut } from './fan-out.ts';
import { openNatsPublisher, type NatsPublisher } from './nats-publisher.ts';
import type { Resolver } from './post-webhook.ts';
import { STRICT_TARGETS, type WebhookTargets } from './webhook-targets.ts';

/** DispatcherLog is the slice of a pino/Fastify logger the dispatcher writes to. */
export interface DispatcherLog {
  warn(obj: object, msg: string): void;
}

/** DispatcherOptions tune the dispatcher; every field has a production default. */
export interface DispatcherOptions {
  /** pollMs is the pause between cycles when there was nothing to do (default 500). */
  pollMs?: number;
  /** batch is how many deliveries one cycle claims and sends in parallel (default 32). */
  batch?: number;
  /** timeoutMs bounds one webhook POST (default 5000). */
  timeoutMs?: number;
  backoff?: BackoffPolicy;
  /** natsUrl, when set, also publishes every outbox row to JetStream. */
  natsUrl?: string;
  /** drainHorizonMs: drain() waits out retries falling due within this many ms (default 10000). */
  drainHorizonMs?: number;
  log?: DispatcherLog;
  /** targets allows internal webhook addresses (default: none, config.ts HREG_WEBHOOK_ALLOW_*). */
  targets?: WebhookTargets;
  /** resolve looks host names up for deliveries (default node:dns). */
  resolve?: Resolver;
}

/** Dispatcher is a running dispatcher loop. */
export interface Dispatcher {
  /** stop ends the loop after the cycle in flight and closes the NATS connection. */
  stop(): Promise<void>;
  /** drain runs cycles until the outbox is fanned out and published and no delivery falls due within drainHorizonMs. */
  drain(): Promise<void>;
}

const NATS_RETRY_MS = 5_000;
const quiet: DispatcherLog = { warn: () => undefined };
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/**
 * startDispatcher starts the loop that tells people: each cycle fans new
 * outbox rows out to webhook deliveries, publishes them to NATS when
 * configured, and sends the deliveries that are due. Delivery is at least
 * once: a row is marked delivered only after the receiver answered 2xx.
 */
export function startDispatcher(ctx: RegistryContext, opts: DispatcherOptions = {}): Dispatcher {
  const store = ctx.store;
  const log = opts.log ?? quiet;
  const pollMs = opts.pollMs ?? 500;
  const horizon = opts.drainHorizonMs ?? 10_000;
  const tuning: DeliveryTuning = {
    batch: opts.batch ?? 32,
    timeoutMs: opts.timeoutMs ?? 5_000,
    backoff: opts.backoff ?? DEFAULT_BACKOFF,
    targets: opts.targets ?? STRICT_TARGETS,
    resolve: opts.resolve,
  };
  let nats: NatsPublisher | undefined;
  let natsRetryAt = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // Cycles run one at a time, whether from the loop or from drain().
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => undefined);
    return p;
  };

  async function publishNats(): Promise<number> {
    if (!opts.natsUrl) return 0;
    if (!nats) {
      if (Date.now() < natsRetryAt) return 0;
      try {
        nats = await openNatsPublisher(store, opts.natsUrl);
      } catch (err) {
        natsRetryAt = Date.now() + NATS_RETRY_MS;
        log.warn({ err }, `NATS at ${opts.natsUrl} is unreachable; events stay in the outbox until it is back`);
        return 0;
      }
    }
    try {
      return await nats.publishNext();
    } catch (err) {
      natsRetryAt = Date.now() + NATS_RETRY_MS;
      log.warn({ err }, 'publishing to NATS failed; will retry');
      return 0;
    }
  }

  /** cycle does one round of work and tells whether there was any. */
  async function cycle(): Promise<boolean> {
    const fanned = await fanOut(store);
    const published = await publishNats();
    const claimed = await claimDue(store, new Date(), tuning);
    await Promise.all(claimed.map(async (d) => recordOutcome(store, d, await send(d, tuning, new Date()), new Date(), tuning)));
    return fanned + published + claimed.length > 0;
  }

  function schedule(ms: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      serial(cycle).then(
        (busy) => schedule(busy ? 0 : pollMs),
        (err) => {
          log.warn({ err }, 'webhook dispatcher cycle failed; retrying');
          schedule(pollMs);
        },
      );
    }, ms);
  }
  schedule(0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await chain;
      await nats?.close().catch(() => undefined);
      nats = undefined;
    },
    async drain() {
      for (;;) {
        if (await serial(cycle)) continue;
        const [row] = await store.query<{ due: Date | null }>(
          `SELECT min(d.next_attempt_at) AS due FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
           WHERE d.status = 'pending' AND s.deleted_at IS NULL`,
        );
        if (!row?.due) return;
        const wait = row.due.getTime() - Date.now();
        if (wait > horizon) return;
        await sleep(Math.max(wait, 5));
      }
    },
  };
}
