import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/http/app.ts';
import { registryContext } from '../src/registry/context.ts';
import { TOKEN_CACHE_TTL_MS, tokenCacheOf } from '../src/registry/participants/token-cache.ts';
import type { Store } from '../src/store/store.ts';
import { startChildServer, type ChildServer } from './child-server.ts';
import { enrol, ENGINE, freshDatabase, testRegistry, type TestRegistry } from './harness.ts';

// Authenticated tokens are cached per store (src/registry/participants/token-cache.ts); these
// tests pin what the cache must never change: revocation, expiry and roles.
let clock = Date.parse('2026-11-01T00:00:00Z');
let r: TestRegistry;
before(async () => {
  r = await testRegistry({ now: () => new Date(clock) });
});
after(async () => {
  await r.dispose();
});

/** counting wraps store so a test can count the token lookups that reach the database. */
function counting(store: Store): { store: Store; lookups: () => number } {
  let n = 0;
  const count = (sql: string) => {
    if (sql.includes('FROM api_tokens t JOIN participants')) n++;
  };
  return {
    store: {
      ...store,
      query: (sql, params) => {
        count(sql);
        return store.query(sql, params);
      },
    },
    lookups: () => n,
  };
}

test(`[${ENGINE}] a token's requests cost one lookup, not one each`, async () => {
  const m = await enrol(r, ['seller']);
  const c = counting(r.ctx.store);
  const ctx = registryContext({ ...r.ctx, store: c.store });
  const app = await buildApp(ctx, { publicRateLimit: 1_000_000 });
  try {
    for (let i = 0; i < 20; i++) {
      const res = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${m.token}` } });
      assert.equal(res.statusCode, 200);
    }
    assert.equal(c.lookups(), 1);
  } finally {
    await app.close();
  }
});

test(`[${ENGINE}] revoked: the very next request is refused, on this app and on another app over the same store`, async () => {
  const m = await enrol(r, ['seller']);
  const other = await buildApp(r.ctx, { publicRateLimit: 1_000_000 });
  try {
    const me = (app: 'this' | 'other') =>
      app === 'this'
        ? r.call('GET', '/v1/me', { token: m.token })
        : other
            .inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${m.token}` } })
            .then((x) => ({ status: x.statusCode }));
    assert.equal((await me('this')).status, 200);
    assert.equal((await me('other')).status, 200);
    const list = await r.call('GET', `/v1/participants/${m.id}/tokens`, { token: m.token });
    const id = list.body.items[0].id as string;
    assert.equal((await r.call('DELETE', `/v1/participants/${m.id}/tokens/${id}`, { token: m.token })).status, 204);
    assert.equal((await me('this')).status, 401, 'revoked, on the app that revoked it');
    assert.equal((await me('other')).status, 401, 'revoked, on another app of this process');
  } finally {
    await other.close();
  }
});

test(`[${ENGINE}] a cached token is refused the second it expires`, async () => {
  const m = await enrol(r, ['seller']);
  const short = await r.call('POST', `/v1/participants/${m.id}/tokens`, { token: r.regulatorToken, body: { days: 1 } });
  assert.equal(short.status, 201);
  const expiresAt = Date.parse(short.body.expiresAt);
  const saved = clock;
  try {
    assert.equal((await r.call('GET', '/v1/me', { token: short.body.token })).status, 200);
    clock = expiresAt - 1_000;
    assert.equal((await r.call('GET', '/v1/me', { token: short.body.token })).status, 200, 'a second before expiry');
    clock = expiresAt;
    assert.equal((await r.call('GET', '/v1/me', { token: short.body.token })).status, 401, 'at expiry');
    assert.equal((await r.call('GET', '/v1/me', { token: m.token })).status, 200, 'a live token still works');
  } finally {
    clock = saved;
  }
});

test(`[${ENGINE}] a roles change made elsewhere shows within the cache's bound, and at once when forgotten`, async () => {
  const m = await enrol(r, ['seller']);
  const roles = async () => (await r.call('GET', '/v1/me', { token: m.token })).body.roles as string[];
  assert.deepEqual(await roles(), ['seller']);
  // As another process (or an operator with psql) would: behind this process's back.
  await r.db.store.query(`UPDATE participants SET roles = '{seller,operator}' WHERE id = $1`, [m.id]);
  await new Promise((done) => setTimeout(done, TOKEN_CACHE_TTL_MS + 100));
  assert.deepEqual(await roles(), ['seller', 'operator']);
  await r.db.store.query(`UPDATE participants SET roles = '{operator}' WHERE id = $1`, [m.id]);
  tokenCacheOf(r.ctx.store).forgetParticipant(m.id);
  assert.deepEqual(await roles(), ['operator']);
});

const twoServers = ENGINE === 'postgres' ? test : test.skip;
twoServers(
  '[postgres] two server processes on one database: revoked through one, refused by the other within the bound',
  {
    timeout: 120_000,
  },
  async () => {
    const db = await freshDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'hreg-token-cache-'));
    const servers: ChildServer[] = [];
    try {
      const env = { HREG_DATA: dataDir, DATABASE_URL: db.url ?? '' };
      servers.push(await startChildServer(env));
      servers.push(await startChildServer(env));
      const [a, b] = servers.map((s) => s.url);
      const regulator = readFileSync(join(dataDir, 'regulator-token.txt'), 'utf8').trim();
      const call = async (base: string | undefined, method: string, path: string, token: string, body?: unknown) => {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as { id: string; token: string } };
      };
      const me = await call(a, 'GET', '/v1/me', regulator);
      assert.equal(me.status, 200);
      const issued = await call(a, 'POST', `/v1/participants/${me.body.id}/tokens`, regulator, { label: 'two servers' });
      assert.equal(issued.status, 201);
      // B caches it.
      assert.equal((await call(b, 'GET', '/v1/me', issued.body.token)).status, 200);
      assert.equal((await call(b, 'GET', '/v1/me', issued.body.token)).status, 200);
      const revoked = Date.now();
      assert.equal((await call(a, 'DELETE', `/v1/participants/${me.body.id}/tokens/${issued.body.id}`, regulator)).status, 204);
      assert.equal((await call(a, 'GET', '/v1/me', issued.body.token)).status, 401, 'at once on the server that revoked it');
      let refusedAfter = -1;
      while (Date.now() - revoked < TOKEN_CACHE_TTL_MS + 2_000) {
        if ((await call(b, 'GET', '/v1/me', issued.body.token)).status === 401) {
          refusedAfter = Date.now() - revoked;
          break;
        }
        await new Promise((done) => setTimeout(done, 50));
      }
      assert.ok(refusedAfter >= 0, 'the other server refused it within the bound');
      assert.ok(refusedAfter <= TOKEN_CACHE_TTL_MS + 500, `refused after ${refusedAfter} ms`);
      assert.equal((await call(b, 'GET', '/v1/me', regulator)).status, 200, 'other tokens still work');
    } finally {
      for (const s of servers) s.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      await db.dispose();
    }
  },
);
