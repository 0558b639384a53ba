/**
 * lifecycle: mixed lifecycle traffic over HTTP on the seeded 1 M-robot
 * database — sales to an operator, deployments, service grants, service
 * records and incidents on never-sold units, mixed with public verify /
 * market-access reads — against plain single-row INSERTs on the same server
 * (the anchor, same run); then passport, events and bundle reads of one unit
 * with a long history.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { verifyBundle, type PassportBundle } from '../src/ledger/index.ts';
import type { EventRequest } from '../src/registry/events/event-data.ts';
import { recordEvent } from '../src/registry/events/record-event.ts';
import type { Flags } from './flags.ts';
import {
  freshUnits,
  httpClient,
  KINDS,
  listenApp,
  loadAvg1,
  openBenchRegistry,
  pcts,
  READ_KINDS,
  startTraffic,
  WRITE_KINDS,
  type Registry,
  type Tally,
} from './mixed.ts';
import { progress, ticker, type Cell, type ResultTable } from './report.ts';
import { ratio, sleep } from './stats.ts';

/** REGISTRY_POOL is the registry store's default pool size (openRegistry); the anchor gets the same. */
const REGISTRY_POOL = 20;
const PASSPORT_GOAL_MS = 20;

/** anchorInserts runs writers loops of one autocommitted single-row INSERT (as append.ts) for seconds. */
async function anchorInserts(
  url: string,
  writers: number,
  seconds: number,
): Promise<{ rate: number; p50: number; p99: number; max: number; ops: number; errors: number; load: number }> {
  const pool = new pg.Pool({ connectionString: url, max: REGISTRY_POOL });
  await pool.query('DROP TABLE IF EXISTS bench_lifecycle_anchor');
  await pool.query('CREATE TABLE bench_lifecycle_anchor (id bigint PRIMARY KEY, payload bytea NOT NULL)');
  const payload = randomBytes(256);
  let next = 0;
  const run = async (secs: number) => {
    const lat: number[] = [];
    let errors = 0;
    const start = performance.now();
    const end = start + secs * 1000;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (performance.now() < end) {
          const t0 = performance.now();
          try {
            await pool.query('INSERT INTO bench_lifecycle_anchor (id, payload) VALUES ($1, $2)', [next++, payload]);
            lat.push(performance.now() - t0);
          } catch {
            errors++;
          }
        }
      }),
    );
    return { lat, errors, seconds: (performance.now() - start) / 1000 };
  };
  await run(1);
  progress(`anchor: ${writers} writers × single-row INSERT, pool ${REGISTRY_POOL}, ${seconds}s`);
  const stop = ticker('lifecycle anchor', seconds);
  const l0 = await loadAvg1();
  const r = await run(seconds).finally(stop);
  const load = (l0 + (await loadAvg1())) / 2;
  await pool.query('DROP TABLE bench_lifecycle_anchor');
  await pool.end();
  return { rate: r.lat.length / r.seconds, ...pcts(r.lat), ops: r.lat.length, errors: r.errors, load };
}

/** longHistoryUnit returns a unit with at least `events` events, building one through recordEvent when the database has none yet. */
async function longHistoryUnit(reg: Registry, events: number): Promise<{ code: string; built: boolean; seconds: number }> {
  const { store } = reg.ctx;
  const key = `bench_lifecycle_unit_${events}`;
  const [known] = await store.query<{ value: string }>('SELECT value FROM registry_meta WHERE key = $1', [key]);
  if (known) {
    const [n] = await store.query<{ n: number; owner: string }>(
      'SELECT count(*)::int AS n, (SELECT owner_id FROM robots WHERE code = $1) AS owner FROM events WHERE robot_code = $1',
      [known.value],
    );
    if (n && n.n >= events && n.owner === reg.operator.principal.participantId) return { code: known.value, built: false, seconds: 0 };
  }
  const [unit] = await freshUnits(reg, 1);
  if (!unit) throw new Error('no fresh unit left for the long-history unit');
  const [owner] = await store.query<{ owner_id: string }>('SELECT owner_id FROM robots WHERE code = $1', [unit.code]);
  const maker = reg.makers.get(owner!.owner_id)!.principal;
  const op = reg.operator.principal;
  const svc = reg.service.principal;
  const started = performance.now();
  progress(
    `building a unit with ${events} events through recordEvent (sale, service grant, then incidents and service records in turn): ${unit.code}`,
  );
  const stop = ticker('long-history unit', Math.round(events / 80));
  const rec = (who: typeof op, req: EventRequest) => recordEvent(reg.ctx, who, unit.code, req);
  try {
    await rec(maker, { type: 'transferred', data: { to: op.participantId, sale: true } });
    await rec(op, {
      type: 'service_granted',
      data: { service: svc.participantId, expiresAt: new Date(Date.now() + 3650 * 86_400_000).toISOString() },
    });
    for (let i = 2; i < events; i++) {
      if (i % 2 === 0)
        await rec(op, { type: 'incident_reported', data: { severity: 'minor', kind: 'malfunction', description: `bench incident ${i}` } });
      else await rec(svc, { type: 'serviced', data: { kind: 'inspection', notes: `bench service ${i}` } });
    }
  } finally {
    stop();
  }
  await store.query('INSERT INTO registry_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [
    key,
    unit.code,
  ]);
  return { code: unit.code, built: true, seconds: (performance.now() - started) / 1000 };
}

