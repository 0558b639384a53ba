import { basename, dirname, join } from 'node:path';
import type { LogKeyView } from '../../registry/log/log-keys.ts';
import { clientFrom } from '../api-client.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { CLIENT_FLAGS, LOCAL_FLAGS, PUBLIC_CLIENT_FLAGS } from '../flags.ts';
import type { Flags } from '../flags.ts';
import { t } from '../lang.ts';
import { printJson, printLine, printTable } from '../output.ts';
import { localConfig } from './serve.ts';
import { readFileSync, statSync } from 'node:fs';

/** keys lists the log's signing keys with their validity (GET /v1/log/keys). */
export const keys = defineCommand({
  name: 'hreg log keys',
  summary: 'cli.logKeys.keys.summary',
  flags: PUBLIC_CLIENT_FLAGS,
  details: 'cli.logKeys.keys.details',
  examples: ['hreg log keys', 'hreg log keys --json'],
  async action({ flags, json }) {
    const list = await clientFrom(flags, { anonymous: true }).get<{ origin: string; keys: LogKeyView[] }>('/v1/log/keys');
    if (json) return printJson(list);
    const when = (w: { size: number; time: string } | null) => (w ? `${w.size}, ${w.time}` : '—');
    printTable(
      ['cli.logKeys.col.key', 'cli.logKeys.col.status', 'cli.logKeys.col.from', 'cli.logKeys.col.until'],
      list.keys.map((k) => [k.key, k.status, when(k.from), when(k.until)]),
    );
  },
});

async function openLocal(flags: Flags) {
  const config = localConfig(flags);
  const { openStore, signerKeyPath } = await import('../../registry/open.ts');
  const { migrate } = await import('../../store/migrate.ts');
  const store = await openStore(config);
  await migrate(store);
  return { store, keyPath: signerKeyPath(config), origin: config.origin };
}

const start = defineCommand({
  name: 'hreg log rotate-key start',
  summary: 'cli.logKeys.start.summary',
  flags: LOCAL_FLAGS,
  details: 'cli.logKeys.start.details',
  examples: ['hreg log rotate-key start --data ./data', 'hreg log rotate-key start --database-url postgres://db/hreg --data /etc/hreg'],
  async action({ flags, json }) {
    const { store, keyPath, origin } = await openLocal(flags);
    const { startRotation } = await import('../../registry/log/log-keys.ts');
    try {
      const step = await startRotation(store, keyPath, origin, new Date());
      if (json) return printJson(step);
      printLine(t('cli.logKeys.started', { size: step.size, previous: step.previous, key: step.key }));
    } finally {
      await store.close();
    }
  },
});

const finish = defineCommand({
  name: 'hreg log rotate-key finish',
  summary: 'cli.logKeys.finish.summary',
  flags: LOCAL_FLAGS,
  details: 'cli.logKeys.finish.details',
  examples: ['hreg log rotate-key finish --data ./data'],
  async action({ flags, json }) {
    const { store, keyPath, origin } = await openLocal(flags);
    const { finishRotation } = await import('../../registry/log/log-keys.ts');
    try {
      const step = await finishRotation(store, keyPath, origin, new Date());
      const retired = join(dirname(keyPath), `${basename(keyPath, '.key')}.retired-${step.previous.split('+')[1]}.key`);
      if (json) return printJson({ ...step, retired });
      printLine(t('cli.logKeys.finished', { size: step.size, key: step.key, retired }));
    } finally {
      await store.close();
    }
  },
});

/** rotateKey starts and finishes a rotation of the log's signing key. */
export const rotateKey = defineGroup(
  'hreg log rotate-key',
  'cli.logKeys.rotate.summary',
  { start, finish },
  'hreg log rotate-key start --data ./data',
);

type Witness = { name: string; key: string; registeredAt: string };

const list = defineCommand({
  name: 'hreg log witnesses list',
  summary: 'cli.logWitnesses.list.summary',
  flags: PUBLIC_CLIENT_FLAGS,
  details: 'cli.logWitnesses.list.details',
  examples: ['hreg log witnesses list'],
  async action({ flags, json }) {
    const { items } = await clientFrom(flags, { anonymous: true }).get<{ items: Witness[] }>('/v1/log/witnesses');
    if (json) return printJson({ items });
    printTable(
      ['cli.logWitnesses.col.name', 'cli.logWitnesses.col.key', 'cli.logWitnesses.col.registered'],
      items.map((w) => [w.name, w.key, w.registeredAt]),
    );
  },
});

const add = defineCommand({
  name: 'hreg log witnesses add',
  summary: 'cli.logWitnesses.add.summary',
  flags: { key: { type: 'string', value: 'VKEY', required: true, description: 'cli.logWitnesses.flag.key' }, ...CLIENT_FLAGS },
  details: 'cli.logWitnesses.add.details',
  examples: ['hreg log witnesses add --key witness.gov-zj.example.cn+1a2b3c4d+BK…'],
  async action({ flags, json }) {
    let key = flags.required('key');
    let isFile = false;
    try {
      isFile = statSync(key).isFile();
    } catch {
      // Not a file: the value is the key itself.
    }
    if (isFile) key = readFileSync(key, 'utf8');
    const w = await clientFrom(flags).post<Witness>('/v1/log/witnesses', { key: key.trim() });
    if (json) return printJson(w);
    printLine(t('cli.logWitnesses.added', { name: w.name }));
  },
});

/** witnesses lists and registers the log's witnesses. */
export const witnesses = defineGroup('hreg log witnesses', 'cli.logWitnesses.summary', { list, add }, 'hreg log witnesses list');
