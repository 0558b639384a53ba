import { parse } from 'csv-parse/sync';
import { yymmddFromProductionDate } from '../code/production-date.ts';
import { COMPONENT_TYPE, MAX_TEXT, MODEL_CODE } from './limits.ts';
import { english, type Message, msg } from '../i18n/message.ts';
import type { UnitBody } from './schemas.ts';

/** RunRow is a CSV row that passed the local checks, with its row number (the header is row 1). */
export interface RunRow {
  row: number;
  unit: UnitBody;
}

/** RowProblem is one bad field of one row; row 1 is the header. */
export interface RowProblem {
  row: number;
  field: string;
  /** message says what is wrong in English; text says it as a catalogue message, for the reader's language. */
  message: string;
  text: Message;
}

/** problem is a row problem whose sentence comes from the catalogue. */
const problem = (row: number, field: string, text: Message): RowProblem => ({ row, field, message: english(text), text });

const TYPE_COLUMNS = { typeSerial: '<type>.serial', typeMaker: '<type>.maker', typeLot: '<type>.lot' };

/** ProductionRun is a parsed CSV: the rows to send, or every problem found. */
export interface ProductionRun {
  rows: RunRow[];
  problems: RowProblem[];
}

/** ProductionRunOptions fill blank cells. */
export interface ProductionRunOptions {
  /** defaultMaker is the component maker where a `<type>.maker` column is absent or blank. */
  defaultMaker?: string;
  /** defaultFirmware is the firmware where the `firmware` column is absent or blank. */
  defaultFirmware?: string;
}

const BASE_COLUMNS = new Set(['model', 'production_date', 'firmware']);
const PARTS = new Set(['serial', 'maker', 'lot']);

/** checkHeader reads the component types from the header, reporting every bad or missing column. */
function checkHeader(header: string[], opts: ProductionRunOptions): { types: string[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const bad = (field: string, text: Message) => problems.push(problem(1, field, text));
  const seen = new Set<string>();
  const types = new Map<string, Set<string>>();
  for (const name of header) {
    if (seen.has(name)) bad(name, msg('csv.columnTwice'));
    seen.add(name);
    if (BASE_COLUMNS.has(name)) continue;
    const dot = name.lastIndexOf('.');
    const type = name.slice(0, dot);
    const part = name.slice(dot + 1);
    if (dot < 0 || !PARTS.has(part)) bad(name, msg('csv.unknownColumn', TYPE_COLUMNS));
    else if (!COMPONENT_TYPE.test(type)) bad(name, msg('csv.typeCase', { type }));
    else types.set(type, (types.get(type) ?? new Set()).add(part));
  }
  for (const required of ['model', 'production_date']) if (!seen.has(required)) bad(required, msg('csv.requiredMissing'));
  for (const [type, parts] of types) {
    if (!parts.has('serial')) bad(`${type}.serial`, msg('csv.serialColumnMissing'));
    if (!parts.has('maker') && !opts.defaultMaker) bad(`${type}.maker`, msg('csv.makerColumnMissing'));
  }
  if (types.size === 0) bad('<type>.serial', msg('csv.noComponents', { typeSerial: TYPE_COLUMNS.typeSerial }));
  return { types: [...types.keys()], problems };
}

/** parseProductionRun parses and checks a production-run CSV, reporting every bad field of every row, so nothing is sent unless all rows pass. */
export function parseProductionRun(text: string, opts: ProductionRunOptions = {}): ProductionRun {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { rows: [], problems: [problem(e.lines ?? 1, '(csv)', msg('csv.unreadable', { reason: e.message }))] };
  }
  const [head, ...body] = records;
  if (!head) return { rows: [], problems: [problem(1, '(csv)', msg('csv.empty'))] };
  const header = head.record;
  const { types, problems } = checkHeader(header, opts);
  if (problems.length > 0) return { rows: [], problems };
  if (body.length === 0) return { rows: [], problems: [problem(1, '(csv)', msg('csv.noUnits'))] };

  const rows: RunRow[] = [];
  const declared = new Map<string, number>();
  for (const { record, info } of body) {
    const row = info.lines;
    const bad = (field: string, text: Message) => problems.push(problem(row, field, text));
    if (record.length !== header.length) bad('(row)', msg('csv.fieldCount', { fields: record.length, header: header.length }));
    const cell = (name: string) => {
      const i = header.indexOf(name);
      return i < 0 ? '' : (record[i] ?? '');
    };
    const text = (name: string, value: string) => {
      if (value.length > MAX_TEXT) bad(name, msg('csv.tooLong', { max: MAX_TEXT }));
      return value;
    };
    const model = cell('model').toUpperCase();
    if (!MODEL_CODE.test(model)) bad('model', model === '' ? msg('csv.emptyCell') : msg('csv.badModel', { model }));
    const productionDate = cell('production_date');
    if (yymmddFromProductionDate(productionDate) === undefined) {
      bad('production_date', productionDate === '' ? msg('csv.emptyCell') : msg('csv.badDate', { date: productionDate }));
    }
    const firmware = text('firmware', cell('firmware') || opts.defaultFirmware || '');
    const components = types.map((type) => {
      const serial = text(`${type}.serial`, cell(`${type}.serial`));
      const maker = text(`${type}.maker`, cell(`${type}.maker`) || opts.defaultMaker || '');
      const lot = text(`${type}.lot`, cell(`${type}.lot`));
      if (serial === '') bad(`${type}.serial`, msg('csv.emptySerial'));
      if (maker === '') bad(`${type}.maker`, msg('csv.emptyMaker'));
      if (serial !== '' && maker !== '') {
        const key = `${type}\u0000${maker}\u0000${serial}`;
        const other = declared.get(key);
        if (other !== undefined) bad(`${type}.serial`, msg('csv.declaredTwice', { maker, serial, row: other }));
        else declared.set(key, row);
      }
      return { type, maker, serial, ...(lot ? { lot } : {}) };
    });
    rows.push({ row, unit: { model, productionDate, components, ...(firmware ? { firmware } : {}) } });
  }
  return problems.length > 0 ? { rows: [], problems } : { rows, problems };
}
