import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Principal } from '../src/access/principal.ts';
import { unitInScope, type RecallScope, type ScopedUnit } from '../src/recall/scope.ts';
import { registerRobots } from '../src/registry/robots/register-robots.ts';
import { closeRecall, issueRecall } from '../src/registry/recalls/recalls.ts';
import { notifyAllPending } from '../src/registry/recalls/recall-notifier.ts';
import { daysAgo, ENGINE, enrol, fileModel, PRODUCTION_DATE, testRegistry, unitBody, type Enrolled, type TestRegistry } from './harness.ts';
import { acceptEachOther } from './lifecycle/flow.ts';

let r: TestRegistry;
let makerA: Enrolled;
let makerB: Enrolled;
let pa: Principal;
let pb: Principal;
let modelsA: string[];
let modelsB: string[];
let regulator: Principal;
// Production dates relative to today, inside the window a unit may be produced before its model was filed.
const DATES = [daysAgo(680), daysAgo(520), daysAgo(365), daysAgo(265), daysAgo(100)];
const LOTS = ['L1', 'L2', 'L3'];

const principal = (e: Enrolled, roles: Principal['roles']): Principal => ({
  participantId: e.id,
  name: 'x',
  roles,
  enterpriseCode: e.enterpriseCode,
});

async function fleet(): Promise<ScopedUnit[]> {
  const robots = await r.ctx.store.query<{ code: string; enterprise_code: string; model_code: string; d: string; status: string }>(
    "SELECT code, enterprise_code, model_code, to_char(production_date, 'YYYY-MM-DD') AS d, status FROM robots ORDER BY code",
  );
  const comps = await r.ctx.store.query<{ robot_code: string; component_type: string; maker: string; lot: string | null; state: string }>(
    'SELECT robot_code, component_type, maker, lot, state FROM components',
  );
  return robots.map((x) => ({
    code: x.code,
    enterpriseCode: x.enterprise_code,
    modelCode: x.model_code,
    productionDate: x.d,
    status: x.status,
    components: comps
      .filter((c) => c.robot_code === x.code)
      .map((c) => ({ type: c.component_type, maker: c.maker, lot: c.lot, state: c.state })),
  }));
}

before(async () => {
  r = await testRegistry();
  makerA = await enrol(r, ['manufacturer', 'seller'], 'Maker A');
  makerB = await enrol(r, ['manufacturer'], 'Maker B');
  pa = principal(makerA, ['manufacturer', 'seller']);
  pb = principal(makerB, ['manufacturer']);
  modelsA = [await fileModel(r, makerA), await fileModel(r, makerA)];
  modelsB = [await fileModel(r, makerB)];
  const [reg] = await r.ctx.store.query<{ id: string }>("SELECT id FROM participants WHERE 'regulator' = ANY(roles) LIMIT 1");
  regulator = { participantId: reg!.id, name: 'regulator', roles: ['regulator'], enterpriseCode: null };
  // A random but fixed fleet: models, production dates, component makers and lots vary.
  const rand = fc.sample(fc.tuple(fc.nat(2), fc.nat(DATES.length - 1), fc.nat(LOTS.length - 1), fc.boolean()), { numRuns: 120, seed: 7 });
  for (const [m, d, lot, altMaker] of rand) {
    const model = m < 2 ? modelsA[m]! : modelsB[0]!;
    const unit = unitBody(model, DATES[d]);
    unit.components[1] = { ...unit.components[1]!, lot: LOTS[lot]!, maker: altMaker ? 'Cell Co' : 'ACME Parts' };
    await registerRobots(r.ctx, m < 2 ? pa : pb, [unit]);
  }
});
after(() => r.dispose());

