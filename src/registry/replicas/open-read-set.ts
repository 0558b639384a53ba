import { openPostgresStore } from '../../store/postgres-store.ts';
import type { RegistryContext } from '../context.ts';
import { ReadSet } from './read-set.ts';

/**
 * openReadSet connects to each replica (lazily: one that is down now joins the
 * read set when a probe finds it current), probes them once and keeps probing.
 * A replica is connected with a timeout of the staleness bound, so a silent
 * host costs a read no more than that before it falls back to the primary.
 */
export async function openReadSet(primary: RegistryContext, urls: string[], maxLagMs: number): Promise<ReadSet> {
  const stores = await Promise.all(
    urls.map((url) => openPostgresStore(url, { lazy: true, connectTimeoutMs: maxLagMs, groupCommit: false })),
  );
  const reads = new ReadSet(primary, stores, { maxLagMs });
  await reads.start();
  return reads;
}
