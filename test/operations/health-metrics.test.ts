import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { buildApp } from '../../src/http/app.ts';
import { Health } from '../../src/http/health.ts';
import { generateSignerKey } from '../../src/ledger/index.ts';
import { createLogSigner } from '../../src/registry/log/log-signer.ts';
import { registryContext } from '../../src/registry/context.ts';
import { FactsCache } from '../../src/registry/robots/facts-cache.ts';
import { initRegistry } from '../../src/registry/init.ts';
import { MIGRATION_LOCK } from '../../src/store/migrate.ts';
import { measureStore } from '../../src/metrics/store-metrics.ts';
import { ENGINE, freshDatabase, TEST_ORIGIN, type TestDatabase } from '../harness.ts';

// Readiness, metrics and request ids over a real database on the engine under test,
// through the app's own routes (in-process requests).
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const disposers: (() => Promise<void>)[] = [];
after(async () => {
  for (const d of disposers) await d().catch(() => {});
});

async function server(db: TestDatabase, metricsToken?: string, init = true) {
  const ctx = registryContext({
    store: db.store,
    signer: createLogSigner(TEST_ORIGIN, generateSignerKey(TEST_ORIGIN).signerKey),
    now: () => new Date(),
    facts: new FactsCache(),
  });
  if (init) await initRegistry(db.store, ctx.now());
  const health = new Health(db.store);
  const app = await buildApp(ctx, { health, metricsToken, publicRateLimit: 1_000_000 });
  await app.ready();
  disposers.push(() => app.close());
  const get = (url: string, headers: Record<string, string> = {}, remoteAddress?: string) =>
    app.inject({ method: 'GET', url, headers, ...(remoteAddress ? { remoteAddress } : {}) });
  return { app, health, get };
}

test(`[${ENGINE}] /readyz: ready on a current schema; not while stopping; not on a schema behind this build; /healthz stays live`, async () => {
  const db = await freshDatabase();
  disposers.push(() => db.dispose());
  const { health, get } = await server(db);
  const ready = await get('/readyz');
  assert.equal(ready.statusCode, 200);
  assert.deepEqual(ready.json(), { ready: true, database: 'ok', schema: 'current', stopping: false });
  health.stopping = true;
  assert.equal((await get('/readyz')).statusCode, 503);
  assert.equal((await get('/readyz')).json().stopping, true);
  assert.equal((await get('/healthz')).statusCode, 200, 'liveness does not follow readiness');

  // A database migrated only to 010 is behind this build: a migration is pending.
  const older = await freshDatabase('010');
  disposers.push(() => older.dispose());
  const behind = await server(older, undefined, false);
  const res = await behind.get('/readyz');
  assert.equal(res.statusCode, 503);
  assert.equal(res.json().schema, 'behind');
});

test(`[${ENGINE}] /readyz fails once the database is unreachable, /healthz still answers`, async () => {
  const db = await freshDatabase();
  const { get } = await server(db);
  assert.equal((await get('/readyz')).statusCode, 200);
  if (ENGINE === 'postgres') {
    // The database goes away under the server: dropped, its connections terminated.
    const name = new URL(db.url as string).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
    disposers.push(() => db.store.close());
  } else {
    // The embedded database is closed under the server.
    await db.store.close();
  }
  const res = await get('/readyz');
  assert.equal(res.statusCode, 503);
  assert.deepEqual(res.json(), { ready: false, database: 'unreachable', schema: 'unknown', stopping: false });
  assert.equal((await get('/healthz')).statusCode, 200);
});

test('[postgres] /readyz fails while a migration of its database holds the migration lock (not of another database), and recovers when it ends', {
  skip: ENGINE !== 'postgres',
}, async () => {
  const db = await freshDatabase();
  disposers.push(() => db.dispose());
  const { get } = await server(db);
  // A migration of another database on the same cluster (another registry, a benchmark) is not this one's:
  // advisory locks belong to their database.
  const elsewhere = new pg.Client({ connectionString: new URL('/postgres', db.url).toString() });
  await elsewhere.connect();
  await elsewhere.query('BEGIN');
  await elsewhere.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  const besides = await get('/readyz');
  await elsewhere.query('COMMIT');
  await elsewhere.end();
  assert.equal(besides.statusCode, 200, JSON.stringify(besides.json()));
  // Another server migrating this database: the same transaction-scoped lock migrate() takes.
  const other = new pg.Client({ connectionString: db.url });
  await other.connect();
  await other.query('BEGIN');
  await other.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  const during = await get('/readyz');
  assert.equal(during.statusCode, 503);
  assert.equal(during.json().schema, 'migrating');
  await other.query('COMMIT');
  await other.end();
  assert.equal((await get('/readyz')).statusCode, 200);
});