/** timeGets times `n` sequential GETs of path after a few warm-up requests, stopping early after budgetS seconds. */
async function timeGets(base: string, path: string, token: string | undefined, n: number, budgetS: number, check: (body: string) => void) {
  const http = httpClient(base, 1);
  try {
    for (let i = 0; i < 3; i++) {
      const r = await http.send('GET', path, token);
      if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${r.body.slice(0, 300)}`);
      if (i === 0) check(r.body);
    }
    const lat: number[] = [];
    let bytes = 0;
    let non200 = 0;
    const end = performance.now() + budgetS * 1000;
    while (lat.length < n && performance.now() < end) {
      const t0 = performance.now();
      const r = await http.send('GET', path, token);
      lat.push(performance.now() - t0);
      bytes = r.body.length;
      if (r.status !== 200) non200++;
    }
    return { n: lat.length, ...pcts(lat), bytes, non200 };
  } finally {
    http.close();
  }
}

function kindRow(name: string, t: Tally, kinds: readonly (typeof KINDS)[number][], seconds: number): Record<string, Cell> {
  const s = t.sum(kinds);
  const p = pcts(s.latencies);
  return {
    workload: name,
    requests: s.ok + s.non2xx + s.errors,
    'ok/s': s.ok / seconds,
    'p50 ms': p.p50,
    'p99 ms': p.p99,
    'max ms': p.max,
    non2xx: s.non2xx,
    errors: s.errors,
  };
}

/** lifecycleScenario runs the mixed traffic, the INSERT anchor and the long-history reads. */
export async function lifecycleScenario(flags: Flags): Promise<ResultTable[]> {
  const reg = await openBenchRegistry(flags);
  const { app, base } = await listenApp(reg.ctx);
  try {
    // Enough never-sold units that no client runs dry even at a few thousand requests/s
    // (a client that runs dry only reads, which would understate the write rate).
    const need = Math.ceil(((flags.warmup + flags.duration) * 4_000 * (1 - flags.readShare)) / WRITE_KINDS.length) + 4 * flags.concurrency;
    const units = await freshUnits(reg, need);
    progress(
      `lifecycle: ${units.length.toLocaleString('en-US')} never-sold units for ${flags.concurrency} clients; read share ${flags.readShare}`,
    );
    const traffic = startTraffic({ base, clients: flags.concurrency, readShare: flags.readShare, units, reg });
    if (flags.warmup > 0) {
      progress(`lifecycle: warm-up ${flags.warmup}s`);
      await sleep(flags.warmup * 1000);
    }
    const warm = traffic.swap();
    progress(`lifecycle: measuring ${flags.duration}s`);
    const stop = ticker('lifecycle traffic', flags.duration);
    const l0 = await loadAvg1();
    await sleep(flags.duration * 1000);
    const t = await traffic.stop();
    stop();
    const load = (l0 + (await loadAvg1())) / 2;
    const seconds = t.seconds();
    const walked = units.length - traffic.unitsLeft();
    const events = t.sum(WRITE_KINDS).ok;

    const anchor = await anchorInserts(reg.url, flags.concurrency, Math.min(20, flags.duration));

    const long = await longHistoryUnit(reg, flags.events);
    const op = reg.operator.token;
    const limit = Math.min(500, flags.events);
    const passport = await timeGets(base, `/v1/robots/${long.code}`, op, flags.requests, 60, (b) => {
      if (!('components' in JSON.parse(b))) throw new Error('passport for the owner lacks the full view');
    });
    const eventsRead = await timeGets(base, `/v1/robots/${long.code}/events?limit=${limit}`, op, flags.requests, 60, (b) => {
      const n = (JSON.parse(b) as { items: unknown[] }).items.length;
      if (n !== limit) throw new Error(`events page held ${n} items, expected ${limit}`);
    });
    let bundleEntries = 0;
    let bundleVerified = 'not checked';
    const bundleBudget = flags.quick ? 10 : 40;
    const bundle = await timeGets(base, `/v1/robots/${long.code}/bundle`, undefined, flags.requests, bundleBudget, (b) => {
      const parsed = JSON.parse(b) as PassportBundle & { entries: unknown[] };
      bundleEntries = parsed.entries.length;
      try {
        verifyBundle(parsed, reg.ctx.signer.verifierKey);
        bundleVerified = 'ok';
      } catch (err) {
        bundleVerified = `refused (${err instanceof Error ? err.message : String(err)})`;
      }
    });

    const rows: Record<string, Cell>[] = [
      ...KINDS.map((k) => ({ ...kindRow(k, t, [k], seconds), kind: WRITE_KINDS.includes(k as never) ? 'write (1 event)' : 'public read' })),
      { ...kindRow('all writes = events', t, WRITE_KINDS, seconds), kind: 'events/s', '÷ anchor': ratio(events / seconds, anchor.rate) },
      { ...kindRow('all reads', t, READ_KINDS, seconds), kind: 'reads/s' },
      { ...kindRow('all requests', t, KINDS, seconds), kind: 'req/s' },
      {
        workload: 'anchor: INSERT single row, autocommit',
        kind: `${flags.concurrency} writers, pool ${REGISTRY_POOL}`,
        requests: anchor.ops,
        'ok/s': anchor.rate,
        'p50 ms': anchor.p50,
        'p99 ms': anchor.p99,
        'max ms': anchor.max,
        non2xx: 0,
        errors: anchor.errors,
        '÷ anchor': 1,
      },
    ];
    const longRows: Record<string, Cell>[] = [
      {
        endpoint: `GET /v1/robots/{code} (passport, owner's full view)`,
        requests: passport.n,
        'p50 ms': passport.p50,
        'p99 ms': passport.p99,
        'max ms': passport.max,
        bytes: passport.bytes,
        non200: passport.non200,
        goal: `p99 < ${PASSPORT_GOAL_MS} ms: ${passport.p99 < PASSPORT_GOAL_MS ? 'met' : 'missed'}`,
      },
      {
        endpoint: `GET /v1/robots/{code}/events?limit=${limit}`,
        requests: eventsRead.n,
        'p50 ms': eventsRead.p50,
        'p99 ms': eventsRead.p99,
        'max ms': eventsRead.max,
        bytes: eventsRead.bytes,
        non200: eventsRead.non200,
        goal: '-',
      },
      {
        endpoint: 'GET /v1/robots/{code}/bundle (public)',
        requests: bundle.n,
        'p50 ms': bundle.p50,
        'p99 ms': bundle.p99,
        'max ms': bundle.max,
        bytes: bundle.bytes,
        non200: bundle.non200,
        goal: '-',
      },
    ];
    const warmS = warm.sum();
    return [
      {
        title: `lifecycle — mixed traffic over HTTP, ${reg.robots.toLocaleString('en-US')} robots, ${flags.concurrency} clients (1 request in flight each), read share ${flags.readShare}, ${seconds.toFixed(1)}s after ${flags.warmup}s warm-up; load avg ${load.toFixed(2)}`,
        rows,
        notes: [
          `events/s ${(events / seconds).toFixed(1)} vs anchor INSERTs/s ${anchor.rate.toFixed(0)} (load avg ${anchor.load.toFixed(2)} during the anchor): ratio ${ratio(events / seconds, anchor.rate).toFixed(4)}`,
          'load generator included: node:http keep-alive clients in the same process as the app (buildApp over openRegistry, publicRateLimit 1e9)',
          `each client walks its own never-sold units (${walked.toLocaleString('en-US')} this run): sale to the bench operator (maker's token) → deployment → service grant (operator) → service record (service participant's token) → incident (operator); a failed step drops the unit`,
          'reads: /v1/verify/{code} or /v1/robots/{code}/market-access (50/50) on a random code of the seeded sample; every request, read or write, also runs the auth hook (token lookup) when it carries a token',
          `warm-up: ${warmS.ok + warmS.non2xx + warmS.errors} requests, ${warmS.non2xx + warmS.errors} failed`,
          ...(t.firstFailure ? [`first failure: ${t.firstFailure}`] : []),
        ],
      },
      {
        title: `lifecycle — reads of one unit with ${flags.events.toLocaleString('en-US')} events (${long.code}), sequential, after 3 warm-up requests (goal: passport < ${PASSPORT_GOAL_MS} ms)`,
        rows: longRows,
        notes: [
          long.built
            ? `built this run through recordEvent in ${long.seconds.toFixed(1)}s (${(flags.events / long.seconds).toFixed(0)} events/s, one writer)`
            : 'reused from an earlier run (registry_meta key bench_lifecycle_unit_N)',
          `bundle: ${bundleEntries} entries with inclusion proofs, offline verifyBundle: ${bundleVerified}${bundleVerified.startsWith('refused') ? " — expected on the seeded dataset: seed.ts writes no registration event (seq 1), so a seeded unit's history starts at seq 2" : ''}; timed for at most ${bundleBudget}s, so it may stop short of ${flags.requests} requests`,
          'the passport itself does not read the event log; events and bundle read every leaf of the page or unit',
        ],
      },
    ];
  } finally {
    await app.close();
    await reg.close();
  }
}
