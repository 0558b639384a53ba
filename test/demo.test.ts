// The built-in demo seeding (npm start on an empty data directory): the plan
// runs through the registry's own use cases with a clock at each step's time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { registryDriver, seedDemo, type DemoResult } from '../src/demo/demo.ts';
import { planDemo, type DemoScale } from '../src/demo/demo-plan.ts';
import { authenticate } from '../src/registry/participants/tokens.ts';
import { must } from '../src/must.ts';
import { ENGINE, testRegistry, type TestRegistry } from './harness.ts';

const SCALE: DemoScale = { manufacturers: 12, models: 20, robots: 2_000, months: 12 };
// The plan ends on a pinned day, so what it holds does not depend on the day the suite runs.
const END = new Date('2026-06-15T12:00:00Z');
let r: TestRegistry;
let demo: DemoResult;
let regulatorId = '';

before(async () => {
  r = await testRegistry();
  const regulator = must(await authenticate(r.ctx, r.regulatorToken), 'the registry regulator signs in');
  regulatorId = regulator.participantId;
  demo = await seedDemo(registryDriver(r.ctx, regulator), { plan: planDemo(11, SCALE, END) });
});
after(() => r.dispose());

test(`[${ENGINE}] every planned life is recorded: no batch is refused, and most sellable units are sold and deployed`, async () => {
  const plan = planDemo(11, SCALE, END);
  assert.deepEqual(demo.problems, []);
  assert.equal(demo.refused, 0);
  assert.equal(demo.robots, SCALE.robots);
  assert.equal(demo.events, plan.counts.events);
  const [n] = await r.ctx.store.query<{
    sellable: number;
    sold: number;
    deployed: number;
    scrapped: number;
    provinces: number;
    incidents: number;
  }>(
    `SELECT count(*) FILTER (WHERE m.status = 'approved')::int AS sellable,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.robot_code = r.code AND e.type = 'transferred'))::int AS sold,
            count(*) FILTER (WHERE r.status = 'deployed')::int AS deployed,
            count(*) FILTER (WHERE r.status = 'scrapped')::int AS scrapped,
            count(DISTINCT r.site->>'province')::int AS provinces,
            (SELECT count(*)::int FROM incidents) AS incidents
       FROM robots r JOIN models m USING (enterprise_code, model_code)`,
  );
  assert.ok(n!.sold >= 0.6 * n!.sellable, `most sellable units are sold: ${JSON.stringify(n)}`);
  assert.ok(n!.deployed >= 0.4 * n!.sellable, `many are deployed: ${JSON.stringify(n)}`);
  assert.ok(n!.provinces >= 8 && n!.scrapped > 0 && n!.incidents > 0, JSON.stringify(n));
});

test(`[${ENGINE}] the history spreads over the months the plan spans, each event at its planned time`, async () => {
  const months = await r.ctx.store.query<{ month: string }>("SELECT DISTINCT to_char(registered_at, 'YYYY-MM') AS month FROM robots");
  assert.ok(months.length >= 6, `registrations fall in ${months.length} months`);
  const [future] = await r.ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE recorded_at > now()');
  assert.equal(future!.n, 0, 'each event is recorded at its planned moment, none in the future');
  const [recall] = await r.ctx.store.query<{ units: number; remedied: number }>(
    'SELECT count(*)::int AS units, count(remedied_seq)::int AS remedied FROM recall_units',
  );
  assert.ok(
    recall!.units > 0 && recall!.remedied > 0 && recall!.remedied < recall!.units,
    `a recall in progress: ${JSON.stringify(recall)}`,
  );
});

