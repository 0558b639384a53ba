import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { must } from '../src/must.ts';
import { metricsText } from '../src/metrics/metrics.ts';
import type { ReadSet } from '../src/registry/replicas/read-set.ts';
import { type Running, regulatorTokenPath, startServer } from '../src/serve.ts';
import { freePort } from './child-server.ts';
import { enrol, fileModel, TEST_DATABASE_URL, type TestRegistry, unitBody } from './harness.ts';

// Read replicas for real (issue #17, item 2; docs/operations.md, Read replicas): this file makes
// its OWN primary and a streaming standby of it (`pg_basebackup -R`) on free ports, so stopping
// them never touches the shared cluster the other files use, runs the server over them, and
// stops each in turn. Both clusters are removed at the end, pass or fail.
const BIN = '/usr/lib/postgresql/15/bin';
const MAX_LAG_MS = 2000;
const SKIP = TEST_DATABASE_URL
  ? existsSync(join(BIN, 'initdb'))
    ? false
    : `PostgreSQL 15's server binaries are not in ${BIN}`
  : 'read replicas are a PostgreSQL feature: set TEST_DATABASE_URL to run this on PostgreSQL';

const root = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'hreg-replicas-'));
const primaryDir = join(dir, 'primary');
const replicaDir = join(dir, 'replica');

