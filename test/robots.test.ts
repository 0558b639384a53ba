import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseCode } from '../src/code/index.ts';
import { daysAgo, ENGINE, enrol, fileModel, PRODUCTION_DATE, testRegistry, unitBody, type Enrolled, type TestRegistry } from './harness.ts';

let r: TestRegistry;
let maker: Enrolled;
let other: Enrolled;
let model: string;
let otherModel: string;

async function counts() {
  const [row] = await r.ctx.store.query<{ robots: number; events: number; components: number; size: number }>(
    `SELECT (SELECT count(*)::int FROM robots) AS robots, (SELECT count(*)::int FROM events) AS events,
            (SELECT count(*)::int FROM components) AS components, (SELECT size FROM log_head) AS size`,
  );
  return row!;
}

before(async () => {
  r = await testRegistry();
  maker = await enrol(r, ['manufacturer'], 'Maker A');
  other = await enrol(r, ['manufacturer'], 'Maker B');
  model = await fileModel(r, maker);
  otherModel = await fileModel(r, other);
});
after(() => r.dispose());

test(`[${ENGINE}] a manufacturer registers one unit under its own code`, async () => {
  const res = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
  assert.equal(res.status, 201);
  const c = parseCode(res.body.code);
  assert.equal(c.country, 'CN');
  assert.equal(c.enterprise, maker.enterpriseCode);
  assert.equal(c.model, model);
  assert.equal(c.productionDate, PRODUCTION_DATE);
  assert.equal(res.body.displayCode, `CN-${c.enterprise}-${c.model}-${c.serial}`);
  assert.equal(typeof res.body.logIndex, 'number');
  const ev = await r.call('GET', `/v1/robots/${res.body.code}/events`, { token: maker.token });
  assert.equal(ev.status, 200);
  assert.equal(ev.body.items.length, 1);
  assert.equal(ev.body.items[0].type, 'registered');
  assert.equal(ev.body.items[0].logIndex, res.body.logIndex);
});

test(`[${ENGINE}] a production run registers all units with consecutive sequences`, async () => {
  // A day no other test of this file registers on, so the run's sequences start at 0 whatever today is.
  const runDay = new Date(Date.parse(PRODUCTION_DATE) - 86_400_000).toISOString().slice(0, 10);
  const units = Array.from({ length: 250 }, () => unitBody(model, runDay));
  const res = await r.call('POST', '/v1/robots/batch', { token: maker.token, body: { units } });
  assert.equal(res.status, 201);
  const seqs = res.body.units.map((u: { code: string }) => Number(parseCode(u.code).sequence));
  assert.deepEqual(
    seqs,
    Array.from({ length: 250 }, (_, i) => i),
  );
  const logIdx = res.body.units.map((u: { logIndex: number }) => u.logIndex);
  assert.deepEqual(
    logIdx,
    logIdx.map((_: number, i: number) => logIdx[0] + i),
  );
});

test(`[${ENGINE}] a manufacturer cannot register under another's enterprise code or model`, async () => {
  const before = await counts();
  const foreign = await r.call('POST', '/v1/robots', {
    token: maker.token,
    body: { ...unitBody(otherModel), enterprise: other.enterpriseCode },
  });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.body.code, 'FOREIGN_ENTERPRISE');
  const otherModelOwn = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(otherModel) });
  if (otherModel !== model) {
    assert.equal(otherModelOwn.status, 422);
    assert.equal(otherModelOwn.body.code, 'UNKNOWN_MODEL');
  }
  const seller = await enrol(r, ['seller']);
  const notMaker = await r.call('POST', '/v1/robots', { token: seller.token, body: unitBody(model) });
  assert.equal(notMaker.status, 403);
  assert.equal(notMaker.body.code, 'FORBIDDEN_ROLE');
  assert.deepEqual(await counts(), {
    ...before,
    robots: before.robots + (otherModel === model ? 1 : 0),
    events: before.events + (otherModel === model ? 1 : 0),
    components: before.components + (otherModel === model ? 2 : 0),
    size: before.size + (otherModel === model ? 1 : 0),
  });
});

test(`[${ENGINE}] every key component type must be declared, and only those`, async () => {
  const before = await counts();
  const missing = unitBody(model);
  missing.components = missing.components.slice(0, 1);
  const res = await r.call('POST', '/v1/robots', { token: maker.token, body: missing });
  assert.equal(res.status, 422);
  assert.equal(res.body.code, 'MISSING_COMPONENT');
  assert.match(res.body.detail, /battery_pack/);
  const extra = unitBody(model);
  extra.components.push({ type: 'flux_capacitor', maker: 'X', serial: 'Y', lot: 'Z' });
  const res2 = await r.call('POST', '/v1/robots', { token: maker.token, body: extra });
  assert.equal(res2.status, 422);
  assert.equal(res2.body.code, 'UNKNOWN_COMPONENT_TYPE');
  assert.deepEqual(await counts(), before);
});

test(`[${ENGINE}] a component serial can be in one robot only — within a batch and across batches`, async () => {
  const first = unitBody(model);
  assert.equal((await r.call('POST', '/v1/robots', { token: maker.token, body: first })).status, 201);
  const before = await counts();
  const reuse = unitBody(model);
  reuse.components[0] = first.components[0]!;
  const res = await r.call('POST', '/v1/robots', { token: maker.token, body: reuse });
  assert.equal(res.status, 409);
  assert.equal(res.body.code, 'DUPLICATE_COMPONENT');
  const a = unitBody(model);
  const b = unitBody(model);
  b.components[1] = a.components[1]!;
  const batch = await r.call('POST', '/v1/robots/batch', { token: maker.token, body: { units: [a, b] } });
  assert.equal(batch.status, 409);
  assert.equal(batch.body.errors[0].unit, 1);
  assert.deepEqual(await counts(), before);
});