test(`[${ENGINE}] the seeded fleet speaks Chinese with English beside it, as planned, and is found by either name`, async () => {
  const plan = planDemo(11, SCALE, END);
  const rows = await r.ctx.store.query<{ name: string; name_en: string | null; created_at: Date }>(
    'SELECT name, name_en, created_at FROM participants WHERE id <> $1 ORDER BY created_at, id',
    [regulatorId],
  );
  // The plan's participants, then the second lives' (issue #16): an importer, a remanufacturer and three foreign makers.
  // PGlite's clock ticks in milliseconds, so participants enrolled within one share created_at, and the id breaks the tie
  // at random: the plan's order is checked as far as the clock can tell it, each participant with its planned names.
  assert.deepEqual(new Set(rows.slice(0, plan.participants.length).map((p) => p.name)), new Set(plan.participants.map((p) => p.name)));
  const byName = new Map(rows.map((p) => [p.name, p]));
  const enrolled = plan.participants.map((p) => byName.get(p.name));
  assert.deepEqual(
    enrolled.map((p) => [p?.name, p?.name_en]),
    plan.participants.map((p) => [p.name, p.nameEn]),
  );
  enrolled.forEach((p, i) => {
    const before = enrolled[i - 1];
    if (p && before) assert.ok(before.created_at.getTime() <= p.created_at.getTime(), `${p.name} was enrolled after ${before.name}`);
  });
  assert.equal(rows.length, plan.participants.length + 5);
  const maker = plan.participants[0];
  const model = plan.models[0];
  assert.ok(maker && model);
  const [brand] = model.nameEn.split(' ');
  const found = await r.call('GET', `/v1/participants?role=manufacturer&q=${encodeURIComponent(maker.name.slice(2, 4))}`, {
    token: r.regulatorToken,
  });
  assert.ok(found.body.items.some((p: { name: string }) => p.name === maker.name));
  const byPinyin = await r.call('GET', `/v1/models?q=${encodeURIComponent(String(brand).toLowerCase())}`);
  assert.ok(byPinyin.body.items.some((m: { name: string; nameEn: string }) => m.name === model.name && m.nameEn === model.nameEn));
  const passport = (await r.call('GET', `/v1/robots/${demo.sampleCodes[0]}`)).body;
  assert.match(passport.manufacturer.name, /\p{Script=Han}/u);
  assert.match(passport.manufacturer.nameEn, /^[A-Z]/);
  // The site's English is its address line, personal data kept outside the public projection (src/demo/demo-lives.ts siteIn).
  const [site] = await r.ctx.store.query<{ site: { province: string; city: string } }>(
    'SELECT site FROM robots WHERE site IS NOT NULL LIMIT 1',
  );
  assert.match(site?.site.province ?? '', /^\p{Script=Han}+[省市]$/u);
  assert.match(site?.site.city ?? '', /^\p{Script=Han}+市$/u);
});

test(`[${ENGINE}] second lives: imports from three countries, exports and a re-import, remanufactured units with their lineage`, async () => {
  assert.deepEqual(demo.secondLife, { imported: 9, exported: 2, remanufactured: 2, events: 30, problems: [] });
  const countries = await r.ctx.store.query<{ country: string }>(
    "SELECT DISTINCT substr(e.robot_code, 1, 2) AS country FROM events e WHERE e.type = 'imported' ORDER BY 1",
  );
  assert.deepEqual(
    countries.map((c) => c.country),
    ['DE', 'JP', 'US'],
  );
  const [n] = await r.ctx.store.query<{ exported: number; reimported: number; retired: number; successors: number }>(
    `SELECT (SELECT count(*)::int FROM robots WHERE status = 'exported') AS exported,
            (SELECT count(*)::int FROM events WHERE type = 'reimported') AS reimported,
            (SELECT count(*)::int FROM robots WHERE status = 'remanufactured') AS retired,
            (SELECT count(DISTINCT successor)::int FROM remanufacture_lineage) AS successors`,
  );
  assert.deepEqual(n, { exported: 1, reimported: 1, retired: 3, successors: 2 });
  const [lineage] = await r.ctx.store.query<{ successor: string }>(
    'SELECT successor FROM remanufacture_lineage ORDER BY successor LIMIT 1',
  );
  const verify = await r.call('GET', `/v1/verify/${lineage?.successor}`);
  assert.ok(verify.body.brands.includes('remanufactured'));
  assert.ok(verify.body.remanufacturedFrom.length >= 1);
});

test(`[${ENGINE}] the demo's passers-by filed public reports: the regulator's queue holds them, a suspected counterfeit first`, async () => {
  assert.equal(demo.reports, 4);
  const queue = (await r.call('GET', '/v1/reports', { token: r.regulatorToken })).body.items;
  assert.equal(queue.length, 4);
  assert.equal(queue[0].category, 'counterfeit');
  assert.ok(
    queue.every(
      (q: { state: string; signedIn: boolean; contact: string | null }) => q.state === 'open' && !q.signedIn && q.contact === null,
    ),
  );
});

