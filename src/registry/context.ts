import type { Store } from '../store/store.ts';
import type { LogSigner } from './log/log-signer.ts';
import type { FactsCache } from './robots/facts-cache.ts';

/** RegistryContext is what every use case needs: the store, the log signer and a clock. */
export interface RegistryContext {
  store: Store;
  signer: LogSigner;
  now: () => Date;
  /** facts caches public reads; writers invalidate it after commit. */
  facts: FactsCache;
}
