/**
 * End of life (DESIGN.md §4, §5): decommissioning, handover to a recycler,
 * recycling and scrapping; a scrapped unit never moves again and its key
 * components never come back to market. Also the event request's edges:
 * occurredAt and bad bodies.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, MODEL_PARAMETERS, enrol, testRegistry, unitBody, type TestRegistry } from '../harness.ts';
import { EVENT_TYPES, type EventType } from '../../src/lifecycle/events.ts';
import { checkCharacter } from '../../src/code/index.ts';
import {
  access,
  deployData,
  DAY,
  makeCast,
  MINUTE,
  newUnit,
  ok,
  passport,
  record,
  refused,
  transfer,
  unchanged,
  unitIn,
  logSize,
  type Cast,
} from './flow.ts';

let r: TestRegistry;
let c: Cast;

before(async () => {
  r = await testRegistry();
  c = await makeCast(r);
});
after(() => r.dispose());

async function totals() {
  const [row] = await r.ctx.store.query<{ robots: number; events: number; components: number; size: number }>(
    `SELECT (SELECT count(*)::int FROM robots) AS robots, (SELECT count(*)::int FROM events) AS events,
            (SELECT count(*)::int FROM components) AS components, (SELECT size FROM log_head) AS size`,
  );
  return row!;
}

interface Component {
  type: string;
  maker: string;
  serial: string;
  lot: string | null;
  state: string;
}

let scrappedFixture: Promise<{ code: string; components: Component[] }> | undefined;
/** scrapped is one unit taken all the way to scrapped (shared, built once), with its components. */
function scrapped() {
  scrappedFixture ??= (async () => {
    const code = await unitIn(r, c, 'scrapped');
    const components = (await passport(r, code, r.regulatorToken)).components as Component[];
    return { code, components };
  })();
  return scrappedFixture;
}

// ── 5. Scrapping: refurbished units can never be sold again ─────────────────

test(`[${ENGINE}] end of life: registered → sold (in_use) → decommissioned → handed to a recycler → recycling → scrapped`, async () => {
  const code = await newUnit(r, c.maker, c.model);
  const sale = ok(await transfer(r, c.maker, code, c.buyer, true), 'sale');
  assert.deepEqual([sale.body.robot.status, sale.body.robot.ownerId], ['in_use', c.buyer.id]);

  const dec = ok(await record(r, c.buyer.token, code, 'decommissioned', { reason: 'end of service life' }));
  assert.equal(dec.body.robot.status, 'decommissioned');
  assert.ok((await access(r, code)).reasons.includes('DECOMMISSIONED'));

  const hand = ok(await transfer(r, c.buyer, code, c.recycler, false), 'handover to the recycler');
  assert.deepEqual([hand.body.robot.status, hand.body.robot.ownerId], ['decommissioned', c.recycler.id]);

  const recv = ok(await record(r, c.recycler.token, code, 'recycling_received', { notes: 'received at plant 2' }));
  assert.equal(recv.body.robot.status, 'recycling');
  assert.ok((await access(r, code)).reasons.includes('RECYCLING'));

  const scrap = ok(await record(r, c.recycler.token, code, 'scrapped', { method: 'shredding' }));
  assert.equal(scrap.body.robot.status, 'scrapped');
  const p = await passport(r, code, r.regulatorToken);
  assert.equal(p.status, 'scrapped');
  assert.ok(p.components.length > 0);
  assert.ok(
    p.components.every((x: Component) => x.state === 'scrapped'),
    'every component of the unit becomes scrapped',
  );
});

test(`[${ENGINE}] a decommissioned unit may be handed only to a recycler: to a non-recycler → 409 INVALID_TRANSITION`, async () => {
  const code = await unitIn(r, c, 'decommissioned');
  await unchanged(r, code, async () => {
    const res = refused(await transfer(r, c.buyer, code, c.buyer2, false), 409, 'INVALID_TRANSITION', 'to an operator');
    assert.equal(res.body.unitStatus, 'decommissioned');
    refused(await transfer(r, c.buyer, code, c.stranger, false), 409, 'INVALID_TRANSITION', 'to a seller');
  });
});

