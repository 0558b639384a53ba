import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { MIGRATION_LOCK } from '../../src/store/migrate.ts';
import { freePort } from '../child-server.ts';
import { programArgs } from '../compiled.ts';
import { ENGINE, freshDatabase, type TestDatabase } from '../harness.ts';

// A server restarting on its existing data (docs/operations.md, Health and readiness):
// the port opens first, so /healthz answers while the database opens and the routes are
// prepared; /readyz and every other request get 503 STARTING with Retry-After meanwhile —
// an answer, never a refused or reset connection, and never a half-built registry's.
// On PostgreSQL a session of the test holds the migration lock, so the server waits in its
// database phase for as long as the test needs; PGlite's own opening takes seconds.
const dataDir = mkdtempSync(join(tmpdir(), 'hreg-start-up-'));
let db: TestDatabase | undefined;
const children: ChildProcess[] = [];
after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await db?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

const exited = (c: ChildProcess) => new Promise((resolve) => (c.exitCode !== null ? resolve(c.exitCode) : c.once('exit', resolve)));

/** spawnServer starts the server as `npm start` does (compiled when fresh) on port, with env. */
function spawnServer(port: number, env: Record<string, string>): ChildProcess {
  const c = spawn(process.execPath, programArgs('main'), {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'silent', HREG_DEMO: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(c);
  return c;
}

/** untilReady polls /readyz until it answers 200 (a first start on a loaded machine takes a while). */
async function untilReady(url: string): Promise<void> {
  const end = Date.now() + 150_000;
  while ((await fetch(`${url}/readyz`)).status !== 200) {
    if (Date.now() > end) throw new Error('/readyz never turned ready');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** firstHealthy polls /healthz until it answers 200; before the port opens, connections are refused. */
async function firstHealthy(url: string, server: ChildProcess): Promise<void> {
  const end = Date.now() + 150_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited ${server.exitCode}`);
    const status = await fetch(`${url}/healthz`).then(
      (r) => r.status,
      (err: Error & { cause?: { code?: string } }) => {
        if (err.cause?.code === 'ECONNREFUSED') return 0;
        throw err;
      },
    );
    if (status === 200) return;
    assert.equal(status, 0, 'a /healthz that answers answers 200');
    if (Date.now() > end) throw new Error('the port never opened');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** assertStarting checks a 503 STARTING problem with its Retry-After, request id and the reader's language. */
async function assertStarting(res: Response, path: string, locale: 'en' | 'zh-CN'): Promise<Record<string, unknown>> {
  const body = (await res.json()) as Record<string, unknown>;
  assert.equal(res.status, 503, `${path} during start-up: ${JSON.stringify(body)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(res.headers.get('retry-after'), '2');
  assert.equal(res.headers.get('content-language'), locale);
  assert.equal(body.code, 'STARTING');
  assert.equal(body.status, 503);
  assert.equal(body.ready, false);
  assert.ok(['loading', 'database', 'routes'].includes(String(body.phase)), `phase ${String(body.phase)}`);
  assert.equal(body.requestId, res.headers.get('x-request-id'));
  if (locale === 'zh-CN') assert.match(String(body.title), /正在启动/);
  else assert.match(String(body.title), /is starting/);
  return body;
}

test(`[${ENGINE}] start-up on existing data: /healthz answers before /readyz is ready; a write meanwhile gets 503 STARTING, not a reset, and changes nothing`, {
  timeout: 400_000,
}, async () => {
  const env: Record<string, string> = { HREG_DATA: dataDir };
  if (ENGINE === 'postgres') {
    db = await freshDatabase();
    env.DATABASE_URL = db.url as string;
  }
  // The first start makes the data (and the first regulator); the second is the one watched.
  const firstPort = await freePort();
  const first = spawnServer(firstPort, env);
  await firstHealthy(`http://127.0.0.1:${firstPort}`, first);
  await untilReady(`http://127.0.0.1:${firstPort}`);
  first.kill('SIGTERM');
  assert.equal(await exited(first), 0);
  const regulator = readFileSync(join(dataDir, 'regulator-token.txt'), 'utf8').trim();

  let holder: pg.Client | undefined;
  if (db?.url) {
    holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawnServer(port, env);
  await firstHealthy(url, server);

  // Alive, not ready: /readyz is the STARTING problem, in the reader's language.
  await assertStarting(await fetch(`${url}/readyz`), '/readyz', 'en');
  // A write sent now is answered (not refused, not reset) with the problem, and nothing is written.
  const participant = { name: 'Start-up Robotics', country: 'CN', roles: ['manufacturer'] };
  const write = () =>
    fetch(`${url}/v1/participants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${regulator}`, 'accept-language': 'zh-CN' },
      body: JSON.stringify(participant),
    });
  await assertStarting(await write(), 'POST /v1/participants', 'zh-CN');
  // A public read too: no answer from a registry that is not open yet.
  await assertStarting(await fetch(`${url}/v1/log/checkpoint`), 'GET /v1/log/checkpoint', 'en');
  const healthz = await fetch(`${url}/healthz`);
  assert.deepEqual([healthz.status, await healthz.json()], [200, { ok: true }]);

  await holder?.query('COMMIT');
  await holder?.end();
  await untilReady(url);
  // Ready: the same write is accepted now, so the one refused during start-up wrote nothing
  // (a second participant of the same name would be refused as a duplicate).
  const accepted = await write();
  assert.equal(accepted.status, 201, await accepted.clone().text());
  const found = await fetch(`${url}/v1/participants?q=${encodeURIComponent('Start-up Robotics')}`, {
    headers: { authorization: `Bearer ${regulator}` },
  });
  assert.equal(((await found.json()) as { items: unknown[] }).items.length, 1);
  server.kill('SIGTERM');
  assert.equal(await exited(server), 0);
});
