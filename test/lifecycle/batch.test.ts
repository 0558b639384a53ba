/**
 * POST /v1/events/batch: up to 1,000 events by one caller, one per unit, all
 * or none. Each event meets the same rules as alone; a refused batch changes
 * nothing and names every refused event; the batch appends to the log once.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { verifyBundle, type PassportBundle } from '../../src/ledger/index.ts';
import { ENGINE, testRegistry, unitBody, type TestRegistry } from '../harness.ts';
import {
  DAY,
  deployData,
  eventsOf,
  grant,
  logSize,
  makeCast,
  newUnit,
  ok,
  passport,
  record,
  refused,
  unchanged,
  unitIn,
  version,
  type Cast,
  type Res,
} from './flow.ts';

let r: TestRegistry;
let c: Cast;

before(async () => {
  r = await testRegistry();
  c = await makeCast(r);
});
after(() => r.dispose());

type Item = { code: string; type: string; data: unknown; occurredAt?: string; ifMatch?: number };

function batch(token: string | undefined, events: Item[], headers?: Record<string, string>): Promise<Res> {
  return r.call('POST', '/v1/events/batch', { token, body: { events }, headers });
}

async function units(n: number): Promise<string[]> {
  const res = await r.call('POST', '/v1/robots/batch', {
    token: c.maker.token,
    body: { units: Array.from({ length: n }, () => unitBody(c.model)) },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.units.map((u: { code: string }) => u.code);
}

const sale = (code: string, to = c.buyer.id): Item => ({ code, type: 'transferred', data: { to, sale: true } });

test(`[${ENGINE}] a fleet sale of 50 units is one batch: every unit changes hands, the log grows by 50 consecutive leaves, one checkpoint covers them`, async () => {
  const codes = await units(50);
  const size = await logSize(r);
  const res = ok(
    await batch(
      c.maker.token,
      codes.map((code) => sale(code)),
    ),
  );
  const events = res.body.events;
  assert.equal(events.length, 50);
  events.forEach((e: any, i: number) => {
    assert.equal(e.logIndex, size + i, 'consecutive leaves in request order');
    assert.equal(e.type, 'transferred');
    assert.equal(e.robot.code, codes[i]);
    assert.equal(e.robot.status, 'in_use');
    assert.equal(e.robot.ownerId, c.buyer.id);
    assert.equal(e.robot.version, 2);
    assert.equal(e.data.from, c.maker.id, 'the leaf names the seller, as alone');
  });
  assert.equal(await logSize(r), size + 50);
  const [owners] = await r.ctx.store.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM ownerships WHERE robot_code = ANY($1::char(29)[]) AND owner_id = $2 AND to_seq IS NULL',
    [codes, c.buyer.id],
  );
  assert.equal(owners!.n, 50, 'the ownership history is open for the buyer on every unit');
  const bundle = await r.call('GET', `/v1/robots/${codes[49]}/bundle`);
  assert.equal(bundle.status, 200);
  const verified = verifyBundle(bundle.body as PassportBundle, r.verifierKey);
  assert.equal(verified.ok, true, JSON.stringify(verified));
});

test(`[${ENGINE}] a batch of different events answers each exactly as recording it alone would`, async () => {
  const [a, b, d] = [await unitIn(r, c, 'in_use'), await unitIn(r, c, 'in_use'), await unitIn(r, c, 'deployed')];
  const [a2, b2, d2] = [await unitIn(r, c, 'in_use'), await unitIn(r, c, 'in_use'), await unitIn(r, c, 'deployed')];
  const expiresAt = new Date(Date.now() + 30 * DAY).toISOString();
  const items = (x: string, y: string, z: string): Item[] => [
    { code: x, type: 'deployed', data: deployData(c.operator) },
    { code: y, type: 'service_granted', data: { service: c.service.id, expiresAt } },
    {
      code: z,
      type: 'incident_reported',
      data: {
        severity: 'minor',
        kind: 'malfunction',
        description: 'Stopped mid-aisle',
        componentType: 'battery_pack',
        failureMode: 'battery swelling',
      },
    },
  ];
  const together = ok(await batch(c.buyer.token, items(a, b, d))).body.events;
  const alone = [];
  for (const i of items(a2, b2, d2)) alone.push(ok(await record(r, c.buyer.token, i.code, i.type, i.data)).body);
  const shape = (e: any) => ({
    type: e.type,
    seq: e.seq,
    data: e.data,
    status: e.robot.status,
    owner: e.robot.ownerId,
    version: e.robot.version,
  });
  assert.deepEqual(together.map(shape), alone.map(shape));
  assert.deepEqual((await passport(r, a, c.buyer.token)).site, (await passport(r, a2, c.buyer.token)).site);
  const incidents = await r.ctx.store.query<{ robot_code: string }>(
    'SELECT robot_code FROM incidents WHERE robot_code = ANY($1::char(29)[])',
    [[d, d2]],
  );
  assert.equal(incidents.length, 2, 'the batched incident is filed like the single one');
  const signals = await r.ctx.store.query('SELECT 1 FROM defect_signals WHERE robot_code = ANY($1::char(29)[])', [[d, d2]]);
  assert.equal(signals.length, 2, 'and counts as a defect signal');
  // The service grant works: the service may now service b.
  ok(await record(r, c.service.token, b, 'serviced', { kind: 'inspection' }));
});

test(`[${ENGINE}] one refused event refuses the batch: nothing changes, and the problem names every refused event with its rule`, async () => {
  const [sellable, pending, foreign] = [
    await newUnit(r, c.maker, c.model),
    await newUnit(r, c.maker, c.pending),
    await unitIn(r, c, 'in_use'),
  ];
  const codes = [sellable, pending, foreign];
  let res!: Res;
  await unchanged(r, codes, async () => {
    res = await batch(c.maker.token, [sale(sellable), sale(pending), sale(foreign)]);
  });
  refused(res, 409, 'MARKET_ACCESS_DENIED', 'the first refused event sets the code');
  assert.match(res.body.detail, /^Event 1 \(/);
  assert.deepEqual(
    res.body.errors.map((e: any) => [e.event, e.robot, e.code]),
    [
      [1, pending, 'MARKET_ACCESS_DENIED'],
      [2, foreign, 'NOT_ENTITLED'],
    ],
  );
  assert.ok(res.body.errors[0].reasons.includes('MODEL_NOT_APPROVED'), JSON.stringify(res.body.errors[0]));
  assert.equal(await version(r, sellable), 1, 'the acceptable event was not written either');
});

test(`[${ENGINE}] a side effect refused late (a remedy for a recall the unit is not in) still refuses the whole batch`, async () => {
  const [x, y] = [await unitIn(r, c, 'in_use'), await unitIn(r, c, 'in_use')];
  for (const u of [x, y]) ok(await grant(r, c.buyer, u, c.service));
  let res!: Res;
  await unchanged(r, [x, y], async () => {
    res = await batch(c.service.token, [
      { code: x, type: 'serviced', data: { kind: 'inspection' } },
      { code: y, type: 'recall_remedied', data: { recallId: '00000000-0000-4000-8000-000000000000' } },
    ]);
  });
  refused(res, 400, 'INVALID_ARGUMENT');
  assert.deepEqual(
    res.body.errors.map((e: any) => [e.event, e.robot]),
    [[1, y]],
  );
});

test(`[${ENGINE}] a part from a scrapped unit is refused in a batched repair, naming the event`, async () => {
  const scrapped = await unitIn(r, c, 'scrapped');
  const [part] = await r.ctx.store.query<{ maker: string; serial: string }>(
    "SELECT maker, serial FROM components WHERE robot_code = $1 AND component_type = 'battery_pack'",
    [scrapped],
  );
  const [x, y] = [await unitIn(r, c, 'in_use'), await unitIn(r, c, 'in_use')];
  const [mine] = await r.ctx.store.query<{ maker: string; serial: string }>(
    "SELECT maker, serial FROM components WHERE robot_code = $1 AND component_type = 'battery_pack'",
    [y],
  );
  for (const u of [x, y]) ok(await grant(r, c.buyer, u, c.service));
  let res!: Res;
  await unchanged(r, [x, y, scrapped], async () => {
    res = await batch(c.service.token, [
      { code: x, type: 'serviced', data: { kind: 'inspection' } },
      { code: y, type: 'serviced', data: { kind: 'repair', replaced: [{ type: 'battery_pack', removed: mine, installed: part }] } },
    ]);
  });
  refused(res, 409, 'SCRAPPED_COMPONENT');
  assert.equal(res.body.errors[0].event, 1);
});

test(`[${ENGINE}] a unit twice in one batch is refused (400), naming the repeat`, async () => {
  const code = await unitIn(r, c, 'in_use');
  let res!: Res;
  await unchanged(r, code, async () => {
    res = await batch(c.buyer.token, [
      { code, type: 'deployed', data: deployData() },
      { code, type: 'undeployed', data: {} },
    ]);
  });
  refused(res, 400, 'INVALID_ARGUMENT');
  assert.deepEqual(
    res.body.errors.map((e: any) => e.event),
    [1],
  );
  assert.match(res.body.errors[0].message, /one event per unit/);
});

test(`[${ENGINE}] batch limits and input errors: none, over 1,000, a malformed code, no token`, async () => {
  const size = await logSize(r);
  refused(await batch(c.maker.token, []), 400, 'INVALID_REQUEST');
  const code = await newUnit(r, c.maker, c.model);
  const tooMany = await batch(
    c.maker.token,
    Array.from({ length: 1_001 }, () => ({ code, type: 'serviced', data: { kind: 'inspection' } })),
  );
  refused(tooMany, 413, 'BATCH_TOO_LARGE');
  assert.equal(tooMany.body.limit, 1_000);
  const typo = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
  const bad = await batch(c.maker.token, [sale(code), sale(typo)]);
  refused(bad, 400, 'INVALID_CODE');
  assert.equal(bad.body.errors[0].event, 1);
  refused(await batch(undefined, [sale(code)]), 401, 'UNAUTHENTICATED');
  refused(await batch(c.maker.token, [{ code, type: 'transferred', data: { to: c.buyer.id } }]), 400, 'INVALID_REQUEST');
  assert.equal(await logSize(r), size + 1, 'only the unit registered here was written');
  assert.equal(await version(r, code), 1);
});

test(`[${ENGINE}] Idempotency-Key: the same batch twice writes once and answers the same; another batch under the key is refused`, async () => {
  const codes = await units(3);
  const headers = { 'idempotency-key': `fleet-sale-${codes[0]}` };
  const first = ok(
    await batch(
      c.maker.token,
      codes.map((x) => sale(x)),
      headers,
    ),
  );
  const size = await logSize(r);
  const again = ok(
    await batch(
      c.maker.token,
      codes.map((x) => sale(x)),
      headers,
    ),
  );
  assert.deepEqual(again.body, first.body);
  assert.equal(await logSize(r), size);
  refused(
    await batch(
      c.maker.token,
      codes.map((x) => sale(x, c.buyer2.id)),
      headers,
    ),
    422,
    'IDEMPOTENCY_CONFLICT',
  );
});

test(`[${ENGINE}] ifMatch per event: a stale version refuses the batch with the unit's current state`, async () => {
  const [x, y] = [await unitIn(r, c, 'in_use'), await unitIn(r, c, 'in_use')];
  const vx = await version(r, x);
  ok(await record(r, c.buyer.token, y, 'stolen_reported', {}));
  let res!: Res;
  await unchanged(r, [x, y], async () => {
    res = await batch(c.buyer.token, [
      { code: x, type: 'decommissioned', data: {}, ifMatch: vx },
      { code: y, type: 'recovered', data: {}, ifMatch: 2 },
    ]);
  });
  refused(res, 409, 'VERSION_MISMATCH');
  assert.equal(res.body.errors[0].event, 1);
  assert.equal(res.body.errors[0].current.version, 3);
  assert.equal(res.body.errors[0].current.stolen, true);
});

test(`[${ENGINE}] occurredAt per event: each claimed time is checked against its own unit`, async () => {
  const [x, y] = [await unitIn(r, c, 'in_use'), await unitIn(r, c, 'in_use')];
  const past = new Date(Date.now() - 400 * DAY).toISOString();
  const res = await batch(c.buyer.token, [
    { code: x, type: 'incident_reported', data: { severity: 'minor', kind: 'malfunction', description: 'x' } },
    { code: y, type: 'incident_reported', data: { severity: 'minor', kind: 'malfunction', description: 'y' }, occurredAt: past },
  ]);
  refused(res, 422, 'EVENT_OUT_OF_ORDER');
  assert.deepEqual(
    res.body.errors.map((e: any) => e.event),
    [1],
  );
  assert.match(res.body.errors[0].message, /before the unit's last event/);
});

test(`[${ENGINE}] two batches racing for the same units: exactly one sale of each unit wins, nothing is lost or doubled`, async () => {
  const codes = await units(20);
  const size = await logSize(r);
  const [one, two] = await Promise.all([
    batch(
      c.maker.token,
      codes.map((x) => sale(x, c.buyer.id)),
    ),
    batch(
      c.maker.token,
      [...codes].reverse().map((x) => sale(x, c.buyer2.id)),
    ),
  ]);
  const won = [one, two].filter((res) => res.status === 201);
  assert.equal(won.length, 1, `one batch wins: ${one.status} ${two.status}`);
  const lost = one.status === 201 ? two : one;
  refused(lost, 403, 'NOT_ENTITLED', 'the maker no longer owns the units');
  assert.equal(lost.body.errors.length, 20);
  assert.equal(await logSize(r), size + 20);
  for (const x of codes) assert.equal((await eventsOf(r, x, r.regulatorToken)).filter((e) => e.type === 'transferred').length, 1);
});

test(`[${ENGINE}] batches over the same units in opposite orders never deadlock: both are recorded`, async () => {
  const codes = await units(30);
  const report = (x: string, n: number): Item => ({
    code: x,
    type: 'incident_reported',
    data: { severity: 'minor', kind: 'malfunction', description: `round ${n}` },
  });
  const results = await Promise.all(
    [0, 1, 2, 3].map((n) =>
      batch(
        r.regulatorToken,
        (n % 2 ? [...codes].reverse() : codes).map((x) => report(x, n)),
      ),
    ),
  );
  for (const res of results) ok(res);
  for (const x of codes) assert.equal(await version(r, x), 5, 'every unit took all four reports');
});