test(`[${ENGINE}] /metrics: per-route-template series, appends and database gauges; only with the token, or from loopback when none is set`, async () => {
  const db = await freshDatabase();
  disposers.push(() => db.dispose());
  disposers.push(async () => measureStore(db.store)());
  measureStore(db.store);
  const open = await server(db);
  await open.get('/v1/verify/NOT-A-CODE');
  const local = await open.get('/metrics');
  assert.equal(local.statusCode, 200);
  assert.match(local.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
  assert.match(local.body, /hreg_http_requests_total\{method="GET",route="\/v1\/verify\/:code",status="400"\} \d+/);
  assert.match(local.body, /hreg_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/v1\/verify\/:code"/);
  assert.match(local.body, /^hreg_checkpoint_size \d+$/m);
  assert.match(local.body, /^hreg_outbox_backlog\{consumer="webhooks"\} \d+$/m);
  assert.match(local.body, /^hreg_webhook_delivery_lag_seconds \d+/m);
  assert.match(local.body, /^hreg_log_leaves_appended_total \d+$/m);
  if (ENGINE === 'postgres') assert.match(local.body, /^hreg_db_pool_connections\{state="idle"\} \d+$/m);
  const remote = await open.get('/metrics', {}, '10.1.2.3');
  assert.equal(remote.statusCode, 401, 'no token configured: another machine may not read');
  assert.equal(remote.json().code, 'UNAUTHENTICATED');

  const guarded = await server(db, METRICS_TOKEN, false);
  const wrong: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-0123456789abcde' }, { authorization: METRICS_TOKEN }];
  for (const headers of wrong) {
    const res = await guarded.get('/metrics', headers, '127.0.0.1');
    assert.equal(res.statusCode, 401, `refused with ${JSON.stringify(headers)}, even from loopback`);
    assert.equal(res.json().code, 'UNAUTHENTICATED');
  }
  const zh = await guarded.get('/metrics', { 'accept-language': 'zh-CN' }, '10.1.2.3');
  assert.match(zh.json().detail, /指标访问令牌/);
  const ok = await guarded.get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` }, '10.1.2.3');
  assert.equal(ok.statusCode, 200);
  assert.match(ok.body, /hreg_ready 1/);
});

test(`[${ENGINE}] request ids: a sane X-Request-Id is kept, anything else replaced; echoed, and in every problem`, async () => {
  const db = await freshDatabase();
  disposers.push(() => db.dispose());
  const { app, get } = await server(db);
  const kept = await get('/v1/verify/NOT-A-CODE', { 'x-request-id': 'lb-7f3a:01HZX.abc_9' });
  assert.equal(kept.headers['x-request-id'], 'lb-7f3a:01HZX.abc_9');
  assert.equal(kept.json().requestId, 'lb-7f3a:01HZX.abc_9');
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  // Spaces, a forged log line, an over-long id, an empty one: each replaced by a fresh UUID.
  for (const given of ['two words', 'x\tinjected', 'a'.repeat(129), '', 'ünï']) {
    const res = await app.inject({ method: 'GET', url: '/v1/nothing', headers: { 'x-request-id': given } });
    assert.match(String(res.headers['x-request-id']), uuid, JSON.stringify(given));
    assert.equal(res.json().requestId, res.headers['x-request-id']);
    assert.equal(res.statusCode, 404);
  }
  const a = await get('/healthz');
  const b = await get('/healthz');
  assert.match(String(a.headers['x-request-id']), uuid);
  assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
  // The OpenAPI document describes the member.
  const problem = (app.swagger() as any).components.schemas.Problem;
  assert.equal(problem.properties.requestId.type, 'string');
});
