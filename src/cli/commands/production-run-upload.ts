import { must } from '../../must.ts';
import cliProgress from 'cli-progress';
import { BATCH_TIMEOUT_MS, type RegistryClient } from '../api-client.ts';
import { CliError } from '../cli-error.ts';
import { note } from '../output.ts';
import type { RunRow } from '../../contract/production-run-csv.ts';
import { say, t } from '../lang.ts';

/** IssuedRow is a registered unit with the CSV row it came from. */
export interface IssuedRow {
  row: number;
  code: string;
  displayCode: string;
  logIndex: number;
}

/** Upload is the outcome of a production run: the rows registered, and the refusal that stopped it, if any. */
export interface Upload {
  issued: IssuedRow[];
  failure?: CliError;
}

interface Progress {
  advance(done: number, chunk: number): void;
  stop(): void;
}

/** progressFor draws a bar on a terminal; elsewhere (or with --json) it prints a plain line per chunk to stderr. */
function progressFor(total: number, chunks: number, json: boolean): Progress {
  if (!json && process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: say('cli.robots.register.bar'),
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { chunk: 0, chunks });
    return { advance: (done, chunk) => bar.update(done, { chunk }), stop: () => bar.stop() };
  }
  return {
    advance: (done, chunk) => {
      if (chunks > 1) note(t('cli.robots.register.progress', { done, total, chunk, chunks }));
    },
    stop: () => {},
  };
}

/** chunkRefusal restates a refused chunk with CSV row numbers in place of the API's in-chunk unit indexes. */
function chunkRefusal(err: CliError, chunk: RunRow[], index: number, chunks: number, registeredBefore: number): CliError {
  const entries = Array.isArray(err.problem.errors) ? (err.problem.errors as Record<string, unknown>[]) : [];
  const errors = entries.map((e) => {
    const unit = typeof e.unit === 'number' ? e.unit : undefined;
    const { unit: _unit, ...rest } = e;
    const at = unit === undefined ? undefined : chunk[unit];
    return at ? { row: at.row, ...rest } : e;
  });
  const rows = `rows ${must(chunk[0], 'a chunk is never empty').row}-${must(chunk.at(-1), 'a chunk is never empty').row}`;
  const where = chunks > 1 ? `chunk ${index + 1} of ${chunks} (${rows})` : `the production run (${rows})`;
  const unitsAt = errors.filter((e) => 'row' in e).length;
  const detail =
    unitsAt > 0
      ? `${where} was refused, nothing in it registered: ${unitsAt} problem(s) listed by CSV row`
      : `${where} was refused, nothing in it registered: ${err.message}`;
  const before = registeredBefore > 0 ? `; the ${registeredBefore} unit(s) of earlier chunks stay registered` : '';
  return new CliError(err.code, detail + before, err.exitCode, { ...err.problem, errors, registered: registeredBefore });
}

/** uploadProductionRun sends rows in chunks of up to chunkSize (each all or nothing) and stops at the first refused chunk. */
export async function uploadProductionRun(client: RegistryClient, rows: RunRow[], chunkSize: number, json: boolean): Promise<Upload> {
  const chunks: RunRow[][] = [];
  for (let i = 0; i < rows.length; i += chunkSize) chunks.push(rows.slice(i, i + chunkSize));
  const progress = progressFor(rows.length, chunks.length, json);
  const issued: IssuedRow[] = [];
  try {
    for (const [i, chunk] of chunks.entries()) {
      let res: { units: { code: string; displayCode: string; logIndex: number }[] };
      try {
        res = await client.post('/v1/robots/batch', { units: chunk.map((r) => r.unit) }, BATCH_TIMEOUT_MS);
      } catch (err) {
        if (!(err instanceof CliError)) throw err;
        return { issued, failure: chunkRefusal(err, chunk, i, chunks.length, issued.length) };
      }
      res.units.forEach((u, k) => {
        issued.push({
          row: must(chunk[k], 'the registry answers one unit per row sent').row,
          code: u.code,
          displayCode: u.displayCode,
          logIndex: u.logIndex,
        });
      });
      progress.advance(issued.length, i + 1);
    }
  } finally {
    progress.stop();
  }
  return { issued };
}
