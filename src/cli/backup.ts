import { createReadStream, createWriteStream } from 'node:fs';
import { loadConfig } from '../config.ts';
import { usageError } from './cli-error.ts';
import { defineCommand } from './command.ts';
import { LOCAL_FLAGS } from './flags.ts';
import { note, printJson, printTable } from './output.ts';
import { localConfigOverrides } from './serve.ts';
import type { Flags } from './flags.ts';

function configOf(flags: Flags) {
  try {
    return loadConfig(localConfigOverrides(flags));
  } catch (err) {
    throw usageError((err as Error).message);
  }
}

const progress = (json: boolean) => (table: string, rows: number) => {
  if (!json && process.stderr.isTTY) process.stderr.write(`\r${table}: ${rows} rows   `);
};

/** exportCommand writes a consistent logical copy of a registry to a file. */
export const exportCommand = defineCommand({
  name: 'hreg export',
  summary: 'Export the whole registry (one consistent snapshot) as NDJSON, for backup or moving engines',
  flags: { out: { type: 'string', value: 'FILE', required: true, description: 'file to write' }, ...LOCAL_FLAGS },
  details:
    'Opens the database directly: stop a PGlite registry first (it allows one process); PostgreSQL may stay up.\n' +
    'The export holds every table and sequence, but not the log signing key (data/log-signer.key):\n' +
    'back that file up separately. `hreg import` restores into an empty registry on either engine.',
  examples: ['hreg export --data ./data --out registry.ndjson', 'hreg export --database-url postgres://db/hreg --out registry.ndjson'],
  async action({ flags, json }) {
    const config = configOf(flags);
    const { openRegistry } = await import('../registry/open.ts');
    const { exportRegistry } = await import('../store/backup.ts');
    const ctx = await openRegistry(config);
    try {
      const out = createWriteStream(flags.required('out'));
      const summary = await exportRegistry(ctx.store, out, progress(json));
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      if (json) return printJson(summary);
      if (process.stderr.isTTY) process.stderr.write('\n');
      printTable(
        ['Table', 'Rows'],
        Object.entries(summary.rows).map(([t, n]) => [t, n]),
      );
      note(`log size ${summary.logSize}, schema version ${summary.schemaVersion}`);
    } finally {
      await ctx.store.close();
    }
  },
});

/** importCommand restores an export into an empty registry. */
export const importCommand = defineCommand({
  name: 'hreg import',
  summary: 'Restore an export into an empty registry (all or nothing), on PGlite or PostgreSQL',
  args: 'FILE',
  positionals: ['FILE'],
  flags: LOCAL_FLAGS,
  details:
    'Put the original log-signer.key into the target data directory first, so the restored registry\n' +
    'signs with the same key. The import checks row counts and that the log head matches its events.\n' +
    'Then run `hreg audit` against the restored registry.',
  examples: ['hreg import registry.ndjson --database-url postgres://db/hreg'],
  async action({ flags, positionals, json }) {
    const config = configOf(flags);
    const { openRegistry } = await import('../registry/open.ts');
    const { importRegistry } = await import('../store/backup.ts');
    const ctx = await openRegistry(config);
    try {
      const summary = await importRegistry(ctx.store, createReadStream(positionals[0]!), progress(json));
      if (json) return printJson(summary);
      if (process.stderr.isTTY) process.stderr.write('\n');
      printTable(
        ['Table', 'Rows'],
        Object.entries(summary.rows).map(([t, n]) => [t, n]),
      );
      note(`restored; log size ${summary.logSize}. Check it: hreg audit --url <url> --key <vkey>`);
    } finally {
      await ctx.store.close();
    }
  },
});
