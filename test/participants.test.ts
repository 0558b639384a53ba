import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, enrol, testRegistry, type TestRegistry } from './harness.ts';

let r: TestRegistry;
let clock = Date.parse('2026-11-01T00:00:00Z');
before(async () => {
  r = await testRegistry({ now: () => new Date(clock) });
});
after(() => r.dispose());

test(`[${ENGINE}] the first regulator token authenticates and can enrol participants`, async () => {
  const res = await r.call('POST', '/v1/participants', {
    token: r.regulatorToken,
    body: { name: 'Unitree Robotics', country: 'CN', roles: ['manufacturer', 'seller'], uscc: '91330100MA27XXXX0X' },
  });
  assert.equal(res.status, 201);
  assert.match(res.body.enterpriseCode, /^[0-9A-Z]{4}$/);
  assert.deepEqual(res.body.roles, ['manufacturer', 'seller']);
});

test(`[${ENGINE}] manufacturers get distinct enterprise codes; other roles get none`, async () => {
  const a = await enrol(r, ['manufacturer']);
  const b = await enrol(r, ['manufacturer']);
  const c = await enrol(r, ['service']);
  assert.notEqual(a.enterpriseCode, b.enterpriseCode);
  assert.equal(c.enterpriseCode, null);
});

test(`[${ENGINE}] only the regulator enrols participants and issues tokens`, async () => {
  const m = await enrol(r, ['manufacturer']);
  const res = await r.call('POST', '/v1/participants', { token: m.token, body: { name: 'Evil', country: 'CN', roles: ['regulator'] } });
  assert.equal(res.status, 403);
  assert.equal(res.body.code, 'FORBIDDEN_ROLE');
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  const t = await r.call('POST', `/v1/participants/${m.id}/tokens`, { token: m.token, body: {} });
  assert.equal(t.status, 403);
  const anon = await r.call('POST', '/v1/participants', { body: { name: 'Anon', country: 'CN', roles: ['seller'] } });
  assert.equal(anon.status, 401);
  assert.equal(anon.body.code, 'UNAUTHENTICATED');
});

test(`[${ENGINE}] a duplicate unified social credit code is refused`, async () => {
  const body = { name: 'Twin', country: 'CN', roles: ['seller'], uscc: '91110000ABCDEF1234' };
  assert.equal((await r.call('POST', '/v1/participants', { token: r.regulatorToken, body })).status, 201);
  const again = await r.call('POST', '/v1/participants', { token: r.regulatorToken, body });
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'DUPLICATE');
});

test(`[${ENGINE}] bad participant input reports every bad field and creates nothing`, async () => {
  const before = await r.ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM participants');
  const res = await r.call('POST', '/v1/participants', {
    token: r.regulatorToken,
    body: { name: '', country: 'china', roles: ['wizard'], extra: 1 },
  });
  assert.equal(res.status, 400);
  assert.equal(res.body.code, 'INVALID_REQUEST');
  const fields = res.body.errors.map((e: { field: string }) => e.field).join(' ');
  for (const f of ['name', 'country', 'roles', 'extra']) assert.match(fields, new RegExp(f));
  const after = await r.ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM participants');
  assert.equal(after[0]!.n, before[0]!.n);
});

test(`[${ENGINE}] tokens are stored only as hashes`, async () => {
  const m = await enrol(r, ['seller']);
  const rows = await r.ctx.store.query<{ token_hash: Buffer }>('SELECT token_hash FROM api_tokens WHERE participant_id = $1', [m.id]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.token_hash.length, 32);
  const all = JSON.stringify(await r.ctx.store.query('SELECT * FROM api_tokens'));
  // The secret is everything after the second underscore; base64url may itself hold '_'.
  const secret = m.token.split('_').slice(2).join('_');
  assert.equal(secret.length, 43);
  assert.ok(!all.includes(secret), 'the secret part never reaches the database');
});

test(`[${ENGINE}] malformed, unknown, forged, revoked and expired tokens are refused`, async () => {
  const m = await enrol(r, ['seller']);
  const ok = await r.call('GET', `/v1/participants/${m.id}`, { token: m.token });
  assert.equal(ok.status, 200);
  for (const bad of ['nonsense', 'hreg_000000000000_AAAA', m.token.slice(0, -1) + (m.token.endsWith('A') ? 'B' : 'A')]) {
    const res = await r.call('GET', `/v1/participants/${m.id}`, { token: bad });
    assert.equal(res.status, 401, bad);
    assert.equal(res.body.code, 'UNAUTHENTICATED');
  }
  const basic = await r.call('GET', `/v1/participants/${m.id}`, { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
  assert.equal(basic.status, 401);

  const short = await r.call('POST', `/v1/participants/${m.id}/tokens`, { token: r.regulatorToken, body: { days: 1, label: 'short' } });
  assert.equal(short.status, 201);
  const list = await r.call('GET', `/v1/participants/${m.id}/tokens`, { token: m.token });
  assert.equal(list.body.items.length, 2);
  assert.ok(list.body.items.every((t: Record<string, unknown>) => !('token' in t)));

  const rev = await r.call('DELETE', `/v1/participants/${m.id}/tokens/${list.body.items[0].id}`, { token: r.regulatorToken });
  assert.equal(rev.status, 204);
  assert.equal((await r.call('GET', `/v1/participants/${m.id}`, { token: m.token })).status, 401, 'revoked token');
  assert.equal((await r.call('GET', `/v1/participants/${m.id}`, { token: short.body.token })).status, 200);
  clock += 2 * 86_400_000;
  assert.equal((await r.call('GET', `/v1/participants/${m.id}`, { token: short.body.token })).status, 401, 'expired token');
});
