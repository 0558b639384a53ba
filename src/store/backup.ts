import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { RegistryError } from '../errors.ts';
import { msg as problemText } from '../i18n/message.ts';
import type { Store, Tx } from './store.ts';

/**
 * TABLES lists every table of the schema in an order that satisfies its
 * foreign keys; export writes them in this order and import reads them back.
 */
export const TABLES = [
  'registry_meta',
  'participants',
  'api_tokens',
  'certifications',
  'import_mandates',
  'models',
  'model_revisions',
  'software_versions',
  'software_version_decisions',
  'serial_counters',
  'robots',
  'customs_crossings',
  'remanufacture_lineage',
  'condition_brands',
  'insurance_covers',
  'components',
  'component_holdings',
  'component_identity_conflicts',
  'standing_acceptances',
  'ownerships',
  'service_grants',
  'events',
  'personal_data',
  'late_events',
  'log_hashes',
  'log_head',
  'log_keys',
  'log_witnesses',
  'log_cosignatures',
  'idempotency_keys',
  'incidents',
  'public_reports',
  'public_report_personal',
  'report_keys',
  'ota_campaigns',
  'campaign_units',
  'recalls',
  'recall_units',
  'outbox',
  'webhook_subscriptions',
  'webhook_deliveries',
  'outbox_cursors',
  'defect_signals',
] as const;

const FORMAT = 'hreg-export';
const CHUNK = 2000;

/** ExportSummary counts what an export or import moved. */
export interface ExportSummary {
  schemaVersion: number;
  rows: Record<string, number>;
  logSize: number;
}

async function schemaVersion(tx: Pick<Tx, 'query'>): Promise<number> {
  const [row] = await tx.query<{ v: number }>('SELECT max(version)::int AS v FROM schema_version');
  return row?.v ?? 0;
}

function writeLine(out: Writable, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = out.write(JSON.stringify(value) + '\n', (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else out.once('drain', resolve);
  });
}

/**
 * exportRegistry writes a consistent logical copy of the whole registry as
 * NDJSON — one snapshot (REPEATABLE READ), every table, every sequence — that
 * imports into an empty registry on either engine. The log signing key is not
 * in it: back up that file separately.
 */
export async function exportRegistry(
  store: Store,
  out: Writable,
  onProgress?: (table: string, rows: number) => void,
): Promise<ExportSummary> {
  return store.readOnly(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const version = await schemaVersion(tx);
    const [head] = await tx.query<{ size: number }>('SELECT size FROM log_head');
    await writeLine(out, {
      format: FORMAT,
      version: 1,
      schemaVersion: version,
      exportedAt: new Date().toISOString(),
      logSize: head?.size ?? 0,
    });
    const rows: Record<string, number> = {};
    for (const table of TABLES) {
      rows[table] = 0;
      await tx.query(`DECLARE export_cursor NO SCROLL CURSOR FOR SELECT to_jsonb(t) AS r FROM ${table} t`);
      for (;;) {
        const batch = await tx.query<{ r: Record<string, unknown> }>(`FETCH ${CHUNK} FROM export_cursor`);
        if (batch.length === 0) break;
        await writeLine(out, { table, rows: batch.map((b) => b.r) });
        rows[table] += batch.length;
        onProgress?.(table, rows[table]);
      }
      await tx.query('CLOSE export_cursor');
    }
    const sequences = await tx.query<{ sequencename: string; last_value: number | null }>(
      "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename",
    );
    await writeLine(out, { sequences: sequences.map((s) => ({ name: s.sequencename, value: s.last_value })) });
    await writeLine(out, { end: true, rows });
    return { schemaVersion: version, rows, logSize: head?.size ?? 0 };
  });
}

/**
 * importRegistry loads an export into an empty, migrated registry of the same
 * schema version, in one transaction: all of it or nothing.
 */
export async function importRegistry(
  store: Store,
  input: Readable,
  onProgress?: (table: string, rows: number) => void,
): Promise<ExportSummary> {
  const summary = await loadExport(store, input, onProgress);
  // A bulk load: give the planner statistics for the new rows before traffic arrives.
  await store.query('ANALYZE');
  return summary;
}

async function loadExport(store: Store, input: Readable, onProgress?: (table: string, rows: number) => void): Promise<ExportSummary> {
  return store.readWrite(async (tx) => {
    const [used] = await tx.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM participants)::int + (SELECT count(*) FROM robots)::int AS n',
    );
    if ((used?.n ?? 0) > 0) throw new RegistryError('DUPLICATE', problemText('problem.backup.notEmpty'));
    await tx.query('DELETE FROM log_head');
    // Opening the empty registry recorded its key file's key; the export's own key history replaces it.
    await tx.query('DELETE FROM log_keys');
    await tx.query('DELETE FROM outbox_cursors');
    const lines = createInterface({ input, crlfDelay: Infinity });
    type Header = { format?: string; schemaVersion?: number; logSize?: number };
    let header: (Header & { schemaVersion: number }) | undefined;
    let ended = false;
    const rows: Record<string, number> = {};
    for await (const line of lines) {
      if (!line.trim()) continue;
      const msg = JSON.parse(line) as Record<string, unknown>;
      if (!header) {
        const first = msg as Header;
        if (first.format !== FORMAT) throw new RegistryError('INVALID_ARGUMENT', problemText('problem.backup.notExport'));
        const mine = await schemaVersion(tx);
        if (first.schemaVersion !== mine)
          throw new RegistryError('INVALID_ARGUMENT', problemText('problem.backup.schema', { theirs: first.schemaVersion, mine }));
        header = { ...first, schemaVersion: mine };
        continue;
      }
      if (typeof msg.table === 'string') {
        const table = msg.table as (typeof TABLES)[number];
        if (!TABLES.includes(table)) throw new RegistryError('INVALID_ARGUMENT', problemText('problem.backup.table', { table }));
        const batch = msg.rows as unknown[];
        await tx.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [JSON.stringify(batch)]);
        rows[table] = (rows[table] ?? 0) + batch.length;
        onProgress?.(table, rows[table]);
      } else if (Array.isArray(msg.sequences)) {
        for (const s of msg.sequences as { name: string; value: number | null }[]) {
          if (!/^[a-z_][a-z0-9_]*$/.test(s.name))
            throw new RegistryError('INVALID_ARGUMENT', problemText('problem.backup.sequence', { name: s.name }));
          if (s.value !== null) await tx.query(`SELECT setval('${s.name}', $1)`, [s.value]);
        }
      } else if (msg.end === true) {
        const expected = msg.rows as Record<string, number>;
        for (const t of TABLES) {
          if ((expected[t] ?? 0) !== (rows[t] ?? 0))
            throw new RegistryError(
              'INVALID_ARGUMENT',
              problemText('problem.backup.damaged', { table: t, expected: expected[t], read: rows[t] ?? 0 }),
            );
        }
        ended = true;
      }
    }
    if (!header || !ended) throw new RegistryError('INVALID_ARGUMENT', problemText('problem.backup.truncated'));
    const [head] = await tx.query<{ size: number; n: number }>('SELECT size, (SELECT count(*)::int FROM events) AS n FROM log_head');
    if (!head || head.size !== header.logSize || head.n !== head.size) {
      throw new RegistryError(
        'INVALID_ARGUMENT',
        problemText('problem.backup.log', { size: String(head?.size), n: String(head?.n), said: String(header.logSize) }),
      );
    }
    return { schemaVersion: header.schemaVersion, rows, logSize: head.size };
  });
}