test(`[${ENGINE}] a decommissioned unit cannot be sold, not even to a recycler: MARKET_ACCESS_DENIED [DECOMMISSIONED]`, async () => {
  const code = await unitIn(r, c, 'decommissioned');
  await unchanged(r, code, async () => {
    const res = refused(await transfer(r, c.buyer, code, c.recycler, true), 409, 'MARKET_ACCESS_DENIED');
    assert.ok(res.body.reasons.includes('DECOMMISSIONED'));
  });
});

test(`[${ENGINE}] a decommissioned unit cannot be deployed`, async () => {
  const code = await unitIn(r, c, 'decommissioned');
  await unchanged(r, code, async () => {
    refused(await record(r, c.buyer.token, code, 'deployed', deployData()), 409, 'INVALID_TRANSITION');
  });
});

test(`[${ENGINE}] only the recycler the unit was handed to receives it: another recycler or the past owner → 403`, async () => {
  const code = await unitIn(r, c, 'handed_to_recycler');
  await unchanged(r, code, async () => {
    refused(await record(r, c.recycler2.token, code, 'recycling_received', {}), 403, 'NOT_ENTITLED', 'another recycler');
    refused(await record(r, c.buyer.token, code, 'recycling_received', {}), 403, 'NOT_ENTITLED', 'the past owner');
  });
  ok(await record(r, c.recycler.token, code, 'recycling_received', {}));
});

test(`[${ENGINE}] a decommissioned unit not yet handed to a recycler cannot be received: its owner or any recycler → 403`, async () => {
  const code = await unitIn(r, c, 'decommissioned');
  await unchanged(r, code, async () => {
    refused(await record(r, c.buyer.token, code, 'recycling_received', {}), 403, 'NOT_ENTITLED', 'the owner, not a recycler');
    refused(await record(r, c.recycler.token, code, 'recycling_received', {}), 403, 'NOT_ENTITLED', 'a recycler it was not handed to');
    refused(await record(r, c.buyer.token, code, 'scrapped', {}), 403, 'NOT_ENTITLED', 'the owner scraps');
  });
});

test(`[${ENGINE}] a recycler cannot receive for recycling a unit that was not decommissioned`, async () => {
  const code = await unitIn(r, c, 'in_use');
  ok(await transfer(r, c.buyer, code, c.recycler, false), 'an in-use unit handed to a recycler (not decommissioned)');
  await unchanged(r, code, async () => {
    refused(await record(r, c.recycler.token, code, 'recycling_received', {}), 409, 'INVALID_TRANSITION');
  });
});

test(`[${ENGINE}] only that recycler scraps, and only a unit in recycling`, async () => {
  const code = await unitIn(r, c, 'handed_to_recycler');
  await unchanged(r, code, async () => {
    refused(await record(r, c.recycler.token, code, 'scrapped', {}), 409, 'INVALID_TRANSITION', 'not yet received');
  });
  ok(await record(r, c.recycler.token, code, 'recycling_received', {}));
  await unchanged(r, code, async () => {
    refused(await record(r, c.recycler2.token, code, 'scrapped', {}), 403, 'NOT_ENTITLED', 'another recycler');
    refused(await record(r, c.maker.token, code, 'scrapped', {}), 403, 'NOT_ENTITLED', 'the maker');
    refused(await record(r, r.regulatorToken, code, 'scrapped', {}), 403, 'NOT_ENTITLED', 'the regulator');
  });
});

test(`[${ENGINE}] a unit in recycling cannot be handed on or sold`, async () => {
  const code = await unitIn(r, c, 'recycling');
  await unchanged(r, code, async () => {
    refused(await transfer(r, c.recycler, code, c.recycler2, false), 409, 'INVALID_TRANSITION', 'handover');
    refused(await transfer(r, c.recycler, code, c.buyer2, true), 409, 'INVALID_TRANSITION', 'sale');
  });
});

