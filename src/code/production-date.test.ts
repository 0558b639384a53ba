import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCalendarDate, productionDateFromYymmdd, yymmddFromProductionDate } from './production-date.ts';

describe('production dates', () => {
  it('knows the Gregorian leap years', () => {
    assert.equal(isCalendarDate(2000, 2, 29), true);
    assert.equal(isCalendarDate(2024, 2, 29), true);
    assert.equal(isCalendarDate(2023, 2, 29), false);
    assert.equal(isCalendarDate(2100, 2, 29), false);
  });

  it('reads YYMMDD as a 20YY date, refusing impossible days', () => {
    assert.equal(productionDateFromYymmdd('240115'), '2024-01-15');
    assert.equal(productionDateFromYymmdd('000101'), '2000-01-01');
    assert.equal(productionDateFromYymmdd('991231'), '2099-12-31');
    for (const bad of ['241301', '240230', '240431', '240100', '240001', '2401', '24011A', '２４０１１５']) {
      assert.equal(productionDateFromYymmdd(bad), undefined, bad);
    }
  });

  it('writes YYYY-MM-DD in 2000..2099 as YYMMDD', () => {
    assert.equal(yymmddFromProductionDate('2024-01-15'), '240115');
    for (const bad of ['1999-12-31', '2100-01-01', '2023-02-29', '2024-1-15', '2024-01-15T00:00:00Z', '']) {
      assert.equal(yymmddFromProductionDate(bad), undefined, bad);
    }
  });
});
