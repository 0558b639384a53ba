import { test, after } from 'node:test';
import { startServerWithModel, type ServerWithModel } from './child-server.ts';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { audit } from '../src/audit/auditor.ts';
import { ENGINE, PRODUCTION_DATE } from './harness.ts';

// Kill -9 the server while concurrent writers register robots, restart it on
// the same data, and check that every acknowledged unit is there, that events
// and leaves still match one to one, and that the log audits clean.
const ROUNDS = 3;
// On PostgreSQL, when this runs as root beside a local cluster (as CI does), each round also
// stops PostgreSQL with `-m immediate` (no checkpoint, like a power cut for the database).
const PG_CLUSTER =
  ENGINE === 'postgres' && process.getuid?.() === 0 && existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql')[0] : undefined;

function pgctl(action: 'stop' | 'start'): void {
  execFileSync(
    'pg_ctlcluster',
    ['--skip-systemctl-redirect', PG_CLUSTER!, 'main', action, ...(action === 'stop' ? ['-m', 'immediate'] : [])],
    { stdio: 'ignore' },
  );
  if (action === 'start') {
    for (let i = 0; i < 60; i++) {
      try {
        execFileSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']);
        return;
      } catch {
        execFileSync('sleep', ['0.5']);
      }
    }
    throw new Error('PostgreSQL did not come back');
  }
}
const WRITERS = 8;
let seeded: ServerWithModel | undefined;
after(() => seeded?.dispose());

async function post(url: string, token: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

test(`[${ENGINE}] kill -9 mid-append${PG_CLUSTER ? ' and PostgreSQL stopped -m immediate' : ''} loses nothing acknowledged and leaves no event without its leaf`, {
  timeout: 240_000,
}, async () => {
  seeded = await startServerWithModel('Crash Test Robotics', 'CT-1');
  const { verifierKey, makerToken: token, model } = seeded;
  let { child, url } = seeded;

  const acknowledged: string[] = [];
  let serial = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let stop = false;
    const before = acknowledged.length;
    const writers = Array.from({ length: WRITERS }, async () => {
      while (!stop) {
        try {
          const res = await post(`${url}/v1/robots`, token, {
            model,
            productionDate: PRODUCTION_DATE,
            components: [{ type: 'main_controller', maker: 'M', serial: `CT-${round}-${++serial}` }],
          });
          if (res.status === 201) acknowledged.push(res.body.code);
        } catch {
          // The server died under us: the request was not acknowledged.
        }
      }
    });
    // The kill comes while writes are in flight: once this round's first unit is through (on a loaded
    // machine a fixed pause could end before any), then after a random pause.
    const deadline = performance.now() + 60_000;
    while (acknowledged.length === before && performance.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    assert.ok(acknowledged.length > before, `round ${round}: the writers got a unit through within a minute`);
    await new Promise((res) => setTimeout(res, 300 + Math.random() * 700));
    const dbFirst = PG_CLUSTER !== undefined && round % 2 === 0;
    if (dbFirst) pgctl('stop');
    child.kill('SIGKILL');
    await new Promise((res) => child.once('exit', res));
    if (PG_CLUSTER !== undefined && !dbFirst) pgctl('stop');
    stop = true;
    await Promise.all(writers);
    if (PG_CLUSTER !== undefined) pgctl('start');
    ({ child, url } = await seeded.restart());

    for (const code of acknowledged) {
      const res = await fetch(`${url}/v1/verify/${code}`);
      assert.equal(res.status, 200, `acknowledged ${code} survived round ${round}`);
    }
    const result = await audit({ url, verifierKey });
    assert.deepEqual(result.findings, [], `round ${round}`);
    // Every event has its leaf and vice versa: the log's size is the number of events.
    const entries = (await (await fetch(`${url}/v1/log/entries?start=${Math.max(0, result.size - 1)}&limit=1`)).json()) as {
      entries: unknown[];
    };
    assert.equal(entries.entries.length, result.size > 0 ? 1 : 0);
    assert.ok(result.size >= acknowledged.length, `log size ${result.size} covers ${acknowledged.length} acknowledged units`);
  }
  assert.ok(acknowledged.length > 0, 'writers got some units through before each kill');
  child.kill('SIGTERM');
  await new Promise((res) => child.once('exit', res));
});
