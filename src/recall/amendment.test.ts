import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRegistryError } from '../errors.ts';
import { amendTerms, checkClose, type Amender, type RecallTerm, type RecallTerms } from './amendment.ts';

const CURRENT: RecallTerms = {
  scope: { enterprise: 'AB12', models: ['000001'], productionDate: { from: '2026-01-01', to: '2026-06-30' } },
  hazard: 'Battery pack may swell',
  severity: 'high',
  remedy: 'part_replacement',
  stopSale: true,
  stopUse: true,
};
const WIDER = { enterprise: 'AB12', models: ['000001', '000002'], productionDate: { from: '2025-12-01', to: '2026-06-30' } };
const NARROWER = { enterprise: 'AB12', models: ['000001'], productionDate: { from: '2026-03-01', to: '2026-06-30' } };

// One row per rule: the change, who makes it, which terms the regulator set
// before, and the answer: ok (with the regulator's terms after) or a code.
const ROWS: {
  rule: string;
  change: Partial<RecallTerms>;
  by: Amender;
  set: RecallTerm[];
  want: 'ok' | 'REGULATOR_SET_TERM' | 'INVALID_ARGUMENT';
  after?: RecallTerm[];
}[] = [
  { rule: 'issuer lowers its own severity', change: { severity: 'low' }, by: 'issuer', set: [], want: 'ok', after: [] },
  { rule: 'issuer lifts its own stop-sale', change: { stopSale: false }, by: 'issuer', set: [], want: 'ok', after: [] },
  { rule: 'issuer lifts its own stop-use', change: { stopUse: false }, by: 'issuer', set: [], want: 'ok', after: [] },
  {
    rule: 'issuer rewrites its own hazard and remedy',
    change: { hazard: 'Minor', remedy: 'inspection' },
    by: 'issuer',
    set: [],
    want: 'ok',
    after: [],
  },
  {
    rule: 'issuer lowers the severity the regulator set',
    change: { severity: 'medium' },
    by: 'issuer',
    set: ['severity'],
    want: 'REGULATOR_SET_TERM',
  },
  {
    rule: 'issuer raises the severity the regulator set',
    change: { severity: 'critical' },
    by: 'issuer',
    set: ['severity'],
    want: 'ok',
    after: ['severity'],
  },
  {
    rule: 'issuer restates the severity the regulator set',
    change: { severity: 'high' },
    by: 'issuer',
    set: ['severity'],
    want: 'ok',
    after: ['severity'],
  },
  {
    rule: 'issuer lifts the stop-sale the regulator set',
    change: { stopSale: false },
    by: 'issuer',
    set: ['stopSale'],
    want: 'REGULATOR_SET_TERM',
  },
  {
    rule: 'issuer lifts the stop-use the regulator set',
    change: { stopUse: false },
    by: 'issuer',
    set: ['stopUse'],
    want: 'REGULATOR_SET_TERM',
  },
  {
    rule: 'issuer changes the hazard the regulator set',
    change: { hazard: 'Cosmetic only' },
    by: 'issuer',
    set: ['hazard'],
    want: 'REGULATOR_SET_TERM',
  },
  {
    rule: 'issuer changes the remedy the regulator set',
    change: { remedy: 'inspection' },
    by: 'issuer',
    set: ['remedy'],
    want: 'REGULATOR_SET_TERM',
  },
  {
    rule: 'issuer widens the scope the regulator set',
    change: { scope: WIDER },
    by: 'issuer',
    set: ['scope'],
    want: 'ok',
    after: ['scope'],
  },
  {
    rule: 'issuer narrows the scope the regulator set',
    change: { scope: NARROWER },
    by: 'issuer',
    set: ['scope'],
    want: 'REGULATOR_SET_TERM',
  },
  { rule: 'issuer narrows its own scope (no one narrows)', change: { scope: NARROWER }, by: 'issuer', set: [], want: 'INVALID_ARGUMENT' },
  {
    rule: 'issuer lowers a term the regulator left alone',
    change: { severity: 'low' },
    by: 'issuer',
    set: ['stopSale'],
    want: 'ok',
    after: ['stopSale'],
  },
  {
    rule: 'regulator lowers severity and lifts stops',
    change: { severity: 'low', stopSale: false, stopUse: false },
    by: 'regulator',
    set: ['severity', 'stopSale'],
    want: 'ok',
    after: ['severity', 'stopSale', 'stopUse'],
  },
  {
    rule: 'regulator narrows the scope (no one narrows)',
    change: { scope: NARROWER },
    by: 'regulator',
    set: ['scope'],
    want: 'INVALID_ARGUMENT',
  },
  {
    rule: 'regulator states a term at its old value and so sets it',
    change: { hazard: CURRENT.hazard },
    by: 'regulator',
    set: [],
    want: 'ok',
    after: ['hazard'],
  },
];

for (const row of ROWS) {
  test(`recall amendment: ${row.rule} → ${row.want}`, () => {
    if (row.want === 'ok') {
      const out = amendTerms(CURRENT, row.change, row.set, row.by);
      assert.deepEqual(out.terms, { ...CURRENT, ...row.change });
      assert.deepEqual(out.regulatorSet, row.after);
      return;
    }
    assert.throws(
      () => amendTerms(CURRENT, row.change, row.set, row.by),
      (e) => isRegistryError(e) && e.code === row.want,
    );
  });
}

test('recall amendment: every term the issuer may not lower is named in the refusal', () => {
  try {
    amendTerms(CURRENT, { severity: 'low', stopSale: false, stopUse: false }, ['severity', 'stopSale', 'stopUse'], 'issuer');
    assert.fail('refused');
  } catch (e) {
    assert.ok(isRegistryError(e));
    assert.deepEqual(
      (e.extra.errors as { field: string }[]).map((x) => x.field),
      ['body.severity', 'body.stopSale', 'body.stopUse'],
    );
  }
});

test('recall close: the issuer closes its own recall, not one the regulator escalated; the regulator closes any', () => {
  assert.doesNotThrow(() => checkClose([], 'issuer'));
  assert.throws(
    () => checkClose(['stopSale'], 'issuer'),
    (e) => isRegistryError(e) && e.code === 'REGULATOR_SET_TERM',
  );
  assert.doesNotThrow(() => checkClose(['stopSale', 'severity'], 'regulator'));
});
