import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { loadConfig } from '../../src/config.ts';
import { startDispatcher, type Dispatcher } from '../../src/notify/dispatcher.ts';
import { verifyWebhook } from '../../src/notify/signature.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { acceptEachOther } from '../lifecycle/flow.ts';
import { startReceiver, type Receiver } from './receiver.ts';

let r: TestRegistry;
let dispatcher: Dispatcher;
let makerA: Enrolled, makerB: Enrolled, ownerX: Enrolled, ownerY: Enrolled;
let modelA: string, modelB: string;
const receivers: Receiver[] = [];

// The receivers listen on 127.0.0.1, which webhooks may reach only when the operator allows it.
const { targets } = loadConfig({}, { HREG_WEBHOOK_ALLOW_PRIVATE: '1' }).webhooks;

before(async () => {
  r = await testRegistry({ webhookTargets: targets });
  [makerA, makerB, ownerX, ownerY] = await Promise.all([
    enrol(r, ['manufacturer']),
    enrol(r, ['manufacturer']),
    enrol(r, ['operator']),
    enrol(r, ['operator']),
  ]);
  await acceptEachOther(r, [makerA, makerB, ownerX, ownerY]);
  modelA = await fileModel(r, makerA);
  modelB = await fileModel(r, makerB);
  // Short backoff so retries happen within the test; a slow poll so drain() does the work.
  dispatcher = startDispatcher(r.ctx, { pollMs: 50, timeoutMs: 2_000, backoff: { baseMs: 20, capMs: 100, maxAttempts: 4 }, targets });
});
after(async () => {
  await dispatcher.stop();
  await Promise.all(receivers.map((x) => x.close()));
  await r.dispose();
});

async function receiver(answer?: Receiver['answer']): Promise<Receiver> {
  const x = await startReceiver(answer);
  receivers.push(x);
  return x;
}

