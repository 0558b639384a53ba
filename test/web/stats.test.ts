// GET /v1/stats, GET /v1/me and the label routes over HTTP, on both engines.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { acceptEachOther } from '../lifecycle/flow.ts';

let r: TestRegistry;
let maker: Enrolled;
let op: Enrolled;
let codes: string[];
let modelA: string;

before(async () => {
  r = await testRegistry();
  maker = await enrol(r, ['manufacturer', 'seller'], 'Stats Robotics');
  op = await enrol(r, ['operator'], 'Stats Hospital');
  await acceptEachOther(r, [maker, op]);
  modelA = await fileModel(r, maker);
  const modelB = await fileModel(r, maker);
  const res = await r.call('POST', '/v1/robots/batch', {
    token: maker.token,
    body: { units: [unitBody(modelA), unitBody(modelA), unitBody(modelA), unitBody(modelB)] },
  });
  codes = res.body.units.map((u: { code: string }) => u.code);
  for (const [i, province] of [
    [0, 'Zhejiang'],
    [1, 'Zhejiang'],
    [2, 'Guangdong'],
  ] as const) {
    await r.call('POST', `/v1/robots/${codes[i]}/events`, {
      token: maker.token,
      body: { type: 'transferred', data: { to: op.id, sale: true } },
    });
    await r.call('POST', `/v1/robots/${codes[i]}/events`, {
      token: op.token,
      body: { type: 'deployed', data: { site: { province, city: 'X' }, domain: 'logistics' } },
    });
  }
  await r.call('POST', `/v1/robots/${codes[0]}/events`, {
    token: op.token,
    body: {
      type: 'incident_reported',
      data: { severity: 'minor', kind: 'malfunction', description: 'stopped', componentType: 'battery_pack', failureMode: 'swelling' },
    },
  });
  const recall = await r.call('POST', '/v1/recalls', {
    token: r.regulatorToken,
    body: {
      scope: { enterprise: maker.enterpriseCode, models: [modelA] },
      hazard: 'battery swelling',
      severity: 'high',
      remedy: 'part_replacement',
      stopSale: false,
      stopUse: false,
    },
  });
  assert.equal(recall.status, 201, JSON.stringify(recall.body));
  const rem = await r.call('POST', `/v1/robots/${codes[0]}/events`, {
    token: maker.token,
    body: { type: 'recall_remedied', data: { recallId: recall.body.recall.id } },
  });
  assert.equal(rem.status, 201, JSON.stringify(rem.body));
});
after(() => r.dispose());

test('GET /v1/stats gives the regulator the fleet figures', async () => {
  const s = await r.call('GET', '/v1/stats', { token: r.regulatorToken });
  assert.equal(s.status, 200);
  const b = s.body;
  assert.equal(b.robots.total, 4);
  assert.deepEqual(b.robots.byStatus, [
    { status: 'deployed', count: 3 },
    { status: 'registered', count: 1 },
  ]);
  assert.deepEqual(b.robots.byManufacturer, [{ enterprise: maker.enterpriseCode, name: 'Stats Robotics', nameEn: null, count: 4 }]);
  assert.deepEqual(
    b.robots.byModel.map((m: { model: string; count: number }) => [m.model, m.count]),
    [
      [modelA, 3],
      [b.robots.byModel[1].model, 1],
    ],
  );
  assert.deepEqual(b.robots.byProvince, [
    { province: 'Zhejiang', count: 2 },
    { province: 'Guangdong', count: 1 },
  ]);
  assert.deepEqual(b.registrationsPerMonth, [{ month: new Date().toISOString().slice(0, 7), count: 4 }]);
  assert.equal(b.recalls.length, 1);
  assert.deepEqual([b.recalls[0].affected, b.recalls[0].remedied, b.recalls[0].open], [3, 1, true]);
  assert.deepEqual(
    b.incidentsPerModel.map((m: { model: string; count: number }) => [m.model, m.count]),
    [[modelA, 1]],
  );
  assert.ok(Array.isArray(b.defectClusters.models) && Array.isArray(b.defectClusters.lots));
});

test("GET /v1/stats is the regulator's only", async () => {
  assert.equal((await r.call('GET', '/v1/stats')).status, 401);
  const s = await r.call('GET', '/v1/stats', { token: maker.token });
  assert.equal(s.status, 403);
  assert.equal(s.body.code, 'FORBIDDEN_ROLE');
});

test("GET /v1/me returns the caller's participant", async () => {
  const me = await r.call('GET', '/v1/me', { token: maker.token });
  assert.equal(me.status, 200);
  assert.equal(me.body.id, maker.id);
  assert.deepEqual(me.body.roles, ['manufacturer', 'seller']);
  assert.equal((await r.call('GET', '/v1/me')).status, 401);
});

test('labels: SVG with the display code and QR, PNG, a capped sheet; bad and unknown codes refused', async () => {
  const display = `${codes[0]!.slice(0, 2)}-${codes[0]!.slice(2, 6)}-${codes[0]!.slice(6, 12)}-${codes[0]!.slice(12)}`;
  const svg = await r.call('GET', `/labels/${display}.svg`, { headers: { host: 'registry.example' } });
  assert.equal(svg.status, 200);
  assert.match(String(svg.headers['content-type']), /image\/svg\+xml/);
  assert.ok(svg.body.includes(display.slice(0, 14)) && svg.body.includes(display.slice(15)));
  // The QR code never takes the Host header (labels are cached publicly): in process, with no listen address, it is localhost.
  assert.ok(svg.body.includes(`http://localhost/r/${codes[0]}`) && !svg.body.includes('registry.example'));
  assert.match(svg.body, /<path/);
  // The maker's official name, from the same query that verified the code.
  assert.ok(svg.body.includes('>制造商：Stats Robotics</text>'));
  const png = await r.app.inject({ method: 'GET', url: `/labels/${codes[0]}.png` });
  assert.equal(png.statusCode, 200);
  assert.deepEqual([...png.rawPayload.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  // The PNG is the whole label (code text and QR code), rendered from the SVG: 1080 px wide, 450 high.
  assert.equal(png.rawPayload.readUInt32BE(16), 1080);
  assert.equal(png.rawPayload.readUInt32BE(20), 450);
  const sheet = await r.call('GET', `/labels/sheet.svg?codes=${codes.join(',')}`);
  assert.equal(sheet.status, 200);
  // Each label carries the Chinese heading once (issue #13).
  assert.equal(sheet.body.split('>人形机器人身份码</text>').length - 1, 4);
  const tooMany = await r.call('GET', `/labels/sheet.svg?codes=${Array(101).fill(codes[0]).join(',')}`);
  assert.equal(tooMany.status, 400);
  const typo = codes[0]!.slice(0, 28) + (codes[0]!.endsWith('A') ? 'B' : 'A');
  assert.equal((await r.call('GET', `/labels/${typo}.svg`)).body.code, 'INVALID_CODE');
});

test('the web pages and assets are served', async () => {
  for (const path of ['/', `/r/${codes[0]}`, '/dashboard', '/portal', `/passport/${codes[0]}`, '/signin']) {
    const page = await r.call('GET', path);
    assert.equal(page.status, 200, path);
    assert.match(page.body, /<script type="module" src="\/assets\/app\.js/);
  }
  const js = await r.app.inject({ method: 'GET', url: '/assets/app.js' });
  assert.equal(js.statusCode, 200);
  assert.ok(js.body.length > 10_000);
});
