import Postgrator from 'postgrator';
import { packagePath } from '../package-root.ts';
import type { Store } from './store.ts';
import { backfillPartIdentity, PART_IDENTITY_MIGRATION } from './part-identity-backfill.ts';
import { backfillNameKeys, NAME_KEY_MIGRATION } from './name-key-backfill.ts';

const MIGRATIONS = packagePath('src', 'store', 'migrations', '*.sql');
// Any fixed number: two servers starting at once on one PostgreSQL migrate one after the other.
/** MIGRATION_LOCK is the advisory lock a migration holds; readiness reports a migration while another session holds it. */
export const MIGRATION_LOCK = 7_464_726_5;

/**
 * migrate brings the schema to the newest version with Postgrator, the same
 * SQL files on both engines, or to `target` (tests of a migration over older
 * rows). It returns the versions it applied.
 */
export async function migrate(store: Store, target?: string): Promise<number[]> {
  return store.readWrite(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const postgrator = new Postgrator({
      migrationPattern: MIGRATIONS,
      driver: 'pg',
      schemaTable: 'schema_version',
      validateChecksums: true,
      // Postgrator hands whole scripts; both engines accept multi-statement
      // text without parameters. Run inside the locking transaction.
      execQuery: async (query: string) => ({ rows: await tx.script(query) }),
    });
    const applied = (await postgrator.migrate(target)).map((m) => Number(m.version));
    // 008's canonical identities come from the TypeScript definition, in this same transaction.
    if (applied.includes(PART_IDENTITY_MIGRATION)) await backfillPartIdentity(tx, new Date());
    // 012's name keys likewise.
    if (applied.includes(NAME_KEY_MIGRATION)) await backfillNameKeys(tx);
    return applied;
  });
}