test(`[${ENGINE}] scope resolution matches a brute-force oracle on a random fleet`, { timeout: 120_000 }, async () => {
  const units = await fleet();
  const scopeArb: fc.Arbitrary<RecallScope> = fc
    .record(
      {
        enterprise: fc.constantFrom(makerA.enterpriseCode!, makerB.enterpriseCode!),
        models: fc.subarray([...modelsA, ...modelsB], { minLength: 1 }),
        productionDate: fc.record({ from: fc.constantFrom(...DATES), to: fc.constantFrom(...DATES) }, { requiredKeys: [] }),
        component: fc.record(
          { type: fc.constant('battery_pack'), maker: fc.constantFrom('ACME Parts', 'Cell Co'), lots: fc.subarray(LOTS, { minLength: 1 }) },
          { requiredKeys: ['type'] },
        ),
      },
      { requiredKeys: [] },
    )
    .filter(
      (s) => Object.keys(s).length > 0 && (!s.productionDate?.from || !s.productionDate.to || s.productionDate.from <= s.productionDate.to),
    );
  await fc.assert(
    fc.asyncProperty(scopeArb, async (scope) => {
      if (scope.models && !scope.enterprise) scope.enterprise = makerA.enterpriseCode!;
      const { recall, affected } = await issueRecall(r.ctx, regulator, {
        scope,
        hazard: 'h',
        severity: 'low',
        remedy: 'inspection',
        stopSale: false,
        stopUse: false,
      });
      const got = (
        await r.ctx.store.query<{ robot_code: string }>('SELECT robot_code FROM recall_units WHERE recall_id = $1 ORDER BY robot_code', [
          recall.id,
        ])
      ).map((x) => x.robot_code);
      const want = units.filter((u) => unitInScope(scope, u)).map((u) => u.code);
      assert.deepEqual(got, want, JSON.stringify(scope));
      assert.equal(affected, want.length);
      await closeRecall(r.ctx, regulator, recall.id);
    }),
    { numRuns: 25, seed: 11 },
  );
});

test(`[${ENGINE}] a manufacturer recalls only its own units; other roles cannot recall`, async () => {
  const foreign = await r.call('POST', '/v1/recalls', {
    token: makerA.token,
    body: {
      scope: { enterprise: makerB.enterpriseCode },
      hazard: 'x',
      severity: 'low',
      remedy: 'inspection',
      stopSale: false,
      stopUse: false,
    },
  });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.body.code, 'FOREIGN_ENTERPRISE');
  const own = await r.call('POST', '/v1/recalls', {
    token: makerB.token,
    body: {
      scope: { component: { type: 'battery_pack', lots: ['L1'] } },
      hazard: 'cell swelling',
      severity: 'high',
      remedy: 'part_replacement',
      stopSale: false,
      stopUse: false,
    },
  });
  assert.equal(own.status, 201);
  assert.equal(own.body.recall.kind, 'voluntary');
  assert.equal(own.body.recall.enterprise, makerB.enterpriseCode);
  const units = await r.call('GET', `/v1/recalls/${own.body.recall.id}/robots?limit=500`);
  assert.ok(
    units.body.items.every((u: { code: string }) => u.code.slice(2, 6) === makerB.enterpriseCode),
    "maker A's L1 units are untouched",
  );
  const service = await enrol(r, ['service']);
  const refused = await r.call('POST', '/v1/recalls', {
    token: service.token,
    body: {
      scope: { enterprise: makerA.enterpriseCode },
      hazard: 'x',
      severity: 'low',
      remedy: 'inspection',
      stopSale: false,
      stopUse: false,
    },
  });
  assert.equal(refused.status, 403);
  const everything = await r.call('POST', '/v1/recalls', {
    token: r.regulatorToken,
    body: { scope: {}, hazard: 'x', severity: 'low', remedy: 'inspection', stopSale: false, stopUse: false },
  });
  assert.equal(everything.status, 400, 'a scope with no criterion is refused');
});