test(`[${ENGINE}] a scrapped unit's code never moves again: transfer → 409 INVALID_TRANSITION`, async () => {
  const { code } = await scrapped();
  await unchanged(r, code, async () => {
    const sale = refused(await transfer(r, c.recycler, code, c.buyer2, true), 409, 'INVALID_TRANSITION', 'sale');
    assert.equal(sale.body.unitStatus, 'scrapped');
    refused(await transfer(r, c.recycler, code, c.buyer2, false), 409, 'INVALID_TRANSITION', 'handover');
    refused(await transfer(r, c.recycler, code, c.recycler2, false), 409, 'INVALID_TRANSITION', 'to another recycler');
  });
});

test(`[${ENGINE}] after scrapping every event type is refused with 409 and nothing is written`, async () => {
  const { code } = await scrapped();
  const future = new Date(Date.now() + 30 * DAY).toISOString();
  const insurer = await enrol(r, ['insurer']);
  // For each type, a caller the table lets record it, so only the status refuses it.
  // Typed over every EventType: a new event type must add its attempt here.
  const attempts: Record<EventType, [string, unknown]> = {
    transferred: [c.recycler.token, { to: c.buyer2.id, sale: false }],
    // No offer is pending, so no one is its recipient: the status, checked first for a party, refuses it.
    transfer_accepted: [c.recycler.token, {}],
    transfer_declined: [c.recycler.token, {}],
    transfer_withdrawn: [c.recycler.token, {}],
    deployed: [c.recycler.token, deployData()],
    undeployed: [c.recycler.token, {}],
    service_granted: [c.recycler.token, { service: c.service.id, expiresAt: future }],
    service_revoked: [c.recycler.token, { service: c.service.id }],
    service_started: [c.maker.token, {}],
    serviced: [c.maker.token, { kind: 'inspection' }],
    incident_reported: [r.regulatorToken, { severity: 'minor', kind: 'malfunction', description: 'sparks' }],
    suspended: [r.regulatorToken, { reason: 'r' }],
    reinstated: [r.regulatorToken, { reason: 'r' }],
    stolen_reported: [c.recycler.token, {}],
    recovered: [c.recycler.token, {}],
    decommissioned: [c.recycler.token, {}],
    recycling_received: [c.recycler.token, {}],
    scrapped: [c.recycler.token, {}],
    exported: [c.recycler.token, { destination: 'VN', declaration: 'EX-1' }],
    // Only an exported unit faces an importer: no one stands to re-import a scrapped one.
    reimported: [c.recycler.token, { declaration: 'IM-1', origin: 'VN' }],
    recall_remedied: [c.maker.token, { recallId: '00000000-0000-4000-8000-000000000001' }],
    software_updated: [c.maker.token, { campaignId: '00000000-0000-4000-8000-000000000001', from: '1.0.0', to: '1.1.0' }],
    usage_reported: [c.recycler.token, { hours: 1, cycles: 1 }],
    brand_recorded: [r.regulatorToken, { brand: 'water_damaged', evidence: 'survey' }],
    brand_corrected: [r.regulatorToken, { brand: 'water_damaged', correction: 'c' }],
    insurer_named: [c.recycler.token, { insurer: insurer.id, expiresAt: future }],
    insurer_revoked: [c.recycler.token, { insurer: insurer.id }],
  };
  // Custody: once a unit is sold and scrapped no one holds the standing these events need.
  const nobody = new Set<EventType>(['service_started', 'serviced', 'transfer_accepted', 'transfer_declined', 'reimported']);
  await unchanged(r, code, async () => {
    for (const type of EVENT_TYPES) {
      const [token, data] = attempts[type];
      if (nobody.has(type)) {
        refused(await record(r, token, code, type, data), 403, 'NOT_ENTITLED', type);
        continue;
      }
      const res = refused(await record(r, token, code, type, data), 409, 'INVALID_TRANSITION', type);
      assert.equal(res.body.unitStatus, 'scrapped', type);
    }
  });
});

