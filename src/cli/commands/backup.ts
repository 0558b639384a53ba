import { createReadStream, createWriteStream } from 'node:fs';
import { defineCommand } from '../command.ts';
import { LOCAL_FLAGS } from '../flags.ts';
import { note, printJson, printTable } from '../output.ts';
import { localConfig } from './serve.ts';
import { t } from '../lang.ts';

const progress = (json: boolean) => (table: string, rows: number) => {
  if (!json && process.stderr.isTTY) process.stderr.write(`\r${table}: ${rows} rows   `);
};

/** printRowCounts ends the progress line and prints how many rows each table moved. */
const printRowCounts = (rows: Record<string, number>) => {
  if (process.stderr.isTTY) process.stderr.write('\n');
  printTable(
    ['cli.field.table', 'cli.field.rows'],
    Object.entries(rows).map(([t, n]) => [t, n]),
  );
};

/** exportCommand writes a consistent logical copy of a registry to a file. */
export const exportCommand = defineCommand({
  name: 'hreg export',
  summary: 'cli.export.summary',
  flags: { out: { type: 'string', value: 'FILE', required: true, description: 'cli.export.flag.out' }, ...LOCAL_FLAGS },
  details: 'cli.export.details',
  examples: ['hreg export --data ./data --out registry.ndjson', 'hreg export --database-url postgres://db/hreg --out registry.ndjson'],
  async action({ flags, json }) {
    const config = localConfig(flags);
    const { openRegistry } = await import('../../registry/open.ts');
    const { exportRegistry } = await import('../../store/backup.ts');
    const ctx = await openRegistry(config);
    try {
      const out = createWriteStream(flags.required('out'));
      const summary = await exportRegistry(ctx.store, out, progress(json));
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      if (json) return printJson(summary);
      printRowCounts(summary.rows);
      note(t('cli.export.done', { size: summary.logSize, schema: summary.schemaVersion }));
    } finally {
      await ctx.store.close();
    }
  },
});

/** importCommand restores an export into an empty registry. */
export const importCommand = defineCommand({
  name: 'hreg import',
  summary: 'cli.import.summary',
  args: 'FILE',
  positionals: ['FILE'],
  flags: LOCAL_FLAGS,
  details: 'cli.import.details',
  examples: ['hreg import registry.ndjson --database-url postgres://db/hreg'],
  async action({ flags, arg, json }) {
    const config = localConfig(flags);
    const { openRegistry } = await import('../../registry/open.ts');
    const { importRegistry } = await import('../../store/backup.ts');
    const ctx = await openRegistry(config);
    try {
      const summary = await importRegistry(ctx.store, createReadStream(arg(0)), progress(json));
      if (json) return printJson(summary);
      printRowCounts(summary.rows);
      note(t('cli.import.done', { size: summary.logSize }));
    } finally {
      await ctx.store.close();
    }
  },
});
