import { readFileSync, writeFileSync } from 'node:fs';
import { yymmddFromProductionDate } from '../code/production-date.ts';
import { clientFrom } from './api-client.ts';
import { defineCommand } from './command.ts';
import { refusal, usageError } from './cli-error.ts';
import { CLIENT_FLAGS, type Flags } from './flags.ts';
import { printFields, printJson, printLine, printTable } from './output.ts';
import type { IssuedRow } from './production-run-upload.ts';
import type { UnitBody } from '../contract/schemas.ts';
import { COMPONENT_TYPE, MAX_CHUNK, MODEL_CODE } from '../contract/limits.ts';

/** TABLE_LIMIT is the most issued codes printed as a table; --out or --json carry them all. */
const TABLE_LIMIT = 1000;

const CSV_FORMAT = `Production run CSV (--csv FILE): a header row, then one row per unit:
  model            6-character model code (required)
  production_date  YYYY-MM-DD (required)
  firmware         firmware version (optional column; blank cells take --firmware)
  <type>.serial    serial of the unit's <type> key component, one column per key component type (required)
  <type>.maker     that component's maker (optional column; blank cells take --default-maker)
  <type>.lot       that component's lot (optional)
Every row is checked before anything is sent; if any row is bad, each problem is listed as
row/field/message (the header is row 1, as in a spreadsheet) and nothing is registered (exit 1).
Good runs are sent in chunks of up to --chunk units (default and maximum 10,000), each chunk all
or nothing; if the registry refuses a chunk, its problems are listed by CSV row, earlier chunks
stay registered and their codes are printed (and written to --out).
Example file:
  model,production_date,firmware,main_controller.serial,main_controller.maker,battery_pack.serial,battery_pack.maker,battery_pack.lot
  00002X,2026-11-20,1.4.2,MC-000101,ACME Compute,BP-88001,VoltCell,LOT-7
  00002X,2026-11-20,1.4.2,MC-000102,ACME Compute,BP-88002,VoltCell,LOT-7`;

/** parseComponent reads `type:maker:serial[:lot]`. */
function parseComponent(spec: string): UnitBody['components'][number] {
  const parts = spec.split(':').map((s) => s.trim());
  const [type = '', maker = '', serial = '', lot] = parts;
  if (parts.length < 3 || parts.length > 4 || !COMPONENT_TYPE.test(type) || maker === '' || serial === '' || lot === '') {
    throw usageError(`--component must be type:maker:serial[:lot] with a lower_snake_case type, not "${spec}"`);
  }
  return { type, maker, serial, ...(lot ? { lot } : {}) };
}

async function registerOne(flags: Flags, json: boolean): Promise<void> {
  const model = flags.required('model').toUpperCase();
  const productionDate = flags.required('date');
  if (!MODEL_CODE.test(model)) throw usageError(`--model must be a 6-character model code, not "${model}"`);
  if (yymmddFromProductionDate(productionDate) === undefined)
    throw usageError(`--date must be a real date YYYY-MM-DD from 2000 to 2099, not "${productionDate}"`);
  const components = flags.all('component').map(parseComponent);
  if (components.length === 0) throw usageError('give each key component with --component type:maker:serial[:lot]');
  const firmware = flags.string('firmware');
  const body: UnitBody = { model, productionDate, components, ...(firmware ? { firmware } : {}) };
  const unit = await clientFrom(flags).post<{ code: string; displayCode: string; model: string; productionDate: string; logIndex: number }>(
    '/v1/robots',
    body,
  );
  if (json) return printJson(unit);
  printFields([
    ['Code', unit.code],
    ['Display code', unit.displayCode],
    ['Model', unit.model],
    ['Production date', unit.productionDate],
    ['Log index', unit.logIndex],
  ]);
}

function writeOut(path: string, issued: IssuedRow[]): void {
  // Codes and row numbers are plain alphanumerics: no CSV quoting is needed.
  writeFileSync(path, ['row,code,displayCode', ...issued.map((u) => `${u.row},${u.code},${u.displayCode}`)].join('\n') + '\n');
}

