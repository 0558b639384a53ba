import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type EventFacts, type UnitState } from './decide.ts';
import { EVENT_TYPES, type EventType, type Party } from './events.ts';
import { ROBOT_STATUSES, type RobotStatus } from './status.ts';
import { isRegistryError } from '../errors.ts';
import { must } from '../must.ts';

// The lifecycle table of DESIGN.md §4, written out again by hand so that a
// change to EVENT_RULES that the design does not make fails here. `-scrapped`
// is every status but scrapped; `-retired` every status before decommissioning
// (custody: no service, repair or remedy once a unit is decommissioned).
//   event               who may record it                       statuses it is allowed in      next status
const TABLE = `
  transferred         owner regulator                          registered in_use decommissioned  *
  transfer_accepted   recipient                                registered in_use decommissioned  *
  transfer_declined   recipient                                -scrapped                         =
  transfer_withdrawn  owner                                    -scrapped                         =
  deployed            owner operator                           in_use                            deployed
  undeployed          owner operator                           deployed                          in_use
  service_granted     owner                                    -retired                          =
  service_revoked     owner                                    -scrapped                         =
  service_started     service manufacturer                     in_use deployed                   in_service
  serviced            service manufacturer                     -retired                          ~
  incident_reported   owner operator service regulator         -scrapped                         =
  suspended           regulator                                -scrapped                         =
  reinstated          regulator                                -scrapped                         =
  stolen_reported     owner                                    -scrapped                         =
  recovered           owner                                    -scrapped                         =
  recall_remedied     service manufacturer maker               -retired                          =
  software_updated    service manufacturer maker               -retired                          =
  decommissioned      owner                                    registered in_use                 decommissioned
  recycling_received  recycler                                 decommissioned                    recycling
  scrapped            recycler                                 recycling                         scrapped
  exported            owner                                    registered in_use                 exported
  reimported          importer                                 exported                          registered
  usage_reported      owner operator                           -retired                          =
  brand_recorded      regulator service insurer                -scrapped                         =
  brand_corrected     regulator                                -scrapped                         =
  insurer_named       owner                                    -retired                          =
  insurer_revoked     owner                                    -scrapped                         =
`;

const PARTIES: Party[] = [
  'owner',
  'operator',
  'service',
  'manufacturer',
  'regulator',
  'recycler',
  'recipient',
  'maker',
  'importer',
  'insurer',
];
const RETIRED: RobotStatus[] = ['decommissioned', 'recycling', 'scrapped', 'exported', 'remanufactured'];
// Gone from the domestic market or ended for good (issue #16): like scrapped, nothing but a re-import happens to them.
const GONE: RobotStatus[] = ['scrapped', 'exported', 'remanufactured'];
const AT = new Date('2026-05-01T08:00:00Z');
const OFFER = { to: 'actor-1', sale: false, expiresAt: '2026-05-15T08:00:00.000Z' };

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
    const next = must(words.at(-1), 'a table line has words');
    const rest = words.slice(1, -1);
    const who = rest.filter((w) => (PARTIES as string[]).includes(w)) as Party[];
    const statusWords = rest.filter((w) => !(PARTIES as string[]).includes(w));
    const from =
      statusWords[0] === '-scrapped'
        ? ROBOT_STATUSES.filter((s) => !GONE.includes(s))
        : statusWords[0] === '-retired'
          ? ROBOT_STATUSES.filter((s) => !RETIRED.includes(s))
          : (statusWords as RobotStatus[]);
    rows.set(type, { who, from: [...from], next });
  }
  return rows;
}

const table = parseTable();

function unit(status: RobotStatus, flags: Partial<UnitState> = {}): UnitState {
  return {
    status,
    ownerId: 'owner-1',
    operatorId: null,
    site: null,
    firmware: '1.0',
    suspended: false,
    stolen: false,
    resumeStatus: null,
    offer: null,
    ...flags,
  };
}

function factsFor(type: EventType, party: Party): EventFacts {
  return {
    type,
    actorId: 'actor-1',
    parties: [party],
    access: { allowed: true, reasons: [] },
    at: AT,
    sale: false,
    recipient: { id: 'new-owner', roles: ['operator', 'recycler'], makesUnit: false, standing: true },
    offerExpiresAt: '2026-05-15T08:00:00.000Z',
    site: { province: 'Zhejiang', city: 'Hangzhou', domain: 'retail' },
    usage: { hours: 10, cycles: 10 },
    brand: 'water_damaged',
    softwareTo: '1.1.0',
  };
}

