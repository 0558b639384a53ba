import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal } from '../src/access/principal.ts';
import { registerRobots } from '../src/registry/robots/register-robots.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from './harness.ts';

let r: TestRegistry;
let maker: Enrolled;
let good: string[];
let bad: string[];
let badModel: string;

before(async () => {
  r = await testRegistry();
  maker = await enrol(r, ['manufacturer'], 'Signal Robotics');
  const p: Principal = { participantId: maker.id, name: 'm', roles: ['manufacturer'], enterpriseCode: maker.enterpriseCode };
  const goodModel = await fileModel(r, maker);
  badModel = await fileModel(r, maker);
  good = (
    await registerRobots(
      r.ctx,
      p,
      Array.from({ length: 20 }, () => unitBody(goodModel)),
    )
  ).map((u) => u.code);
  bad = (
    await registerRobots(
      r.ctx,
      p,
      Array.from({ length: 20 }, () => unitBody(badModel)),
    )
  ).map((u) => u.code);
});
after(() => r.dispose());

const incident = (code: string, failureMode: string) =>
  r.call('POST', `/v1/robots/${code}/events`, {
    token: maker.token,
    body: { type: 'serviced', data: { kind: 'repair', componentType: 'battery_pack', failureMode } },
  });

test(`[${ENGINE}] service records naming a component and failure mode are counted per model and month`, async () => {
  for (const code of bad.slice(0, 8)) assert.equal((await incident(code, 'swelling')).status, 201);
  assert.equal((await incident(good[0]!, 'swelling')).status, 201);
  const counts = await r.call('GET', '/v1/defects', { token: r.regulatorToken });
  const row = counts.body.items.find((x: { model: string }) => x.model === badModel);
  assert.equal(row.signals, 8);
  assert.equal(row.componentType, 'battery_pack');
  assert.match(row.month, /^\d{4}-\d{2}$/);
  const own = await r.call('GET', '/v1/defects', { token: maker.token });
  assert.equal(own.status, 200);
  const other = await enrol(r, ['manufacturer']);
  assert.deepEqual((await r.call('GET', '/v1/defects', { token: other.token })).body.items, [], 'a manufacturer sees only its own models');
});

test(`[${ENGINE}] the regulator sees the model that stands out and opens a recall from it`, async () => {
  const res = await r.call('GET', '/v1/defects/clusters', { token: r.regulatorToken });
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.body.models.map((c: { model: string; componentType: string }) => [c.model, c.componentType]),
    [[badModel, 'battery_pack']],
  );
  const scope = res.body.models[0].suggestedScope;
  const recall = await r.call('POST', '/v1/recalls', {
    token: r.regulatorToken,
    body: { scope, hazard: 'battery swelling cluster', severity: 'high', remedy: 'part_replacement', stopSale: true, stopUse: false },
  });
  assert.equal(recall.status, 201);
  assert.equal(recall.body.affected, bad.length);
  assert.equal((await r.call('GET', '/v1/defects/clusters', { token: maker.token })).status, 403);
});
