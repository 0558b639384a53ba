// Accessibility of the web UI in Chromium: axe-core's WCAG 2.1 A/AA rules on every page
// (labels, contrast, landmarks, names of controls), keyboard-only use, and a 360-pixel screen,
// each in both of the UI's languages (the browser context's language picks the page's); and no
// page shows a raw message key.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { DemoResult } from '../../src/demo/demo.ts';
import { CATALOGUES } from '../../src/i18n/catalogue.ts';
import { LOCALES, type Locale } from '../../src/i18n/locale.ts';
import { translator } from '../../src/i18n/translator.ts';
import { solveChallenge } from '../../src/report/proof-of-work.ts';
import type { TestRegistry } from '../harness.ts';
import { NO_BROWSER, signIn, startWebFixture, type WebFixture } from './web-fixture.ts';

// axe-core is evaluated through the DevTools protocol: the pages' CSP (script-src 'self') stays on.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let f: WebFixture;
let r: TestRegistry;
let url: string;
let demo: DemoResult;
/** remanufactured is a predecessor the demo remanufactured: its passport has lineage and customs rows (issue #16). */
let remanufactured = '';
const token = (role: string) => f.token(role);

before(async () => {
  if (NO_BROWSER) return;
  f = await startWebFixture({ manufacturers: 4, models: 6, robots: 120, months: 4 });
  ({ r, url, demo } = f);
  // One open public report, so the queue page shows a report with its triage forms (issue #16).
  const code = demo.sampleCodes[0] ?? '';
  const ch = (await r.call('GET', `/v1/robots/${code}/reports/challenge`)).body;
  const body = {
    category: 'counterfeit',
    description: 'Accessibility scan',
    challenge: ch.challenge,
    work: solveChallenge(ch.challenge, ch.bits),
  };
  assert.equal((await r.call('POST', `/v1/robots/${code}/reports`, { body })).status, 201);
  const [p] = await r.ctx.store.query<{ predecessor: string }>(
    `SELECT l.predecessor FROM remanufacture_lineage l JOIN customs_crossings c ON c.robot_code = l.predecessor ORDER BY 1 LIMIT 1`,
  );
  remanufactured = p?.predecessor ?? '';
});
after(() => f?.close());

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** violations runs axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now. */
async function violations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[]; passes: unknown[] }> } }
    ).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return {
      passes: r.passes.length,
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target })),
      })),
    };
  });
  assert.ok(result.passes >= 10, `axe checked the page (${result.passes} rules passed)`);
  return result.violations;
}

/** tabs holds one tab per language and role, signed in once: a tab keeps its token in sessionStorage across loads, as a reader's does. */
const tabs = new Map<string, Page>();

/** open loads path afresh at width in the tab of locale and the role whose token is tok (signed out for null). */
async function open(path: string, tok: string | null, width: number, locale: Locale): Promise<Page> {
  const key = `${locale} ${tok ?? ''}`;
  let page = tabs.get(key);
  if (!page) {
    page = await f.contexts[locale].newPage();
    if (tok) await signIn(page, url, tok);
    tabs.set(key, page);
  }
  await page.setViewportSize({ width, height: 800 });
  await page.goto(`${url}${path}`);
  await page.locator('main h1').waitFor();
  // The app's own signal that a page has rendered: <main> loses aria-busy when the page's requests are done.
  // (Not Playwright's 'networkidle': a public answer the browser revalidates in the background under
  // stale-while-revalidate never reports as finished, so a second visit within the window never goes idle.)
  await page.waitForLoadState('load');
  await page.locator('main:not([aria-busy])').waitFor();
  return page;
}

const code = () => demo.sampleCodes[0]!;
const PAGES: { name: string; path: () => string; role: string | null; ready?: string }[] = [
  { name: 'home (search)', path: () => '/', role: null },
  { name: 'verify result', path: () => `/r/${code()}`, role: null, ready: '.result' },
  { name: 'did you mean', path: () => `/r/${code().slice(0, -1)}${code().endsWith('A') ? 'B' : 'A'}`, role: null },
  { name: 'sign in', path: () => '/signin', role: null },
  { name: 'passport', path: () => `/passport/${code()}`, role: 'regulator', ready: '.timeline' },
  { name: 'dashboard', path: () => '/dashboard', role: 'regulator', ready: 'canvas' },
  { name: 'manufacturer portal', path: () => '/portal', role: 'manufacturer', ready: '#t-models' },
  { name: 'service view', path: () => '/portal', role: 'service' },
  { name: 'report queue', path: () => '/reports', role: 'regulator', ready: '.report-item form.escalate' },
  { name: 'own late reports', path: () => '/late', role: 'manufacturer', ready: '#t-late' },
  { name: 'certified takers', path: () => '/certified', role: null, ready: '#certified-remanufacturer' },
  { name: 'passport with lineage and customs', path: () => `/passport/${remanufactured}`, role: 'regulator', ready: '#customs' },
];

