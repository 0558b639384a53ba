/**
 * Nameplate labels (issue #11, item 8): rendering is expensive, so labels are
 * rate-limited per client (PNG and sheets tighter) and served from a bounded
 * cache; and a label's QR code never takes the request's Host header, since
 * labels are cached publicly.
 */
import assert from 'node:assert/strict';
import { get as get_ } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { buildApp, type App } from '../../src/http/app.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type TestRegistry } from '../harness.ts';
import { assertProblem, digest } from './support.ts';

describe(`nameplate labels (${ENGINE})`, () => {
  let r: TestRegistry;
  let codes: string[];
  const apps: App[] = [];
  before(async () => {
    r = await testRegistry();
    const maker = await enrol(r, ['manufacturer'], 'Label Maker');
    const model = await fileModel(r, maker);
    const run = await r.call('POST', '/v1/robots/batch', {
      token: maker.token,
      body: { units: [unitBody(model), unitBody(model), unitBody(model)] },
    });
    assert.equal(run.status, 201, JSON.stringify(run.body));
    codes = run.body.units.map((u: { code: string }) => u.code);
  });
  after(async () => {
    for (const a of apps) await a.close();
    await r?.dispose();
  });

  /** appWith builds another app over the same registry, as an operator would configure it. */
  async function appWith(opts: { publicUrl?: string; publicRateLimit?: number }): Promise<App> {
    const app = await buildApp(r.ctx, { publicRateLimit: 1_000_000, ...opts });
    apps.push(app);
    await app.ready();
    return app;
  }
  const get = async (app: App, url: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ method: 'GET', url, headers });
    const json = String(res.headers['content-type']).includes('json');
    return {
      status: res.statusCode,
      body: json ? res.json() : res.body,
      raw: res.rawPayload,
      headers: res.headers as Record<string, unknown>,
    };
  };

  test('a spoofed Host header never reaches the QR code: the configured public URL does', async () => {
    const app = await appWith({ publicUrl: 'https://verify.example.cn' });
    const svg = await get(app, `/labels/${codes[0]}.svg`, { host: 'evil.example', 'x-forwarded-host': 'evil.example' });
    assert.equal(svg.status, 200);
    assert.ok(svg.body.includes(`https://verify.example.cn/r/${codes[0]}`));
    assert.ok(!svg.body.includes('evil.example'));
  });

  test('without a public URL the QR code points at the listen address, not the Host header', async () => {
    const app = await appWith({});
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    // node:http sends the Host header as given (fetch may not).
    const { status, body } = await new Promise<{ status: number; body: string }>((done, fail) => {
      get_(`${address}/labels/sheet.svg?codes=${codes[1]}`, { headers: { host: 'evil.example' } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c)).on('end', () => done({ status: res.statusCode ?? 0, body: text }));
      }).on('error', fail);
    });
    assert.equal(status, 200, body);
    assert.ok(body.includes(`${address}/r/${codes[1]}`), `${address} in the label`);
    assert.ok(!body.includes('evil.example'));
  });

  test('PNG labels past their per-client limit (a tenth of the public limit) are refused with 429 RATE_LIMITED', async () => {
    const app = await appWith({ publicRateLimit: 10 });
    const before = await digest(r);
    assert.equal((await get(app, `/labels/${codes[0]}.png`)).status, 200);
    assertProblem(await get(app, `/labels/${codes[0]}.png`), 429, 'RATE_LIMITED', 'second PNG');
    assert.deepEqual(await digest(r), before, 'nothing changed');
  });

  test('label sheets past their per-client limit are refused with 429 RATE_LIMITED', async () => {
    const app = await appWith({ publicRateLimit: 10 });
    assert.equal((await get(app, `/labels/sheet.svg?codes=${codes.join(',')}`)).status, 200);
    assertProblem(await get(app, `/labels/sheet.svg?codes=${codes[0]}`), 429, 'RATE_LIMITED', 'second sheet');
  });

  test('SVG labels past the public limit are refused with 429 RATE_LIMITED, and PNG counts apart', async () => {
    const app = await appWith({ publicRateLimit: 10 });
    for (let i = 0; i < 10; i++) assert.equal((await get(app, `/labels/${codes[i % 3]}.svg`)).status, 200, `svg ${i}`);
    assertProblem(await get(app, `/labels/${codes[0]}.svg`), 429, 'RATE_LIMITED', 'eleventh SVG');
  });

  test('a label asked for again is served from the cache, alone or on a sheet', async () => {
    const app = await appWith({ publicUrl: 'https://cache.example.cn' });
    const first = await get(app, `/labels/${codes[2]}.png`);
    const second = await get(app, `/labels/${codes[2]}.png`);
    assert.equal(first.headers['x-label-renders'], '1');
    assert.equal(second.headers['x-label-renders'], '0');
    assert.deepEqual(second.raw, first.raw);
    // The PNG drew the SVG label on the way; a sheet draws only the labels not yet drawn.
    assert.equal((await get(app, `/labels/${codes[2]}.svg`)).headers['x-label-renders'], '0');
    assert.equal((await get(app, `/labels/sheet.svg?codes=${codes.join(',')}`)).headers['x-label-renders'], '2');
    assert.equal((await get(app, `/labels/sheet.svg?codes=${codes.join(',')}`)).headers['x-label-renders'], '0');
  });
});
