/**
 * Issue #15 in the web UI, in Debian's Chromium against a listening registry:
 * the public verify page shows a unit's brands (carried through remanufacture
 * too), its last usage reading and its software; the passport's timeline shows
 * the OTA update; the campaigns page lists a maker's campaigns with their
 * progress, and the regulator acknowledges a safety-relevant one there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Browser, type Page, chromium } from 'playwright-core';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { acceptEachOther, DAY, ok, record } from '../lifecycle/flow.ts';
import { NO_BROWSER, signIn } from '../web/web-fixture.ts';
import { fileCampaign, fileVersion, update } from './software-flow.ts';

describe(`[${ENGINE}] software, brands and counters in the web UI`, { skip: NO_BROWSER }, () => {
  let r: TestRegistry;
  let url = '';
  let chrome: Browser;
  let maker: Enrolled;
  let buyer: Enrolled;
  let shop: Enrolled;
  let reman: Enrolled;
  let code = '';
  let successor = '';
  let campaignId = '';
  let pendingId = '';

  before(async () => {
    r = await testRegistry();
    maker = await enrol(r, ['manufacturer', 'seller'], 'Web Software Robotics');
    buyer = await enrol(r, ['operator'], 'Web Buyer');
    shop = await enrol(r, ['service'], 'Web Service');
    reman = await enrol(r, ['remanufacturer'], 'Web Second Life');
    await acceptEachOther(r, [maker, buyer, shop, reman]);
    const model = await fileModel(r, maker);
    const remanModel = await fileModel(r, reman);
    ok(await fileVersion(r, maker, model, '1.0.0', { releasedOn: '2026-01-01' }), '1.0.0');
    ok(await fileVersion(r, maker, model, '1.1.0', { releasedOn: '2026-02-01' }), '1.1.0');
    ok(await fileVersion(r, maker, model, '2.0.0', { releasedOn: '2026-03-01', safetyRelevant: true }), '2.0.0');
    const unit = await r.call('POST', '/v1/robots', { token: maker.token, body: { ...unitBody(model), softwareVersion: '1.0.0' } });
    assert.equal(unit.status, 201, JSON.stringify(unit.body));
    code = unit.body.code;
    ok(await record(r, maker.token, code, 'transferred', { to: buyer.id, sale: true }), 'sale');
    ok(
      await record(r, buyer.token, code, 'service_granted', { service: shop.id, expiresAt: new Date(Date.now() + 30 * DAY).toISOString() }),
    );
    ok(await record(r, shop.token, code, 'brand_recorded', { brand: 'water_damaged', evidence: 'Flood survey FS-9' }), 'brand');
    ok(await record(r, buyer.token, code, 'usage_reported', { hours: 1234.5, cycles: 6789 }), 'usage');
    const filed = await fileCampaign(r, maker, { models: [model], fromVersions: ['1.0.0'], toVersion: '1.1.0' });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    campaignId = filed.body.campaign.id;
    ok(await update(r, maker.token, code, campaignId, '1.0.0', '1.1.0'), 'OTA update');
    const pending = await fileCampaign(r, maker, { models: [model], fromVersions: ['1.1.0'], toVersion: '2.0.0' });
    assert.equal(pending.status, 201, JSON.stringify(pending.body));
    pendingId = pending.body.campaign.id;
    // A second, branded unit goes to remanufacture: its successor must show the brand too.
    const old = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
    const oldCode = old.body.code as string;
    ok(await record(r, maker.token, oldCode, 'transferred', { to: buyer.id, sale: true }));
    ok(await record(r, r.regulatorToken, oldCode, 'brand_recorded', { brand: 'fire_damaged', evidence: 'Fire brigade report 12' }));
    ok(await record(r, buyer.token, oldCode, 'decommissioned', {}));
    ok(await record(r, buyer.token, oldCode, 'transferred', { to: reman.id, sale: false }));
    const parts = await r.ctx.store.query<{ component_type: string; maker: string; serial: string }>(
      'SELECT component_type, maker, serial FROM components WHERE robot_code = $1',
      [oldCode],
    );
    const built = await r.call('POST', '/v1/remanufactures', {
      token: reman.token,
      body: {
        predecessors: [oldCode],
        unit: { ...unitBody(remanModel), components: parts.map((p) => ({ type: p.component_type, maker: p.maker, serial: p.serial })) },
      },
    });
    assert.equal(built.status, 201, JSON.stringify(built.body));
    successor = built.body.code;
    url = (await r.app.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
    chrome = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await chrome?.close();
    await r?.dispose();
  });

  async function page(token: string | null): Promise<Page> {
    const context = await chrome.newContext({ locale: 'en', viewport: { width: 1280, height: 900 } });
    const p = await context.newPage();
    await signIn(p, url, token);
    return p;
  }

  test('the public verify page shows brands, the last usage reading and the software; a remanufactured unit keeps its brand', async () => {
    const p = await page(null);
    await p.goto(`${url}/r/${code}`);
    await p.locator('li[data-brand="water_damaged"]').waitFor();
    const text = (await p.locator('main').textContent()) ?? '';
    assert.match(text, /Water damaged/i);
    assert.match(text, /1,?234\.5 operating hours, 6,?789 duty cycles/);
    assert.equal(await p.locator('[data-software]').getAttribute('data-software'), 'behind', 'runs 1.1.0; 2.0.0 is current');
    assert.match((await p.locator('[data-software]').textContent()) ?? '', /1\.1\.0/);
    await p.goto(`${url}/r/${successor}`);
    await p.locator('li[data-brand="fire_damaged"]').waitFor();
    assert.deepEqual(await p.locator('li[data-brand]').evaluateAll((els) => els.map((e) => e.getAttribute('data-brand'))), [
      'fire_damaged',
      'remanufactured',
    ]);
    await p.context().close();
  });

  test('the passport timeline shows the OTA update, and the passport its brands and usage', async () => {
    const p = await page(buyer.token);
    await p.goto(`${url}/passport/${code}`);
    await p.getByText('Software updated 1.0.0 → 1.1.0').first().waitFor();
    const text = (await p.locator('main').textContent()) ?? '';
    assert.match(text, new RegExp(`campaign ${campaignId.slice(0, 8)}`));
    assert.match(text, /Water damaged/i);
    assert.match(text, /1,?234\.5 operating hours/);
    await p.context().close();
  });

  test('the campaigns page: a maker sees its campaigns and progress, the regulator acknowledges, others are told who it is for', async () => {
    const m = await page(maker.token);
    await m.goto(`${url}/campaigns`);
    await m.locator(`a[href="/campaigns/${campaignId}"]`).waitFor();
    assert.equal(await m.locator(`a[href="/campaigns/${pendingId}"]`).count(), 1);
    await m.goto(`${url}/campaigns/${campaignId}`);
    await m.getByText('1 of 1 units updated').waitFor();
    assert.equal(await m.getByRole('button', { name: 'Acknowledge' }).count(), 0, 'only the regulator acknowledges');
    await m.context().close();

    const reg = await page(r.regulatorToken);
    await reg.goto(`${url}/campaigns/${pendingId}`);
    await reg.getByRole('button', { name: 'Acknowledge' }).click();
    await reg.getByRole('button', { name: 'Acknowledge' }).waitFor({ state: 'detached' });
    const after = await r.call('GET', `/v1/campaigns/${pendingId}`, { token: r.regulatorToken });
    assert.ok(after.body.acknowledgedAt, 'acknowledged from the page');
    await reg.context().close();

    const b = await page(buyer.token);
    await b.goto(`${url}/campaigns`);
    await b.getByText('Campaigns are for manufacturers (their own) and the regulator.').waitFor();
    await b.context().close();
  });
});
