import { join } from 'node:path';
import type { Config } from '../config.ts';
import { migrate } from '../store/migrate.ts';
import { requireDurability } from '../store/durability.ts';
import { openPgliteStore } from '../store/pglite-store.ts';
import { openPostgresStore } from '../store/postgres-store.ts';
import type { Store } from '../store/store.ts';
import { registryContext, type RegistryContext } from './context.ts';
import { FactsCache } from './robots/facts-cache.ts';
import { ensureSignerKeyFile } from './log/log-signer.ts';
import { checkLogKeys, loadLogSigner } from './log/log-keys.ts';

/** signerKeyPath is where the log's private signing key lives. */
export function signerKeyPath(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'log-signer.key');
}

/** openStore opens the configured engine: PostgreSQL when databaseUrl is set, else PGlite in dataDir. */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>): Promise<Store> {
  return config.databaseUrl ? openPostgresStore(config.databaseUrl) : openPgliteStore(join(config.dataDir, 'pglite'));
}

/** openRegistry opens and migrates the store and loads (creating on first run) the log signing key. */
export async function openRegistry(
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'origin'> & Partial<Pick<Config, 'allowUnsafeDurability'>>,
  store?: Store,
): Promise<RegistryContext> {
  const s = store ?? (await openStore(config));
  if (s.engine === 'postgres') {
    try {
      await requireDurability(s, config.allowUnsafeDurability ?? false);
    } catch (err) {
      await s.close();
      throw err;
    }
  }
  await migrate(s);
  const keyPath = signerKeyPath(config);
  ensureSignerKeyFile(keyPath, config.origin);
  // During a key rotation the next key's file sits beside it; both must match log_keys (docs/ledger.md).
  const signer = loadLogSigner(keyPath, config.origin);
  try {
    await checkLogKeys(s, signer, new Date());
  } catch (err) {
    await s.close();
    throw err;
  }
  const facts = new FactsCache();
  // Public answers stay ready while every write is heard: PGlite has no other writer;
  // on PostgreSQL the listener retries in the background if it cannot connect now.
  if (s.engine === 'pglite') facts.soleWriter();
  else await facts.follow(s).catch(() => {});
  return registryContext({ store: s, signer, now: () => new Date(), facts });
}
