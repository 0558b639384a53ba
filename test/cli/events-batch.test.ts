// `hreg events batch FILE` records many events from an NDJSON file through POST /v1/events/batch, as a user runs it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkEvents, parseEventLines } from '../../src/cli/commands/events-batch.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { acceptEachOther } from '../lifecycle/flow.ts';
import { logSize, ok } from '../lifecycle/flow.ts';
import { json, runCli } from './run-cli.ts';

let r: TestRegistry;
let url = '';
let dir = '';
let maker: Enrolled;
let buyer: Enrolled;
let model = '';

before(async () => {
  r = await testRegistry();
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  dir = mkdtempSync(join(tmpdir(), 'hreg-events-batch-'));
  [maker, buyer] = [await enrol(r, ['manufacturer', 'seller']), await enrol(r, ['operator'])];
  await acceptEachOther(r, [maker, buyer]);
  model = await fileModel(r, maker);
});
after(async () => {
  await r.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function units(n: number): Promise<string[]> {
  const res = await r.call('POST', '/v1/robots/batch', {
    token: maker.token,
    body: { units: Array.from({ length: n }, () => unitBody(model)) },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.units.map((u: { code: string }) => u.code);
}

const file = (name: string, lines: unknown[]) => {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return path;
};
const sale = (code: string) => ({ code, type: 'transferred', data: { to: buyer.id, sale: true } });
const deploy = (code: string) => ({ code, type: 'deployed', data: { site: { province: 'Hubei', city: 'Wuhan' }, domain: 'healthcare' } });

test('chunks hold a unit once and keep file order; a bad line stops everything before sending', () => {
  const lines = parseEventLines(
    ['{"code":"A","type":"t"}', '', '{"code":"B","type":"t"}', '{"code":"a","type":"u"}', '{"code":"C","type":"t"}'].join('\n'),
  );
  assert.deepEqual(
    chunkEvents(lines, 10).map((c) => c.map((l) => l.line)),
    [
      [1, 3],
      [4, 5],
    ],
  );
  assert.deepEqual(
    chunkEvents(lines, 1).map((c) => c.map((l) => l.line)),
    [[1], [3], [4], [5]],
  );
  assert.throws(
    () => parseEventLines('{"code":"A","type":"t"}\nnot json\n[1]'),
    /2 bad line\(s\)[\s\S]*line 2: not JSON[\s\S]*line 3: needs an object/,
  );
});

test(`[${ENGINE}] a fleet sale and deployments from one file: a unit's second event goes in a later chunk, and a refused chunk is named by file line`, async () => {
  const codes = await units(5);
  const size = await logSize(r);
  const path = file('fleet.ndjson', [...codes.map(sale), deploy(codes[0]!), deploy(codes[1]!)]);
  const run = await runCli(['events', 'batch', path, '--json'], { url, token: maker.token });
  // The maker may not deploy the buyer's units: the second chunk is refused and named by line (exit 1).
  assert.equal(run.code, 1, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal(out.code, 'NOT_ENTITLED');
  assert.deepEqual(
    out.recorded.map((e: { line: number; code: string; seq: number }) => [e.line, e.code, e.seq]),
    codes.map((c, i) => [i + 1, c, 2]),
  );
  assert.deepEqual(
    out.errors.map((e: { line: number }) => e.line),
    [6, 7],
  );
  assert.equal(await logSize(r), size + 5);
  // The new owner records the deployments from its own file.
  const deployed = json(
    await runCli(['events', 'batch', file('buyer.ndjson', [deploy(codes[0]!), deploy(codes[1]!)]), '--json'], { url, token: buyer.token }),
  );
  assert.deepEqual(
    deployed.recorded.map((e: { line: number; type: string; seq: number }) => [e.line, e.type, e.seq]),
    [
      [1, 'deployed', 3],
      [2, 'deployed', 3],
    ],
  );
});

test(`[${ENGINE}] the buyer records the deployments; a refused chunk exits 1 naming its lines, and re-running the same file records nothing twice`, async () => {
  const codes = await units(4);
  ok(await r.call('POST', '/v1/events/batch', { token: maker.token, body: { events: codes.slice(0, 3).map(sale) } }));
  const path = file('deploy.ndjson', codes.map(deploy));
  const size = await logSize(r);
  const first = await runCli(['events', 'batch', path, '--chunk', '2'], { url, token: buyer.token });
  assert.equal(first.code, 1, first.stderr);
  assert.match(first.stderr, /chunk 2 of 2 \(lines 3-4\) was refused, nothing in it recorded: line 4: NOT_ENTITLED/);
  assert.match(first.stderr, /the 2 event\(s\) of earlier chunks stay recorded/);
  assert.match(first.stdout, /Recorded 2 of 4 events/);
  assert.equal(await logSize(r), size + 2);
  const again = await runCli(['events', 'batch', path, '--chunk', '2', '--json'], { url, token: buyer.token });
  assert.equal(again.code, 1);
  assert.equal(JSON.parse(again.stdout).recorded.length, 2, 'the first chunk answers from its Idempotency-Key');
  assert.equal(await logSize(r), size + 2, 'nothing recorded twice');
});

test('hreg events batch: an unreadable or empty file is a usage error (exit 2)', async () => {
  const missing = await runCli(['events', 'batch', join(dir, 'nope.ndjson')], { url, token: buyer.token });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read/);
  const empty = await runCli(['events', 'batch', file('empty.ndjson', [''])], { url, token: buyer.token });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /no events/);
});
