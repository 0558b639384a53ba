/**
 * The soak's child-process server (`--server child`): the registry app over
 * openRegistry on the given database, answering memory probes over IPC so the
 * server's rss/heap are measured apart from the load generator.
 */
import { FactsCache } from '../src/registry/robots/facts-cache.ts';
import { openRegistry } from '../src/registry/open.ts';
import { BENCH_ORIGIN } from './database.ts';
import { listenApp } from './mixed.ts';
import { cacheEntries } from './soak.ts';

const [url, dataDir, factsCache] = process.argv.slice(2);
if (!url || !dataDir || !process.send) throw new Error('usage: forked by bench/soak.ts with <database url> <signer dir>');
const ctx = await openRegistry({ dataDir, databaseUrl: url, origin: BENCH_ORIGIN });
if (factsCache) ctx.facts = new FactsCache({ max: Number(factsCache) });
const { app, base } = await listenApp(ctx);
process.send({ type: 'listening', base });
process.on('message', (m: { type: string }) => {
  if (m.type === 'mem') {
    const u = process.memoryUsage();
    process.send!({ type: 'mem', rss: u.rss, heapUsed: u.heapUsed, cacheEntries: cacheEntries(ctx.facts) });
  } else if (m.type === 'close') {
    void app
      .close()
      .then(() => ctx.store.close())
      .finally(() => process.exit(0));
  }
});