test(`[${ENGINE}] market access of a scrapped unit includes SCRAPPED`, async () => {
  const { code } = await scrapped();
  const a = await access(r, code);
  assert.equal(a.allowed, false);
  assert.ok(a.reasons.includes('SCRAPPED'), JSON.stringify(a));
  const v = await r.call('GET', `/v1/verify/${code}`);
  assert.equal(v.body.status, 'scrapped');
  assert.ok(v.body.marketAccess.reasons.includes('SCRAPPED'));
});

test(`[${ENGINE}] registering a new unit with any of a scrapped unit's components → 409 SCRAPPED_COMPONENT naming the component and the scrapped unit`, async () => {
  const { code, components } = await scrapped();
  assert.ok(components.length >= 2);
  const before = await totals();
  for (const part of components) {
    const body = unitBody(c.model);
    body.components = body.components.map((x) =>
      x.type === part.type ? { type: part.type, maker: part.maker, serial: part.serial, lot: 'REFURB' } : x,
    );
    const res = refused(await r.call('POST', '/v1/robots', { token: c.maker.token, body }), 409, 'SCRAPPED_COMPONENT', part.type);
    assert.ok(res.body.detail.includes(part.serial), `detail names the component: ${res.body.detail}`);
    assert.ok(res.body.detail.includes(part.type), `detail names the component type: ${res.body.detail}`);
    assert.ok(res.body.detail.includes(code), `detail names the scrapped unit: ${res.body.detail}`);
    const batch = refused(
      await r.call('POST', '/v1/robots/batch', { token: c.maker.token, body: { units: [unitBody(c.model), body] } }),
      409,
      'SCRAPPED_COMPONENT',
      'batch',
    );
    assert.equal(batch.body.errors[0].unit, 1);
  }
  assert.deepEqual(await totals(), before, 'no robot, event, component or leaf was written');
});

test(`[${ENGINE}] another manufacturer cannot register a scrapped component either`, async () => {
  const { code, components } = await scrapped();
  const otherModel = (
    await r.call('POST', '/v1/models', {
      token: c.otherMaker.token,
      body: {
        name: 'Other M',
        category: 'general-purpose humanoid',
        parameters: MODEL_PARAMETERS,
        componentTypes: ['main_controller', 'battery_pack'],
      },
    })
  ).body.modelCode as string;
  const part = components[0]!;
  const body = unitBody(otherModel);
  body.components = body.components.map((x) =>
    x.type === part.type ? { type: part.type, maker: part.maker, serial: part.serial, lot: 'X' } : x,
  );
  const before = await totals();
  const res = refused(await r.call('POST', '/v1/robots', { token: c.otherMaker.token, body }), 409, 'SCRAPPED_COMPONENT');
  assert.ok(!res.body.detail.includes(code), "another participant's unit is not named");
  assert.deepEqual(await totals(), before);
});

test(`[${ENGINE}] fitting a scrapped component in a repair on another unit → 409 SCRAPPED_COMPONENT, and nothing changes`, async () => {
  const { code, components } = await scrapped();
  const target = await unitIn(r, c, 'in_use');
  ok(
    await record(r, c.buyer.token, target, 'service_granted', {
      service: c.service.id,
      expiresAt: new Date(Date.now() + DAY).toISOString(),
    }),
  );
  const mine = (await passport(r, target, c.buyer.token)).components as Component[];
  for (const part of components) {
    const current = mine.find((x) => x.type === part.type)!;
    const replaced = [
      { type: part.type, removed: { maker: current.maker, serial: current.serial }, installed: { maker: part.maker, serial: part.serial } },
    ];
    await unchanged(r, [target, code], async () => {
      const res = refused(
        await record(r, c.service.token, target, 'serviced', { kind: 'repair', replaced }),
        409,
        'SCRAPPED_COMPONENT',
        part.type,
      );
      assert.ok(res.body.detail.includes(part.serial), res.body.detail);
      assert.ok(!res.body.detail.includes(code), `the shop may not read the scrapped unit, so it is not named: ${res.body.detail}`);
      // The maker sold the unit: without the owner's grant it may not repair it at all.
      refused(await record(r, c.maker.token, target, 'serviced', { kind: 'repair', replaced }), 403, 'NOT_ENTITLED', part.type);
    });
  }
  const after = (await passport(r, target, c.buyer.token)).components as Component[];
  assert.deepEqual(after, mine, 'the unit keeps its own components');
  assert.deepEqual((await access(r, target)).reasons, [], 'the unit holds no scrapped component');
});

