// The web UI in Chromium (Playwright) against a real server with a small demo fleet. Tests that
// read English text use the browser context whose reader's language is English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { DemoResult } from '../../src/demo/demo.ts';
import { LOCALES } from '../../src/i18n/locale.ts';
import { translator } from '../../src/i18n/translator.ts';
import { enrol, type TestRegistry } from '../harness.ts';
import { NO_BROWSER, signIn, startWebFixture, type WebFixture } from './web-fixture.ts';

let f: WebFixture;
let r: TestRegistry;
let url: string;
let demo: DemoResult;
let browser: BrowserContext;
const token = (role: string) => f.token(role);

before(async () => {
  if (NO_BROWSER) return;
  f = await startWebFixture({ manufacturers: 6, models: 10, robots: 400, months: 6 });
  ({ r, url, demo } = f);
  browser = f.contexts.en;
});
after(() => f?.close());

async function signedIn(tok: string | null, width = 1280): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 900 });
  await signIn(page, url, tok);
  return page;
}

async function aDeployedCode(): Promise<string> {
  for (const code of demo.sampleCodes) {
    const v = await r.call('GET', `/v1/verify/${code}`);
    if (v.body.status === 'deployed' && v.body.marketAccess.allowed) return code;
  }
  return demo.sampleCodes[0]!;
}

test('scan to verify: /r/{code} shows maker, model and market access on a phone', { skip: NO_BROWSER }, async () => {
  const code = await aDeployedCode();
  const v = (await r.call('GET', `/v1/verify/${code}`)).body;
  const page = await browser.newPage();
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto(`${url}/r/${code}`);
  const result = page.locator('.result');
  await result.waitFor();
  const text = await result.innerText();
  // An English page names the maker and model in English where the registry has an English name.
  assert.ok(text.includes(v.manufacturer.nameEn ?? v.manufacturer.name), text);
  assert.ok(text.includes(v.model.nameEn ?? v.model.name));
  assert.match(text, /Market access: (allowed|not allowed)/);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no horizontal scrolling at 360 px');
  await page.close();
});

for (const locale of LOCALES) {
  test(`${locale}: a mistyped code offers "did you mean" with a link to the real code, its maker and model beside it`, {
    skip: NO_BROWSER,
  }, async () => {
    const code = demo.sampleCodes[1] ?? '';
    const typo = code.slice(0, 20) + (code[20] === '7' ? '8' : '7') + code.slice(21);
    // The page shows each candidate as the problem document gives it.
    const problem = (await r.call('GET', `/v1/verify/${typo}`)).body;
    const v = problem.candidates.find((c: { code: string }) => c.code === code);
    assert.ok(v?.registered && v.maker && v.model, `the real code is a registered candidate: ${JSON.stringify(problem.candidates)}`);
    const shown = (n: { name: string; nameEn?: string }) => (locale === 'en' ? (n.nameEn ?? n.name) : n.name);
    const page = await f.contexts[locale].newPage();
    await page.goto(`${url}/r/${typo}`);
    const link = page.locator(`.suggest a[href="/r/${code}"]`);
    await link.waitFor();
    const line = await page.locator('.suggest li', { has: page.locator(`a[href="/r/${code}"]`) }).innerText();
    assert.ok(line.includes(shown(v.maker)) && line.includes(shown(v.model)), `the candidate names its maker and model: ${line}`);
    assert.equal(await page.locator('.suggest li').first().getAttribute('data-registered'), 'true', 'registered codes come first');
    await link.click();
    await page.locator('.result').waitFor();
    assert.equal(new URL(page.url()).pathname, `/r/${code}`);
    await page.close();
  });
}

