// The web UI is built at install time (npm install runs `prepare`) and served from that build.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWeb, DIST_WEB, readWebAssets, writeWebAssets } from '../../src/http/ui/assets.ts';
import { testRegistry, type TestRegistry } from '../harness.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hreg-web-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a written build reads back whole; none, or one older than web/, is not used', async () => {
  assert.equal(readWebAssets(join(dir, 'missing')), undefined);
  const built = await bundleWeb();
  assert.ok(built.js.length > 10_000 && built.css.length > 500, 'a real bundle: the app and its styles');
  assert.doesNotMatch(built.js, /https?:\/\/(cdn|unpkg|cdnjs)\./, 'nothing from a CDN');
  writeWebAssets(built, dir);
  assert.deepEqual(readWebAssets(dir), built);
  utimesSync(join(dir, 'version.txt'), new Date(0), new Date(0));
  assert.equal(readWebAssets(dir), undefined, 'sources edited after the build: bundle again');
});

test('npm install built dist/web, and the registry serves exactly that build', async () => {
  const installed = readWebAssets(DIST_WEB);
  assert.ok(installed, `dist/web holds a current build (npm install runs \`npm run prepare\`): ${DIST_WEB}`);
  const r: TestRegistry = await testRegistry();
  try {
    const js = await r.app.inject({ method: 'GET', url: '/assets/app.js' });
    const css = await r.app.inject({ method: 'GET', url: '/assets/app.css' });
    const page = await r.app.inject({ method: 'GET', url: '/' });
    assert.equal(js.body, installed.js);
    assert.equal(css.body, installed.css);
    assert.match(page.body, new RegExp(`app\\.js\\?v=${installed.version}`));
  } finally {
    await r.dispose();
  }
});
