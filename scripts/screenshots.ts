// Screenshots for the README: the verify page (phone), a passport and the dashboard, in
// Simplified Chinese and in English, taken in Debian's Chromium against a registry with a
// small demo fleet (the browser tests' fixture). Run: npx tsx scripts/screenshots.ts
import { statSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { LOCALES } from '../src/i18n/locale.ts';
import { NO_BROWSER, startWebFixture } from '../test/web/web-fixture.ts';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
/** MAX_BYTES keeps each picture light enough for the README. */
const MAX_BYTES = 200 * 1024;

if (NO_BROWSER) throw new Error(NO_BROWSER);
const f = await startWebFixture({ manufacturers: 6, models: 10, robots: 400, months: 6 });
try {
  let code = f.demo.sampleCodes[0] ?? '';
  for (const c of f.demo.sampleCodes) {
    const v = (await f.r.call('GET', `/v1/verify/${c}`)).body;
    if (v.status === 'deployed' && v.marketAccess.allowed) {
      code = c;
      break;
    }
  }
  const shots: string[] = [];
  const shoot = async (page: Page, name: string, fullPage: boolean) => {
    const path = `${OUT}${name}.png`;
    await page.screenshot({ path, fullPage });
    shots.push(`${name}.png ${Math.round(statSync(path).size / 1024)} KiB`);
    if (statSync(path).size > MAX_BYTES) throw new Error(`${path} is over ${MAX_BYTES / 1024} KiB`);
  };
  for (const locale of LOCALES) {
    const context = f.contexts[locale];
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${f.url}/r/${code}`);
    await phone.locator('.result').waitFor();
    await shoot(phone, `verify-${locale}`, false);
    await phone.close();

    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${f.url}/signin`);
    await page.fill('#token', f.r.regulatorToken);
    await page.click('form button[type=submit]');
    await page.locator('#kpi-robots').waitFor();
    await page.locator('canvas').first().waitFor();
    await page.waitForLoadState('networkidle');
    await shoot(page, `dashboard-${locale}`, false);
    await page.goto(`${f.url}/passport/${code}`);
    await page.locator('.timeline [data-ledger]').first().waitFor();
    await shoot(page, `passport-${locale}`, false);
    await page.close();
  }
  console.log(`screenshots in ${OUT}:\n  ${shots.join('\n  ')}`);
} finally {
  await f.close();
}