test(`[${ENGINE}] stop-sale blocks sales until the unit is remedied; owners hear of it; verify lists it`, async () => {
  const model = await fileModel(r, makerA);
  const [unit, other] = await registerRobots(r.ctx, pa, [unitBody(model), unitBody(model)]);
  const issued = await r.call('POST', '/v1/recalls', {
    token: makerA.token,
    body: {
      scope: { models: [model], codes: { from: unit!.code, to: unit!.code } },
      hazard: 'knee actuator may lock',
      severity: 'high',
      remedy: 'repair',
      stopSale: true,
      stopUse: false,
    },
  });
  assert.equal(issued.body.affected, 1);
  const id = issued.body.recall.id;
  const access = await r.call('GET', `/v1/robots/${unit!.code}/market-access`);
  assert.deepEqual(access.body.reasons, ['OPEN_RECALL_STOP_SALE']);
  assert.deepEqual((await r.call('GET', `/v1/robots/${other!.code}/market-access`)).body.reasons, [], 'a unit out of scope is untouched');
  const buyer = await enrol(r, ['operator']);
  await acceptEachOther(r, [makerA, buyer]);
  const sale = await r.call('POST', `/v1/robots/${unit!.code}/events`, {
    token: makerA.token,
    body: { type: 'transferred', data: { to: buyer.id, sale: true } },
  });
  assert.equal(sale.status, 409);
  assert.deepEqual(sale.body.reasons, ['OPEN_RECALL_STOP_SALE']);

  const told = await notifyAllPending(r.ctx);
  assert.ok(told >= 1);
  const events = await r.call('GET', `/v1/robots/${unit!.code}/events`, { token: makerA.token });
  const notice = events.body.items.find(
    (e: { type: string; data: { recallId?: string } }) => e.type === 'recall_notified' && e.data.recallId === id,
  );
  assert.equal(notice.data.recallId, id);
  assert.equal(notice.data.change, 'issued');
  const otherEvents = await r.call('GET', `/v1/robots/${other!.code}/events`, { token: makerA.token });
  assert.ok(!otherEvents.body.items.some((e: { type: string }) => e.type === 'recall_notified'));

  const verify = await r.call('GET', `/v1/verify/${unit!.code}`);
  assert.equal(verify.body.openRecalls.length, 1);
  assert.equal(verify.body.openRecalls[0].hazard, 'knee actuator may lock');

  const remedied = await r.call('POST', `/v1/robots/${unit!.code}/events`, {
    token: makerA.token,
    body: { type: 'serviced', data: { kind: 'repair', recallId: id } },
  });
  assert.equal(remedied.status, 201);
  assert.deepEqual((await r.call('GET', `/v1/robots/${unit!.code}/market-access`)).body.reasons, []);
  const again = await r.call('POST', `/v1/robots/${unit!.code}/events`, {
    token: makerA.token,
    body: { type: 'recall_remedied', data: { recallId: id } },
  });
  assert.equal(again.status, 400, 'a remedied unit cannot be remedied twice');
  const report = await r.call('GET', `/v1/recalls/${id}`);
  assert.deepEqual(report.body.totals, { units: 1, notified: 1, remedied: 1, completion: 1 });
  assert.equal(report.body.byModel[0].model, `${makerA.enterpriseCode}${model}`);
});

test(`[${ENGINE}] stop-use refuses deployments and marks deployed units`, async () => {
  const model = await fileModel(r, makerA);
  const [a, b] = await registerRobots(r.ctx, pa, [unitBody(model), unitBody(model)]);
  const buyer = await enrol(r, ['operator']);
  await acceptEachOther(r, [makerA, buyer]);
  for (const u of [a!, b!]) {
    assert.equal(
      (
        await r.call('POST', `/v1/robots/${u.code}/events`, {
          token: makerA.token,
          body: { type: 'transferred', data: { to: buyer.id, sale: true } },
        })
      ).status,
      201,
    );
  }
  const site = { site: { province: 'Zhejiang', city: 'Hangzhou' }, domain: 'retail' };
  assert.equal(
    (await r.call('POST', `/v1/robots/${a!.code}/events`, { token: buyer.token, body: { type: 'deployed', data: site } })).status,
    201,
  );
  const recall = await r.call('POST', '/v1/recalls', {
    token: r.regulatorToken,
    body: {
      scope: { enterprise: makerA.enterpriseCode, models: [model] },
      hazard: 'fall risk',
      severity: 'critical',
      remedy: 'stop_use',
      stopSale: true,
      stopUse: true,
    },
  });
  assert.equal(recall.body.recall.kind, 'ordered');
  const deploy = await r.call('POST', `/v1/robots/${b!.code}/events`, { token: buyer.token, body: { type: 'deployed', data: site } });
  assert.equal(deploy.status, 409);
  const passport = await r.call('GET', `/v1/robots/${a!.code}`, { token: buyer.token });
  assert.equal(passport.body.status, 'deployed');
  assert.equal(passport.body.stopUse, true);
  const units = await r.call('GET', `/v1/recalls/${recall.body.recall.id}/robots`, { token: r.regulatorToken });
  const deployed = units.body.items.find((u: { code: string }) => u.code === a!.code);
  assert.equal(deployed.ownerId, buyer.id, 'the regulator sees the current owner');
  assert.equal(deployed.site.province, 'Zhejiang');
  const publicView = await r.call('GET', `/v1/recalls/${recall.body.recall.id}/robots`);
  assert.equal(publicView.body.items[0].ownerId, undefined);
  const report = await r.call('GET', `/v1/recalls/${recall.body.recall.id}`);
  assert.deepEqual(report.body.byProvince.map((p: { province: string }) => p.province).sort(), ['Zhejiang', 'unknown']);
  const closed = await r.call('POST', `/v1/recalls/${recall.body.recall.id}/close`, { token: r.regulatorToken });
  assert.equal(closed.status, 200);
  assert.equal(
    (await r.call('POST', `/v1/robots/${b!.code}/events`, { token: buyer.token, body: { type: 'deployed', data: site } })).status,
    201,
  );
});