// Flags that must be set (or clear) for the event to make sense.
function flagsFor(type: EventType): Partial<UnitState> {
  if (type === 'reinstated') return { suspended: true };
  if (type === 'recovered') return { stolen: true };
  if (type === 'brand_corrected') return { brands: ['water_damaged'] };
  if (type === 'transfer_accepted' || type === 'transfer_declined' || type === 'transfer_withdrawn') return { offer: OFFER };
  return {};
}

test('the hand-written table covers every event type', () => {
  assert.deepEqual([...table.keys()].sort(), [...EVENT_TYPES].sort());
});

for (const type of EVENT_TYPES) {
  for (const status of ROBOT_STATUSES) {
    for (const party of PARTIES) {
      const row = must(table.get(type), `the table has a row for ${type}`);
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
            row.next === '='
              ? status
              : row.next === '*'
                ? status === 'decommissioned'
                  ? 'decommissioned'
                  : 'in_use'
                : row.next === '~'
                  ? status === 'in_service'
                    ? 'in_use'
                    : status
                  : row.next;
          assert.equal(next.status, expected);
        }
      });
    }
  }
}

test('software_updated installs its target version and changes nothing else (issue #15)', () => {
  const before = unit('deployed', { softwareVersion: '1.0.0' });
  const { usage: _readings, ...facts } = factsFor('software_updated', 'maker');
  assert.deepEqual(decide(before, facts), { ...before, softwareVersion: '1.1.0' });
});

test('a sale needs market access; a handover does not', () => {
  const denied = { allowed: false, reasons: ['MODEL_NOT_APPROVED' as const] };
  const sale = { ...factsFor('transferred', 'owner'), access: denied, sale: true };
  assert.throws(
    () => decide(unit('registered'), sale),
    (e) => isRegistryError(e) && e.code === 'MARKET_ACCESS_DENIED' && (e.extra.reasons as string[])[0] === 'MODEL_NOT_APPROVED',
  );
  assert.throws(
    () => decide(unit('registered'), { ...sale, sale: false }),
    (e) => isRegistryError(e) && e.code === 'MARKET_ACCESS_DENIED' && e.extra.rule === 'handover',
  );
});

test("a unit that may not be sold moves only back to its maker, to a recycler once decommissioned, or by the regulator's order", () => {
  const denied = { allowed: false, reasons: ['OPEN_RECALL_STOP_SALE' as const] };
  const f = { ...factsFor('transferred', 'owner'), access: denied };
  const refusedTo = (recipient: EventFacts['recipient'], status: RobotStatus = 'in_use') =>
    assert.throws(
      () => decide(unit(status), { ...f, recipient }),
      (e) => isRegistryError(e) && e.code === 'MARKET_ACCESS_DENIED' && e.extra.rule === 'handover',
    );
  refusedTo({ id: 'dealer', roles: ['seller'], makesUnit: false, standing: true });
  refusedTo({ id: 'recycler', roles: ['recycler'], makesUnit: false, standing: true });
  refusedTo({ id: 'regulator', roles: ['regulator'], makesUnit: false, standing: true });
  assert.equal(
    decide(unit('in_use'), { ...f, recipient: { id: 'maker', roles: ['manufacturer'], makesUnit: true, standing: true } }).ownerId,
    'maker',
  );
  assert.equal(
    decide(unit('decommissioned'), {
      ...f,
      access: { allowed: false, reasons: ['DECOMMISSIONED'] },
      recipient: { id: 'rec', roles: ['recycler'], makesUnit: false, standing: true },
    }).ownerId,
    'rec',
  );
  const order = decide(unit('in_use'), {
    ...f,
    parties: ['regulator'],
    recipient: { id: 'custodian', roles: ['operator'], makesUnit: false, standing: false },
  });
  assert.equal(order.ownerId, 'custodian');
  assert.throws(
    () => decide(unit('in_use'), { ...f, access: { allowed: true, reasons: [] }, parties: ['regulator'], sale: true }),
    (e) => isRegistryError(e) && e.code === 'INVALID_TRANSITION' && e.extra.rule === 'order',
  );
});

