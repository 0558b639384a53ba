import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deniedAccess, MARKET_ACCESS_TEXT, marketAccess, type AccessFacts, type MarketAccessReason } from './market-access.ts';
import { ROBOT_STATUSES } from './status.ts';

/** CLEAR is a registered unit of an approved model with nothing against it. */
const CLEAR: AccessFacts = {
  status: 'in_use',
  modelStatus: 'approved',
  suspended: false,
  stolen: false,
  openStopSaleRecalls: 0,
  scrappedComponents: 0,
  blockedSoftware: false,
};

test('a unit with nothing against it may be sold', () => {
  assert.deepEqual(marketAccess(CLEAR), { allowed: true, reasons: [] });
});

test('one fact, one reason', () => {
  const rows: { facts: Partial<AccessFacts>; reason: MarketAccessReason }[] = [
    { facts: { modelStatus: 'filed' }, reason: 'MODEL_NOT_APPROVED' },
    { facts: { modelStatus: 'suspended' }, reason: 'MODEL_NOT_APPROVED' },
    { facts: { modelStatus: 'withdrawn' }, reason: 'MODEL_NOT_APPROVED' },
    { facts: { status: 'scrapped' }, reason: 'SCRAPPED' },
    { facts: { status: 'recycling' }, reason: 'RECYCLING' },
    { facts: { status: 'decommissioned' }, reason: 'DECOMMISSIONED' },
    { facts: { suspended: true }, reason: 'SUSPENDED' },
    { facts: { stolen: true }, reason: 'REPORTED_STOLEN' },
    { facts: { openStopSaleRecalls: 1 }, reason: 'OPEN_RECALL_STOP_SALE' },
    { facts: { openStopSaleRecalls: 3 }, reason: 'OPEN_RECALL_STOP_SALE' },
    { facts: { scrappedComponents: 1 }, reason: 'CONTAINS_SCRAPPED_COMPONENT' },
    { facts: { scrappedComponents: 2 }, reason: 'CONTAINS_SCRAPPED_COMPONENT' },
    { facts: { blockedSoftware: true }, reason: 'BLOCKED_SOFTWARE' },
  ];
  for (const { facts, reason } of rows) {
    assert.deepEqual(marketAccess({ ...CLEAR, ...facts }), { allowed: false, reasons: [reason] }, JSON.stringify(facts));
  }
});

test('statuses in the working life are no reason', () => {
  for (const status of ['registered', 'in_use', 'deployed', 'in_service'] as const) {
    assert.deepEqual(marketAccess({ ...CLEAR, status }), { allowed: true, reasons: [] }, status);
  }
  const barred = ROBOT_STATUSES.filter((s) => !marketAccess({ ...CLEAR, status: s }).allowed);
  assert.deepEqual(barred, ['decommissioned', 'recycling', 'scrapped', 'exported', 'remanufactured']);
});

test('every reason that applies is listed, in a fixed order', () => {
  const all: AccessFacts = {
    status: 'scrapped',
    modelStatus: 'withdrawn',
    suspended: true,
    stolen: true,
    openStopSaleRecalls: 2,
    scrappedComponents: 1,
    blockedSoftware: true,
  };
  assert.deepEqual(marketAccess(all), {
    allowed: false,
    reasons: [
      'MODEL_NOT_APPROVED',
      'SCRAPPED',
      'SUSPENDED',
      'REPORTED_STOLEN',
      'OPEN_RECALL_STOP_SALE',
      'CONTAINS_SCRAPPED_COMPONENT',
      'BLOCKED_SOFTWARE',
    ],
  });
  assert.deepEqual(marketAccess({ ...CLEAR, status: 'recycling', stolen: true }).reasons, ['RECYCLING', 'REPORTED_STOLEN']);
  assert.deepEqual(marketAccess({ ...CLEAR, modelStatus: 'suspended', openStopSaleRecalls: 1 }).reasons, [
    'MODEL_NOT_APPROVED',
    'OPEN_RECALL_STOP_SALE',
  ]);
  assert.deepEqual(marketAccess({ ...CLEAR, status: 'decommissioned', suspended: true, scrappedComponents: 4 }).reasons, [
    'DECOMMISSIONED',
    'SUSPENDED',
    'CONTAINS_SCRAPPED_COMPONENT',
  ]);
});

test('a code that is malformed or not registered is denied with that one reason', () => {
  assert.deepEqual(deniedAccess('INVALID_CODE'), { allowed: false, reasons: ['INVALID_CODE'] });
  assert.deepEqual(deniedAccess('NOT_REGISTERED'), { allowed: false, reasons: ['NOT_REGISTERED'] });
});

test('every reason has words for people', () => {
  for (const [reason, text] of Object.entries(MARKET_ACCESS_TEXT)) {
    assert.match(text, /^[A-Z].*\.$/, reason);
  }
  assert.equal(Object.keys(MARKET_ACCESS_TEXT).length, 14);
});
