// The built-in demo seeding (npm start on an empty data directory): the plan
// runs through the registry's own use cases with a clock at each step's time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { registryDriver, seedDemo, type DemoResult } from '../src/demo/demo.ts';
import { planDemo, type DemoScale } from '../src/demo/demo-plan.ts';
import { authenticate } from '../src/registry/participants/tokens.ts';
import { ENGINE, testRegistry, type TestRegistry } from './harness.ts';

const SCALE: DemoScale = { manufacturers: 12, models: 20, robots: 2_000, months: 12 };
// The plan ends on a pinned day, so what it holds does not depend on the day the suite runs.
const END = new Date('2026-06-15T12:00:00Z');
let r: TestRegistry;
let demo: DemoResult;

before(async () => {
  r = await testRegistry();
  demo = await seedDemo(registryDriver(r.ctx, (await authenticate(r.ctx, r.regulatorToken))!), { plan: planDemo(11, SCALE, END) });
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
  const [late] = await r.ctx.store.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM events WHERE occurred_at <> recorded_at OR recorded_at > now()',
  );
  assert.equal(late!.n, 0, 'each event is recorded at its planned moment, none in the future');
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
  const rows = await r.ctx.store.query<{ name: string; name_en: string | null }>(
    "SELECT name, name_en FROM participants WHERE NOT 'regulator' = ANY(roles) ORDER BY created_at, id",
  );
  // The plan's participants, then the second lives' (issue #16): an importer, a remanufacturer and three foreign makers.
  assert.deepEqual(
    rows.slice(0, plan.participants.length).map((p) => [p.name, p.name_en]),
    plan.participants.map((p) => [p.name, p.nameEn]),
  );
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
