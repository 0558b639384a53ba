/** hreg reports, hreg late and hreg feed against a real server (issue #16, items 4–6). */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { testRegistry, type TestRegistry } from '../harness.ts';
import { makeCast, unitIn, type Cast } from '../lifecycle/flow.ts';
import { PNG } from '../reports/report-support.ts';
import { json, runCli } from './run-cli.ts';

let r: TestRegistry;
let c: Cast;
let url: string;

before(async () => {
  r = await testRegistry();
  r.ctx.reportPolicy = { powBits: 8, perAddressPerHour: 50, perCodePerHour: 50 };
  c = await makeCast(r);
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => r.dispose());

test('file a report with a photo (the CLI does the work), list the queue, triage, erase; --json and tables', async () => {
  const code = await unitIn(r, c, 'in_use');
  const photo = join(tmpdir(), `hreg-report-${process.pid}.png`);
  writeFileSync(photo, PNG);
  const filed = await runCli(
    [
      'reports',
      'file',
      code,
      '--category',
      'counterfeit',
      '--description',
      'Wrong maker on the label',
      '--contact',
      'x@example.cn',
      '--photo',
      photo,
      '--json',
    ],
    { url },
  );
  assert.equal(filed.code, 0, filed.stderr);
  const report = json(filed);
  assert.equal(report.category, 'counterfeit');
  const table = await runCli(['reports', 'list', '--state', 'open', '--lang', 'en'], { url, token: r.regulatorToken });
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /counterfeit +│ open/);
  const chinese = await runCli(['reports', 'list', '--state', 'open', '--lang', 'zh-CN'], { url, token: r.regulatorToken });
  assert.match(chinese.stdout, /疑似假冒/);
  const bad = await runCli(['reports', 'triage', report.id, '--outcome', 'approve'], { url, token: r.regulatorToken });
  assert.notEqual(bad.code, 0);
  const refused = await runCli(['reports', 'triage', report.id, '--outcome', 'dismissed'], { url, token: c.buyer.token });
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /FORBIDDEN_ROLE/);
  const triaged = await runCli(['reports', 'triage', report.id, '--outcome', 'dismissed', '--lang', 'en'], {
    url,
    token: r.regulatorToken,
  });
  assert.equal(triaged.code, 0, triaged.stderr);
  assert.match(triaged.stdout, /dismissed/);
  const erased = await runCli(['reports', 'erase', report.id, '--json'], { url, token: r.regulatorToken });
  assert.equal(json(erased).erased, true);
});

test('hreg late and hreg feed; --help for each', async () => {
  const code = await unitIn(r, c, 'in_use');
  const late = await runCli(['late', '--json'], { url, token: r.regulatorToken });
  assert.equal(late.code, 0, late.stderr);
  assert.equal(json(late).scope, 'all');
  const feed = await runCli(['feed', 'robot', code], { url });
  assert.equal(feed.code, 0, feed.stderr);
  assert.match(feed.stdout, /^<\?xml/);
  assert.match(feed.stdout, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  const mine = await runCli(['feed', 'mine'], { url, token: c.buyer.token });
  assert.equal(mine.code, 0, mine.stderr);
  assert.ok(mine.stdout.includes(code));
  for (const args of [
    ['reports', '--help'],
    ['reports', 'file', '--help'],
    ['late', '--help'],
    ['feed', 'robot', '--help'],
  ]) {
    const help = await runCli([...args, '--lang', 'zh-CN'], { url });
    assert.equal(help.code, 0, help.stderr);
  }
});
