import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from './child-server.ts';
import {
  ENGINE,
  enrol,
  fileModel,
  freshDatabase,
  MODEL_PARAMETERS,
  PRODUCTION_DATE,
  TEST_DATABASE_URL,
  testRegistry,
  unitBody,
  type Enrolled,
  type TestDatabase,
  type TestRegistry,
} from './harness.ts';

let r: TestRegistry;
let maker: Enrolled;
let model: string;

before(async () => {
  r = await testRegistry();
  maker = await enrol(r, ['manufacturer'], 'Ready Answers Robotics');
  model = await fileModel(r, maker, true);
});
after(() => r.dispose());

async function register(): Promise<string> {
  const res = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
  assert.equal(res.status, 201);
  return res.body.code;
}

test(`[${ENGINE}] verify and market access carry a strong ETag and Cache-Control, and a current If-None-Match answers 304 without a body`, async () => {
  const code = await register();
  for (const path of [`/v1/verify/${code}`, `/v1/robots/${code}/market-access`]) {
    const first = await r.call('GET', path);
    assert.equal(first.status, 200, path);
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]{27}"$/, 'a strong tag: no W/ prefix');
    assert.equal(first.headers['cache-control'], 'public, max-age=5, stale-while-revalidate=25');
    assert.match(String(first.headers['content-type']), /^application\/json/);

    for (const held of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await r.call('GET', path, { headers: { 'if-none-match': held } });
      assert.equal(again.status, 304, `${path} ${held}`);
      assert.equal(again.body, '');
      assert.equal(again.headers.etag, etag);
      assert.equal(again.headers['cache-control'], 'public, max-age=5, stale-while-revalidate=25');
    }
    const stale = await r.call('GET', path, { headers: { 'if-none-match': '"something-else"' } });
    assert.equal(stale.status, 200);
    assert.deepEqual(stale.body, first.body);
    assert.equal(stale.headers.etag, etag, 'the same bytes, the same tag');
  }
  // The other form of the code is the same answer, byte for byte.
  const display = `${code.slice(0, 2)}-${code.slice(2, 6)}-${code.slice(6, 12)}-${code.slice(12)}`;
  const a = await r.call('GET', `/v1/verify/${code}`);
  const b = await r.call('GET', `/v1/verify/${display}`);
  assert.equal(a.headers.etag, b.headers.etag);
});

test(`[${ENGINE}] problems are not tagged: NOT_REGISTERED and INVALID_CODE stay uncached localised problems`, async () => {
  const code = await register();
  const unknown = `${code.slice(0, 12)}${'0'.repeat(16)}${code.slice(28)}`;
  const res = await r.call('GET', `/v1/verify/${unknown}`, { headers: { 'accept-language': 'zh-CN' } });
  if (res.status === 404) {
    assert.equal(res.headers.etag, undefined);
    assert.equal(res.headers['content-language'], 'zh-CN');
  } else assert.equal(res.status, 400);
  const bad = await r.call('GET', '/v1/verify/nonsense');
  assert.equal(bad.status, 400);
  assert.equal(bad.headers.etag, undefined);
  // Market access answers 200 for both, tagged like any answer.
  const m = await r.call('GET', '/v1/robots/nonsense/market-access');
  assert.equal(m.status, 200);
  assert.deepEqual(m.body.reasons, ['INVALID_CODE']);
  assert.ok(m.headers.etag);
});