// ── 11. occurredAt ───────────────────────────────────────────────────────────

test(`[${ENGINE}] occurredAt more than 5 minutes in the future → 422 EVENT_IN_FUTURE, nothing written; within the skew it is taken as now, so a later event never sorts before it`, async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    for (const ahead of [6 * MINUTE, DAY, 365 * DAY]) {
      const res = refused(
        await record(r, c.buyer.token, code, 'stolen_reported', {}, { occurredAt: new Date(Date.now() + ahead).toISOString() }),
        422,
        'EVENT_IN_FUTURE',
        `+${ahead} ms`,
      );
      assert.match(JSON.stringify(res.body.errors ?? res.body.detail), /occurredAt/);
    }
  });
  const near = ok(
    await record(r, c.buyer.token, code, 'stolen_reported', {}, { occurredAt: new Date(Date.now() + 2 * MINUTE).toISOString() }),
    'within the clock skew',
  );
  assert.equal(near.body.occurredAt, near.body.recordedAt, "a time ahead within the skew is the registry's now");
  const next = ok(await record(r, c.buyer.token, code, 'recovered', {}), 'a normal event right after');
  assert.ok(Date.parse(next.body.occurredAt) >= Date.parse(near.body.occurredAt), 'the history stays in order');
  const events = (await r.call('GET', `/v1/robots/${code}/events`, { token: c.buyer.token })).body.items as { occurredAt: string }[];
  const times = events.map((e) => Date.parse(e.occurredAt));
  assert.deepEqual(
    times,
    [...times].sort((a, b) => a - b),
  );
});

test(`[${ENGINE}] occurredAt earlier than the unit's previous event → 422 EVENT_OUT_OF_ORDER, nothing written`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const last = (await r.call('GET', `/v1/robots/${code}/events`, { token: c.buyer.token })).body.items.at(-1);
  await unchanged(r, code, async () => {
    for (const at of [
      new Date(Date.parse(last.occurredAt) - 1).toISOString(),
      new Date(Date.parse(last.occurredAt) - DAY).toISOString(),
      '2020-01-01T00:00:00Z',
    ]) {
      const res = refused(await record(r, c.buyer.token, code, 'stolen_reported', {}, { occurredAt: at }), 422, 'EVENT_OUT_OF_ORDER', at);
      assert.match(JSON.stringify(res.body.errors ?? res.body.detail), /occurredAt/);
    }
  });
  ok(
    await record(r, c.buyer.token, code, 'stolen_reported', {}, { occurredAt: last.occurredAt }),
    'at the same moment as the previous event',
  );
});

test(`[${ENGINE}] occurredAt defaults to the moment the registry records the event`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const res = ok(await record(r, c.buyer.token, code, 'stolen_reported', {}));
  assert.equal(res.body.occurredAt, res.body.recordedAt);
});

// ── 12. Bad bodies ───────────────────────────────────────────────────────────

test(`[${ENGINE}] an unknown event type is 400 INVALID_REQUEST, and registered is not recordable as an event`, async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    for (const type of ['teleported', 'registered', 'SCRAPPED', '']) {
      refused(await record(r, c.buyer.token, code, type, {}), 400, 'INVALID_REQUEST', type);
    }
  });
});

