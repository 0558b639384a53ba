/**
 * Single events that arrive together share one transaction and one log
 * append, each with its own outcome: a refused event fails alone, the others
 * commit; an Idempotency-Key of a refused event stays free for the retry.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, testRegistry, type TestRegistry } from '../harness.ts';
import {
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

async function units(n: number, stage: 'registered' | 'in_use' = 'registered'): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(stage === 'registered' ? await newUnit(r, c.maker, c.model) : await unitIn(r, c, stage));
  return out;
}

test(`[${ENGINE}] 40 concurrent single events from different callers: all recorded, sharing transactions, each answered as alone`, async () => {
  const sales = await units(20);
  const owned = await units(20, 'in_use');
  const size = await logSize(r);
  const results = await Promise.all([
    ...sales.map((code) => record(r, c.maker.token, code, 'transferred', { to: c.buyer2.id, sale: true })),
    ...owned.map((code) => record(r, c.buyer.token, code, 'deployed', deployData())),
  ]);
  for (const res of results) ok(res);
  results.slice(0, 20).forEach((res, i) => {
    assert.equal(res.body.robot.code, sales[i]);
    assert.equal(res.body.robot.ownerId, c.buyer2.id);
    assert.equal(res.body.actorId, c.maker.id);
  });
  results.slice(20).forEach((res, i) => {
    assert.equal(res.body.robot.code, owned[i]);
    assert.equal(res.body.robot.status, 'deployed');
    assert.equal(res.body.actorId, c.buyer.id);
  });
  assert.equal(await logSize(r), size + 40);
  const indexes = results.map((res) => res.body.logIndex as number).sort((a, b) => a - b);
  assert.deepEqual(
    indexes,
    Array.from({ length: 40 }, (_, i) => size + i),
    'every leaf once, no gaps',
  );
  const shared = new Set(results.map((res) => res.body.recordedAt)).size;
  assert.ok(shared < 40, `events that arrived together were recorded together (${shared} transactions for 40 events)`);
});

test(`[${ENGINE}] a refused single event fails alone: its neighbours in the same transaction commit`, async () => {
  const good = await units(10);
  const [pending] = [await newUnit(r, c.maker, c.pending)];
  const size = await logSize(r);
  const results = await Promise.all([
    ...good.map((code) => record(r, c.maker.token, code, 'transferred', { to: c.buyer.id, sale: true })),
    record(r, c.maker.token, pending!, 'transferred', { to: c.buyer.id, sale: true }),
    record(r, c.stranger.token, good[0]!, 'stolen_reported', {}),
  ]);
  for (const res of results.slice(0, 10)) ok(res);
  refused(results[10]!, 409, 'MARKET_ACCESS_DENIED');
  refused(results[11]!, 403, 'NOT_ENTITLED');
  assert.equal(await logSize(r), size + 10);
  assert.equal(await version(r, pending!), 1);
});

test(`[${ENGINE}] a side effect refused late fails its event alone; the others are recorded`, async () => {
  const owned = await units(6, 'in_use');
  for (const code of owned.slice(0, 5)) ok(await grant(r, c.buyer, code, c.service));
  const size = await logSize(r);
  const results = await Promise.all([
    ...owned.slice(0, 5).map((code) => record(r, c.service.token, code, 'serviced', { kind: 'inspection' })),
    // The recall's remedy rule lets the maker try; the late side effect refuses it (no such open recall).
    record(r, c.maker.token, owned[5]!, 'recall_remedied', { recallId: '00000000-0000-4000-8000-000000000000' }),
  ]);
  for (const res of results.slice(0, 5)) ok(res);
  refused(results[5]!, 400, 'INVALID_ARGUMENT');
  assert.equal(await logSize(r), size + 5);
  assert.equal(await version(r, owned[5]!), 2, 'the refused unit is untouched');
});

test(`[${ENGINE}] the Idempotency-Key of a refused event stays free: the retry runs again once the rule allows it`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const key = { 'idempotency-key': `deploy-${code}` };
  ok(await record(r, c.buyer.token, code, 'stolen_reported', {}));
  // Deployment needs market access; a stolen unit has none.
  const [first] = await Promise.all([
    record(r, c.buyer.token, code, 'deployed', deployData(), { headers: key }),
    record(r, c.buyer.token, (await units(1))[0]!, 'stolen_reported', {}),
  ]);
  refused(first!, 409, 'MARKET_ACCESS_DENIED');
  ok(await record(r, c.buyer.token, code, 'recovered', {}));
  const retry = ok(await record(r, c.buyer.token, code, 'deployed', deployData(), { headers: key }));
  assert.equal(retry.body.robot.status, 'deployed');
  const again = ok(await record(r, c.buyer.token, code, 'deployed', deployData(), { headers: key }));
  assert.deepEqual(again.body, retry.body, 'and once recorded, the key answers with the first answer');
});

test(`[${ENGINE}] the same request sent 10 times at once with one Idempotency-Key is recorded once; every answer is the same`, async () => {
  const code = await newUnit(r, c.maker, c.model);
  const size = await logSize(r);
  const headers = { 'idempotency-key': `burst-${code}` };
  const results: Res[] = await Promise.all(
    Array.from({ length: 10 }, () => record(r, c.maker.token, code, 'transferred', { to: c.buyer.id, sale: true }, { headers })),
  );
  for (const res of results) ok(res);
  for (const res of results) assert.deepEqual(res.body, results[0]!.body);
  assert.equal(await logSize(r), size + 1);
  assert.equal((await eventsOf(r, code, r.regulatorToken)).filter((e) => e.type === 'transferred').length, 1);
});

test(`[${ENGINE}] two events on one unit at once: the later one waits and is judged on the state the first left`, async () => {
  const code = await unitIn(r, c, 'in_use');
  // Both are allowed from in_use, and each forbids the other: judged on the old state, both would pass.
  const [deploy, decommission] = await Promise.all([
    record(r, c.buyer.token, code, 'deployed', deployData()),
    record(r, c.buyer.token, code, 'decommissioned', { reason: 'end of life' }),
  ]);
  const won = [deploy, decommission].filter((res) => res.status === 201);
  assert.equal(won.length, 1, `one wins: ${deploy.status} ${decommission.status}`);
  refused(won[0] === deploy ? decommission : deploy, 409, 'INVALID_TRANSITION');
  assert.equal(await version(r, code), 3);
  assert.equal((await passport(r, code, c.buyer.token)).status, won[0]!.body.robot.status);
});