test(`[${ENGINE}] every write shows in the next read in this process: events, recalls (issue, close), model approval`, async () => {
  const code = await register();
  const fresh = async () => (await r.call('GET', `/v1/verify/${code}`)).body;
  const before1 = await r.call('GET', `/v1/verify/${code}`);
  assert.equal(before1.body.marketAccess.allowed, true);

  // A suspension (an event) changes status flags: the old tag no longer matches.
  const s = await r.call('POST', `/v1/robots/${code}/events`, {
    token: r.regulatorToken,
    body: { type: 'suspended', data: { reason: 'checks' } },
  });
  assert.equal(s.status, 201, JSON.stringify(s.body));
  const after1 = await r.call('GET', `/v1/verify/${code}`, { headers: { 'if-none-match': String(before1.headers.etag) } });
  assert.equal(after1.status, 200);
  assert.deepEqual(after1.body.marketAccess.reasons, ['SUSPENDED']);
  assert.notEqual(after1.headers.etag, before1.headers.etag);
  assert.deepEqual((await r.call('GET', `/v1/robots/${code}/market-access`)).body.reasons, ['SUSPENDED']);
  const lifted = await r.call('POST', `/v1/robots/${code}/events`, {
    token: r.regulatorToken,
    body: { type: 'reinstated', data: { reason: 'checks passed' } },
  });
  assert.equal(lifted.status, 201, JSON.stringify(lifted.body));
  assert.deepEqual((await fresh()).marketAccess.reasons, []);

  // A recall that stops sale opens, then closes.
  const other = await register();
  await r.call('GET', `/v1/verify/${other}`);
  const recall = await r.call('POST', '/v1/recalls', {
    token: r.regulatorToken,
    body: {
      scope: { enterprise: maker.enterpriseCode, models: [model] },
      hazard: 'Battery may overheat',
      severity: 'low',
      remedy: 'part_replacement',
      stopSale: true,
      stopUse: false,
    },
  });
  assert.equal(recall.status, 201, JSON.stringify(recall.body));
  const recalled = (await r.call('GET', `/v1/verify/${other}`)).body;
  assert.equal(recalled.openRecalls.length, 1);
  assert.equal(recalled.openRecalls[0].hazard, 'Battery may overheat');
  assert.equal(recalled.openRecalls[0].remedied, false);
  assert.ok(recalled.marketAccess.reasons.includes('OPEN_RECALL_STOP_SALE'));
  assert.ok((await r.call('GET', `/v1/robots/${other}/market-access`)).body.reasons.includes('OPEN_RECALL_STOP_SALE'));
  const closed = await r.call('POST', `/v1/recalls/${recall.body.recall.id}/close`, { token: r.regulatorToken, body: {} });
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
  const after2 = (await r.call('GET', `/v1/verify/${other}`)).body;
  assert.deepEqual(after2.openRecalls, []);
  assert.deepEqual(after2.marketAccess.reasons, []);

  // A model's approval withdrawn reaches every unit of it.
  const withdrawn = await r.call('POST', `/v1/models/${maker.enterpriseCode}/${model}/suspend`, { token: r.regulatorToken, body: {} });
  assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
  assert.deepEqual((await fresh()).marketAccess.reasons, ['MODEL_NOT_APPROVED']);
  assert.deepEqual((await r.call('GET', `/v1/robots/${other}/market-access`)).body.reasons, ['MODEL_NOT_APPROVED']);
});

const PG = TEST_DATABASE_URL !== undefined;