async function subscribe(who: Enrolled | string, url: string, topics?: string[]) {
  const token = typeof who === 'string' ? who : who.token;
  const res = await r.call('POST', '/v1/webhooks', { token, body: { url, ...(topics ? { topics } : {}) } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; url: string; topics: string[] | null; secret: string };
}

async function register(maker: Enrolled, model: string): Promise<string> {
  const res = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.code;
}

async function record(who: Enrolled, code: string, type: string, data: unknown) {
  const res = await r.call('POST', `/v1/robots/${code}/events`, { token: who.token, body: { type, data } });
  assert.ok(res.status === 200 || res.status === 201, JSON.stringify(res.body));
}

const INCIDENT = { severity: 'minor', kind: 'malfunction', description: 'x' };
const heard = (x: Receiver) => x.got.map((g) => `${g.payload.type}:${g.payload.code}`).sort();

test(`[${ENGINE}] webhooks: each POST is signed with HMAC-SHA256 over "<id>.<timestamp>.<body>" with the secret`, async () => {
  const rx = await receiver();
  const sub = await subscribe(r.regulatorToken, rx.url);
  assert.match(sub.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
  const code = await register(makerA, modelA);
  await dispatcher.drain();
  assert.equal(rx.got.length, 1);
  const g = rx.got[0]!;
  assert.equal(g.payload.type, 'registered');
  assert.equal(g.payload.code, code);
  // Recompute independently of src/notify/signature.ts.
  const expected = 'v1=' + createHmac('sha256', sub.secret).update(`${g.id}.${g.timestamp}.${g.body}`).digest('hex');
  assert.equal(g.signature, expected);
  assert.ok(Math.abs(Number(g.timestamp) - Date.now() / 1000) < 60);
  assert.equal(verifyWebhook(sub.secret, g.id, g.timestamp, g.body, g.signature), true);
  assert.equal(verifyWebhook(sub.secret, g.id, g.timestamp, g.body.replace('registered', 'registerex'), g.signature), false);
  assert.equal(verifyWebhook('whsec_wrong', g.id, g.timestamp, g.body, g.signature), false);
  assert.equal(verifyWebhook(sub.secret, g.id, String(Number(g.timestamp) - 3600), g.body, g.signature), false);
  // The secret is shown once: listing never returns it.
  const list = await r.call('GET', '/v1/webhooks', { token: r.regulatorToken });
  assert.deepEqual(
    list.body.items.map((s: { id: string }) => s.id),
    [sub.id],
  );
  assert.equal(JSON.stringify(list.body).includes(sub.secret), false);
  assert.equal((await r.call('DELETE', `/v1/webhooks/${sub.id}`, { token: r.regulatorToken })).status, 204);
});

test(`[${ENGINE}] webhooks: owners hear only their own units, manufacturers only defect reports on their models`, async () => {
  const [rxX, rxY, rxA, rxB] = await Promise.all([receiver(), receiver(), receiver(), receiver()]);
  const subs = [
    await subscribe(ownerX, rxX.url),
    await subscribe(ownerY, rxY.url),
    await subscribe(makerA, rxA.url),
    await subscribe(makerB, rxB.url),
  ];
  const uA = await register(makerA, modelA);
  const uB = await register(makerB, modelB);
  await record(makerA, uA, 'transferred', { to: ownerX.id, sale: false });
  await record(makerB, uB, 'transferred', { to: ownerY.id, sale: false });
  await record(ownerX, uA, 'incident_reported', INCIDENT);
  await record(ownerY, uB, 'incident_reported', INCIDENT);
  await dispatcher.drain();
  assert.deepEqual(heard(rxX), [`incident_reported:${uA}`, `transferred:${uA}`]);
  assert.deepEqual(heard(rxY), [`incident_reported:${uB}`, `transferred:${uB}`]);
  // A maker owns its unit at registration, then hears only its defect reports.
  assert.deepEqual(heard(rxA), [`incident_reported:${uA}`, `registered:${uA}`]);
  assert.deepEqual(heard(rxB), [`incident_reported:${uB}`, `registered:${uB}`]);
  // Another participant cannot see or remove a subscription.
  assert.equal((await r.call('GET', `/v1/webhooks/${subs[0]!.id}/deliveries`, { token: ownerY.token })).status, 404);
  assert.equal((await r.call('DELETE', `/v1/webhooks/${subs[0]!.id}`, { token: ownerY.token })).status, 404);
  const owners = [ownerX, ownerY, makerA, makerB];
  for (const [i, s] of subs.entries())
    assert.equal((await r.call('DELETE', `/v1/webhooks/${s.id}`, { token: owners[i]!.token })).status, 204);
});

test(`[${ENGINE}] webhooks: a receiver failing its first attempts gets each event delivered once, retries in the log`, async () => {
  const rx = await receiver((_req, nth) => (nth <= 2 ? 500 : 200));
  const sub = await subscribe(r.regulatorToken, rx.url, ['registered']);
  const codes = [await register(makerA, modelA), await register(makerA, modelA), await register(makerB, modelB)];
  await dispatcher.drain();
  const delivered = rx.got.filter((g) => g.answered === 200);
  assert.equal(delivered.length, 3, 'each event answered 200 exactly once');
  assert.deepEqual(delivered.map((g) => g.payload.code).sort(), [...codes].sort());
  assert.equal(rx.got.length, 9, 'two failures then a success, per event');
  const log = await r.call('GET', `/v1/webhooks/${sub.id}/deliveries`, { token: r.regulatorToken });
  assert.equal(log.status, 200);
  assert.equal(log.body.items.length, 3);
  for (const d of log.body.items) {
    assert.equal(d.status, 'delivered');
    assert.equal(d.attempts, 3);
    assert.equal(d.lastResponseStatus, 200);
    assert.equal(d.topic, 'registered');
    assert.ok(d.deliveredAt);
  }
  assert.deepEqual(log.body.items.map((d: { logIndex: number }) => d.logIndex).sort(), delivered.map((g) => g.payload.logIndex).sort());
  await r.call('DELETE', `/v1/webhooks/${sub.id}`, { token: r.regulatorToken });
});

test(`[${ENGINE}] webhooks: a receiver that keeps failing ends 'failed', and replay re-delivers`, async () => {
  let up = false;
  const rx = await receiver(() => (up ? 200 : 503));
  const sub = await subscribe(makerA, rx.url, ['registered']);
  const first = await register(makerA, modelA);
  const second = await register(makerA, modelA);
  await dispatcher.drain();
  const url = `/v1/webhooks/${sub.id}/deliveries`;
  let log = (await r.call('GET', url, { token: makerA.token })).body.items as {
    id: number;
    logIndex: number;
    status: string;
    attempts: number;
    lastResponseStatus: number;
    lastError: string;
  }[];
  assert.deepEqual(
    log.map((d) => [d.status, d.attempts, d.lastResponseStatus, d.lastError]),
    [
      ['failed', 4, 503, 'HTTP 503'],
      ['failed', 4, 503, 'HTTP 503'],
    ],
  );
  up = true;
  // Replay every failed delivery (no body).
  const replay = await r.call('POST', `/v1/webhooks/${sub.id}/replay`, { token: makerA.token, body: {} });
  assert.deepEqual(replay.body, { requeued: 2 });
  await dispatcher.drain();
  log = (await r.call('GET', url, { token: makerA.token })).body.items;
  assert.deepEqual(
    log.map((d) => [d.status, d.attempts]),
    [
      ['delivered', 1],
      ['delivered', 1],
    ],
  );
  assert.deepEqual([...rx.deliveredIds()].sort(), log.map((d) => String(d.id)).sort());
  // Replay from a log index re-sends the same Webhook-Id and payload.
  const before = rx.got.length;
  const again = await r.call('POST', `/v1/webhooks/${sub.id}/replay`, { token: makerA.token, body: { fromLogIndex: log[1]!.logIndex } });
  assert.deepEqual(again.body, { requeued: 1 });
  await dispatcher.drain();
  const resent = rx.got.slice(before);
  assert.deepEqual(
    resent.map((g) => [g.id, g.payload.code, g.answered]),
    [[String(log[1]!.id), second, 200]],
  );
  // And by delivery id.
  const byId = await r.call('POST', `/v1/webhooks/${sub.id}/replay`, { token: makerA.token, body: { deliveryIds: [log[0]!.id] } });
  assert.deepEqual(byId.body, { requeued: 1 });
  await dispatcher.drain();
  assert.equal(rx.got.at(-1)!.payload.code, first);
  await r.call('DELETE', `/v1/webhooks/${sub.id}`, { token: makerA.token });
});

test(`[${ENGINE}] webhooks: refused subscriptions and paging`, async () => {
  const bad = async (body: unknown, token: string | undefined = ownerX.token) => r.call('POST', '/v1/webhooks', { token, body });
  for (const url of ['ftp://example.org/hook', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'https://user:pw@example.org/']) {
    const res = await bad({ url });
    assert.equal(res.status, 400, url);
    assert.equal(res.body.code, 'INVALID_ARGUMENT', url);
  }
  assert.equal((await bad({ url: 'https://example.org/h', topics: ['nonsense'] })).body.code, 'INVALID_REQUEST');
  assert.equal((await bad({ url: 'https://example.org/h', extra: 1 })).status, 400);
  assert.equal((await bad({ url: 'https://example.org/h' }, '')).status, 401);
  assert.equal((await r.call('GET', '/v1/webhooks')).status, 401);
  const rx = await receiver();
  const sub = await subscribe(r.regulatorToken, rx.url, ['registered']);
  for (let i = 0; i < 3; i++) await register(makerB, modelB);
  await dispatcher.drain();
  const p1 = await r.call('GET', `/v1/webhooks/${sub.id}/deliveries?limit=2`, { token: r.regulatorToken });
  assert.equal(p1.body.items.length, 2);
  const p2 = await r.call('GET', `/v1/webhooks/${sub.id}/deliveries?limit=2&after=${p1.body.next}`, { token: r.regulatorToken });
  assert.equal(p2.body.items.length, 1);
  assert.equal(p2.body.next, null);
  // A removed subscription is gone and hears nothing more.
  await r.call('DELETE', `/v1/webhooks/${sub.id}`, { token: r.regulatorToken });
  await register(makerB, modelB);
  await dispatcher.drain();
  assert.equal(rx.got.length, 3);
  assert.equal((await r.call('GET', `/v1/webhooks/${sub.id}/deliveries`, { token: r.regulatorToken })).status, 404);
});
