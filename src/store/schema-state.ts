import { readdirSync } from 'node:fs';
import { MIGRATION_LOCK } from './migrate.ts';
import { packagePath } from '../package-root.ts';
import type { Store } from './store.ts';

/** SchemaState is how the database's schema stands for this build: current, being migrated, or at another version. */
export type SchemaState = 'current' | 'migrating' | 'behind' | 'ahead';

/** newestMigration is the highest migration version this build carries. */
export function newestMigration(): number {
  const versions = readdirSync(packagePath('src', 'store', 'migrations')).map((f) => Number(/^(\d+)\.do\./.exec(f)?.[1] ?? 0));
  return Math.max(0, ...versions);
}

/**
 * schemaState asks the database whether a migration holds the migration lock now (any
 * server migrating it, this one at start or another in a rolling deploy) and which
 * version it is at, compared with newest (this build's).
 */
export async function schemaState(store: Store, newest: number): Promise<SchemaState> {
  const [row] = await store.query<{ migrating: boolean; version: number | null }>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
                     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                     AND ((classid::bigint << 32) | objid::bigint) = $1) AS migrating,
            (SELECT max(version)::int FROM schema_version) AS version`,
    [MIGRATION_LOCK],
  );
  if (row?.migrating) return 'migrating';
  const version = row?.version ?? 0;
  return version === newest ? 'current' : version < newest ? 'behind' : 'ahead';
}