test(`[${ENGINE}] a rejected batch leaves no unit behind, even when only its last unit is bad`, async () => {
  const before = await counts();
  const units = Array.from({ length: 100 }, () => unitBody(model));
  const taken = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
  const ev = await r.call('GET', `/v1/robots/${taken.body.code}`, { token: maker.token });
  units[99]!.components[0] = {
    ...ev.body.components.find((c: { type: string }) => c.type === units[99]!.components[0]!.type),
    lot: 'LOT-1',
  };
  delete (units[99]!.components[0] as Record<string, unknown>).state;
  const res = await r.call('POST', '/v1/robots/batch', { token: maker.token, body: { units } });
  assert.equal(res.status, 409);
  assert.equal(res.body.code, 'DUPLICATE_COMPONENT');
  assert.equal(res.body.errors[0].unit, 99);
  const after = await counts();
  assert.deepEqual(after, {
    robots: before.robots + 1,
    events: before.events + 1,
    components: before.components + 2,
    size: before.size + 1,
  });
  // The refused run consumed no sequence numbers: the next unit continues the run without a gap.
  const next = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
  assert.equal(Number(parseCode(next.body.code).sequence), Number(parseCode(taken.body.code).sequence) + 1);
});

test(`[${ENGINE}] oversized batches, bodies and malformed JSON are refused with problems`, async () => {
  const before = await counts();
  const big = Array.from({ length: 10_001 }, () => ({
    model,
    productionDate: PRODUCTION_DATE,
    components: [{ type: 'main_controller', maker: 'M', serial: 'S' }],
  }));
  const res = await r.call('POST', '/v1/robots/batch', { token: maker.token, body: { units: big } });
  assert.equal(res.status, 413);
  assert.equal(res.body.code, 'BATCH_TOO_LARGE');
  const huge = await r.call('POST', '/v1/participants', {
    token: r.regulatorToken,
    body: { name: 'x'.repeat(300_000), country: 'CN', roles: ['seller'] },
  });
  assert.equal(huge.status, 413);
  assert.equal(huge.body.code, 'BODY_TOO_LARGE');
  const bad = await r.call('POST', '/v1/robots', {
    token: maker.token,
    body: '{"model": ',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'INVALID_REQUEST');
  const date = await r.call('POST', '/v1/robots', { token: maker.token, body: { ...unitBody(model), productionDate: '2026-02-30' } });
  assert.equal(date.status, 400);
  const setStatus = await r.call('POST', '/v1/robots', { token: maker.token, body: { ...unitBody(model), status: 'in_use' } });
  assert.equal(setStatus.status, 400, 'mass assignment of status is refused');
  assert.deepEqual(await counts(), before);
});

test(`[${ENGINE}] concurrent production runs never share a code and leave no gap`, async () => {
  const runs = await Promise.all(
    Array.from({ length: 6 }, () =>
      r.call('POST', '/v1/robots/batch', {
        token: maker.token,
        body: { units: Array.from({ length: 40 }, () => unitBody(model, daysAgo(60))) },
      }),
    ),
  );
  for (const run of runs) assert.equal(run.status, 201);
  const codes = runs.flatMap((run) => run.body.units.map((u: { code: string }) => u.code));
  assert.equal(new Set(codes).size, 240);
  const seqs = codes.map((c: string) => Number(parseCode(c).sequence)).sort((a: number, b: number) => a - b);
  assert.deepEqual(
    seqs,
    Array.from({ length: 240 }, (_, i) => i),
  );
  const idx = runs.flatMap((run) => run.body.units.map((u: { logIndex: number }) => u.logIndex)).sort((a: number, b: number) => a - b);
  assert.equal(new Set(idx).size, 240);
  const [gaps] = await r.ctx.store.query<{ n: number; max: number; size: number }>(
    'SELECT count(*)::int AS n, max(log_index) AS max, (SELECT size FROM log_head) AS size FROM events',
  );
  assert.equal(gaps!.n, gaps!.size);
  assert.equal(gaps!.max, gaps!.size - 1);
});

test(`[${ENGINE}] manufacturer A cannot read B's robots privately`, async () => {
  const mine = await r.call('POST', '/v1/robots', { token: other.token, body: unitBody(otherModel) });
  const pub = await r.call('GET', `/v1/robots/${mine.body.code}`, { token: maker.token });
  assert.equal(pub.status, 200);
  assert.equal(pub.body.view, 'public');
  assert.equal(pub.body.components, undefined);
  assert.equal(pub.body.ownerId, undefined);
  const ev = await r.call('GET', `/v1/robots/${mine.body.code}/events`, { token: maker.token });
  assert.equal(ev.status, 403);
  assert.equal(ev.body.code, 'NOT_ENTITLED');
  const own = await r.call('GET', `/v1/robots/${mine.body.code}`, { token: other.token });
  assert.equal(own.body.view, 'full');
  assert.equal(own.body.components.length, 2);
  const reg = await r.call('GET', `/v1/robots/${mine.body.code}`, { token: r.regulatorToken });
  assert.equal(reg.body.view, 'full');
});
