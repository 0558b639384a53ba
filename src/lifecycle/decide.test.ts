import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type EventFacts, type UnitState } from './decide.ts';
import { EVENT_TYPES, type EventType, type Party } from './events.ts';
import { ROBOT_STATUSES, type RobotStatus } from './status.ts';
import { isRegistryError } from '../errors.ts';

// The lifecycle table of DESIGN.md §4, written out again by hand so that a
// change to EVENT_RULES that the design does not make fails here.
//   event               who may record it                       statuses it is allowed in      next status
const TABLE = `
  transferred         owner                                    registered in_use decommissioned  *
  deployed            owner operator                           in_use                            deployed
  undeployed          owner operator                           deployed                          in_use
  service_granted     owner                                    -scrapped                         =
  service_revoked     owner                                    -scrapped                         =
  service_started     service manufacturer                     in_use deployed                   in_service
  serviced            service manufacturer                     -scrapped                         ~
  incident_reported   owner operator service regulator         -scrapped                         =
  suspended           regulator                                -scrapped                         =
  reinstated          regulator                                -scrapped                         =
  stolen_reported     owner                                    -scrapped                         =
  recovered           owner                                    -scrapped                         =
  recall_remedied     service manufacturer                     -scrapped                         =
  decommissioned      owner                                    registered in_use                 decommissioned
  recycling_received  recycler                                 decommissioned                    recycling
  scrapped            recycler                                 recycling                         scrapped
`;

const PARTIES: Party[] = ['owner', 'operator', 'service', 'manufacturer', 'regulator', 'recycler'];

interface Row {
  who: Party[];
  from: RobotStatus[];
  next: string;
}

function parseTable(): Map<EventType, Row> {
  const rows = new Map<EventType, Row>();
  for (const line of TABLE.trim().split('\n')) {
    const words = line.trim().split(/\s+/);
    const type = words[0] as EventType;
    const next = words.at(-1)!;
    const rest = words.slice(1, -1);
    const who = rest.filter((w) => (PARTIES as string[]).includes(w)) as Party[];
    const statusWords = rest.filter((w) => !(PARTIES as string[]).includes(w));
    const from = statusWords[0] === '-scrapped' ? ROBOT_STATUSES.filter((s) => s !== 'scrapped') : (statusWords as RobotStatus[]);
    rows.set(type, { who, from: [...from], next });
  }
  return rows;
}

const table = parseTable();

function unit(status: RobotStatus, flags: Partial<UnitState> = {}): UnitState {
  return { status, ownerId: 'owner-1', operatorId: null, site: null, firmware: '1.0', suspended: false, stolen: false, resumeStatus: null, ...flags };
}

function factsFor(type: EventType, party: Party): EventFacts {
  return {
    type,
    actorId: 'actor-1',
    parties: [party],
    access: { allowed: true, reasons: [] },
    sale: false,
    recipient: { id: 'new-owner', roles: ['operator', 'recycler'] },
    site: { province: 'Zhejiang', city: 'Hangzhou', domain: 'retail' },
  };
}

// Flags that must be set (or clear) for the event to make sense.
function flagsFor(type: EventType): Partial<UnitState> {
  if (type === 'reinstated') return { suspended: true };
  if (type === 'recovered') return { stolen: true };
  return {};
}

test('the hand-written table covers every event type', () => {
  assert.deepEqual([...table.keys()].sort(), [...EVENT_TYPES].sort());
});