/** KEY_LIKE is what a message key looks like: a lower-case section, then dotted parts. */
const KEY_LIKE = /\b[a-z]+(?:\.[a-zA-Z0-9_-]+)+\b/g;
const KEYS = new Set(Object.keys(CATALOGUES.en));

/** rawKeys lists the message keys a page shows as text: in its visible text, title or the names and hints of its controls. */
async function rawKeys(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]'))
      for (const a of ['aria-label', 'title', 'placeholder']) out.push(el.getAttribute(a) ?? '');
    return out;
  });
  const found = texts.flatMap((s) => s.match(KEY_LIKE) ?? []);
  return [...new Set(found.filter((k) => KEYS.has(k) || /^(web|lifecycle|locale|app)\./.test(k)))];
}

for (const locale of LOCALES) {
  for (const width of [1280, 360]) {
    for (const p of PAGES) {
      test(`${locale}: ${p.name} at ${width} px: no WCAG 2.1 A/AA violations (axe-core), nothing wider than the screen, no raw message key`, {
        skip: NO_BROWSER,
      }, async () => {
        const tok = p.role === null ? null : p.role === 'regulator' ? r.regulatorToken : token(p.role);
        const page = await open(p.path(), tok, width, locale);
        if (p.ready) await page.locator(p.ready).first().waitFor();
        const found = await violations(page);
        assert.deepEqual(
          found.map(
            (v) =>
              `${v.id} (${v.impact}): ${v.help} at ${v.nodes
                .map((n) => n.target.join(' '))
                .slice(0, 3)
                .join(', ')}`,
          ),
          [],
        );
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at ${width} px`);
        assert.equal(await page.evaluate(() => document.documentElement.lang), locale, '<html lang> names the language');
        assert.deepEqual(await rawKeys(page), [], 'no message key is shown as text');
        const h1 = await page.locator('main h1').innerText();
        if (locale === 'zh-CN') assert.match(h1, /\p{Script=Han}/u, `the heading is in Chinese: ${h1}`);
        else assert.doesNotMatch(h1, /\p{Script=Han}/u, `the heading is in English: ${h1}`);
      });
    }
  }
}

test('the key scan catches a key left as text', { skip: NO_BROWSER }, async () => {
  const page = await open('/', null, 1280, 'zh-CN');
  await page.evaluate(() => document.querySelector('main')?.append('web.verify.h1 lifecycle.status.x'));
  assert.deepEqual(await rawKeys(page), ['web.verify.h1', 'lifecycle.status.x']);
});

test('the checker catches what it should: an unlabelled field and grey-on-white text are reported', { skip: NO_BROWSER }, async () => {
  const page = await open('/', null, 1280, 'en');
  await page.evaluate(() => {
    const main = document.querySelector('main')!;
    main.insertAdjacentHTML('beforeend', '<input type="text"><p style="color:#bbb;background:#fff">faint text</p>');
  });
  const ids = (await violations(page)).map((v) => v.id);
  assert.ok(ids.includes('label') && ids.includes('color-contrast'), `axe reports the planted problems: ${ids.join(', ')}`);
});

for (const locale of LOCALES) {
  test(`${locale}: keyboard only: skip to the search, check a code, then sign in and reach the dashboard`, {
    skip: NO_BROWSER,
  }, async () => {
    const page = await f.contexts[locale].newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${url}/`);
    await page.locator('main h1').waitFor();
    // Tab moves through the page until the code field has focus; every stop is visible and named.
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const label = el?.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
        return {
          tag: el?.tagName,
          id: el?.id,
          name: el?.getAttribute('aria-label') ?? label ?? el?.textContent?.trim() ?? '',
          visible: !!el && el.getBoundingClientRect().width > 0,
        };
      });
      assert.ok(focused.visible && focused.name, `focus stop ${i + 1} is visible and named: ${JSON.stringify(focused)}`);
      if (focused.tag === 'INPUT') break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'INPUT', 'Tab reaches the code field');
    await page.keyboard.type(code());
    await page.keyboard.press('Enter');
    await page.locator('.result').waitFor();
    assert.match(await page.locator('.result').innerText(), new RegExp(demo.sampleCodes[0]!.slice(2, 6)));

    await page.goto(`${url}/signin`);
    await page.locator('#token').focus();
    await page.keyboard.type(r.regulatorToken);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.pathname !== '/signin');
    await page.locator('#nav a', { hasText: translator(locale).t('web.nav.dashboard') }).focus();
    await page.keyboard.press('Enter');
    await page.locator('canvas').first().waitFor();
    assert.equal(new URL(page.url()).pathname, '/dashboard');
    await page.close();
  });
}
