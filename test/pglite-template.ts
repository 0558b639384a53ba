import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from '../src/store/migrate.ts';
import { openPgliteStore, type PgliteStore } from '../src/store/pglite-store.ts';

// Creating an embedded database runs PGlite's initdb, about 5 s of CPU, and migrating it another
// second; loading a dumped data directory costs 0.7 s. The suite opens a database per test
// registry, so its PGlite lane opens them from one migrated template, dumped once per schema
// version and shared by every test process through a file.

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** SCHEMA_SOURCES are what the migrated schema is made of: the SQL files and the code that runs them and their backfills. */
const SCHEMA_SOURCES = join(ROOT, 'src', 'store');

/** schemaDigest names the schema a template holds: a digest of the store's sources and PGlite's version. */
function schemaDigest(): string {
  const hash = createHash('sha256');
  const pglite = JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  hash.update(`pglite ${pglite.version}\n`);
  for (const f of readdirSync(SCHEMA_SOURCES, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!/\.(sql|ts)$/.test(f)) continue;
    hash.update(`${f}\n`).update(readFileSync(join(SCHEMA_SOURCES, f)));
  }
  return hash.digest('hex').slice(0, 16);
}

let template: Promise<Blob> | undefined;

/** migratedTemplate is a migrated, empty database's data directory: read from the shared file, or made and written there. */
function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const dir = join(tmpdir(), 'hreg-test-templates');
    const file = join(dir, `pglite-${schemaDigest()}.tar`);
    try {
      return new Blob([readFileSync(file)]);
    } catch {
      const store = await openPgliteStore();
      await migrate(store);
      const dump = await store.dumpDataDir();
      await store.close();
      mkdirSync(dir, { recursive: true });
      // Written aside and renamed into place, so a process reading at the same time sees all of it or none.
      const aside = `${file}.${process.pid}`;
      writeFileSync(aside, Buffer.from(await dump.arrayBuffer()));
      renameSync(aside, file);
      return dump;
    }
  })();
  return template;
}

/** openMigratedPglite opens an in-memory PGlite database at the newest schema, from the shared template. */
export async function openMigratedPglite(): Promise<PgliteStore> {
  return openPgliteStore(undefined, { from: await migratedTemplate() });
}
