// `hreg demo` seeds the demo fleet into a live registry over HTTP, as a user runs it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { audit } from '../../src/audit/auditor.ts';
import { planDemo } from '../../src/demo/demo-plan.ts';
import { ENGINE, testRegistry, type TestRegistry } from '../harness.ts';
import { json, runCli } from './run-cli.ts';

let r: TestRegistry;
let url = '';

before(async () => {
  r = await testRegistry();
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => r.dispose());

const SCALE = { manufacturers: 5, models: 8, robots: 300, months: 6 };
const flags = ['--robots', '300', '--manufacturers', '5', '--models', '8', '--months', '6', '--seed', '7'];

test(`[${ENGINE}] hreg demo seeds a small fleet through the public API: every unit and every planned event, none refused`, async () => {
  const run = await runCli(['demo', ...flags, '--json'], { url, token: r.regulatorToken });
  const result = json(run);
  const plan = planDemo(7, SCALE);
  assert.equal(result.robots, 300);
  assert.deepEqual(result.problems, []);
  assert.equal(result.refused, 0);
  assert.equal(result.events, plan.counts.events, 'every planned life event was recorded');
  assert.ok(result.events > 300, `units get lives, not just registrations: ${result.events} events`);
  assert.deepEqual(
    result.tokens.map((t: { role: string }) => t.role),
    ['manufacturer', 'operator', 'service', 'recycler', 'insurer'],
  );

  const [counts] = await r.ctx.store.query<{ robots: number; events: number }>(
    "SELECT (SELECT count(*)::int FROM robots) AS robots, (SELECT count(*)::int FROM events WHERE type NOT IN ('registered', 'recall_notified')) AS events",
  );
  // After the plan, the second life (issue #16): imported and remanufactured units, and their events.
  const second = result.secondLife;
  assert.ok(second.imported > 0 && second.remanufactured > 0 && second.events > 0, JSON.stringify(second));
  assert.deepEqual(second.problems, []);
  assert.deepEqual(counts, { robots: 300 + second.imported + second.remanufactured, events: result.events + second.events });
  const stats = await r.call('GET', '/v1/stats', { token: r.regulatorToken });
  assert.equal(stats.status, 200);
  const byStatus = new Map<string, number>(stats.body.robots.byStatus.map((s: { status: string; count: number }) => [s.status, s.count]));
  for (const status of ['registered', 'in_use', 'deployed'])
    assert.ok((byStatus.get(status) ?? 0) > 0, `some units are ${status}: ${JSON.stringify(stats.body.robots.byStatus)}`);
  const audited = await audit({ url, verifierKey: r.verifierKey });
  assert.deepEqual(audited.findings, [], 'the seeded log audits clean');
  // A demo token works: the manufacturer sees its own units' passports.
  const maker = result.tokens[0].token;
  const me = await r.call('GET', '/v1/me', { token: maker });
  assert.equal(me.status, 200);
  assert.ok(me.body.roles.includes('manufacturer'));
});

test(`[${ENGINE}] hreg demo: without a regulator token it is refused (exit 1), and bad flags are usage errors (exit 2)`, async () => {
  const size = (await r.ctx.store.query<{ size: number }>('SELECT size FROM log_head'))[0]!.size;
  const anonymous = await runCli(['demo', ...flags], { url });
  assert.equal(anonymous.code, 1, anonymous.stderr);
  assert.match(anonymous.stderr, /UNAUTHENTICATED/);
  const bad = await runCli(['demo', '--robots', '0'], { url, token: r.regulatorToken });
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /--robots must be an integer/);
  const fewModels = await runCli(['demo', '--manufacturers', '10', '--models', '3'], { url, token: r.regulatorToken });
  assert.equal(fewModels.code, 2, fewModels.stderr);
  assert.equal((await r.ctx.store.query<{ size: number }>('SELECT size FROM log_head'))[0]!.size, size, 'nothing was written');
});