test('the language switch re-renders the page, sets <html lang> and the title, and is remembered across a reload', {
  skip: NO_BROWSER,
}, async () => {
  const zh = translator('zh-CN');
  const en = translator('en');
  const page = await f.contexts['zh-CN'].newPage();
  const state = () =>
    page.evaluate(() => ({
      lang: document.documentElement.lang,
      title: document.title,
      h1: document.querySelector('main h1')?.textContent,
      stored: localStorage.getItem('hreg.locale'),
      pressed: document.querySelector('#nav .lang [aria-pressed="true"]')?.getAttribute('lang'),
    }));
  await page.goto(`${url}/`);
  await page.locator('main h1').waitFor();
  assert.deepEqual(await state(), {
    lang: 'zh-CN',
    title: zh.t('web.title', { page: zh.t('web.page.verify'), app: zh.t('app.name') }),
    h1: zh.t('web.verify.h1'),
    stored: null,
    pressed: 'zh-CN',
  });
  await page.locator('#nav .lang button[lang="en"]').click();
  await page.locator('main h1', { hasText: en.t('web.verify.h1') }).waitFor();
  const english = {
    lang: 'en',
    title: en.t('web.title', { page: en.t('web.page.verify'), app: en.t('app.name') }),
    h1: en.t('web.verify.h1'),
    stored: 'en',
    pressed: 'en',
  };
  assert.deepEqual(await state(), english);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('lang')), 'en', 'focus stays on the switch');
  await page.reload();
  await page.locator('main h1').waitFor();
  assert.deepEqual(await state(), english, 'the choice outlives a reload');
  await page.locator('#nav .lang button[lang="zh-CN"]').click();
  await page.locator('main h1', { hasText: zh.t('web.verify.h1') }).waitFor();
  assert.equal((await state()).lang, 'zh-CN');
  await page.evaluate(() => localStorage.removeItem('hreg.locale'));
  await page.close();
});

test('the page shell speaks the Accept-Language it is asked in, Chinese when none matches', { skip: NO_BROWSER }, async () => {
  for (const [header, lang] of [
    [undefined, 'zh-CN'],
    ['fr-FR, de', 'zh-CN'],
    ['en-GB, en;q=0.8', 'en'],
  ] as const) {
    const res = await r.app.inject({ method: 'GET', url: '/', headers: header ? { 'accept-language': header } : {} });
    assert.match(res.body, new RegExp(`<html lang="${lang}">`), `${header}: ${lang}`);
    assert.match(res.body, new RegExp(`<title>${translator(lang).t('app.name')}</title>`));
    assert.match(String(res.headers.vary), /accept-language/i);
  }
});

test('navigation follows the role: regulator dashboard, manufacturer portal, public neither', { skip: NO_BROWSER }, async () => {
  const nav = async (p: Page) => (await p.locator('#nav').innerText()).split('\n').map((s) => s.trim());
  const pub = await signedIn(null);
  const pubNav = await nav(pub);
  assert.ok(!pubNav.includes('Dashboard') && !pubNav.includes('Portal') && pubNav.includes('Sign in'));
  await pub.close();
  const reg = await signedIn(r.regulatorToken);
  assert.ok((await nav(reg)).includes('Dashboard'));
  assert.ok(!(await nav(reg)).includes('Portal'));
  assert.equal(await reg.evaluate(() => Object.keys(sessionStorage).join() + '|' + Object.keys(localStorage).join()), 'hreg.token|');
  await reg.close();
  const maker = await signedIn(token('manufacturer'));
  const makerNav = await nav(maker);
  assert.ok(makerNav.includes('Portal') && !makerNav.includes('Dashboard'));
  await maker.goto(`${url}/dashboard`);
  await maker.locator('main .notice').waitFor();
  assert.equal(await maker.locator('canvas').count(), 0);
  await maker.close();
});

