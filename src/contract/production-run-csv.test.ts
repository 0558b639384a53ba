import { test } from 'node:test';
import assert from 'node:assert/strict';
import { must } from '../must.ts';
import { parseProductionRun } from './production-run-csv.ts';

const HEADER = 'model,production_date,firmware,main_controller.serial,main_controller.maker,battery_pack.serial,battery_pack.lot';

test('a good run becomes units with spreadsheet row numbers, defaults filling blank cells', () => {
  const run = parseProductionRun(
    [HEADER, '00002x,2026-11-20,,MC-1,"ACME, Inc.",BP-1,LOT-7', '', '00002X,2026-11-20,1.5,MC-2,ACME,BP-2,'].join('\n'),
    { defaultMaker: 'VoltCell', defaultFirmware: '1.4' },
  );
  assert.deepEqual(run.problems, []);
  assert.deepEqual(
    run.rows.map((r) => r.row),
    [2, 4],
  );
  assert.deepEqual(run.rows[0]?.unit, {
    model: '00002X',
    productionDate: '2026-11-20',
    firmware: '1.4',
    components: [
      { type: 'main_controller', maker: 'ACME, Inc.', serial: 'MC-1' },
      { type: 'battery_pack', maker: 'VoltCell', serial: 'BP-1', lot: 'LOT-7' },
    ],
  });
  const second = must(run.rows[1], 'the run has a second unit');
  assert.equal(second.unit.firmware, '1.5');
  assert.equal(must(second.unit.components[1], 'the second unit has two components').lot, undefined);
});

test('every bad field of every row is reported, and no rows are returned', () => {
  const run = parseProductionRun(
    [
      HEADER,
      '00002X,2026-13-01,,MC-1,ACME,BP-1,',
      'BAD,2026-11-20,,,ACME,BP-1,',
      '00002X,2026-11-20,,MC-1,ACME,BP-9,',
      '00002X,2026-11-20',
    ].join('\n'),
    { defaultMaker: 'VoltCell' },
  );
  assert.deepEqual(run.rows, []);
  const seen = run.problems.map((p) => `${p.row} ${p.field}`);
  assert.deepEqual(seen, [
    '2 production_date',
    '3 model',
    '3 main_controller.serial',
    '3 battery_pack.serial', // BP-1 from VoltCell again
    '4 main_controller.serial', // MC-1 from ACME again
    '5 (row)',
    '5 main_controller.serial',
    '5 battery_pack.serial',
  ]);
  assert.match(must(run.problems[3], 'a fourth problem').message, /also declared on row 2/);
});

test('header problems are reported on row 1 before any row is read', () => {
  assert.match(parseProductionRun('model,production_date,x.serial\n00002X,2026-11-20,1\n').problems[0]?.message ?? '', /--default-maker/);
  const run = parseProductionRun('model,colour,battery_pack.maker,Bad.serial\n00002X,red,V,1\n');
  assert.deepEqual(
    run.problems.map((p) => p.field),
    ['colour', 'Bad.serial', 'production_date', 'battery_pack.serial'],
  );
  assert.ok(run.problems.every((p) => p.row === 1));
  assert.equal(parseProductionRun('model,production_date,x.serial,x.maker\n').problems[0]?.message, 'no units below the header');
  assert.equal(parseProductionRun('model,production_date,x.serial,x.maker\n"unclosed,2026-11-20,1\n').problems[0]?.field, '(csv)');
});
