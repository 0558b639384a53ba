import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { programArgs } from '../compiled.ts';
import { loadConfig } from '../../src/config.ts';
import { startDispatcher, type Dispatcher } from '../../src/notify/dispatcher.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type TestRegistry } from '../harness.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let r: TestRegistry;
let url = '';
let rx: Receiver;
let dispatcher: Dispatcher;

function hreg(args: string[], token = r.regulatorToken): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...programArgs('hreg'), ...args],
      { cwd: ROOT, env: { ...process.env, HREG_URL: url, HREG_TOKEN: token } },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

// The receiver listens on 127.0.0.1, which webhooks may reach only when the operator allows it.
const { targets } = loadConfig({}, { HREG_WEBHOOK_ALLOW_PRIVATE: '1' }).webhooks;

before(async () => {
  r = await testRegistry({ webhookTargets: targets });
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  rx = await startReceiver();
  dispatcher = startDispatcher(r.ctx, { pollMs: 50, targets });
});
after(async () => {
  await dispatcher.stop();
  await rx.close();
  await r.dispose();
});

test(`[${ENGINE}] hreg webhooks: add, list, deliveries, replay, remove`, { timeout: 120_000 }, async () => {
  const added = await hreg(['webhooks', 'add', rx.url, '--topics', 'registered', '--json']);
  assert.equal(added.code, 0, added.stderr);
  const sub = JSON.parse(added.stdout) as { id: string; secret: string; topics: string[] };
  assert.deepEqual(sub.topics, ['registered']);
  assert.match(sub.secret, /^whsec_/);
  const human = await hreg(['webhooks', 'list']);
  assert.equal(human.code, 0);
  assert.ok(human.stdout.includes(sub.id) && !human.stdout.includes(sub.secret));

  const maker = await enrol(r, ['manufacturer']);
  const model = await fileModel(r, maker);
  await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
  await dispatcher.drain();
  const log = JSON.parse((await hreg(['webhooks', 'deliveries', sub.id, '--json'])).stdout) as {
    items: { logIndex: number; status: string }[];
  };
  assert.deepEqual(
    log.items.map((d) => d.status),
    ['delivered'],
  );
  const replay = await hreg(['webhooks', 'replay', sub.id, '--from', String(log.items[0]!.logIndex), '--json']);
  assert.deepEqual(JSON.parse(replay.stdout), { requeued: 1 });
  await dispatcher.drain();
  assert.equal(rx.got.length, 2);

  assert.equal((await hreg(['webhooks', 'add', 'ftp://x.example/h'])).code, 1);
  assert.equal((await hreg(['webhooks', 'add'])).code, 2);
  assert.equal((await hreg(['webhooks', 'remove', sub.id])).code, 0);
  assert.equal((await hreg(['webhooks', 'remove', sub.id])).code, 1);
});