test(`[${ENGINE}] a few events of each kind are reported late: flagged and counted on the late reports, the rest not`, async () => {
  const plan = planDemo(11, SCALE, END);
  const planned = new Map<string, number>();
  for (const step of plan.steps)
    if (step.kind === 'events') for (const i of step.items) if (i.occurredAt) planned.set(i.type, (planned.get(i.type) ?? 0) + 1);
  // The second life's last import run (3 units) is declared cleared 16 days before it is recorded.
  planned.set('imported', 3);
  for (const type of ['transferred', 'incident_reported', 'scrapped', 'imported']) assert.ok(planned.has(type), `some ${type} is late`);
  // Every event dated before its recording is flagged late, and only those are.
  const rows = await r.ctx.store.query<{ type: string; backdated: number; flagged: number }>(
    `SELECT e.type, count(*) FILTER (WHERE e.occurred_at < e.recorded_at)::int AS backdated, count(l.log_index)::int AS flagged
       FROM events e LEFT JOIN late_events l USING (log_index) GROUP BY e.type HAVING count(*) FILTER (WHERE e.occurred_at <> e.recorded_at) > 0 OR count(l.log_index) > 0`,
  );
  const expected = Object.fromEntries([...planned].map(([type, n]) => [type, [n, n]]));
  assert.deepEqual(Object.fromEntries(rows.map((x) => [x.type, [x.backdated, x.flagged]])), expected);
  const total = [...planned.values()].reduce((a, b) => a + b, 0);
  const late = await r.call('GET', '/v1/late-reports?days=3660', { token: r.regulatorToken });
  assert.equal(late.status, 200);
  const counted = new Map<string, number>();
  for (const g of late.body.byParticipant as { type: string; late: number }[]) counted.set(g.type, (counted.get(g.type) ?? 0) + g.late);
  assert.deepEqual(Object.fromEntries(counted), Object.fromEntries(planned));
  assert.equal(late.body.latest.length, Math.min(total, 50), 'the latest late events are listed');
});

test(`[${ENGINE}] two insurers cover units; brands with their evidence, one annotated by the regulator, show on verify`, async () => {
  const plan = planDemo(11, SCALE, END);
  const named = plan.steps.flatMap((s) => (s.kind === 'events' ? s.items.filter((i) => i.type === 'insurer_named') : []));
  const [covers] = await r.ctx.store.query<{ insurers: number; units: number }>(
    'SELECT count(DISTINCT insurer_id)::int AS insurers, count(*)::int AS units FROM insurance_covers',
  );
  assert.deepEqual(covers, { insurers: 2, units: named.length });
  const brands = await r.ctx.store.query<{ code: string; brand: string; corrected: boolean; evidence: string | null }>(
    `SELECT b.robot_code AS code, b.brand, b.corrected_seq IS NOT NULL AS corrected, e.data->>'evidence' AS evidence
       FROM condition_brands b JOIN events e ON e.robot_code = b.robot_code AND e.seq = b.seq ORDER BY b.brand`,
  );
  assert.deepEqual(
    brands.map((b) => [b.brand, b.corrected]),
    [
      ['fire_damaged', false],
      ['major_collision', true],
      ['total_loss', false],
    ],
  );
  assert.ok(
    brands.every((b) => (b.evidence ?? '').startsWith('Claim ')),
    'each brand carries its evidence',
  );
  const collided = must(
    brands.find((b) => b.brand === 'major_collision'),
    'a collision',
  ).code;
  const lost = must(
    brands.find((b) => b.brand === 'total_loss'),
    'a total loss',
  ).code;
  const verify = await r.call('GET', `/v1/verify/${collided}`);
  assert.deepEqual(verify.body.brands, ['major_collision']);
  const records = (await r.call('GET', `/v1/robots/${collided}/brands`)).body.records;
  assert.equal(records.length, 1);
  assert.ok(records[0].correctedSeq > records[0].seq, 'the regulator annotated the record after it was made');
  const total = await r.call('GET', `/v1/verify/${lost}`);
  assert.deepEqual(total.body.brands, ['fire_damaged', 'total_loss']);
  assert.equal(total.body.status, 'decommissioned', 'the owner retired the total loss');
});