function printIssued(issued: IssuedRow[], json: boolean): void {
  if (json) {
    printJson(issued);
    return;
  }
  printTable(
    ['Row', 'Code', 'Display code'],
    issued.slice(0, TABLE_LIMIT).map((u) => [u.row, u.code, u.displayCode]),
  );
  if (issued.length > TABLE_LIMIT) printLine(`… and ${issued.length - TABLE_LIMIT} more; use --out FILE or --json for every code`);
}

async function registerRun(flags: Flags, json: boolean): Promise<void> {
  const path = flags.required('csv');
  const chunk = flags.int('chunk', 1, MAX_CHUNK) ?? MAX_CHUNK;
  const out = flags.string('out');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw usageError(`--csv: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  // Loaded on demand: the CSV parser and progress bar cost every other command start-up time.
  const { parseProductionRun } = await import('../contract/production-run-csv.ts');
  const { uploadProductionRun } = await import('./production-run-upload.ts');
  const run = parseProductionRun(text, { defaultMaker: flags.string('default-maker'), defaultFirmware: flags.string('firmware') });
  if (run.problems.length > 0) {
    const rows = new Set(run.problems.map((p) => p.row)).size;
    throw refusal('INVALID_CSV', `${path}: ${run.problems.length} problem(s) on ${rows} row(s); nothing was sent`, {
      errors: run.problems,
    });
  }
  const { issued, failure } = await uploadProductionRun(clientFrom(flags), run.rows, chunk, json);
  if (out && issued.length > 0) writeOut(out, issued);
  if (failure) {
    // Show what did register before the refusal, so nobody has to guess which codes exist.
    if (issued.length > 0 && !json) printIssued(issued, false);
    if (json) failure.problem.units = issued;
    throw failure;
  }
  printIssued(issued, json);
  if (!json) printLine(`Registered ${issued.length} unit(s)${out ? `; codes written to ${out}` : ''}.`);
}

/** robotsRegister registers one unit from flags or a production run from a CSV file. */
export const robotsRegister = defineCommand({
  name: 'hreg robots register',
  summary: 'Register one unit, or a production run from a CSV file (manufacturer)',
  args: '(--model M --date YYYY-MM-DD --component type:maker:serial[:lot]… | --csv FILE)',
  flags: {
    model: { type: 'string', value: 'M', description: 'model code (one unit)' },
    date: { type: 'string', value: 'YYYY-MM-DD', description: 'production date (one unit)' },
    component: { type: 'string', multiple: true, value: 'type:maker:serial[:lot]', description: 'a key component (one unit)' },
    firmware: { type: 'string', value: 'V', description: 'firmware version (with --csv: for rows whose firmware is blank)' },
    csv: { type: 'string', value: 'FILE', description: 'register a production run from FILE (format below)' },
    chunk: { type: 'string', value: 'N', description: `units per batch request, 1 to ${MAX_CHUNK} (default ${MAX_CHUNK})` },
    'default-maker': { type: 'string', value: 'NAME', description: 'component maker for CSV rows without one' },
    out: { type: 'string', value: 'FILE', description: 'with --csv: also write row,code,displayCode to FILE' },
    ...CLIENT_FLAGS,
  },
  details: `${CSV_FORMAT}\n\nOutput: the issued codes as a table (row, code, display code), or with --json the unit object\n(one unit) or an array of {row, code, displayCode, logIndex} (--csv).`,
  examples: [
    'hreg robots register --model 00002X --date 2026-11-20 --component main_controller:ACME:MC-1 --component battery_pack:VoltCell:BP-1:LOT-7',
    'hreg robots register --csv run-2026-11-20.csv --out codes.csv',
  ],
  async action({ flags, json }) {
    const single = ['model', 'date', 'component'].filter((f) => flags.string(f) !== undefined || flags.all(f).length > 0);
    const runOnly = ['chunk', 'default-maker', 'out'].filter((f) => flags.string(f) !== undefined);
    if (flags.string('csv') !== undefined) {
      if (single.length > 0) throw usageError(`--csv registers a production run; drop ${single.map((f) => `--${f}`).join(', ')}`);
      return registerRun(flags, json);
    }
    if (runOnly.length > 0) throw usageError(`${runOnly.map((f) => `--${f}`).join(', ')} only go with --csv`);
    if (single.length === 0) throw usageError('give --model, --date and --component for one unit, or --csv FILE for a production run');
    return registerOne(flags, json);
  },
});
