import type { Store } from '../store/store.ts';
import type { LogSigner } from './log/log-signer.ts';
import type { FactsCache } from './robots/facts-cache.ts';
import type { ReadSet } from './replicas/read-set.ts';
import { singleQueue, type SingleQueue } from './events/record-event.ts';
import type { ReportPolicy } from '../report/policy.ts';

/** RegistryContext is what every use case needs: the store, the log signer and a clock. */
export interface RegistryContext {
  store: Store;
  signer: LogSigner;
  now: () => Date;
  /** facts caches public reads; writers invalidate it after commit. */
  facts: FactsCache;
  /** singles queues single events, which share a transaction with those that arrive with them. */
  singles: SingleQueue;
  /** reads sends public reads to streaming replicas (DATABASE_REPLICA_URLS); absent, every read goes to store. */
  reads?: ReadSet;
  /** reportPolicy tunes public reports' flood guard (src/report/policy.ts); absent, the defaults. */
  reportPolicy?: ReportPolicy;
}

/**
 * registryContext builds a context with its own queue of single events. Build
 * a changed copy with it too, not with a spread: the queue records with the
 * context it was made for (its store and clock).
 */
export function registryContext(parts: Omit<RegistryContext, 'singles'>): RegistryContext {
  const ctx = { ...parts } as RegistryContext;
  ctx.singles = singleQueue(ctx);
  return ctx;
}
