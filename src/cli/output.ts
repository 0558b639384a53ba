import Table from 'cli-table3';
import { displayCode, isWellFormedCode } from '../code/index.ts';
import type { CliError } from './cli-error.ts';
import { say, t, type Text } from './lang.ts';

/** Cell is what a table cell may show; null prints as a dash. */
export type Cell = string | number | boolean | null | undefined;

const cell = (v: Cell): string => (v === null || v === undefined || v === '' ? '-' : String(v));
// No colours: output is often piped or logged, and ANSI codes would corrupt it.
const plain = { head: [], border: [] };

/** printJson writes one compact JSON document and a newline to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

/** printLine writes a line of human output to stdout. */
export function printLine(text = ''): void {
  process.stdout.write(text + '\n');
}

/** note writes a line for people to stderr, keeping stdout for results. */
export function note(text: string): void {
  process.stderr.write(text + '\n');
}

/** printTable prints rows under a header (in the run's language) as a table. */
export function printTable(head: Text[], rows: Cell[][]): void {
  const table = new Table({ head: head.map(say), style: plain });
  for (const r of rows) table.push(r.map(cell));
  printLine(table.toString());
}

/** printFields prints label/value pairs as a two-column table; labels are in the run's language. */
export function printFields(fields: [Text, Cell][]): void {
  const table = new Table({ style: plain });
  for (const [k, v] of fields) table.push({ [say(k)]: cell(v) });
  printLine(table.toString());
}

/** describeEntry says one `errors[]` entry of a problem on one line, whatever its shape. */
export function describeEntry(e: unknown): string {
  if (typeof e !== 'object' || e === null) return String(e);
  const o = e as Record<string, unknown>;
  const where = [
    o.row !== undefined ? t('cli.output.row', { row: String(o.row) }) : undefined,
    o.row === undefined && o.unit !== undefined ? t('cli.output.unit', { unit: String(o.unit) }) : undefined,
    o.field !== undefined ? String(o.field) : undefined,
    o.rule !== undefined ? String(o.rule) : undefined,
    o.code !== undefined ? String(o.code) : undefined,
  ].filter((x) => x !== undefined);
  const message = o.message ?? o.detail ?? JSON.stringify(o);
  return where.length > 0 ? `${where.join(': ')}: ${String(message)}` : String(message);
}

// A suggestion is a valid code from the registry; anything else is printed as it came.
const grouped = (code: string): string => (isWellFormedCode(code) ? displayCode(code) : code);

/** ShownName is a maker's or model's name as a candidate carries it. */
interface ShownName {
  name: string;
  nameEn?: string;
}

/** ShownCandidate is one "did you mean" candidate of an INVALID_CODE problem (the API's `candidates`). */
export interface ShownCandidate {
  code: string;
  registered: boolean;
  maker?: ShownName;
  model?: ShownName;
}

const nameOf = (v: unknown): ShownName | undefined => {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.name !== 'string') return undefined;
  return typeof o.nameEn === 'string' && o.nameEn !== '' ? { name: o.name, nameEn: o.nameEn } : { name: o.name };
};

/** candidatesOf reads a problem's `candidates`, skipping anything not shaped like one. */
export function candidatesOf(v: unknown): ShownCandidate[] {
  if (!Array.isArray(v)) return [];
  const out: ShownCandidate[] = [];
  for (const c of v) {
    if (typeof c !== 'object' || c === null) continue;
    const o = c as Record<string, unknown>;
    if (typeof o.code !== 'string') continue;
    out.push({ code: o.code, registered: o.registered === true, maker: nameOf(o.maker), model: nameOf(o.model) });
  }
  return out;
}

const both = (n: ShownName | undefined): string => (n ? (n.nameEn ? `${n.name} (${n.nameEn})` : n.name) : '-');

/**
 * candidateLines says "did you mean" with the ranked candidates: a registered one with its
 * maker and model beside it, the codes nobody registered under a heading that says so.
 */
export function candidateLines(candidates: readonly ShownCandidate[], suggestions: number): string[] {
  const registered = candidates.some((c) => c.registered);
  const lines = [registered ? t('cli.output.didYouMean') : t('cli.output.didYouMeanUnregistered')];
  for (const c of candidates) {
    lines.push(
      c.registered
        ? `  ${grouped(c.code)}  ${t('cli.output.registeredCandidate', { maker: both(c.maker), model: both(c.model) })}`
        : `  ${grouped(c.code)}`,
    );
  }
  const more = suggestions - candidates.length;
  if (more > 0) lines.push(`  ${t(registered ? 'cli.output.moreCodesNoneRegistered' : 'cli.output.moreCodes', { count: more })}`);
  return lines;
}

/** MAX_ERROR_LINES caps the `errors[]` entries printed to a terminal; --json carries them all. */
const MAX_ERROR_LINES = 50;

/** reportError writes `error: CODE: detail`, the problem's entries and suggestions to stderr; with json, the problem also goes to stdout. */
export function reportError(err: CliError, json: boolean): void {
  const lines = [t('cli.output.error', { code: err.code, detail: err.message })];
  const entries = Array.isArray(err.problem.errors) ? err.problem.errors : [];
  for (const e of entries.slice(0, MAX_ERROR_LINES)) lines.push(`  - ${describeEntry(e)}`);
  if (entries.length > MAX_ERROR_LINES) lines.push(`  ${t('cli.output.moreErrors', { count: entries.length - MAX_ERROR_LINES })}`);
  const suggestions = Array.isArray(err.problem.suggestions) ? err.problem.suggestions : [];
  const candidates = candidatesOf(err.problem.candidates);
  if (candidates.length > 0) lines.push(...candidateLines(candidates, suggestions.length));
  else if (suggestions.length > 0) lines.push(t('cli.output.didYouMean'), ...suggestions.map((c) => `  ${grouped(String(c))}`));
  process.stderr.write(lines.join('\n') + '\n');
  if (json) printJson(err.problem);
}
