import Table from 'cli-table3';

/** Cell is one printable value of a result row. */
export type Cell = string | number | boolean | null;

/** ResultTable is one titled table of a scenario's figures, printed as text or JSON. */
export interface ResultTable {
  title: string;
  rows: Record<string, Cell>[];
  notes?: string[];
}

/** fmt rounds a figure for the text tables; JSON output keeps full precision. */
export function fmt(v: Cell): string {
  if (typeof v !== 'number') return v === null ? '-' : String(v);
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (Number.isInteger(v) || abs >= 100) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(abs >= 10 ? 1 : abs >= 1 ? 2 : 3);
}

/** printTables writes the tables to stdout: text by default, one JSON document with json. */
export function printTables(scenario: string, tables: ResultTable[], json: boolean, meta: Record<string, unknown> = {}): void {
  if (json) {
    process.stdout.write(JSON.stringify({ scenario, ...meta, tables }, null, 2) + '\n');
    return;
  }
  for (const t of tables) {
    const head = [...new Set(t.rows.flatMap((r) => Object.keys(r)))];
    const table = new Table({ head, style: { head: [], border: [] } });
    for (const r of t.rows) table.push(head.map((h) => fmt(r[h] ?? null)));
    process.stdout.write(`\n${t.title}\n${table.toString()}\n`);
    for (const n of t.notes ?? []) process.stdout.write(`  * ${n}\n`);
  }
}

/** progress writes one status line to stderr, keeping stdout for results. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** ticker prints a progress line every few seconds during a long phase; call the result to stop it. */
export function ticker(label: string, seconds: number, everyMs = 5000): () => void {
  const started = Date.now();
  const timer = setInterval(() => {
    const done = (Date.now() - started) / 1000;
    progress(`${label}: ${done.toFixed(0)}/${seconds}s`);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
