import { test, after } from 'node:test';
import { startChildServer } from '../child-server.ts';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINE, freshDatabase, MODEL_PARAMETERS, PRODUCTION_DATE, type TestDatabase } from '../harness.ts';
import { startReceiver, type Receiver } from './receiver.ts';

// Kill -9 the server (which runs the dispatcher) while units are being
// registered and webhooks sent, restart it on the same data, and check that
// the receiver ends up with every committed event: each log index at least
// once, and deduped by Webhook-Id exactly the events committed.
const dataDir = mkdtempSync(join(tmpdir(), 'hreg-notify-crash-'));
let db: TestDatabase | undefined;
let rx: Receiver | undefined;
after(async () => {
  await rx?.close();
  await db?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

const startChild = startChildServer;

async function call(method: string, url: string, token: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function logSize(url: string): Promise<number> {
  const checkpoint = await (await fetch(`${url}/v1/log/checkpoint`)).text();
  return Number(checkpoint.split('\n')[1]);
}

test(`[${ENGINE}] webhooks: a server killed between commit and delivery delivers exactly the missed events after restart`, {
  timeout: 180_000,
}, async () => {
  const env: Record<string, string> = {
    HREG_DATA: dataDir,
    HREG_WEBHOOK_POLL_MS: '20',
    HREG_WEBHOOK_TIMEOUT_MS: '1000',
    HREG_WEBHOOK_BACKOFF_BASE_MS: '20',
    HREG_WEBHOOK_BACKOFF_CAP_MS: '200',
    HREG_WEBHOOK_MAX_ATTEMPTS: '100',
    // The receiver listens on 127.0.0.1, which webhooks may reach only when the operator allows it.
    HREG_WEBHOOK_ALLOW_CIDRS: '127.0.0.0/8',
  };
  if (ENGINE === 'postgres') {
    db = await freshDatabase();
    env.DATABASE_URL = db.url!;
  }
  // A slow, flaky receiver keeps a backlog of committed, undelivered events.
  rx = await startReceiver(async () => {
    await new Promise((res) => setTimeout(res, 5 + Math.random() * 20));
    return Math.random() < 0.3 ? 500 : 200;
  });
  let { child, url } = await startChild(env);
  const regulator = readFileSync(join(dataDir, 'regulator-token.txt'), 'utf8').trim();
  const sub = await call('POST', `${url}/v1/webhooks`, regulator, { url: rx.url });
  assert.equal(sub.status, 201);
  const maker = await call('POST', `${url}/v1/participants`, regulator, {
    name: 'Webhook Crash Robotics',
    country: 'CN',
    roles: ['manufacturer'],
  });
  const token = (await call('POST', `${url}/v1/participants/${maker.body.id}/tokens`, regulator, {})).body.token as string;
  const model = (
    await call('POST', `${url}/v1/models`, token, {
      name: 'WC-1',
      category: 'test',
      parameters: MODEL_PARAMETERS,
      componentTypes: ['main_controller'],
    })
  ).body.modelCode;
  await call('POST', `${url}/v1/models/${maker.body.enterpriseCode}/${model}/approve`, regulator, {});

  let serial = 0;
  const acknowledged: number[] = [];
  let stop = false;
  const writers = Array.from({ length: 4 }, async () => {
    while (!stop) {
      try {
        const res = await call('POST', `${url}/v1/robots`, token, {
          model,
          productionDate: PRODUCTION_DATE,
          components: [{ type: 'main_controller', maker: 'M', serial: `WC-${++serial}` }],
        });
        if (res.status === 201) acknowledged.push(res.body.logIndex ?? -1);
      } catch {
        // The server died under us: not acknowledged.
      }
    }
  });
  await new Promise((res) => setTimeout(res, 1_500));
  child.kill('SIGKILL');
  await new Promise((res) => child.once('exit', res));
  stop = true;
  await Promise.all(writers);
  const beforeRestart = rx.deliveredIds().size;
  ({ child, url } = await startChild(env));

  const committed = await logSize(url);
  assert.ok(
    acknowledged.length > 0 && committed >= acknowledged.length,
    `${committed} events committed, ${acknowledged.length} acknowledged`,
  );
  assert.ok(beforeRestart < committed, `the kill left undelivered events (${beforeRestart} of ${committed} delivered)`);
  // Wait for the restarted dispatcher to catch up (in-flight leases expire after 2 × timeout + 1 s).
  const deadline = Date.now() + 60_000;
  while (rx.deliveredIds().size < committed && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));

  const seen = new Set(rx.got.map((g) => g.payload.logIndex));
  const all = Array.from({ length: committed }, (_, i) => i);
  assert.deepEqual(
    [...seen].sort((a, b) => a - b),
    all,
    'every log index reached the receiver, none extra',
  );
  // Dedupe by Webhook-Id: one id per event, each answered 2xx, exactly the committed events.
  const byId = new Map<string, number>();
  for (const g of rx.got) {
    const prev = byId.get(g.id);
    assert.ok(prev === undefined || prev === g.payload.logIndex, `Webhook-Id ${g.id} names one event`);
    byId.set(g.id, g.payload.logIndex);
  }
  const delivered = [...rx.deliveredIds()].map((id) => byId.get(id)!).sort((a, b) => a - b);
  assert.deepEqual(delivered, all);
  // The dispatcher records an outcome just after the receiver answers: give the last ones a moment.
  const readLog = async () => {
    const items: { status: string }[] = [];
    for (let after = 0; ; ) {
      const page = await call('GET', `${url}/v1/webhooks/${sub.body.id}/deliveries?limit=500&after=${after}`, regulator);
      items.push(...page.body.items);
      if (page.body.next === null) return items;
      after = page.body.next;
    }
  };
  let items = await readLog();
  for (const until = Date.now() + 15_000; items.some((d) => d.status !== 'delivered') && Date.now() < until; items = await readLog()) {
    await new Promise((res) => setTimeout(res, 200));
  }
  assert.equal(items.length, committed);
  assert.ok(
    items.every((d) => d.status === 'delivered'),
    'the delivery log shows every event delivered',
  );
  child.kill('SIGTERM');
  await new Promise((res) => child.once('exit', res));
});
