/**
 * Issue #15's events as the rest of the registry carries them: each is a leaf
 * of the public log that holds none of its data (the leaf encoding's privacy
 * rule), each reaches the owner's webhook with its data, and the unit's public
 * Atom feed lists a brand without its evidence.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { startDispatcher, type Dispatcher } from '../../src/notify/dispatcher.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { acceptEachOther, DAY, ok, record, type Res } from '../lifecycle/flow.ts';
import { startReceiver, type Receiver } from '../notify/receiver.ts';
import { fileCampaign, fileVersion, update } from './software-flow.ts';

const { targets } = loadConfig({}, { HREG_WEBHOOK_ALLOW_PRIVATE: '1' }).webhooks;

describe(`[${ENGINE}] software, usage and brand events in the log, webhooks and feeds`, () => {
  let r: TestRegistry;
  let dispatcher: Dispatcher;
  let rx: Receiver;
  let maker: Enrolled;
  let buyer: Enrolled;
  let shop: Enrolled;
  let insurer: Enrolled;
  let code = '';
  const recorded: Record<string, Res> = {};
  const secrets = { evidence: 'Flood survey FS-7731', correction: 'No ingress found 5521', policy: 'POLICY-88123' };

  before(async () => {
    r = await testRegistry({ webhookTargets: targets });
    dispatcher = startDispatcher(r.ctx, { pollMs: 50, timeoutMs: 2_000, backoff: { baseMs: 20, capMs: 100, maxAttempts: 4 }, targets });
    rx = await startReceiver();
    maker = await enrol(r, ['manufacturer', 'seller'], 'Notify Robotics');
    buyer = await enrol(r, ['operator'], 'Notify Buyer');
    shop = await enrol(r, ['service'], 'Notify Service');
    insurer = await enrol(r, ['insurer'], 'Notify Insurance');
    await acceptEachOther(r, [maker, buyer]);
    const model = await fileModel(r, maker);
    ok(await fileVersion(r, maker, model, '1.0.0', { releasedOn: '2026-01-01' }));
    ok(await fileVersion(r, maker, model, '1.1.0', { releasedOn: '2026-02-01' }));
    const unit = await r.call('POST', '/v1/robots', { token: maker.token, body: { ...unitBody(model), softwareVersion: '1.0.0' } });
    assert.equal(unit.status, 201, JSON.stringify(unit.body));
    code = unit.body.code;
    const sub = await r.call('POST', '/v1/webhooks', { token: buyer.token, body: { url: rx.url } });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    ok(await record(r, maker.token, code, 'transferred', { to: buyer.id, sale: true }), 'sale');
    const until = new Date(Date.now() + 30 * DAY).toISOString();
    ok(await record(r, buyer.token, code, 'service_granted', { service: shop.id, expiresAt: until }));
    recorded.insurer_named = ok(
      await record(r, buyer.token, code, 'insurer_named', { insurer: insurer.id, expiresAt: until, policy: secrets.policy }),
    );
    recorded.brand_recorded = ok(
      await record(r, shop.token, code, 'brand_recorded', { brand: 'water_damaged', evidence: secrets.evidence }),
    );
    recorded.brand_corrected = ok(
      await record(r, r.regulatorToken, code, 'brand_corrected', { brand: 'water_damaged', correction: secrets.correction }),
    );
    recorded.usage_reported = ok(await record(r, buyer.token, code, 'usage_reported', { hours: 4321.5, cycles: 98765 }));
    const filed = await fileCampaign(r, maker, { models: [model], fromVersions: ['1.0.0'], toVersion: '1.1.0' });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    recorded.software_updated = ok(await update(r, maker.token, code, filed.body.campaign.id, '1.0.0', '1.1.0'));
    await dispatcher.drain();
  });
  after(async () => {
    await dispatcher?.stop();
    await rx?.close();
    await r?.dispose();
  });

  test('each is a leaf of the public log that shows its type but none of its data', async () => {
    for (const [type, res] of Object.entries(recorded)) {
      const entries = await r.call('GET', `/v1/log/entries?start=${res.body.logIndex}&limit=1`);
      assert.equal(entries.status, 200, JSON.stringify(entries.body));
      const leaf = Buffer.from(entries.body.entries[0].leaf, 'base64').toString('latin1');
      assert.ok(leaf.includes(type), `${type}: the leaf names its type`);
      const data = JSON.stringify(res.body.data);
      for (const secret of [...Object.values(secrets), insurer.id, shop.id, String(res.body.data.campaignId ?? 'no campaign'), '4321.5']) {
        assert.ok(!leaf.includes(secret), `${type}: the public leaf holds no "${secret}" (${data})`);
      }
    }
  });

  test("each reaches the owner's webhook with its data", () => {
    for (const [type, res] of Object.entries(recorded)) {
      const got = rx.got.find((g) => g.payload.type === type && g.payload.code === code);
      assert.ok(got, `${type} delivered; heard ${rx.got.map((g) => g.payload.type)}`);
      assert.equal(got.payload.seq, res.body.seq);
      assert.deepEqual(got.payload.data, res.body.data, type);
    }
  });

  test("the unit's public feed lists its brand and the correction, without evidence or correction text", async () => {
    const feed = await r.call('GET', `/v1/robots/${code}/feed.atom`);
    assert.equal(feed.status, 200);
    const xml = String(feed.body);
    assert.match(xml, /brand_recorded|water_damaged/);
    for (const secret of Object.values(secrets)) assert.ok(!xml.includes(secret), secret);
    assert.ok(!xml.includes('software_updated') && !xml.includes('4321.5'), 'updates and usage are not public feed items');
  });
});