test('without standing acceptance a transfer is an offer: the owner stays until the recipient accepts before it lapses', () => {
  const f = {
    ...factsFor('transferred', 'owner'),
    sale: true,
    recipient: { id: 'buyer', roles: ['operator'], makesUnit: false, standing: false },
  };
  const offered = decide(unit('registered'), f);
  assert.equal(offered.ownerId, 'owner-1');
  assert.equal(offered.status, 'registered');
  assert.deepEqual(offered.offer, { to: 'buyer', sale: true, expiresAt: f.offerExpiresAt });
  // A second offer while one is pending is refused; after it lapses, a new one may be made.
  assert.throws(
    () => decide(offered, f),
    (e) => isRegistryError(e) && e.code === 'OFFER_PENDING',
  );
  const later = new Date(Date.parse(must(f.offerExpiresAt, 'the facts give offerExpiresAt')) + 1);
  assert.equal(
    decide(offered, { ...f, at: later, offerExpiresAt: '2026-06-30T00:00:00.000Z' }).offer?.expiresAt,
    '2026-06-30T00:00:00.000Z',
  );
  const accept = {
    ...factsFor('transfer_accepted', 'recipient'),
    actorId: 'buyer',
    sale: true,
    recipient: { id: 'buyer', roles: ['operator'], makesUnit: false, standing: false },
  };
  const accepted = decide(offered, accept);
  assert.equal(accepted.ownerId, 'buyer');
  assert.equal(accepted.status, 'in_use');
  assert.equal(accepted.offer, null);
  assert.throws(
    () => decide(offered, { ...accept, at: later }),
    (e) => isRegistryError(e) && e.code === 'NO_PENDING_OFFER',
  );
  // Acceptance is judged on the unit as it is then: a sale needs market access at acceptance too.
  assert.throws(
    () => decide(offered, { ...accept, access: { allowed: false, reasons: ['SUSPENDED'] } }),
    (e) => isRegistryError(e) && e.code === 'MARKET_ACCESS_DENIED',
  );
  assert.equal(decide(offered, factsFor('transfer_declined', 'recipient')).offer, null);
  assert.equal(decide(offered, factsFor('transfer_withdrawn', 'owner')).ownerId, 'owner-1');
  assert.throws(
    () => decide(unit('in_use'), factsFor('transfer_withdrawn', 'owner')),
    (e) => isRegistryError(e) && e.code === 'NO_PENDING_OFFER',
  );
});

test('a deployment needs market access and no open stop-use recall', () => {
  const f = factsFor('deployed', 'owner');
  assert.throws(
    () => decide(unit('in_use'), { ...f, access: { allowed: false, reasons: ['SUSPENDED'] } }),
    (e) => isRegistryError(e) && e.code === 'MARKET_ACCESS_DENIED',
  );
  assert.throws(
    () => decide(unit('in_use'), { ...f, stopUse: true }),
    (e) => isRegistryError(e) && e.code === 'MARKET_ACCESS_DENIED',
  );
  const next = decide(unit('in_use'), f);
  assert.deepEqual(next.site, f.site);
  assert.equal(next.operatorId, 'actor-1');
});

test('a transfer to a trade participant puts the unit back with the trade; to an end owner, in use', () => {
  const f = factsFor('transferred', 'owner');
  assert.equal(
    decide(unit('in_use'), { ...f, recipient: { id: 'dealer', roles: ['seller'], makesUnit: false, standing: true } }).status,
    'registered',
  );
  assert.equal(
    decide(unit('registered'), { ...f, recipient: { id: 'user', roles: ['operator'], makesUnit: false, standing: true } }).status,
    'in_use',
  );
});

test('a decommissioned unit goes only to a recycler, and only to someone new', () => {
  const f = factsFor('transferred', 'owner');
  assert.throws(
    () => decide(unit('decommissioned'), { ...f, recipient: { id: 'user', roles: ['operator'], makesUnit: false, standing: true } }),
    (e) => isRegistryError(e) && e.code === 'INVALID_TRANSITION',
  );
  assert.throws(
    () => decide(unit('in_use'), { ...f, recipient: { id: 'owner-1', roles: ['operator'], makesUnit: false, standing: true } }),
    (e) => isRegistryError(e) && e.code === 'INVALID_TRANSITION',
  );
});

test('flags cannot be set twice or cleared when clear', () => {
  for (const [type, flags] of [
    ['suspended', { suspended: true }],
    ['reinstated', {}],
    ['stolen_reported', { stolen: true }],
    ['recovered', {}],
  ] as const) {
    const party: Party = type === 'suspended' || type === 'reinstated' ? 'regulator' : 'owner';
    assert.throws(
      () => decide(unit('in_use', flags), factsFor(type, party)),
      (e) => isRegistryError(e) && e.code === 'INVALID_TRANSITION',
      type,
    );
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
