import { readFileSync, writeFileSync } from 'node:fs';
import { yymmddFromProductionDate } from '../../code/production-date.ts';
import { clientFrom } from '../api-client.ts';
import { defineCommand } from '../command.ts';
import { refusal, usageError } from '../cli-error.ts';
import { CLIENT_FLAGS, type Flags } from '../flags.ts';
import { printFields, printJson, printLine, printTable } from '../output.ts';
import type { IssuedRow } from './production-run-upload.ts';
import type { UnitBody } from '../../contract/schemas.ts';
import { COMPONENT_TYPE, MAX_CHUNK, MODEL_CODE } from '../../contract/limits.ts';
import { msg } from '../../i18n/message.ts';
import { t } from '../lang.ts';

/** TABLE_LIMIT is the most issued codes printed as a table; --out or --json carry them all. */
const TABLE_LIMIT = 1000;

/** parseComponent reads `type:maker:serial[:lot]`. */
function parseComponent(spec: string): UnitBody['components'][number] {
  const parts = spec.split(':').map((s) => s.trim());
  const [type = '', maker = '', serial = '', lot] = parts;
  if (parts.length < 3 || parts.length > 4 || !COMPONENT_TYPE.test(type) || maker === '' || serial === '' || lot === '') {
    throw usageError(t('cli.robots.register.badComponent', { value: spec }));
  }
  return { type, maker, serial, ...(lot ? { lot } : {}) };
}

async function registerOne(flags: Flags, json: boolean): Promise<void> {
  const model = flags.required('model').toUpperCase();
  const productionDate = flags.required('date');
  if (!MODEL_CODE.test(model)) throw usageError(t('cli.robots.register.badModel', { value: model }));
  if (yymmddFromProductionDate(productionDate) === undefined) throw usageError(t('cli.robots.register.badDate', { value: productionDate }));
  const components = flags.all('component').map(parseComponent);
  if (components.length === 0) throw usageError(t('cli.robots.register.noComponents'));
  const firmware = flags.string('firmware');
  const body: UnitBody = { model, productionDate, components, ...(firmware ? { firmware } : {}) };
  const unit = await clientFrom(flags).post<{ code: string; displayCode: string; model: string; productionDate: string; logIndex: number }>(
    '/v1/robots',
    body,
  );
  if (json) return printJson(unit);
  printFields([
    ['cli.field.code', unit.code],
    ['cli.field.displayCode', unit.displayCode],
    ['cli.field.model', unit.model],
    ['cli.field.productionDate', unit.productionDate],
    ['cli.field.logIndex', unit.logIndex],
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
    ['cli.field.row', 'cli.field.code', 'cli.field.displayCode'],
    issued.slice(0, TABLE_LIMIT).map((u) => [u.row, u.code, u.displayCode]),
  );
  if (issued.length > TABLE_LIMIT) printLine(t('cli.robots.register.more', { count: issued.length - TABLE_LIMIT }));
}

async function registerRun(flags: Flags, json: boolean): Promise<void> {
  const path = flags.required('csv');
  const chunk = flags.int('chunk', 1, MAX_CHUNK) ?? MAX_CHUNK;
  const out = flags.string('out');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw usageError(
      t('cli.usage.cannotRead', { flag: '--csv', file: path, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message }),
    );
  }
  // Loaded on demand: the CSV parser and progress bar cost every other command start-up time.
  const { parseProductionRun } = await import('../../contract/production-run-csv.ts');
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
  if (!json)
    printLine(
      out ? t('cli.robots.register.doneOut', { count: issued.length, out }) : t('cli.robots.register.done', { count: issued.length }),
    );
}

/** robotsRegister registers one unit from flags or a production run from a CSV file. */
export const robotsRegister = defineCommand({
  name: 'hreg robots register',
  summary: 'cli.robots.register.summary',
  args: '(--model M --date YYYY-MM-DD --component type:maker:serial[:lot]… | --csv FILE)',
  flags: {
    model: { type: 'string', value: 'M', description: 'cli.robots.register.flag.model' },
    date: { type: 'string', value: 'YYYY-MM-DD', description: 'cli.robots.register.flag.date' },
    component: { type: 'string', multiple: true, value: 'type:maker:serial[:lot]', description: 'cli.robots.register.flag.component' },
    firmware: { type: 'string', value: 'V', description: 'cli.robots.register.flag.firmware' },
    csv: { type: 'string', value: 'FILE', description: 'cli.robots.register.flag.csv' },
    chunk: { type: 'string', value: 'N', description: msg('cli.robots.register.flag.chunk', { max: MAX_CHUNK }) },
    'default-maker': { type: 'string', value: 'NAME', description: 'cli.robots.register.flag.defaultMaker' },
    out: { type: 'string', value: 'FILE', description: 'cli.robots.register.flag.out' },
    ...CLIENT_FLAGS,
  },
  details: ['cli.robots.register.csvFormat', 'cli.robots.register.output'],
  examples: [
    'hreg robots register --model 00002X --date 2026-11-20 --component main_controller:ACME:MC-1 --component battery_pack:VoltCell:BP-1:LOT-7',
    'hreg robots register --csv run-2026-11-20.csv --out codes.csv',
  ],
  async action({ flags, json }) {
    const single = ['model', 'date', 'component'].filter((f) => flags.string(f) !== undefined || flags.all(f).length > 0);
    const runOnly = ['chunk', 'default-maker', 'out'].filter((f) => flags.string(f) !== undefined);
    if (flags.string('csv') !== undefined) {
      if (single.length > 0) throw usageError(t('cli.robots.register.csvAndSingle', { flags: single.map((f) => `--${f}`).join(', ') }));
      return registerRun(flags, json);
    }
    if (runOnly.length > 0) throw usageError(t('cli.robots.register.runOnly', { flags: runOnly.map((f) => `--${f}`).join(', ') }));
    if (single.length === 0) throw usageError(t('cli.robots.register.nothing'));
    return registerOne(flags, json);
  },
});
