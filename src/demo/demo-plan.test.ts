// The demo plan without a database: its shape, its size, and a replay of every
// event item through the real lifecycle rules (decide, marketAccess), so a plan
// the registry would refuse in part fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type EventFacts, type UnitState } from '../lifecycle/decide.ts';
import type { EventType, Party } from '../lifecycle/events.ts';
import { marketAccess } from '../lifecycle/market-access.ts';
import { must } from '../must.ts';
import { displayName, nameKey } from '../names/display-name.ts';
import { DEFAULT_DEADLINES, latenessOf } from '../lifecycle/deadlines.ts';
import { DEMO_PROVINCES } from './demo-names.ts';
import {
  GRANT_EXPIRY,
  LAUNCH_SCALE,
  planDemo,
  PROVINCES,
  RECALL_REF,
  standingAcceptancesOf,
  type DemoPlan,
  type DemoScale,
  type DemoStep,
  type PlannedModel,
} from './demo-plan.ts';

const HOUR = 3_600_000;
/** MAX_BATCH is the batch endpoint's limit on events per batch. */
const MAX_BATCH = 1_000;
const DAY = 24 * HOUR;
const SEED = 20_260_101;
// Mid-month: the recalled model's one production run is sold and deployed before the recall.
const END = new Date('2026-03-15T12:00:00Z');
const END_DAY = Date.UTC(2026, 2, 15);
/** SMALL is the fleet the browser test seeds. */
const SMALL: DemoScale = { manufacturers: 6, models: 10, robots: 400, months: 6 };

type Events = Extract<DemoStep, { kind: 'events' }>;
type Item = Events['items'][number] & { at: number; actor: string };

const batchesOf = (plan: DemoPlan) => plan.steps.filter((s): s is Events => s.kind === 'events');
const itemsOf = (plan: DemoPlan): Item[] =>
  batchesOf(plan).flatMap((b) => b.items.map((i) => ({ ...i, at: b.at.getTime(), actor: b.actor })));
const recallOf = (plan: DemoPlan) =>
  must(
    plan.steps.find((s): s is Extract<DemoStep, { kind: 'recall' }> => s.kind === 'recall'),
    'the plan has a recall',
  );
const unitModels = (plan: DemoPlan) =>
  new Map(plan.steps.flatMap((s) => (s.kind === 'register' ? s.units.map((u) => [u.unit, u.model] as const) : [])));

const launch = planDemo(SEED, LAUNCH_SCALE, END);

/** Unit is what the replay keeps per unit: its lifecycle state and the facts around it. */
interface Unit {
  state: UnitState;
  model: PlannedModel;
  inRecall: boolean;
  remedied: boolean;
  /** grants: service centre key → expiry (ms). */
  grants: Map<string, number>;
  /** insurers: the insurers the owner named (covers end with the ownership). */
  insurers: Set<string>;
}

/** partiesOf is how actor stands to the unit, as the registry works it out (owner ids are participant keys here). */
function partiesOf(actor: string, u: Unit, at: number, roles: ReadonlyMap<string, readonly string[]>): Party[] {
  const parties: Party[] = [];
  const held = must(roles.get(actor), `${actor} is enrolled`);
  if (u.state.ownerId === actor) parties.push('owner');
  if (u.state.ownerId === actor && held.includes('recycler')) parties.push('recycler');
  if (u.state.operatorId === actor) parties.push('operator');
  if (u.model.maker === actor && u.state.ownerId === actor) parties.push('manufacturer');
  if (u.model.maker === actor) parties.push('maker');
  if (held.includes('service') && (u.grants.get(actor) ?? 0) > at) parties.push('service');
  if (held.includes('insurer') && u.insurers.has(actor)) parties.push('insurer');
  if (held.includes('regulator')) parties.push('regulator');
  return parties;
}

