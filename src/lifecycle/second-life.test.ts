import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partiesOf, relationTo } from '../access/relation.ts';
import { isRegistryError } from '../errors.ts';
import { decide, type EventFacts, type UnitState } from './decide.ts';
import { marketAccess } from './market-access.ts';
import { checkPredecessor, checkTaker, takesDecommissioned } from './second-life.ts';
import type { RobotStatus } from './status.ts';

const AT = new Date('2026-05-01T08:00:00Z');
const OPEN = { allowed: true, reasons: [] };

function unit(status: RobotStatus, extra: Partial<UnitState> = {}): UnitState {
  return {
    status,
    ownerId: 'owner',
    operatorId: null,
    site: null,
    firmware: null,
    suspended: false,
    stolen: false,
    resumeStatus: null,
    offer: null,
    ...extra,
  };
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isRegistryError(err), String(err));
    return err.code;
  }
  return 'accepted';
}

const facts = (e: Partial<EventFacts> & Pick<EventFacts, 'type' | 'parties'>): EventFacts => ({
  actorId: 'actor',
  access: OPEN,
  at: AT,
  ...e,
});

test('a decommissioned unit goes only to a listed recycler or remanufacturer; an unlisted one is named as such', () => {
  assert.equal(takesDecommissioned({ roles: ['recycler'] }), true);
  assert.equal(takesDecommissioned({ roles: ['remanufacturer'] }), true);
  assert.equal(takesDecommissioned({ roles: ['operator'] }), false);
  assert.equal(
    code(() => checkTaker('decommissioned', { roles: ['operator'], unlisted: true })),
    'NOT_CERTIFIED',
  );
  assert.equal(
    code(() => checkTaker('decommissioned', { roles: ['operator'] })),
    'INVALID_TRANSITION',
  );
  const to = (roles: string[], unlisted = false) => ({ id: 'r', roles, makesUnit: false, standing: true, unlisted });
  const denied = { allowed: false, reasons: ['DECOMMISSIONED' as const] };
  const hand = (recipient: ReturnType<typeof to>) => () =>
    decide(unit('decommissioned'), facts({ type: 'transferred', parties: ['owner'], access: denied, recipient, sale: false }));
  assert.equal(hand(to(['remanufacturer']))().ownerId, 'r');
  assert.equal(hand(to(['recycler']))().status, 'decommissioned');
  assert.equal(code(hand(to([], true))), 'NOT_CERTIFIED');
  assert.equal(code(hand(to(['seller']))), 'INVALID_TRANSITION');
});

test('an export leaves the market; only a re-import by an importer brings it back, held by the importer', () => {
  const out = decide(unit('in_use', { operatorId: 'op' }), facts({ type: 'exported', parties: ['owner'] }));
  assert.equal(out.status, 'exported');
  assert.equal(out.operatorId, null);
  assert.deepEqual(
    marketAccess({
      status: 'exported',
      modelStatus: 'approved',
      suspended: false,
      stolen: false,
      openStopSaleRecalls: 0,
      scrappedComponents: 0,
    } as never).reasons,
    ['EXPORTED'],
  );
  for (const status of ['deployed', 'in_service', 'decommissioned', 'recycling', 'scrapped', 'remanufactured', 'exported'] as RobotStatus[])
    assert.equal(
      code(() => decide(unit(status), facts({ type: 'exported', parties: ['owner'] }))),
      'INVALID_TRANSITION',
      status,
    );
  assert.equal(
    code(() => decide(unit('in_use', { stolen: true }), facts({ type: 'exported', parties: ['owner'] }))),
    'MARKET_ACCESS_DENIED',
  );
  assert.equal(
    code(() => decide(unit('in_use', { suspended: true }), facts({ type: 'exported', parties: ['owner'] }))),
    'MARKET_ACCESS_DENIED',
  );
  const offer = { to: 'x', sale: true, expiresAt: '2026-05-02T08:00:00Z' };
  assert.equal(
    code(() => decide(unit('in_use', { offer }), facts({ type: 'exported', parties: ['owner'] }))),
    'OFFER_PENDING',
  );
  const back = decide(out, facts({ type: 'reimported', parties: ['importer'], actorId: 'importer-1' }));
  assert.deepEqual([back.status, back.ownerId], ['registered', 'importer-1']);
  assert.equal(
    code(() => decide(unit('in_use'), facts({ type: 'reimported', parties: ['importer'] }))),
    'INVALID_TRANSITION',
  );
  assert.equal(
    code(() => decide(out, facts({ type: 'reimported', parties: ['owner'] }))),
    'NOT_ENTITLED',
  );
});

test('an importer stands to an exported unit only', () => {
  const importer = { participantId: 'i', name: 'I', roles: ['importer' as const], enterpriseCode: null };
  const held = { activeServiceGrant: false, pastOwnerUntilSeq: null };
  const at = (status: string) =>
    partiesOf(importer, relationTo(importer, { enterpriseCode: 'AAAA', ownerId: 'o', operatorId: null, status }, held));
  assert.deepEqual(at('exported'), ['importer']);
  assert.deepEqual(at('in_use'), []);
  assert.deepEqual(at('scrapped'), []);
});

test('a remanufacturer builds only from decommissioned units it holds, each once', () => {
  const p =
    (status: RobotStatus, ownerId = 'rm', successor: string | null = null) =>
    () =>
      checkPredecessor({ code: 'C', status, ownerId, successor }, 'rm');
  assert.equal(code(p('decommissioned')), 'accepted');
  assert.equal(code(p('decommissioned', 'other')), 'PREDECESSOR_NOT_HELD');
  assert.equal(code(p('remanufactured', 'rm', 'S')), 'UNIT_REMANUFACTURED');
  assert.equal(code(p('exported')), 'UNIT_EXPORTED');
  assert.equal(code(p('scrapped', 'recycler')), 'PREDECESSOR_NOT_HELD');
  for (const s of ['registered', 'in_use', 'recycling', 'scrapped'] as RobotStatus[]) assert.equal(code(p(s)), 'INVALID_TRANSITION', s);
  const flagged = (flags: { suspended?: boolean; stolen?: boolean }) => () =>
    checkPredecessor({ code: 'C', status: 'decommissioned', ownerId: 'rm', successor: null, ...flags }, 'rm');
  assert.equal(code(flagged({ suspended: true })), 'MARKET_ACCESS_DENIED');
  assert.equal(code(flagged({ stolen: true })), 'MARKET_ACCESS_DENIED');
  assert.equal(code(flagged({ suspended: false, stolen: false })), 'accepted');
});