test(`[${ENGINE}] later units and parts fitted from a recalled lot join; amendments only widen`, async () => {
  const model = await fileModel(r, makerA);
  const recall = await r.call('POST', '/v1/recalls', {
    token: makerA.token,
    body: {
      scope: { models: [model], productionDate: { from: daysAgo(300), to: daysAgo(120) } },
      hazard: 'x',
      severity: 'medium',
      remedy: 'software_update',
      stopSale: false,
      stopUse: false,
    },
  });
  const id = recall.body.recall.id;
  assert.equal(recall.body.affected, 0);
  const [inside, outside] = await registerRobots(r.ctx, pa, [unitBody(model, daysAgo(200)), unitBody(model, daysAgo(60))]);
  const list = async () => (await r.call('GET', `/v1/recalls/${id}/robots`)).body.items.map((u: { code: string }) => u.code);
  assert.deepEqual(await list(), [inside!.code]);

  const narrow = await r.call('POST', `/v1/recalls/${id}/amend`, {
    token: makerA.token,
    body: { scope: { models: [model], productionDate: { from: daysAgo(250), to: daysAgo(120) } } },
  });
  assert.equal(narrow.status, 400);
  const wide = await r.call('POST', `/v1/recalls/${id}/amend`, {
    token: makerA.token,
    body: { scope: { models: [model], productionDate: { from: daysAgo(400), to: daysAgo(1) } } },
  });
  assert.equal(wide.status, 200);
  assert.equal(wide.body.joined, 1);
  assert.deepEqual((await list()).sort(), [inside!.code, outside!.code].sort());
  assert.equal(wide.body.recall.version, 2);

  const lotRecall = await r.call('POST', '/v1/recalls', {
    token: makerA.token,
    body: {
      scope: { component: { type: 'battery_pack', maker: 'Bad Cells', lots: ['BAD-7'] } },
      hazard: 'thermal runaway',
      severity: 'critical',
      remedy: 'part_replacement',
      stopSale: true,
      stopUse: false,
    },
  });
  assert.equal(lotRecall.body.affected, 0);
  const [fresh] = await registerRobots(r.ctx, pa, [unitBody(model, PRODUCTION_DATE)]);
  const passport = await r.call('GET', `/v1/robots/${fresh!.code}`, { token: makerA.token });
  const battery = passport.body.components.find((c: { type: string }) => c.type === 'battery_pack');
  const repair = await r.call('POST', `/v1/robots/${fresh!.code}/events`, {
    token: makerA.token,
    body: {
      type: 'serviced',
      data: {
        kind: 'repair',
        replaced: [
          {
            type: 'battery_pack',
            removed: { maker: battery.maker, serial: battery.serial },
            installed: { maker: 'Bad Cells', serial: 'BC-1', lot: 'BAD-7' },
          },
        ],
      },
    },
  });
  assert.equal(repair.status, 201);
  assert.deepEqual(
    (await r.call('GET', `/v1/recalls/${lotRecall.body.recall.id}/robots`)).body.items.map((u: { code: string }) => u.code),
    [fresh!.code],
  );
  assert.deepEqual((await r.call('GET', `/v1/robots/${fresh!.code}/market-access`)).body.reasons, ['OPEN_RECALL_STOP_SALE']);
});
