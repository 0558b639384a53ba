import assert from 'node:assert/strict';
import test from 'node:test';
import { RegistryError } from '../errors.ts';
import {
  CAMPAIGN_WAIT_DAYS,
  type CampaignFacts,
  checkPlannedStart,
  checkReport,
  clearedAt,
  currentVersion,
  type ReportFacts,
} from './campaign-rules.ts';

const DAY = 86_400_000;
const T0 = new Date('2030-01-10T00:00:00Z');
const CAMPAIGN: CampaignFacts = {
  id: 'c1',
  enterpriseCode: '0001',
  models: ['00000A'],
  fromVersions: ['1.0.0', '1.1.0'],
  toVersion: '2.0.0',
  safetyRelevant: false,
  plannedStart: T0,
  filedAt: T0,
  acknowledgedAt: null,
};
const REPORT: ReportFacts = {
  code: 'X',
  modelCode: '00000A',
  installed: '1.0.0',
  from: '1.0.0',
  to: '2.0.0',
  inCampaign: true,
  toBlocked: false,
};

const refusedWith = (code: string, fn: () => void) =>
  assert.throws(fn, (e: unknown) => e instanceof RegistryError && e.code === code, code);

test('a report the campaign covers passes', () => {
  checkReport(CAMPAIGN, REPORT, T0);
  checkReport(CAMPAIGN, { ...REPORT, installed: '1.1.0', from: '1.1.0' }, T0);
});

test('one rule, one refusal', () => {
  const rows: [Partial<ReportFacts>, Partial<CampaignFacts>, Date, string][] = [
    [{ to: '2.0.1' }, {}, T0, 'SOFTWARE_NOT_IN_CAMPAIGN'],
    [{ from: '0.9.0', installed: '0.9.0' }, {}, T0, 'SOFTWARE_NOT_IN_CAMPAIGN'],
    [{ modelCode: '00000B' }, {}, T0, 'SOFTWARE_NOT_IN_CAMPAIGN'],
    [{ installed: '1.1.0' }, {}, T0, 'SOFTWARE_FROM_MISMATCH'],
    [{ installed: null }, {}, T0, 'SOFTWARE_FROM_MISMATCH'],
    [{ inCampaign: false }, {}, T0, 'UNIT_NOT_IN_CAMPAIGN'],
    [{}, {}, new Date(T0.getTime() - 1), 'CAMPAIGN_NOT_CLEARED'],
    [{}, { safetyRelevant: true }, T0, 'CAMPAIGN_NOT_CLEARED'],
    [{ toBlocked: true }, {}, T0, 'SOFTWARE_VERSION_BLOCKED'],
  ];
  for (const [r, c, at, code] of rows) refusedWith(code, () => checkReport({ ...CAMPAIGN, ...c }, { ...REPORT, ...r }, at));
});

test('a safety-relevant campaign clears on acknowledgement or after the waiting period, never before its start', () => {
  const safety = { ...CAMPAIGN, safetyRelevant: true };
  assert.equal(clearedAt(safety)?.getTime(), T0.getTime() + CAMPAIGN_WAIT_DAYS * DAY);
  assert.equal(clearedAt({ ...safety, acknowledgedAt: T0 })?.getTime(), T0.getTime());
  const late = new Date(T0.getTime() + 30 * DAY);
  assert.equal(clearedAt({ ...safety, plannedStart: late })?.getTime(), late.getTime());
  checkReport(safety, REPORT, new Date(T0.getTime() + CAMPAIGN_WAIT_DAYS * DAY));
  refusedWith('CAMPAIGN_NOT_CLEARED', () => checkReport(safety, REPORT, new Date(T0.getTime() + CAMPAIGN_WAIT_DAYS * DAY - 1)));
  checkReport({ ...safety, acknowledgedAt: T0 }, REPORT, T0);
});

test('a campaign is filed before it ships', () => {
  checkPlannedStart(T0, T0);
  checkPlannedStart(new Date(T0.getTime() - 60_000), T0);
  refusedWith('INVALID_ARGUMENT', () => checkPlannedStart(new Date(T0.getTime() - DAY), T0));
});

test('the current version is the latest unblocked one by release, then filing', () => {
  const v = (key: string, releasedOn: string, blocked = false, filedAt = T0) => ({ key, releasedOn, blocked, filedAt });
  assert.equal(currentVersion([]), null);
  assert.equal(currentVersion([v('1', '2030-01-01'), v('2', '2030-02-01')]), '2');
  assert.equal(currentVersion([v('1', '2030-01-01'), v('2', '2030-02-01', true)]), '1');
  assert.equal(currentVersion([v('1', '2030-01-01', true)]), null);
  assert.equal(currentVersion([v('a', '2030-01-01'), v('b', '2030-01-01', false, new Date(T0.getTime() + 1))]), 'b');
});