/** factsOf turns a plan item into the facts decide() reads. */
function factsOf(
  item: Item,
  u: Unit,
  roles: ReadonlyMap<string, readonly string[]>,
  standing: ReadonlyMap<string, ReadonlySet<string>>,
): EventFacts {
  const d = item.data;
  const access = marketAccess({
    status: u.state.status,
    modelStatus: u.model.approve ? 'approved' : 'filed',
    suspended: u.state.suspended,
    stolen: u.state.stolen,
    openStopSaleRecalls: u.inRecall && !u.remedied ? 1 : 0,
    scrappedComponents: 0,
    blockedSoftware: false,
  });
  const facts: EventFacts = {
    type: item.type as EventType,
    actorId: item.actor,
    parties: partiesOf(item.actor, u, item.at, roles),
    access,
    at: new Date(item.at),
  };
  if (item.type === 'transferred') {
    const to = String(d.to);
    const recipient = {
      id: to,
      roles: roles.get(to) ?? [],
      makesUnit: u.model.maker === to,
      standing: standing.get(to)?.has(item.actor) === true,
    };
    Object.assign(facts, { sale: d.sale === true, recipient, offerExpiresAt: new Date(item.at + 14 * DAY).toISOString() });
  }
  if (item.type === 'deployed') Object.assign(facts, { site: { ...(d.site as object), domain: d.domain } });
  if (typeof d.firmware === 'string') facts.firmware = d.firmware;
  if (typeof d.brand === 'string') facts.brand = d.brand;
  if (item.occurredAt) facts.occurredAt = item.occurredAt;
  return facts;
}

/** applyItem records one item on its unit through decide(), plus the side facts decide() leaves to the registry. */
function applyItem(
  item: Item,
  u: Unit,
  roles: ReadonlyMap<string, readonly string[]>,
  standing: ReadonlyMap<string, ReadonlySet<string>>,
): void {
  u.state = decide(u.state, factsOf(item, u, roles, standing));
  if (item.type === 'transferred') {
    assert.equal(u.state.offer, null, 'every demo transfer completes in one step (standing acceptance)');
    u.grants.clear();
    u.insurers.clear();
  }
  if (item.type === 'insurer_named') {
    assert.ok(roles.get(String(item.data.insurer))?.includes('insurer'), 'the owner names an insurer');
    assert.equal(item.data.expiresAt, GRANT_EXPIRY);
    u.insurers.add(String(item.data.insurer));
  }
  if (item.type === 'service_granted') {
    assert.ok(roles.get(String(item.data.service))?.includes('service'), 'a grant names a service centre');
    assert.equal(item.data.expiresAt, GRANT_EXPIRY);
    u.grants.set(String(item.data.service), item.at + 730 * DAY);
  }
  if (item.type === 'recall_remedied') {
    assert.equal(item.data.recallId, RECALL_REF);
    assert.ok(u.inRecall && !u.remedied, 'a remedy is of a unit in the open recall, once');
    u.remedied = true;
  }
}

/** replay runs every step of the plan through the real rules and throws, naming the item, at the first one the registry would refuse. */
function replay(plan: DemoPlan): Map<number, Unit> {
  const roles = new Map(plan.participants.map((p) => [p.key, p.roles as readonly string[]]));
  const standing = standingAcceptancesOf(plan);
  const models = new Map(plan.models.map((m) => [m.key, m]));
  const units = new Map<number, Unit>();
  let recalled: string | undefined;
  for (const step of plan.steps) {
    if (step.kind === 'register') {
      for (const r of step.units) {
        const model = must(models.get(r.model), `model ${r.model} is planned`);
        assert.equal(model.maker, step.maker, 'a maker registers its own models');
        const state: UnitState = {
          status: 'registered',
          ownerId: step.maker,
          operatorId: null,
          site: null,
          firmware: 'v1.0.0',
          suspended: false,
          stolen: false,
          resumeStatus: null,
          offer: null,
        };
        units.set(r.unit, { state, model, inRecall: r.model === recalled, remedied: false, grants: new Map(), insurers: new Set() });
      }
    } else if (step.kind === 'recall') {
      recalled = step.model;
      for (const u of units.values()) if (u.model.key === recalled && u.state.status !== 'scrapped') u.inRecall = true;
    } else {
      for (const i of step.items) {
        const item = { ...i, at: step.at.getTime(), actor: step.actor };
        try {
          applyItem(item, must(units.get(i.unit), `unit ${i.unit} is registered first`), roles, standing);
        } catch (e) {
          const code = (e as { code?: string }).code ?? 'ASSERTION';
          throw new Error(`${code}: ${item.type} of unit ${i.unit} by ${step.actor} at ${step.at.toISOString()}: ${(e as Error).message}`, {
            cause: e,
          });
        }
      }
    }
  }
  return units;
}

