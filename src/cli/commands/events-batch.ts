/**
 * `hreg events batch FILE`: record many lifecycle events from an NDJSON file
 * (a fleet's sale, a site's deployment, a service round) through
 * POST /v1/events/batch, in chunks that each hold a unit at most once.
 */
import { must } from '../../must.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { BATCH_TIMEOUT_MS, clientFrom } from '../api-client.ts';
import { defineCommand } from '../command.ts';
import { CliError, usageError } from '../cli-error.ts';
import { CLIENT_FLAGS } from '../flags.ts';
import { note, printJson, printLine, printTable } from '../output.ts';
import { msg } from '../../i18n/message.ts';
import { say, t, word } from '../lang.ts';

/** MAX_EVENT_CHUNK is the registry's batch limit (MAX_EVENT_BATCH). */
const MAX_EVENT_CHUNK = 1_000;

/** EventLine is one event of the file with its line number. */
interface EventLine {
  line: number;
  event: { code: string; type: string; data: Record<string, unknown>; occurredAt?: string; ifMatch?: number };
}

/** parseEventLines reads NDJSON: one JSON object per non-blank line, with a code, a type and (optionally) data. */
export function parseEventLines(text: string): EventLine[] {
  const out: EventLine[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (err) {
      problems.push(`line ${i + 1}: not JSON (${(err as Error).message})`);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof o.code !== 'string' || typeof o.type !== 'string') {
      problems.push(`line ${i + 1}: needs an object with "code" and "type"`);
      return;
    }
    out.push({ line: i + 1, event: { ...(o as EventLine['event']), data: (o.data as Record<string, unknown> | undefined) ?? {} } });
  });
  if (problems.length > 0)
    throw usageError(t('cli.events.batch.badLines', { count: problems.length, lines: problems.slice(0, 20).join('\n  ') }));
  if (out.length === 0) throw usageError(t('cli.events.batch.empty'));
  return out;
}

/** chunkEvents splits events in file order into chunks of at most size, starting a new chunk when a unit repeats, so a unit's later event sees its earlier one. */
export function chunkEvents(lines: readonly EventLine[], size: number): EventLine[][] {
  const chunks: EventLine[][] = [];
  let current: EventLine[] = [];
  let units = new Set<string>();
  for (const l of lines) {
    const unit = l.event.code.replace(/[-\s]/g, '').toUpperCase();
    if (current.length === size || units.has(unit)) {
      chunks.push(current);
      current = [];
      units = new Set();
    }
    current.push(l);
    units.add(unit);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Recorded is one recorded event with its file line. */
interface Recorded {
  line: number;
  code: string;
  type: string;
  seq: number;
  logIndex: number;
}

export const eventsBatch = defineCommand({
  name: 'hreg events batch',
  summary: 'cli.events.batch.summary',
  args: 'FILE',
  positionals: ['FILE'],
  flags: {
    chunk: {
      type: 'string',
      value: 'N',
      description: msg('cli.events.batch.flag.chunk', { max: MAX_EVENT_CHUNK }),
    },
    ...CLIENT_FLAGS,
  },
  details: 'cli.events.batch.details',
  examples: [
    'hreg events batch fleet-sale.ndjson',
    'echo \'{"code":"CN-0A1B-00002X-261120000000001K7","type":"deployed","data":{"site":{"province":"Hubei","city":"Wuhan"},"domain":"healthcare"}}\' > deploy.ndjson && hreg events batch deploy.ndjson --json',
  ],
  async action({ flags, arg, json }) {
    const file = arg(0);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw usageError(t('cli.usage.cannotReadFile', { file, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
    }
    const chunkSize = flags.int('chunk', 1, MAX_EVENT_CHUNK) ?? MAX_EVENT_CHUNK;
    const chunks = chunkEvents(parseEventLines(text), chunkSize);
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const fingerprint = createHash('sha256').update(text).digest('hex').slice(0, 24);
    const client = clientFrom(flags);
    const bar =
      !json && process.stderr.isTTY
        ? new cliProgress.SingleBar(
            { stream: process.stderr, format: say('cli.events.batch.bar'), hideCursor: true },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
    bar?.start(total, 0);
    const recorded: Recorded[] = [];
    let failure: CliError | undefined;
    try {
      for (const [i, chunk] of chunks.entries()) {
        const key = `hreg-batch-${fingerprint}-${chunkSize}-${i}`;
        try {
          const res = await client.post<{ events: { seq: number; type: string; logIndex: number; robot: { code: string } }[] }>(
            '/v1/events/batch',
            { events: chunk.map((l) => l.event) },
            BATCH_TIMEOUT_MS,
            { 'idempotency-key': key },
          );
          res.events.forEach((e, k) => {
            recorded.push({
              line: must(chunk[k], 'the registry answers one event per line sent').line,
              code: e.robot.code,
              type: e.type,
              seq: e.seq,
              logIndex: e.logIndex,
            });
          });
        } catch (err) {
          if (!(err instanceof CliError)) throw err;
          failure = chunkRefusal(err, chunk, i, chunks.length, recorded.length);
          break;
        }
        if (bar) bar.update(recorded.length);
        else if (!json && chunks.length > 1)
          note(t('cli.events.batch.progress', { done: recorded.length, total, chunk: i + 1, chunks: chunks.length }));
      }
    } finally {
      bar?.stop();
    }
    // With --json a failure prints one document: the problem, with the events recorded before it.
    if (json && failure) throw new CliError(failure.code, failure.message, failure.exitCode, { ...failure.problem, recorded });
    if (json) printJson({ recorded });
    else {
      printTable(
        ['cli.field.line', 'cli.field.code', 'cli.field.type', 'cli.field.seq', 'cli.field.logIndex'],
        recorded.slice(0, 1000).map((r) => [r.line, r.code, word('lifecycle.event', r.type), r.seq, r.logIndex]),
      );
      if (recorded.length > 1000) note(t('cli.events.batch.notShown', { count: recorded.length - 1000 }));
      printLine(t('cli.events.batch.done', { done: recorded.length, total }));
    }
    if (failure) throw failure;
  },
});

/** chunkRefusal restates a refused chunk with file lines in place of the API's in-chunk event positions. */
function chunkRefusal(err: CliError, chunk: EventLine[], index: number, chunks: number, before: number): CliError {
  const entries = Array.isArray(err.problem.errors) ? (err.problem.errors as Record<string, unknown>[]) : [];
  const errors = entries.map((e) => {
    const { event, ...rest } = e;
    const at = typeof event === 'number' ? chunk[event] : undefined;
    return at ? { line: at.line, ...rest } : e;
  });
  const first = must(chunk[0], 'a chunk is never empty');
  const last = must(chunk.at(-1), 'a chunk is never empty');
  const where = `chunk ${index + 1} of ${chunks} (lines ${first.line}-${last.line})`;
  const listed = errors.filter((e) => 'line' in e);
  const detail =
    listed.length > 0
      ? `${where} was refused, nothing in it recorded: ${listed.map((e) => `line ${e.line}: ${e.code}: ${e.message}`).join('; ')}`
      : `${where} was refused, nothing in it recorded: ${err.message}`;
  const earlier = before > 0 ? `; the ${before} event(s) of earlier chunks stay recorded` : '';
  return new CliError(err.code, detail + earlier, err.exitCode, { ...err.problem, errors, recorded: before });
}