test(`[${ENGINE}] extra fields in data are refused: no mass assignment of status, owner or version`, async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    const cases: [string, unknown][] = [
      ['transferred', { to: c.buyer2.id, sale: false, status: 'registered' }],
      ['transferred', { to: c.buyer2.id, sale: false, owner: c.buyer2.id }],
      ['stolen_reported', { status: 'scrapped' }],
      ['suspended', { reason: 'r', suspended: false }],
      ['deployed', { ...deployData(), owner: c.stranger.id }],
      ['deployed', { site: { ...deployData().site, status: 'deployed' }, domain: 'x' }],
      ['serviced', { kind: 'inspection', version: 99 }],
      ['incident_reported', { severity: 'minor', kind: 'malfunction', description: 'd', reporterId: c.stranger.id }],
    ];
    for (const [type, data] of cases) {
      const res = refused(await record(r, c.buyer.token, code, type, data), 400, 'INVALID_REQUEST', `${type} ${JSON.stringify(data)}`);
      assert.ok(Array.isArray(res.body.errors) && res.body.errors.length > 0);
    }
    const top = await r.call('POST', `/v1/robots/${code}/events`, {
      token: c.buyer.token,
      body: { type: 'stolen_reported', data: {}, status: 'scrapped', ownerId: c.stranger.id },
    });
    refused(top, 400, 'INVALID_REQUEST', 'extra top-level fields');
  });
  assert.equal((await passport(r, code, c.buyer.token)).ownerId, c.buyer.id);
});

test(`[${ENGINE}] missing required data is 400 INVALID_REQUEST, nothing written`, async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    const cases: [string, unknown][] = [
      ['transferred', { to: c.buyer2.id }],
      ['transferred', { sale: true }],
      ['deployed', { domain: 'x' }],
      ['deployed', { site: { province: 'Guangdong' }, domain: 'x' }],
      ['deployed', { site: deployData().site }],
      ['service_granted', { service: c.service.id }],
      ['service_revoked', {}],
      ['serviced', {}],
      ['incident_reported', { severity: 'minor', kind: 'malfunction' }],
      ['suspended', {}],
      ['stolen_reported', undefined],
    ];
    for (const [type, data] of cases) {
      refused(await record(r, c.buyer.token, code, type, data), 400, 'INVALID_REQUEST', `${type} ${JSON.stringify(data)}`);
    }
  });
});

test(`[${ENGINE}] malformed values are 400 INVALID_REQUEST, nothing written`, async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    const cases: [string, unknown, string?][] = [
      ['transferred', { to: 'not-a-uuid', sale: true }],
      ['transferred', { to: c.buyer2.id, sale: 'yes' }],
      ['deployed', { site: { ...deployData().site, latitude: 200 }, domain: 'x' }],
      ['incident_reported', { severity: 'apocalyptic', kind: 'malfunction', description: 'd' }],
      ['serviced', { kind: 'sabotage' }],
      ['service_granted', { service: c.service.id, expiresAt: 'tomorrow' }],
      ['stolen_reported', {}, 'yesterday'],
      ['stolen_reported', {}, '2026-02-30T00:00:00Z'],
    ];
    for (const [type, data, occurredAt] of cases) {
      refused(
        await record(r, c.buyer.token, code, type, data, occurredAt ? { occurredAt } : {}),
        400,
        'INVALID_REQUEST',
        `${type} ${JSON.stringify(data)} ${occurredAt ?? ''}`,
      );
    }
  });
});

test(`[${ENGINE}] events need a bearer token, a valid code and a registered unit`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const size = await logSize(r);
  refused(await record(r, undefined, code, 'stolen_reported', {}), 401, 'UNAUTHENTICATED', 'no token');
  refused(await record(r, 'hreg_nonsense', code, 'stolen_reported', {}), 401, 'UNAUTHENTICATED', 'bad token');
  refused(await record(r, c.buyer.token, 'CN-NOPE', 'stolen_reported', {}), 400, 'INVALID_CODE', 'malformed code');
  const unknown = code.slice(0, 12) + '991231' + code.slice(18, 28);
  refused(await record(r, c.buyer.token, unknown + checkCharacter(unknown), 'stolen_reported', {}), 404, 'NOT_REGISTERED', 'unknown code');
  assert.equal(await logSize(r), size);
});