test("a production run with a bad row shows the row's error and registers nothing", { skip: NO_BROWSER }, async () => {
  const before = (await r.call('GET', '/v1/stats', { token: r.regulatorToken })).body.robots.total;
  const models = (await r.call('GET', '/v1/models?limit=500')).body.items;
  const me = (await r.call('GET', '/v1/me', { token: token('manufacturer') })).body;
  const model = models.find((m: { enterpriseCode: string }) => m.enterpriseCode === me.enterpriseCode).modelCode;
  const types = ['main_controller', 'battery_pack', 'joint_actuators', 'vision_sensors'];
  const header = ['model', 'production_date', ...types.flatMap((t) => [`${t}.serial`, `${t}.maker`])].join(',');
  const row = (date: string, n: number) => [model, date, ...types.flatMap((t) => [`WEB-${t}-${n}`, 'ACME'])].join(',');
  const csv = [header, row('2026-01-10', 1), row('2026-02-30', 2), row('2026-01-10', 3)].join('\n');
  const page = await signedIn(token('manufacturer'));
  await page.goto(`${url}/portal`);
  await page.locator('#t-models').waitFor();
  await page.setInputFiles('#run-file', { name: 'run.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.click('#run-h + form button[type=submit]');
  const problems = page.locator('#run-problems');
  await problems.waitFor();
  const text = await problems.innerText();
  assert.match(text, /nothing was registered/);
  assert.match(text, /3\s+production_date\s+"2026-02-30" is not a real date/);
  await page.close();

  // A Chinese reader gets the same row problem in Chinese, from the same catalogue message.
  const zhPage = await f.contexts['zh-CN'].newPage();
  await signIn(zhPage, url, token('manufacturer'));
  await zhPage.goto(`${url}/portal`);
  await zhPage.locator('#t-models').waitFor();
  await zhPage.setInputFiles('#run-file', { name: 'run.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await zhPage.click('#run-h + form button[type=submit]');
  await zhPage.locator('#run-problems').waitFor();
  assert.match(await zhPage.locator('#run-problems').innerText(), /3\s+production_date\s+“2026-02-30”不是 2000 至 2099 年间的有效日期/);
  await zhPage.close();
  assert.equal((await r.call('GET', '/v1/stats', { token: r.regulatorToken })).body.robots.total, before);
});

test("the dashboard draws its charts and its tables hold the API's numbers", { skip: NO_BROWSER }, async () => {
  const stats = (await r.call('GET', '/v1/stats', { token: r.regulatorToken })).body;
  const page = await signedIn(r.regulatorToken);
  await page.locator('#t-status').waitFor();
  assert.ok((await page.locator('canvas').count()) >= 8);
  const rows = async (id: string) =>
    page.locator(`#${id} tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText)));
  assert.deepEqual(
    await rows('t-status'),
    stats.robots.byStatus.map((s: { status: string; count: number }) => [
      translator('en').t(`lifecycle.status.${s.status}` as 'lifecycle.status.registered'),
      s.count.toLocaleString('en'),
    ]),
  );
  assert.deepEqual(
    (await rows('t-month')).map((x) => x[1]),
    stats.registrationsPerMonth.map((m: { count: number }) => m.count.toLocaleString('en')),
  );
  assert.deepEqual(
    (await rows('t-province')).map((x) => x[0]),
    stats.robots.byProvince.map((p: { province: string }) => p.province),
  );
  const recall = (await rows('t-recalls'))[0]!;
  assert.deepEqual([recall[3], recall[4]], [String(stats.recalls[0].affected), String(stats.recalls[0].remedied)]);
  assert.equal(await page.locator('#kpi-robots').innerText(), stats.robots.total.toLocaleString('en'));
  await page.close();
});

test("a passport's events each verify against the signed checkpoint in the browser", { skip: NO_BROWSER }, async () => {
  const code = await aDeployedCode();
  const events = (await r.call('GET', `/v1/robots/${code}/events`, { token: r.regulatorToken })).body.items;
  const page = await signedIn(r.regulatorToken);
  await page.goto(`${url}/passport/${code}`);
  await page.locator('.timeline').waitFor();
  const ledger = await page
    .locator('.timeline [data-ledger]')
    .evaluateAll((els) => els.map((e) => [e.getAttribute('data-ledger'), (e as HTMLElement).innerText]));
  assert.equal(ledger.length, events.length);
  for (const [state, text] of ledger) {
    assert.equal(state, 'verified');
    assert.match(text!, /^included in checkpoint \d+, verified$/);
  }
  const text = await page.locator('main').innerText();
  assert.match(text, /Ledger: verified in this browser/);
  // Parties appear by name, not by id.
  const sale = events.find((e: { type: string }) => e.type === 'transferred');
  assert.ok(sale, 'the demo unit was sold');
  const [seller, buyer] = await Promise.all(
    [sale.data.from, sale.data.to].map(async (id: string) => {
      const p = (await r.call('GET', `/v1/participants/${id}`, { token: r.regulatorToken })).body;
      return (p.nameEn ?? p.name) as string;
    }),
  );
  assert.ok(text.includes(`Sold by ${seller} to ${buyer}`), `the sale names its parties: ${text.slice(0, 800)}`);
  assert.ok(!text.includes(sale.data.to), 'no raw participant id is shown');
  await page.close();
});

test('the passport shows lineage and customs: links between a remanufactured unit and its predecessors, the import and export declarations to the regulator, none to an operator that never held the unit', {
  skip: NO_BROWSER,
}, async () => {
  // The demo's second life built one unit from two imported units (issue #16).
  const [built] = await r.ctx.store.query<{ successor: string }>(
    'SELECT successor FROM remanufacture_lineage GROUP BY successor ORDER BY count(*) DESC, successor LIMIT 1',
  );
  assert.ok(built, 'the demo remanufactured a unit');
  const predecessors = (
    await r.ctx.store.query<{ predecessor: string }>(
      'SELECT predecessor FROM remanufacture_lineage WHERE successor = $1 ORDER BY predecessor',
      [built.successor],
    )
  ).map((p) => p.predecessor);
  const page = await signedIn(r.regulatorToken);
  await page.goto(`${url}/passport/${built.successor}`);
  await page.locator('#lineage').waitFor();
  assert.equal(await page.locator('#lineage-h').innerText(), 'Lineage and customs');
  assert.deepEqual(
    await page.locator('#lineage [data-lineage="from"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    predecessors.map((c) => `/passport/${c}`),
  );
  // Follow the lineage to a predecessor: it points back, and shows where it crossed the border.
  const first = predecessors[0]!;
  await page.locator('#lineage [data-lineage="from"] a').first().click();
  await page.waitForURL(`**/passport/${first}`);
  await page.locator('#customs').waitFor();
  assert.equal(await page.locator('#lineage [data-lineage="into"] a').getAttribute('href'), `/passport/${built.successor}`);
  const customs = (await r.call('GET', `/v1/robots/${first}`, { token: r.regulatorToken })).body.customs;
  assert.ok(customs.length > 0, 'the predecessor was imported');
  const rows = await page
    .locator('#customs tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((td) => (td as HTMLElement).innerText)));
  assert.deepEqual(
    rows.map((c) => [c[0], c[1], c[2], c[4]]),
    customs.map((c: { direction: string; country: string; declaration: string; party: { name: string; nameEn: string | null } }) => [
      c.direction === 'import' ? 'Import' : 'Export',
      c.country,
      c.declaration,
      c.party.nameEn ?? c.party.name,
    ]),
  );
  const timeline = await page.locator('.timeline').innerText();
  assert.ok(timeline.includes(`Imported from ${customs[0].country} by ${customs[0].party.nameEn ?? customs[0].party.name}`), timeline);
  assert.ok(timeline.includes('Remanufactured into'), timeline);
  await page.close();

  // An operator that never held the unit reads the lineage but is told who sees the declarations.
  const stranger = (await enrol(r, ['operator'], 'Passer-by Logistics')).token;
  const other = await signedIn(stranger);
  await other.goto(`${url}/passport/${first}`);
  await other.locator('#lineage').waitFor();
  assert.equal(await other.locator('#lineage [data-customs="hidden"]').innerText(), translator('en').t('web.secondLife.customsHidden'));
  assert.equal(await other.locator('#customs').count(), 0);
  assert.equal(await other.locator('#lineage [data-lineage="into"] a').getAttribute('href'), `/passport/${built.successor}`);
  assert.ok(!(await other.locator('main').innerText()).includes(customs[0].declaration), 'no declaration number is shown');
  await other.close();

  // The section speaks the reader's language.
  const zh = await f.contexts['zh-CN'].newPage();
  await signIn(zh, url, r.regulatorToken);
  await zh.goto(`${url}/passport/${first}`);
  await zh.locator('#customs').waitFor();
  assert.equal(await zh.locator('#lineage-h').innerText(), translator('zh-CN').t('web.secondLife.section'));
  assert.equal(await zh.locator('#customs tbody tr > *').first().innerText(), translator('zh-CN').t('web.secondLife.direction.import'));
  await zh.close();
});

test('anyone sees a remanufactured unit’s lineage on the phone-width verify page, and who may take a decommissioned unit at /certified', {
  skip: NO_BROWSER,
}, async () => {
  const [built] = await r.ctx.store.query<{ successor: string }>('SELECT successor FROM remanufacture_lineage ORDER BY successor LIMIT 1');
  assert.ok(built, 'the demo remanufactured a unit');
  const v = (await r.call('GET', `/v1/verify/${built.successor}`)).body;
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${url}/r/${built.successor}`);
  await page.locator('[data-lineage="from"]').waitFor();
  assert.deepEqual(
    await page.locator('[data-lineage="from"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    v.remanufacturedFrom.map((c: string) => `/r/${c}`),
  );
  assert.match(await page.locator('main').innerText(), /Remanufactured from/);
  await page.goto(`${url}/certified`);
  await page.locator('#certified-remanufacturer').waitFor();
  const { certified } = (await r.call('GET', '/v1/certified')).body;
  for (const role of ['recycler', 'remanufacturer']) {
    const names = await page
      .locator(`#certified-${role} tbody tr > :first-child`)
      .evaluateAll((cs) => cs.map((c) => (c as HTMLElement).innerText));
    assert.deepEqual(
      names,
      certified.filter((c: { role: string }) => c.role === role).map((c: { name: string; nameEn: string | null }) => c.nameEn ?? c.name),
      role,
    );
    assert.ok(names.length > 0, `the demo certified a ${role}`);
  }
  await page.close();
});