for (const type of EVENT_TYPES) {
  for (const status of ROBOT_STATUSES) {
    for (const party of PARTIES) {
      const row = table.get(type)!;
      const allowedParty = row.who.includes(party);
      const allowedStatus = row.from.includes(status);
      test(`${type} from ${status} by the ${party}: ${allowedParty && allowedStatus ? 'allowed' : 'refused'}`, () => {
        const run = () => decide(unit(status, flagsFor(type)), factsFor(type, party));
        if (!allowedParty) {
          assert.throws(run, (e) => isRegistryError(e) && e.code === 'NOT_ENTITLED');
        } else if (!allowedStatus) {
          assert.throws(run, (e) => isRegistryError(e) && e.code === 'INVALID_TRANSITION' && e.extra.unitStatus === status);
        } else {
          const next = run();
          // '=' keeps the status; '*' a transfer (to an end owner: in use); '~' ends a service.
          const expected =
            row.next === '=' ? status
            : row.next === '*' ? (status === 'decommissioned' ? 'decommissioned' : 'in_use')
            : row.next === '~' ? (status === 'in_service' ? 'in_use' : status)
            : row.next;
          assert.equal(next.status, expected);
        }
      });
    }
  }
}

test('a sale needs market access; a handover does not', () => {
  const denied = { allowed: false, reasons: ['MODEL_NOT_APPROVED' as const] };
  const sale = { ...factsFor('transferred', 'owner'), access: denied, sale: true };
  assert.throws(() => decide(unit('registered'), sale), (e) => isRegistryError(e) && e.code === 'MARKET_ACCESS_DENIED' && (e.extra.reasons as string[])[0] === 'MODEL_NOT_APPROVED');
  assert.equal(decide(unit('registered'), { ...sale, sale: false }).ownerId, 'new-owner');
});

test('a deployment needs market access and no open stop-use recall', () => {
  const f = factsFor('deployed', 'owner');
  assert.throws(() => decide(unit('in_use'), { ...f, access: { allowed: false, reasons: ['SUSPENDED'] } }), (e) => isRegistryError(e) && e.code === 'MARKET_ACCESS_DENIED');
  assert.throws(() => decide(unit('in_use'), { ...f, stopUse: true }), (e) => isRegistryError(e) && e.code === 'MARKET_ACCESS_DENIED');
  const next = decide(unit('in_use'), f);
  assert.deepEqual(next.site, f.site);
  assert.equal(next.operatorId, 'actor-1');
});

test('a transfer to a trade participant puts the unit back with the trade; to an end owner, in use', () => {
  const f = factsFor('transferred', 'owner');
  assert.equal(decide(unit('in_use'), { ...f, recipient: { id: 'dealer', roles: ['seller'] } }).status, 'registered');
  assert.equal(decide(unit('registered'), { ...f, recipient: { id: 'user', roles: ['operator'] } }).status, 'in_use');
});

test('a decommissioned unit goes only to a recycler, and only to someone new', () => {
  const f = factsFor('transferred', 'owner');
  assert.throws(() => decide(unit('decommissioned'), { ...f, recipient: { id: 'user', roles: ['operator'] } }), (e) => isRegistryError(e) && e.code === 'INVALID_TRANSITION');
  assert.throws(() => decide(unit('in_use'), { ...f, recipient: { id: 'owner-1', roles: ['operator'] } }), (e) => isRegistryError(e) && e.code === 'INVALID_TRANSITION');
});

test('flags cannot be set twice or cleared when clear', () => {
  for (const [type, flags] of [['suspended', { suspended: true }], ['reinstated', {}], ['stolen_reported', { stolen: true }], ['recovered', {}]] as const) {
    const party: Party = type === 'suspended' || type === 'reinstated' ? 'regulator' : 'owner';
    assert.throws(() => decide(unit('in_use', flags), factsFor(type, party)), (e) => isRegistryError(e) && e.code === 'INVALID_TRANSITION', type);
  }
});

test('service returns a unit to where it was: deployed stays deployed, with its site', () => {
  const site = { province: 'Beijing', city: 'Beijing', domain: 'healthcare' };
  const started = decide(unit('deployed', { site }), factsFor('service_started', 'service'));
  assert.equal(started.status, 'in_service');
  const done = decide(started, { ...factsFor('serviced', 'service'), firmware: '2.0' });
  assert.equal(done.status, 'deployed');
  assert.deepEqual(done.site, site);
  assert.equal(done.firmware, '2.0');
  assert.equal(done.resumeStatus, null);
});