test('[postgres] a write through one server process shows in another process on the same database within 500 ms', {
  skip: !PG,
  timeout: 180_000,
}, async () => {
  let db: TestDatabase | undefined;
  const servers: ChildServer[] = [];
  const dirs: string[] = [];
  try {
    db = await freshDatabase();
    const url = db.url;
    assert.ok(url);
    // Servers of one registry share its log signing key (docs/operations.md): the second gets the first's key file.
    const start = async (keyFrom?: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'hreg-ready-'));
      dirs.push(dir);
      if (keyFrom) copyFileSync(join(keyFrom, 'log-signer.key'), join(dir, 'log-signer.key'));
      const s = await startChildServer({ HREG_DATA: dir, DATABASE_URL: url });
      servers.push(s);
      return { ...s, dir };
    };
    const a = await start();
    const b = await start(a.dir);
    const regulator = readFileSync(join(a.dir, 'regulator-token.txt'), 'utf8').trim();
    const call = async (base: string, path: string, token?: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const p = await call(a.url, '/v1/participants', regulator, { name: 'Two Process Robotics', country: 'CN', roles: ['manufacturer'] });
    const token = (await call(a.url, `/v1/participants/${p.body.id}/tokens`, regulator, {})).body.token as string;
    const m = (
      await call(a.url, '/v1/models', token, {
        name: 'TP-1',
        category: 'test',
        parameters: MODEL_PARAMETERS,
        componentTypes: ['main_controller'],
      })
    ).body.modelCode as string;

    // B keeps "not approved" ready for a unit, then the regulator approves the model through A.
    const unit = await call(a.url, '/v1/robots', token, {
      model: m,
      productionDate: PRODUCTION_DATE,
      components: [{ type: 'main_controller', maker: 'M', serial: 'TP-1-1' }],
    });
    assert.equal(unit.status, 201, JSON.stringify(unit.body));
    const code = unit.body.code as string;
    const waitFor = async (what: string, path: string, ok: (body: any) => boolean) => {
      const t0 = Date.now();
      for (;;) {
        const res = await call(b.url, path);
        if (ok(res.body)) return;
        // Notifications arrive in milliseconds; without them B would keep its answer for its 1 s fallback lifetime.
        assert.ok(Date.now() - t0 < 500, `${what}: process B still answers ${JSON.stringify(res.body)} after 500 ms`);
        await new Promise((res) => setTimeout(res, 20));
      }
    };
    for (let i = 0; i < 3; i++)
      assert.ok((await call(b.url, `/v1/robots/${code}/market-access`)).body.reasons.includes('MODEL_NOT_APPROVED'));
    await call(a.url, `/v1/models/${p.body.enterpriseCode}/${m}/approve`, regulator, {});
    await waitFor('model approval', `/v1/robots/${code}/market-access`, (x) => x.allowed === true);

    // An event on the unit (a suspension), through A.
    for (let i = 0; i < 3; i++) assert.equal((await call(b.url, `/v1/verify/${code}`)).body.marketAccess.allowed, true);
    const s = await call(a.url, `/v1/robots/${code}/events`, regulator, { type: 'suspended', data: { reason: 'checks' } });
    assert.equal(s.status, 201, JSON.stringify(s.body));
    await waitFor('suspension', `/v1/verify/${code}`, (x) => x.marketAccess?.reasons?.includes('SUSPENDED'));

    // A unit registered through A.
    const second = await call(a.url, '/v1/robots', token, {
      model: m,
      productionDate: PRODUCTION_DATE,
      components: [{ type: 'main_controller', maker: 'M', serial: 'TP-1-2' }],
    });
    assert.equal(second.status, 201);
    await waitFor('registration', `/v1/robots/${second.body.code}/market-access`, (x) => x.allowed === true);

    // A software block (issue #15) reaches every unit running the version: migration 015's triggers.
    const filed = await call(a.url, `/v1/models/${p.body.enterpriseCode}/${m}/software`, token, {
      identifier: 'TP-OS',
      version: '1.0.0',
      releasedOn: PRODUCTION_DATE,
      changes: 'first',
      safetyRelevant: false,
      sha256: 'ab'.repeat(32),
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const third = await call(a.url, '/v1/robots', token, {
      model: m,
      productionDate: PRODUCTION_DATE,
      components: [{ type: 'main_controller', maker: 'M', serial: 'TP-1-3' }],
      softwareVersion: 'v1.0.0',
    });
    assert.equal(third.status, 201, JSON.stringify(third.body));
    await waitFor('registration with software', `/v1/verify/${third.body.code}`, (x) => x.software?.installed === '1.0.0');
    for (let i = 0; i < 3; i++) assert.equal((await call(b.url, `/v1/verify/${third.body.code}`)).body.marketAccess.allowed, true);
    const blocked = await call(a.url, `/v1/models/${p.body.enterpriseCode}/${m}/software/1.0.0/block`, regulator, { reason: 'checks' });
    assert.equal(blocked.status, 200, JSON.stringify(blocked.body));
    await waitFor('software block', `/v1/verify/${third.body.code}`, (x) => x.marketAccess?.reasons?.includes('BLOCKED_SOFTWARE'));

    // A recall opened while none was (issue #14): B knows "none open" and skips the probe. The recall
    // reaches no unit yet; a unit that joins it on registration notifies only its own code, so B sees
    // the recall only if the opening itself reached it (migration 023).
    for (let i = 0; i < 3; i++) assert.deepEqual((await call(b.url, `/v1/verify/${code}`)).body.openRecalls, []);
    const recall = await call(a.url, '/v1/recalls', token, {
      scope: { component: { type: 'main_controller', lots: ['TP-LATE'] } },
      hazard: 'overheats',
      severity: 'high',
      remedy: 'part_replacement',
      stopSale: true,
      stopUse: false,
    });
    assert.equal(recall.status, 201, JSON.stringify(recall.body));
    assert.equal(recall.body.affected, 0);
    const fourth = await call(a.url, '/v1/robots', token, {
      model: m,
      productionDate: PRODUCTION_DATE,
      components: [{ type: 'main_controller', maker: 'M', serial: 'TP-1-4', lot: 'TP-LATE' }],
    });
    assert.equal(fourth.status, 201, JSON.stringify(fourth.body));
    await waitFor('a recall opened, joined later', `/v1/verify/${fourth.body.code}`, (x) =>
      x.openRecalls?.some((o: { id: string }) => o.id === recall.body.recall.id),
    );
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((res) => (s.child.exitCode === null ? s.child.once('exit', res) : res(null)))));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await db?.dispose();
  }
});
