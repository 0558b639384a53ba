import pg from 'pg';
import { generateSignerKey } from '../src/ledger/index.ts';
import { registryContext, type RegistryContext } from '../src/registry/context.ts';
import { FactsCache } from '../src/registry/robots/facts-cache.ts';
import { createLogSigner, type LogSigner } from '../src/registry/log/log-signer.ts';
import type { Store } from '../src/store/store.ts';

/** DEFAULT_SERVER is the benchmark PostgreSQL server; each scenario uses its own database on it. */
export const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/** BENCH_ORIGIN names the benchmark log in its checkpoints. */
export const BENCH_ORIGIN = 'bench.humanoid-registry.local/log';

/** withDatabase returns url pointing at database name. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** databaseName is the database a URL names. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`benchmark database name must be a plain identifier, got "${name}"`);
  return name;
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** databaseExists tells whether the database url names exists. */
export function databaseExists(url: string): Promise<boolean> {
  const name = databaseName(url);
  return withAdmin(url, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

/** recreateDatabase drops (forcing out other sessions) and creates the database url names. */
export async function recreateDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withAdmin(url, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
}

/** dropDatabase drops the database url names (forcing out other sessions). */
export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withAdmin(url, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

/** serverSettings reads the durability and memory settings that shape the figures. */
export async function serverSettings(query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<Record<string, string>> {
  const names = [
    'server_version',
    'fsync',
    'synchronous_commit',
    'wal_sync_method',
    'full_page_writes',
    'commit_delay',
    'shared_buffers',
    'max_connections',
  ];
  const out: Record<string, string> = {};
  for (const n of names) out[n] = String((await query(`SHOW ${n}`))[0]?.[n]);
  return out;
}

/** benchSigner is a throw-away checkpoint signer for the benchmark log, with its verifier key. */
export function benchSigner(): { signer: LogSigner; verifierKey: string } {
  const { signerKey, verifierKey } = generateSignerKey(BENCH_ORIGIN);
  return { signer: createLogSigner(BENCH_ORIGIN, signerKey), verifierKey };
}

/** benchContext builds a registry context over store with a throw-away checkpoint signing key. */
export function benchContext(store: Store, signed = benchSigner()): RegistryContext & { verifierKey: string } {
  return Object.assign(registryContext({ store, signer: signed.signer, now: () => new Date(), facts: new FactsCache() }), {
    verifierKey: signed.verifierKey,
  });
}
