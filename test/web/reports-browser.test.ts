// Public reports in Chromium (issue #16, items 4–6): a passer-by files a report from the
// phone-width verify page (the proof of work runs in the page), the regulator triages it in
// the queue page, the dashboard shows late reports, a participant sees its own. One browser,
// few pages: the machine is shared.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { translator } from '../../src/i18n/translator.ts';
import { DEFAULT_REPORT_POLICY } from '../../src/report/policy.ts';
import { solveChallenge } from '../../src/report/proof-of-work.ts';
import type { TestRegistry } from '../harness.ts';
import { NO_BROWSER, signIn, startWebFixture, type WebFixture } from './web-fixture.ts';

let f: WebFixture;
let r: TestRegistry;
let url: string;
let browser: BrowserContext;
const en = translator('en');

before(async () => {
  if (NO_BROWSER) return;
  f = await startWebFixture({ manufacturers: 2, models: 3, robots: 40, months: 2 });
  ({ r, url } = f);
  browser = f.contexts.en;
  // The flood guard as deployed: 16 bits of work, 5 reports an hour per address.
  r.ctx.reportPolicy = { ...DEFAULT_REPORT_POLICY };
});
after(() => f?.close());

async function signedIn(tok: string, path: string): Promise<Page> {
  const page = await browser.newPage();
  await signIn(page, url, tok);
  await page.goto(`${url}${path}`);
  await page.locator('main h1').waitFor();
  await page.locator('main:not([aria-busy])').waitFor();
  return page;
}

test('a passer-by files a report from the phone-width verify page and the regulator escalates it from the queue', {
  skip: NO_BROWSER,
}, async () => {
  // The demo's passers-by reported the first units; this one has no report yet.
  const code = f.demo.sampleCodes[4] ?? '';
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${url}/r/${code}`);
  await page.locator('#report-form').waitFor();

  // The unit's feed: a visible link and one <link rel=alternate> in the head, to the same feed.
  const feed = `/v1/robots/${code}/feed.atom`;
  assert.equal(await page.locator('#feed-link').getAttribute('href'), feed);
  assert.deepEqual(
    await page
      .locator('head link[rel="alternate"][type="application/atom+xml"]')
      .evaluateAll((ls) => ls.map((l) => l.getAttribute('href'))),
    [feed],
  );
  assert.equal((await r.app.inject({ method: 'GET', url: feed })).statusCode, 200);

  // A photo over the limit is refused in the page, before any upload; nothing is filed.
  await page.selectOption('#report-category', 'counterfeit');
  await page.fill('#report-description', 'The nameplate says another maker than the robot’s own badge.');
  await page.setInputFiles('#report-photo', { name: 'big.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(2 * 1024 * 1024 + 1, 0xff) });
  await page.click('#report-form button[type=submit]');
  await page.locator('#report-status [data-problem="PHOTO_TOO_LARGE"]').waitFor();
  // A "photo" whose bytes are not an image: the registry refuses it, the page says so.
  await page.setInputFiles('#report-photo', { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
  await page.click('#report-form button[type=submit]');
  await page.locator('#report-status [data-problem="PHOTO_NOT_IMAGE"]').waitFor({ timeout: 60_000 });
  assert.match((await page.locator('#report-status').textContent()) ?? '', new RegExp(en.t('web.reportForm.notImage').slice(0, 30)));
  assert.equal((await r.call('GET', `/v1/reports?code=${code}`, { token: r.regulatorToken })).body.items.length, 0, 'nothing filed');

  // Without the photo the report is filed; the page shows progress, then its number.
  await page.setInputFiles('#report-photo', []);
  const started = Date.now();
  await page.click('#report-form button[type=submit]');
  const sent = page.locator('#report-status [data-report]');
  await sent.waitFor({ timeout: 60_000 });
  const ms = Date.now() - started;
  const id = (await sent.getAttribute('data-report')) ?? '';
  process.stdout.write(`# proof of work and filing in the browser: ${ms} ms\n`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling at 390 px');

  // A flood from this address: once the hour's reports are spent, the page says to try later, and nothing more is filed.
  const other = f.demo.sampleCodes[1] ?? '';
  for (let i = 0; i < 10; i++) {
    const ch = (await r.call('GET', `/v1/robots/${other}/reports/challenge`)).body;
    assert.equal(ch.bits, DEFAULT_REPORT_POLICY.powBits);
    const body = { category: 'other', description: `flood ${i}`, challenge: ch.challenge, work: solveChallenge(ch.challenge, ch.bits) };
    if ((await r.call('POST', `/v1/robots/${other}/reports`, { body })).status === 429) break;
  }
  const before = (await r.call('GET', '/v1/reports', { token: r.regulatorToken })).body.items.length;
  await page.selectOption('#report-category', 'complaint');
  await page.fill('#report-description', 'One more.');
  await page.click('#report-form button[type=submit]');
  await page.locator('#report-status [data-problem="REPORT_FLOOD"]').waitFor({ timeout: 60_000 });
  assert.equal((await r.call('GET', '/v1/reports', { token: r.regulatorToken })).body.items.length, before, 'nothing filed');
  await page.close();

  const queued = (await r.call('GET', `/v1/reports?code=${code}`, { token: r.regulatorToken })).body.items;
  assert.deepEqual(
    queued.map((q: { id: string; category: string; state: string }) => [q.id, q.category, q.state]),
    [[id, 'counterfeit', 'open']],
  );

  // The regulator reaches the queue from the navigation and escalates the report to a defect signal.
  const reg = await signedIn(r.regulatorToken, '/');
  await reg.locator('#nav a[href="/reports"]').click();
  const card = reg.locator(`#report-${id}`);
  await card.waitFor();
  assert.equal(await reg.locator('.report-queue > li').first().getAttribute('data-category'), 'counterfeit', 'counterfeits first');
  // A component the model does not have is refused with its problem; the report stays open.
  await card.locator(`#component-${id}`).fill('warp_drive');
  await card.locator(`#failure-${id}`).fill('overheats');
  await card.locator('form.escalate button').click();
  await card.locator('[data-problem]').waitFor();
  assert.equal(await card.getAttribute('data-state'), 'open');
  await card.locator(`#component-${id}`).fill('battery_pack');
  await card.locator('form.escalate button').click();
  await reg.locator(`#report-${id}[data-state="escalated"]`).waitFor();
  const after = (await r.call('GET', `/v1/reports?code=${code}`, { token: r.regulatorToken })).body.items[0];
  assert.equal(after.state, 'escalated');
  assert.equal(typeof after.triageIndex, 'number', 'the triage is in the log');

  // The dashboard draws late reports by participant and event type with the API's numbers.
  await reg.goto(`${url}/dashboard`);
  await reg.locator('#t-late').waitFor();
  const late = (await r.call('GET', '/v1/late-reports?days=90', { token: r.regulatorToken })).body;
  const rows = await reg.locator('#t-late tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent));
  assert.equal(rows.length, Math.max(1, late.byParticipant.length));
  await reg.close();

  // A maker sees its own late reports, not the queue, from its navigation.
  const maker = await signedIn(f.token('manufacturer'), '/');
  assert.equal(await maker.locator('#nav a[href="/reports"]').count(), 0);
  await maker.locator('#nav a[href="/late"]').click();
  await maker.locator('#t-late').waitFor();
  assert.equal(await maker.locator('#late-h').textContent(), en.t('web.late.own'));
  await maker.close();
});
