/**
 * The browser tests' fixture: a registry with a small demo fleet listening on
 * a real port, and Debian's Chromium driven by Playwright.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { registryDriver, seedDemo, type DemoResult } from '../../src/demo/demo.ts';
import type { DemoScale } from '../../src/demo/demo-plan.ts';
import { LOCALES, type Locale } from '../../src/i18n/locale.ts';
import { authenticate } from '../../src/registry/participants/tokens.ts';
import { testRegistry, type TestRegistry } from '../harness.ts';

const CHROMIUM = '/usr/bin/chromium';

/** NO_BROWSER says why browser tests skip on a machine without Debian's Chromium; CI installs it and never skips. */
export const NO_BROWSER =
  !existsSync(CHROMIUM) && process.env.CI !== 'true'
    ? 'Debian Chromium is not installed (apt-get install chromium); CI installs it'
    : false;

/** WebFixture is a running registry with its demo fleet and a browser. */
export interface WebFixture {
  r: TestRegistry;
  url: string;
  demo: DemoResult;
  /** browser is a context whose reader's language is English (tests that read English text use it). */
  browser: BrowserContext;
  /** contexts holds a context per UI language: the browser's languages say that one alone, as a reader's would. */
  contexts: Record<Locale, BrowserContext>;
  /** token is the first demo participant's token with role (the registry's own for 'regulator'). */
  token(role: string): string;
  close(): Promise<void>;
}

/** startWebFixture seeds a demo fleet of scale, listens on 127.0.0.1 and launches headless Chromium. */
export async function startWebFixture(scale: DemoScale): Promise<WebFixture> {
  const r = await testRegistry();
  const regulator = await authenticate(r.ctx, r.regulatorToken);
  const demo = await seedDemo(registryDriver(r.ctx, regulator!), { scale });
  const url = (await r.app.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
  const chrome: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const contexts = {} as Record<Locale, BrowserContext>;
  for (const locale of LOCALES) contexts[locale] = await chrome.newContext({ locale, viewport: { width: 1280, height: 900 } });
  return {
    r,
    url,
    demo,
    browser: contexts.en,
    contexts,
    token: (role) => (role === 'regulator' ? r.regulatorToken : demo.tokens.find((t) => t.role === role)!.token),
    async close() {
      await chrome.close();
      await r.dispose();
    },
  };
}

/** signIn opens url's sign-in page on page and, given a token, signs in with it and waits to leave that page (without one, page stays signed out). */
export async function signIn(page: Page, url: string, token: string | null): Promise<void> {
  await page.goto(`${url}/signin`);
  if (!token) return;
  await page.fill('#token', token);
  await page.click('form button[type=submit]');
  await page.waitForFunction(() => location.pathname !== '/signin');
}