/** asPostgres runs a PostgreSQL program as the postgres user (the tests run as root, which PostgreSQL refuses). */
function asPostgres(program: string, args: string[]): string {
  const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(BIN, program), ...args]] : [join(BIN, program), args];
  return execFileSync(cmd as string, argv as string[], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

function pgCtl(data: string, action: 'start' | 'stop', port?: number): void {
  if (action === 'start') asPostgres('pg_ctl', ['-D', data, '-l', `${data}.log`, '-w', '-t', '30', '-o', `-p ${port}`, 'start']);
  else asPostgres('pg_ctl', ['-D', data, '-w', '-t', '30', '-m', 'fast', 'stop']);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** until polls check every 25 ms until it returns true, failing after ms. */
async function until(what: string, check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function sql<T = Record<string, unknown>>(port: number, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

let running: Running | undefined;
const started: string[] = [];
after(async () => {
  // The server's own close may wait on the stopped primary; the clusters go regardless.
  await Promise.race([running?.close().catch(() => {}), sleep(2000)]);
  for (const d of started) {
    try {
      asPostgres('pg_ctl', ['-D', d, '-w', '-t', '30', '-m', 'immediate', 'stop']);
    } catch {
      // Already stopped.
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** call is the harness's call over real HTTP to the running server. */
function client(url: string, regulatorToken: string): TestRegistry {
  const call: TestRegistry['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url + path, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').includes('json') && text !== '';
    return { status: res.status, body: json ? JSON.parse(text) : text, headers: Object.fromEntries(res.headers) };
  };
  return { call, regulatorToken } as TestRegistry;
}

test('public reads go to a streaming replica within the staleness bound, and survive either server stopping', {
  skip: SKIP,
  timeout: 90_000,
}, async () => {
  const t0 = Date.now();
  const [p1, p2] = [await freePort(), await freePort()];
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  // A primary that streams its WAL: replication allowed from this host, no password (a throwaway cluster).
  // fsync is off to keep the file short; synchronous_commit stays on, which the bound's argument needs.
  asPostgres('initdb', ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  appendFileSync(
    join(primaryDir, 'postgresql.conf'),
    `\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nwal_level = replica\nmax_wal_senders = 4\nshared_buffers = 16MB\nfsync = off\n`,
  );
  appendFileSync(join(primaryDir, 'pg_hba.conf'), '\nhost replication postgres 127.0.0.1/32 trust\n');
  started.push(primaryDir); // before starting: a start that fails half-way is still stopped at the end
  pgCtl(primaryDir, 'start', p1);
  // The standby: a base backup with -R (standby.signal and primary_conninfo), started on its own port.
  asPostgres('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(p1),
    '-U',
    'postgres',
    '-D',
    replicaDir,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
  ]);
  started.push(replicaDir); // before starting: a start that fails half-way is still stopped at the end
  pgCtl(replicaDir, 'start', p2);
  await until(
    'the standby to stream',
    async () => (await sql(p1, "SELECT 1 FROM pg_stat_replication WHERE state = 'streaming'")).length === 1,
  );
  const clustersMs = Date.now() - t0;
  const marks: string[] = [];
  const mark = (what: string) => marks.push(`${what} ${Date.now() - t0}`);

  const primaryUrl = `postgres://postgres@127.0.0.1:${p1}/postgres`;
  const replicaUrl = `postgres://postgres@127.0.0.1:${p2}/postgres`;
  const config = loadConfig(
    { dataDir: join(dir, 'data'), databaseUrl: primaryUrl, host: '127.0.0.1', port: 0 },
    {
      DATABASE_REPLICA_URLS: replicaUrl,
      HREG_REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
      HREG_DEMO: '0',
      LOG_LEVEL: 'silent',
      HREG_ALLOW_UNSAFE_DURABILITY: '1',
    },
  );
  running = await startServer(config, { initIfEmpty: true });
  const reads: ReadSet = must(running.ctx.reads, 'replicas are configured');
  const r = client(running.url, readFileSync(regulatorTokenPath(config), 'utf8').trim());
  const replica = () => must(reads.report().replicas[0], 'one replica');
  await until('the replica to join the read set', () => replica().inReadSet);
  assert.equal(replica().inRecovery, true, 'the replica is a standby (pg_is_in_recovery())');

  mark('server');
  const maker = await enrol(r, ['manufacturer']);
  const model = await fileModel(r, maker);
  const register = async () => {
    const res = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { code: res.body.code as string, at: Date.now() };
  };
  const verify = (code: string, token?: string) => r.call('GET', `/v1/verify/${code}`, { token });

  // 1. A write is in every public answer sent after the bound; before it, the answer may come from the replica's past.
  const first = await register();
  const mine = await verify(first.code, maker.token);
  assert.equal(mine.status, 200, 'the writer reads its own write at once (primary)');
  assert.equal(mine.headers['registry-read-from'], 'primary');
  let seenAfter: number | undefined;
  await until('the write to reach the replica', async () => {
    const v = await verify(first.code);
    if (v.status === 200 && v.headers['registry-read-from'] === 'replica') seenAfter = Date.now() - first.at;
    return seenAfter !== undefined;
  });
  assert.ok(must(seenAfter, 'seen') <= MAX_LAG_MS, `visible on the replica after ${seenAfter} ms, bound ${MAX_LAG_MS} ms`);
  const second = await register();
  await sleep(Math.max(0, second.at + MAX_LAG_MS - Date.now()));
  const late = await verify(second.code);
  assert.equal(late.status, 200, 'a write is in every public answer sent after the staleness bound');

  mark('1-bound');
  // 2. Public reads are the replica's: counted there, said in the header with the log size it had.
  const before = replica().served;
  for (let i = 0; i < 5; i++) {
    const v = await verify(first.code);
    assert.equal(v.status, 200);
    assert.equal(v.headers['registry-read-from'], 'replica');
    assert.ok(Number(v.headers['registry-checkpoint-size']) >= 1, 'the answer names the log size it reflects');
    assert.match(String(v.headers.etag), /^"/);
  }
  assert.equal(replica().served, before + 5, 'five public reads, five served by the replica');
  for (const path of [
    `/v1/robots/${first.code}/market-access`,
    `/v1/robots/${first.code}`,
    '/v1/log/checkpoint',
    '/v1/log/entries?start=0',
  ]) {
    const res = await r.call('GET', path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers['registry-read-from'], 'replica', path);
  }
  const size = Number((await r.call('GET', '/v1/log/checkpoint')).headers['registry-checkpoint-size']);
  const proof = await r.call('GET', `/v1/log/proof/inclusion?index=0&size=${size}`);
  assert.equal(proof.status, 200);
  assert.equal(proof.headers['registry-read-from'], 'replica');
  // A proof of a tree the replica has not shown yet goes to the primary, which refuses only what is outside the log.
  const ahead = await r.call('GET', `/v1/log/proof/inclusion?index=0&size=${size + 1_000_000}`);
  assert.equal(ahead.headers['registry-read-from'], 'primary');
  assert.equal(ahead.body.code, 'LOG_PROOF_RANGE');
  const token = await r.call('GET', `/v1/robots/${first.code}`, { token: maker.token });
  assert.equal(token.headers['registry-read-from'], 'primary', "an authenticated caller's reads go to the primary");

  mark('2-served');
  // 3. A replica lagging beyond the bound leaves the read set until it catches up.
  await sql(p2, 'SELECT pg_wal_replay_pause()');
  const paused = await register();
  await sleep(MAX_LAG_MS + reads.probeMs * 2);
  assert.equal(replica().inReadSet, false, 'a replica behind by more than the bound is out');
  const scraped = await metricsText();
  assert.match(scraped, /hreg_replica_in_read_set\{replica="replica-1"\} 0/);
  const lag = Number(/hreg_replica_lag_seconds\{replica="replica-1"\} ([0-9.e+-]+)/.exec(scraped)?.[1]);
  assert.ok(lag > MAX_LAG_MS / 1000, `the lag gauge shows the replica behind (${lag} s)`);
  const fresh = await verify(paused.code);
  assert.equal(fresh.status, 200, 'the write is still in the public answer (from the primary)');
  assert.equal(fresh.headers['registry-read-from'], 'primary');
  await sql(p2, 'SELECT pg_wal_replay_resume()');
  await until('the caught-up replica to rejoin', () => replica().inReadSet);
  assert.equal((await verify(paused.code)).headers['registry-read-from'], 'replica');

  mark('3-lag');
  // 4. The replica stops: every read is answered, by the primary.
  pgCtl(replicaDir, 'stop');
  for (let i = 0; i < 5; i++) {
    const v = await verify(first.code);
    assert.equal(v.status, 200, 'a read while the replica is down');
    assert.equal(v.headers['registry-read-from'], 'primary');
  }
  assert.equal(replica().inReadSet, false);
  pgCtl(replicaDir, 'start', p2);
  await until('the restarted replica to rejoin', () => replica().inReadSet);

  mark('4-replica-stop');
  // 5. The primary stops: public reads come from the replica; writes and authenticated reads get the 503 problem.
  pgCtl(primaryDir, 'stop');
  const end = Date.now() + MAX_LAG_MS + reads.probeMs * 2;
  while (Date.now() < end) {
    const v = await verify(paused.code);
    assert.equal(v.status, 200, 'a public read while the primary is down');
    assert.equal(v.headers['registry-read-from'], 'replica');
    await sleep(50);
  }
  assert.equal(reads.report().primaryReachable, false);
  for (const path of [`/v1/robots/${first.code}`, '/v1/log/checkpoint', `/labels/${first.code}.svg`])
    assert.equal((await r.call('GET', path)).status, 200, path);
  const refused = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
  assert.equal(refused.status, 503, JSON.stringify(refused.body));
  assert.equal(refused.body.code, 'PRIMARY_UNAVAILABLE');
  assert.equal(refused.headers['retry-after'], '5');
  assert.match(String(refused.headers['content-type']), /application\/problem\+json/);
  const zh = await r.call('GET', `/v1/verify/${first.code}`, { token: maker.token, headers: { 'accept-language': 'zh-CN' } });
  assert.equal(zh.status, 503, 'an authenticated read needs the primary');
  assert.equal(zh.body.code, 'PRIMARY_UNAVAILABLE');
  assert.equal(zh.body.title, '主数据库不可用：登记系统暂时只回答公开查询');
  // Nothing was written: the refused unit is not on the replica.
  const [count] = await sql<{ n: number }>(p2, 'SELECT count(*)::int AS n FROM robots');
  assert.equal(count?.n, 3);
  const took = Date.now() - t0;
  console.log(
    `# replicas: clusters ready in ${clustersMs} ms, first write on the replica after ${seenAfter} ms, whole test ${took} ms (${marks.join(', ')})`,
  );
});
