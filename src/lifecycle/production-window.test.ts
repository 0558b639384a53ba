import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRE_FILING_DAYS, productionDateProblem } from './production-window.ts';

const FILED = new Date('2026-03-10T09:00:00Z');
const NOW = new Date('2026-11-30T20:00:00Z');

// One row per rule edge: the date, and the code that refuses it (or none).
const ROWS: [string, string | undefined, string][] = [
  ['2026-11-30', undefined, 'today in UTC'],
  ['2026-12-01', undefined, 'tomorrow in UTC is already today at UTC+14 (20:00 UTC + 14 h)'],
  ['2026-12-02', 'PRODUCTION_DATE_IN_FUTURE', 'the day after tomorrow is later than today everywhere'],
  ['2099-12-31', 'PRODUCTION_DATE_IN_FUTURE', 'far in the future'],
  ['2026-03-10', undefined, 'the day the model was filed'],
  ['2024-03-10', undefined, `exactly ${PRE_FILING_DAYS} days before filing`],
  ['2024-03-09', 'PRODUCTION_DATE_BEFORE_MODEL', 'one day more than the bound before filing'],
  ['2000-01-01', 'PRODUCTION_DATE_BEFORE_MODEL', 'years before the model existed'],
];

for (const [date, code, why] of ROWS) {
  test(`production date ${date}: ${code ?? 'accepted'} (${why})`, () => {
    assert.equal(productionDateProblem(date, FILED, NOW)?.code, code);
  });
}

test('production date: early in the UTC day the easternmost zone is still on the same calendar day or the next', () => {
  const early = new Date('2026-11-30T00:30:00Z');
  assert.equal(productionDateProblem('2026-11-30', FILED, early), undefined);
  assert.equal(productionDateProblem('2026-12-01', FILED, early)?.code, 'PRODUCTION_DATE_IN_FUTURE');
});
