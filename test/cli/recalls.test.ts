import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { programArgs } from '../compiled.ts';
import { daysAgo, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';

const run = promisify(execFile);
let r: TestRegistry;
let url: string;
let maker: Enrolled;
let model: string;
let codes: string[];

async function hreg(token: string | undefined, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [...programArgs('hreg'), ...args], {
      env: { ...process.env, HREG_URL: url, HREG_TOKEN: token ?? '' },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

before(async () => {
  r = await testRegistry();
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  maker = await enrol(r, ['manufacturer']);
  model = await fileModel(r, maker);
  const res = await r.call('POST', '/v1/robots/batch', {
    token: maker.token,
    body: { units: [unitBody(model, daysAgo(300)), unitBody(model, daysAgo(210))] },
  });
  codes = res.body.units.map((u: { code: string }) => u.code);
});
after(() => r.dispose());

test('hreg recalls issue, show, robots and close', { timeout: 120_000 }, async () => {
  const issued = await hreg(
    maker.token,
    'recalls',
    'issue',
    '--models',
    model,
    '--produced-to',
    daysAgo(250),
    '--hazard',
    'knee may lock',
    '--severity',
    'high',
    '--remedy',
    'repair',
    '--stop-sale',
    '--json',
  );
  assert.equal(issued.code, 0, issued.stderr);
  const { recall, affected } = JSON.parse(issued.stdout);
  assert.equal(affected, 1);
  const robots = await hreg(maker.token, 'recalls', 'robots', recall.id, '--json');
  assert.deepEqual(
    JSON.parse(robots.stdout).items.map((u: { code: string }) => u.code),
    [codes[0]],
  );
  const show = await hreg(undefined, 'recalls', 'show', recall.id);
  assert.equal(show.code, 0);
  assert.match(show.stdout, /knee may lock/);
  const narrow = await hreg(maker.token, 'recalls', 'amend', recall.id, '--models', model, '--produced-to', daysAgo(320));
  assert.equal(narrow.code, 1);
  assert.match(narrow.stderr, /INVALID_ARGUMENT/);
  const closed = await hreg(maker.token, 'recalls', 'close', recall.id, '--json');
  assert.equal(JSON.parse(closed.stdout).closedAt !== null, true);
  const noScope = await hreg(maker.token, 'recalls', 'issue', '--hazard', 'x', '--severity', 'low', '--remedy', 'inspection');
  assert.equal(noScope.code, 2, 'a recall without a scope is a usage error');
});
