/**
 * Webhook targets (issue #11, item 8): a participant may not make the
 * registry POST into the operator's own network. Loopback, private, link-local,
 * CGNAT, unique-local, IPv4-mapped, unspecified and multicast targets are
 * refused at subscription with 422 UNSAFE_WEBHOOK_TARGET (nothing is stored),
 * and at delivery a name resolving to such an address (DNS rebinding) reaches
 * nothing — unless the operator allows it by configuration.
 */
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { startDispatcher } from '../../src/notify/dispatcher.ts';
import type { Resolver } from '../../src/notify/post-webhook.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { startReceiver, type Receiver } from '../notify/receiver.ts';
import { assertProblem, digest } from './support.ts';

const TARGETS: [string, string][] = [
  ['loopback IPv4', 'http://127.0.0.1:8080/hook'],
  ['loopback in another spelling (0x7f.1)', 'http://0x7f.1/hook'],
  ['loopback IPv6', 'http://[::1]/hook'],
  ['localhost', 'http://localhost:9000/hook'],
  ['a *.localhost name', 'https://admin.localhost/hook'],
  ['private 10/8', 'http://10.0.0.5/hook'],
  ['private 172.16/12', 'https://172.20.1.1/hook'],
  ['private 192.168/16', 'http://192.168.1.1/hook'],
  ['link-local (cloud metadata)', 'http://169.254.169.254/latest/meta-data/'],
  ['link-local IPv6', 'http://[fe80::1]/hook'],
  ['carrier-grade NAT', 'http://100.64.0.1/hook'],
  ['unique-local IPv6', 'http://[fd00::1]/hook'],
  ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/hook'],
  ['IPv4-mapped IPv6 of a public address', 'http://[::ffff:8.8.8.8]/hook'],
  ['unspecified', 'http://0.0.0.0:8080/hook'],
  ['multicast', 'http://224.0.0.1/hook'],
];

describe(`webhook targets (${ENGINE})`, () => {
  let r: TestRegistry;
  let maker: Enrolled;
  let model: string;
  let rx: Receiver;
  before(async () => {
    r = await testRegistry();
    maker = await enrol(r, ['manufacturer'], 'Hooked Maker');
    model = await fileModel(r, maker);
    rx = await startReceiver();
  });
  after(async () => {
    await rx?.close();
    await r?.dispose();
  });

  for (const [what, url] of TARGETS) {
    test(`subscribing a ${what} target (${url}) is refused with UNSAFE_WEBHOOK_TARGET`, async () => {
      const before = await digest(r);
      const res = await r.call('POST', '/v1/webhooks', { token: maker.token, body: { url } });
      assertProblem(res, 422, 'UNSAFE_WEBHOOK_TARGET', what);
      assert.deepEqual(await digest(r), before, `${what}: nothing changed`);
    });
  }

  /** rebinding resolves every name to the test receiver's loopback address, as a hostile DNS server would after subscription. */
  const rebinding: Resolver = (_host, _opts, callback) => callback(null, [{ address: '127.0.0.1', family: 4 } satisfies LookupAddress]);
  const hookUrl = () => `http://rebind.example:${new URL(rx.url).port}/hook`;

  test('a name that resolves to a private address at delivery time reaches nothing (DNS rebinding)', async () => {
    const sub = await r.call('POST', '/v1/webhooks', { token: maker.token, body: { url: hookUrl(), topics: ['registered'] } });
    assert.equal(sub.status, 201, 'a public-looking name is accepted at subscription');
    const dispatcher = startDispatcher(r.ctx, { pollMs: 10_000, backoff: { baseMs: 10, capMs: 10, maxAttempts: 1 }, resolve: rebinding });
    try {
      const before = rx.got.length;
      assert.equal((await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) })).status, 201);
      await dispatcher.drain();
      assert.equal(rx.got.length, before, 'the receiver on 127.0.0.1 got nothing');
      const log = await r.call('GET', `/v1/webhooks/${sub.body.id}/deliveries`, { token: maker.token });
      assert.equal(log.body.items.length, 1);
      assert.deepEqual([log.body.items[0].status, log.body.items[0].attempts], ['failed', 1]);
      assert.match(log.body.items[0].lastError, /^UNSAFE_WEBHOOK_TARGET: rebind\.example resolves to 127\.0\.0\.1 is a loopback address/);
    } finally {
      await dispatcher.stop();
      await r.call('DELETE', `/v1/webhooks/${sub.body.id}`, { token: maker.token });
    }
  });

  test('a literal internal address stored before the rule (or before the allowance was withdrawn) is refused at delivery', async () => {
    const sub = await r.call('POST', '/v1/webhooks', {
      token: maker.token,
      body: { url: 'https://hooks.example.com/x', topics: ['registered'] },
    });
    assert.equal(sub.status, 201);
    await r.ctx.store.query('UPDATE webhook_subscriptions SET url = $2 WHERE id = $1', [sub.body.id, `${rx.url}`]);
    const dispatcher = startDispatcher(r.ctx, { pollMs: 10_000, backoff: { baseMs: 10, capMs: 10, maxAttempts: 1 } });
    try {
      const before = rx.got.length;
      assert.equal((await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) })).status, 201);
      await dispatcher.drain();
      assert.equal(rx.got.length, before, 'nothing was sent');
      const log = await r.call('GET', `/v1/webhooks/${sub.body.id}/deliveries`, { token: maker.token });
      assert.match(log.body.items[0].lastError, /^UNSAFE_WEBHOOK_TARGET: 127\.0\.0\.1 is a loopback address/);
    } finally {
      await dispatcher.stop();
      await r.call('DELETE', `/v1/webhooks/${sub.body.id}`, { token: maker.token });
    }
  });

  test("the operator's allowance (HREG_WEBHOOK_ALLOW_CIDRS) admits exactly its ranges, at subscription and delivery", async () => {
    const { targets } = loadConfig({}, { HREG_WEBHOOK_ALLOW_CIDRS: '127.0.0.0/8' }).webhooks;
    const allowed = await testRegistry({ webhookTargets: targets });
    const dispatcher = startDispatcher(allowed.ctx, { pollMs: 10_000, targets, resolve: rebinding });
    try {
      const m = await enrol(allowed, ['manufacturer'], 'Allowed Maker');
      const mm = await fileModel(allowed, m);
      assertProblem(
        await allowed.call('POST', '/v1/webhooks', { token: m.token, body: { url: 'http://10.0.0.5/hook' } }),
        422,
        'UNSAFE_WEBHOOK_TARGET',
        'outside the allowance',
      );
      const sub = await allowed.call('POST', '/v1/webhooks', { token: m.token, body: { url: hookUrl(), topics: ['registered'] } });
      assert.equal(sub.status, 201);
      const before = rx.got.length;
      const unit = await allowed.call('POST', '/v1/robots', { token: m.token, body: unitBody(mm) });
      await dispatcher.drain();
      assert.equal(rx.got.length, before + 1, 'delivered to the address the resolver named');
      assert.equal(rx.got.at(-1)!.payload.code, unit.body.code);
    } finally {
      await dispatcher.stop();
      await allowed.dispose();
    }
  });
});