test('the same seed gives the same plan; another seed another', () => {
  assert.equal(JSON.stringify(planDemo(SEED, LAUNCH_SCALE, END)), JSON.stringify(launch));
  assert.notEqual(JSON.stringify(planDemo(SEED + 1, SMALL, END)), JSON.stringify(planDemo(SEED, SMALL, END)));
});

test('at launch scale every unit is registered once and most sellable units live', () => {
  assert.ok(launch.participants.filter((p) => p.roles.includes('manufacturer')).length >= 100);
  assert.equal(launch.models.length, 200);
  const registered = launch.steps.flatMap((s) => (s.kind === 'register' ? s.units.map((u) => u.unit) : []));
  assert.equal(registered.length, 28_000);
  assert.equal(new Set(registered).size, 28_000);
  assert.equal(launch.counts.robots, 28_000);

  const items = itemsOf(launch);
  assert.equal(launch.counts.events, items.length);
  const model = unitModels(launch);
  const approved = new Set(launch.models.filter((m) => m.approve).map((m) => m.key));
  assert.ok(
    items.every((i) => {
      const m = model.get(i.unit);
      return m !== undefined && approved.has(m);
    }),
    'units of unapproved models stay in stock',
  );
  const sold = new Set(items.filter((i) => i.type === 'transferred' && i.data.sale === true).map((i) => i.unit));
  const sellable = [...model.values()].filter((m) => approved.has(m)).length;
  assert.ok(sold.size >= 0.7 * sellable, `${sold.size} of ${sellable} sellable units sold`);

  const sites = items.filter((i) => i.type === 'deployed').map((i) => i.data.site as { province: string; city: string; address: string });
  assert.ok(
    sites.every((s) => PROVINCES[s.province]?.includes(s.city)),
    'every site is a city of its province',
  );
  assert.ok(
    sites.every(
      (s) => /^[\u4e00-\u9fff]+[省市]$/u.test(s.province) && /^[\u4e00-\u9fff]+市$/u.test(s.city) && /^[A-Z][A-Za-z' ,]+$/.test(s.address),
    ),
    'a site is a Chinese province and city, with their English as its address line',
  );
  assert.ok(new Set(sites.map((s) => s.province)).size >= 10);
  assert.ok(items.some((i) => i.type === 'scrapped'));

  const recall = recallOf(launch);
  assert.equal(recall.at.getTime(), END_DAY - 40 * DAY);
  const remedies = items.filter((i) => i.type === 'recall_remedied');
  assert.ok(remedies.length > 0);
  assert.ok(remedies.every((i) => model.get(i.unit) === recall.model && i.at > recall.at.getTime()));
});

// How fast the demo is planned and seeded is measured by `npm run bench -- demo`, not asserted here: a wall-clock bound fails on a busy machine.
const HAN = /\p{Script=Han}/u;

test('the demo fleet speaks Chinese: every participant and model has a Chinese name with English beside it, no two alike', () => {
  for (const plan of [planDemo(SEED, LAUNCH_SCALE, END), planDemo(SEED, SMALL, END)]) {
    const named = [...plan.participants, ...plan.models];
    for (const n of named) {
      assert.ok(HAN.test(n.name), `${n.name} is in Chinese`);
      assert.ok(/^[A-Za-z0-9][A-Za-z0-9' ,.-]*$/.test(n.nameEn), `${n.nameEn} is English or pinyin`);
      assert.equal(displayName(n.name), n.name, 'a safe name, as the registry stores it');
      assert.equal(displayName(n.nameEn, 'body.nameEn'), n.nameEn);
    }
    // The registry refuses a participant whose name reads as an enrolled one's: the demo plans none.
    const keys = plan.participants.flatMap((p) => [nameKey(p.name), nameKey(p.nameEn)]);
    assert.equal(new Set(keys).size, keys.length, 'no two participant names read alike');
    assert.ok(plan.participants.some((p) => p.name.endsWith('股份有限公司')) && plan.participants.some((p) => p.name.endsWith('医院')));
    for (const m of plan.models) {
      const maker = plan.participants.find((p) => p.key === m.maker);
      assert.ok(maker, m.maker);
      assert.equal(m.name.split(' ')[1], m.nameEn.split(' ')[1], 'the model series is the same in both names');
      assert.ok(maker.name.includes(m.name.split(' ')[0] ?? '?'), `${m.name} carries the brand of ${maker.name}`);
      assert.ok(maker.nameEn.includes(m.nameEn.split(' ')[0] ?? '?'), `${m.nameEn} carries the brand of ${maker.nameEn}`);
    }
  }
  assert.deepEqual(
    DEMO_PROVINCES.filter((p) => ['北京市', '上海市', '广东省', '浙江省'].includes(p.name)).map((p) => [
      p.name,
      p.nameEn,
      p.cities[0]?.name,
    ]),
    [
      ['广东省', 'Guangdong', '深圳市'],
      ['浙江省', 'Zhejiang', '杭州市'],
      ['上海市', 'Shanghai', '上海市'],
      ['北京市', 'Beijing', '北京市'],
    ],
  );
});

test('the same seed gives the same names; another seed other makers', () => {
  const names = (seed: number) => planDemo(seed, SMALL, END).participants.map((p) => [p.name, p.nameEn]);
  assert.deepEqual(names(SEED), names(SEED));
  assert.notDeepEqual(names(SEED).slice(0, SMALL.manufacturers), names(SEED + 1).slice(0, SMALL.manufacturers));
  const models = (seed: number) => planDemo(seed, SMALL, END).models.map((m) => [m.name, m.nameEn]);
  assert.deepEqual(models(SEED), models(SEED));
});

test('at launch scale the plan is business-sized', () => {
  const batches = batchesOf(launch);
  assert.ok(launch.counts.events >= 50_000 && launch.counts.events <= 75_000, `${launch.counts.events} event items`);
  assert.ok(launch.counts.events / batches.length > 15, `${batches.length} batches`);
});

test('every batch holds 1..1,000 distinct units, steps come in time order, and each unit lives forward in time', () => {
  const rank = { register: 0, recall: 1, events: 2 };
  launch.steps.forEach((s, k) => {
    const prev = launch.steps[k - 1];
    if (prev) assert.ok(prev.at < s.at || (+prev.at === +s.at && rank[prev.kind] <= rank[s.kind]), `step ${k} out of order`);
  });
  const last = new Map<number, number>();
  for (const s of launch.steps) {
    if (s.kind === 'recall') continue;
    const units = s.kind === 'register' ? s.units.map((u) => u.unit) : s.items.map((i) => i.unit);
    assert.ok(units.length >= 1 && (s.kind === 'register' || units.length <= MAX_BATCH), `a batch of ${units.length}`);
    assert.equal(new Set(units).size, units.length, 'a unit appears at most once per batch');
    for (const u of units) {
      if (s.kind === 'register') assert.ok(!last.has(u));
      else {
        const previous = last.get(u);
        assert.ok(
          previous !== undefined && s.at.getTime() >= previous + HOUR && s.at.getTime() < END_DAY,
          `unit ${u} at ${s.at.toISOString()}`,
        );
        // A late report happened after the unit's previous event, never after its recording.
        const happened = s.items.find((i) => i.unit === u)?.occurredAt?.getTime() ?? s.at.getTime();
        assert.ok(happened >= previous + HOUR && happened <= s.at.getTime(), `unit ${u} happened ${new Date(happened).toISOString()}`);
      }
      last.set(u, s.at.getTime());
    }
  }
});

test('a few events of each kind are reported late: each past its deadline, the rest on time', () => {
  for (const plan of [launch, planDemo(11, { manufacturers: 12, models: 20, robots: 2_000, months: 12 }, END)]) {
    const late = itemsOf(plan).filter((i) => i.occurredAt !== undefined);
    const byType = new Map<string, number>();
    for (const i of late) {
      const occurredAt = must(i.occurredAt, 'filtered');
      const lateness = latenessOf(DEFAULT_DEADLINES, { type: i.type, data: i.data, occurredAt, recordedAt: new Date(i.at) });
      assert.ok(lateness && lateness.lateByMinutes > 24 * 60, `${i.type} of unit ${i.unit} is late by more than a day`);
      byType.set(i.type, (byType.get(i.type) ?? 0) + 1);
    }
    assert.deepEqual([...byType.keys()].sort(), ['incident_reported', 'scrapped', 'serviced', 'transferred']);
    assert.ok(
      [...byType.values()].every((n) => n <= 6),
      JSON.stringify([...byType]),
    );
    assert.ok(
      late.every((i) => i.type !== 'transferred' || i.data.sale === true),
      'the late transfers are sales',
    );
    // Recorded within the late-reports page's default 90 days.
    const end = must(plan.steps.at(-1), 'a plan has steps').at.getTime();
    assert.ok(late.every((i) => i.at > end - 90 * DAY));
  }
});

test('two insurers cover some orders; one unit is branded a major collision (annotated by the regulator), another a total loss and retired', () => {
  const items = itemsOf(launch);
  const insurers = launch.participants.filter((p) => p.roles.includes('insurer')).map((p) => p.key);
  assert.equal(insurers.length, 2);
  const named = items.filter((i) => i.type === 'insurer_named');
  assert.deepEqual(new Set(named.map((i) => i.data.insurer)), new Set(insurers));
  assert.ok(named.length >= 100 && named.length <= 0.1 * launch.counts.robots, `${named.length} units insured`);
  const brands = items.filter((i) => i.type === 'brand_recorded' || i.type === 'brand_corrected');
  const byUnit = new Map<number, string[]>();
  for (const i of brands) byUnit.set(i.unit, [...(byUnit.get(i.unit) ?? []), `${i.type} ${i.data.brand}`]);
  assert.deepEqual([...byUnit.values()].sort(), [
    ['brand_recorded fire_damaged', 'brand_recorded total_loss'],
    ['brand_recorded major_collision', 'brand_corrected major_collision'],
  ]);
  assert.ok(brands.every((i) => i.type === 'brand_corrected' || (insurers.includes(i.actor) && String(i.data.evidence).length > 20)));
  const corrected = must(
    brands.find((i) => i.type === 'brand_corrected'),
    'a correction',
  );
  assert.equal(launch.participants.find((p) => p.key === corrected.actor)?.roles.join(), 'regulator');
  const lost = must(
    brands.find((i) => i.data.brand === 'total_loss'),
    'a total loss',
  ).unit;
  assert.equal(items.filter((i) => i.unit === lost).at(-1)?.type, 'decommissioned');
});

test('replayed through the lifecycle rules, the registry accepts every item of the plan', () => {
  const units = replay(launch);
  const statuses = new Set([...units.values()].map((u) => u.state.status));
  for (const s of ['registered', 'in_use', 'deployed', 'decommissioned', 'scrapped'] as const)
    assert.ok(statuses.has(s), `some unit ends ${s}`);
});

test('the replay catches a plan that sells the recalled model after the recall', () => {
  // Move the recall before the first registration: every sale of that model then comes after a stop-sale recall.
  const early = new Date(launch.start.getTime() - DAY);
  const steps = launch.steps.map((s) => (s.kind === 'recall' ? { ...s, at: early } : s)).sort((a, b) => +a.at - +b.at);
  assert.throws(() => replay({ ...launch, steps }), /^Error: MARKET_ACCESS_DENIED: transferred/);
});

test('the replay catches service by a centre without a grant', () => {
  const steps = launch.steps.filter((s) => s.kind !== 'events' || s.items[0]?.type !== 'service_granted');
  assert.throws(() => replay({ ...launch, steps }), /^Error: NOT_ENTITLED: serviced/);
});

test('a small fleet (the browser test’s) still gets lives, whatever the end day', () => {
  for (let k = 0; k < 24; k++) {
    const end = new Date(Date.UTC(2025, k, 1 + ((k * 5) % 28), 9));
    const plan = planDemo(SEED, SMALL, end);
    replay(plan);
    const types = new Set(itemsOf(plan).map((i) => i.type));
    for (const t of ['transferred', 'deployed', 'service_granted', 'serviced', 'decommissioned', 'scrapped'])
      assert.ok(types.has(t), `${t} by ${end.toISOString()}`);
  }
});

test('whatever the end day, the launch fleet replays cleanly', () => {
  for (const end of ['2026-03-01', '2025-08-22', '2025-12-31', '2026-11-30']) {
    const units = replay(planDemo(SEED, LAUNCH_SCALE, new Date(`${end}T00:00:00Z`)));
    const statuses = new Set([...units.values()].map((u) => u.state.status));
    for (const s of ['registered', 'in_use', 'deployed', 'scrapped'] as const) assert.ok(statuses.has(s), `some unit ends ${s} by ${end}`);
  }
});
