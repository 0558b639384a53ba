/**
 * replicas: what a streaming read replica adds (docs/operations.md, Capacity plan). A
 * primary and a `pg_basebackup -R` standby of it are made on this machine
 * (bench/replica-cluster.ts), the primary seeded with --robots units; then, in one run:
 *
 * 1. public verification (`GET /v1/verify/{code}`, anonymous) from the registry over the
 *    primary alone and from the registry with the standby in its read set
 *    (DATABASE_REPLICA_URLS), beside bare Fastify + pg primary-key selects on each cluster
 *    (the anchors), in interleaved rounds, with the CPU each side spent per request;
 * 2. the standby's lag while lifecycle writes run against the primary, as the read set
 *    sees it (the staleness it decides on) and as PostgreSQL reports it (replay_lag);
 * 3. the staleness a reader meets: a sale is acknowledged, then the same unit's public
 *    answer is polled until it shows the sale — idle, and under the write load.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { READ_FROM_HEADER } from '../src/http/public-read.ts';
import { registryContext, type RegistryContext } from '../src/registry/context.ts';
import { openReadSet } from '../src/registry/replicas/open-read-set.ts';
import type { ReadSet } from '../src/registry/replicas/read-set.ts';
import { FactsCache } from '../src/registry/robots/facts-cache.ts';
import type { Flags } from './flags.ts';
import { load, type LoadResult } from './http-load.ts';
import { freshUnits, httpClient, listenApp, loadAvg1, openBenchRegistry, pcts, startTraffic, type Registry, type Unit } from './mixed.ts';
import { clusterCpuMs, type ClusterNode, query, type ReplicaPair, startPrimary } from './replica-cluster.ts';
import { progress, ticker, type Cell, type ResultTable } from './report.ts';
import { median, ratio, sleep } from './stats.ts';

/** MAX_LAG_MS is the staleness bound the registry is run with: HREG_REPLICA_MAX_LAG_MS's default. */
const MAX_LAG_MS = 5_000;
const POOL = 20;
const ANCHOR_SQL = 'SELECT code, status FROM robots WHERE code = $1';

interface Target {
  name: string;
  what: string;
  base: string;
  path: (code: string) => string;
}

interface Measured {
  runs: LoadResult[];
  nodeMs: number;
  primaryMs: number;
  replicaMs: number;
  /** servedByReplica and servedByPrimary count the read set's picks (one per public read). */
  servedByReplica: number;
  servedByPrimary: number;
}

function servedCounts(reads: ReadSet): { replica: number; primary: number } {
  const r = reads.report();
  return { replica: r.replicas[0]?.served ?? 0, primary: r.primaryServed };
}

/** anchorApp is a bare Fastify route answering one primary-key select on url's pool. */
async function anchorApp(url: string): Promise<{ app: FastifyInstance; pool: pg.Pool; base: string }> {
  const pool = new pg.Pool({ connectionString: url, max: POOL });
  const app = Fastify({ logger: false });
  app.get<{ Params: { code: string } }>('/anchor/:code', async (req, reply) => {
    const { rows } = await pool.query(ANCHOR_SQL, [req.params.code]);
    if (rows.length === 0) return reply.status(404).send({ code: req.params.code, found: false });
    return rows[0];
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, pool, base };
}

/** cpuNow reads this process's CPU (server and load generator alike) and each cluster's, in ms. */
function cpuNow(pair: ReplicaPair): { node: number; primary: number; replica: number } {
  const u = process.cpuUsage();
  return {
    node: (u.user + u.system) / 1000,
    primary: clusterCpuMs(pair.primary),
    replica: pair.replica ? clusterCpuMs(pair.replica) : 0,
  };
}

/** verifyRounds loads every target in interleaved rounds, noting the CPU each side spent and the reads the replica served. */
async function verifyRounds(pair: ReplicaPair, reads: ReadSet, targets: Target[], codes: string[], flags: Flags) {
  const pick = () => codes[(Math.random() * codes.length) | 0] as string;
  const perRound = Math.max(1, Math.round(flags.duration / flags.rounds));
  const out = new Map<string, Measured>(
    targets.map((t) => [t.name, { runs: [], nodeMs: 0, primaryMs: 0, replicaMs: 0, servedByReplica: 0, servedByPrimary: 0 }]),
  );
  for (let round = 1; round <= flags.rounds; round++) {
    for (const t of targets) {
      const m = out.get(t.name) as Measured;
      const served0 = servedCounts(reads);
      const cpu0 = cpuNow(pair);
      const r = await load(`${t.name} round ${round}/${flags.rounds}`, t.base, () => t.path(pick()), {
        connections: flags.connections,
        duration: perRound,
        warmup: round === 1 ? flags.warmup : 0,
      });
      const cpu1 = cpuNow(pair);
      m.runs.push(r);
      m.nodeMs += cpu1.node - cpu0.node;
      m.primaryMs += cpu1.primary - cpu0.primary;
      m.replicaMs += cpu1.replica - cpu0.replica;
      const served1 = servedCounts(reads);
      m.servedByReplica += served1.replica - served0.replica;
      m.servedByPrimary += served1.primary - served0.primary;
    }
  }
  return { out, perRound };
}

/** LagSamples are the standby's lag, sampled every 100 ms. */
interface LagSamples {
  stalenessMs: number[];
  behindBytes: number[];
  replayLagMs: number[];
  inReadSet: number;
  samples: number;
}

/** sampleLag samples the read set's view and pg_stat_replication until stop() is called. */
function sampleLag(primary: ClusterNode, reads: ReadSet): { stop(): Promise<LagSamples> } {
  const s: LagSamples = { stalenessMs: [], behindBytes: [], replayLagMs: [], inReadSet: 0, samples: 0 };
  let stopped = false;
  const client = new pg.Client({ connectionString: primary.url('postgres') });
  const running = (async () => {
    await client.connect();
    while (!stopped) {
      const rep = reads.report().replicas[0];
      s.samples++;
      if (rep?.inReadSet) s.inReadSet++;
      if (rep?.stalenessMs !== undefined) s.stalenessMs.push(rep.stalenessMs);
      if (rep?.behindBytes !== undefined) s.behindBytes.push(rep.behindBytes);
      const { rows } = await client.query<{ ms: number | null }>(
        'SELECT (extract(epoch FROM replay_lag) * 1000)::float8 AS ms FROM pg_stat_replication',
      );
      // replay_lag is NULL once the standby has replayed everything and the primary is idle.
      s.replayLagMs.push(rows[0]?.ms ?? 0);
      await sleep(100);
    }
    await client.end();
  })();
  return {
    async stop() {
      stopped = true;
      await running;
      return s;
    },
  };
}

/** Staleness is what readers met: ms from a sale's acknowledgement to the first public answer that shows it. */
interface Staleness {
  seenMs: number[];
  /** fromPrimary counts probes answered by the primary (the standby was out of the read set). */
  fromPrimary: number;
}

/**
 * readerStaleness sells each unit (maker → the bench operator) through the replica-backed
 * server, after a reader has looked at it (so a cached answer may be in its way, as for a
 * real reader), then polls the unit's public verification every 5 ms until it says in_use.
 */
async function readerStaleness(base: string, reg: Registry, units: Unit[], until: () => boolean): Promise<Staleness> {
  const http = httpClient(base, 2);
  const out: Staleness = { seenMs: [], fromPrimary: 0 };
  const operatorId = reg.operator.principal.participantId;
  try {
    for (const u of units) {
      if (until()) break;
      await http.send('GET', `/v1/verify/${u.code}`);
      const sale = await http.send('POST', `/v1/robots/${u.code}/events`, u.maker, {
        type: 'transferred',
        data: { to: operatorId, sale: true },
      });
      const acked = performance.now();
      if (sale.status !== 201) throw new Error(`a probe sale answered ${sale.status}: ${sale.body.slice(0, 300)}`);
      for (;;) {
        const res = await verifyFrom(base, u.code);
        if (res.status === 'in_use') {
          out.seenMs.push(performance.now() - acked);
          if (res.from !== 'replica') out.fromPrimary++;
          break;
        }
        if (performance.now() - acked > 4 * MAX_LAG_MS) throw new Error(`a sale was not visible ${4 * MAX_LAG_MS} ms later`);
        await sleep(5);
      }
      await sleep(100);
    }
  } finally {
    http.close();
  }
  return out;
}

async function verifyFrom(base: string, code: string): Promise<{ status: string | undefined; from: string | null }> {
  const res = await fetch(`${base}/v1/verify/${code}`);
  const body = (await res.json()) as { status?: string };
  return { status: body.status, from: res.headers.get(READ_FROM_HEADER) };
}

function dist(xs: number[]): { p50: number; p99: number; max: number } {
  return xs.length === 0 ? { p50: NaN, p99: NaN, max: NaN } : pcts(xs.slice());
}

/** replicasScenario makes the clusters, measures, and removes them whatever happens. */
export async function replicasScenario(flags: Flags): Promise<ResultTable[]> {
  progress('making a PostgreSQL primary (initdb, wal_level=replica, fsync and synchronous_commit on) under /tmp');
  const pair = await startPrimary();
  try {
    return await measure(pair, flags);
  } finally {
    pair.stop();
  }
}

/** DATABASE names the seeded database; its own name keeps its signing key apart from hreg_bench's (signerDir). */
const DATABASE = 'hreg_bench_replicas';

async function measure(pair: ReplicaPair, flags: Flags): Promise<ResultTable[]> {
  const url = pair.primary.url(DATABASE);
  const reg = await openBenchRegistry({ ...flags, databaseUrl: url });
  const [size] = await query<{ mb: number }>(pair.primary, 'SELECT (pg_database_size($1) / 1048576)::int AS mb', [DATABASE]);
  progress(`pg_basebackup -R of the seeded primary (${size?.mb} MB)`);
  const b0 = performance.now();
  const replica = await pair.addReplica();
  const basebackupS = (performance.now() - b0) / 1000;

  // The server with a replica: the same primary store, its own answer cache, the standby in its read set.
  const withReplica: RegistryContext = registryContext({ ...reg.ctx, facts: new FactsCache() });
  await withReplica.facts.follow(reg.ctx.store);
  const reads = await openReadSet(withReplica, [replica.url(DATABASE)], MAX_LAG_MS);
  withReplica.reads = reads;
  const joinBy = Date.now() + 60_000;
  while (!reads.report().replicas[0]?.inReadSet) {
    if (Date.now() > joinBy) throw new Error('the standby did not join the read set within 60 s');
    await sleep(100);
  }
  const alone = await listenApp(reg.ctx);
  const replicated = await listenApp(withReplica);
  const anchorP = await anchorApp(url);
  const anchorR = await anchorApp(replica.url(DATABASE));
  const code0 = reg.codes[0] as string;
  const check = await fetch(`${replicated.base}/v1/verify/${code0}`);
  if (check.status !== 200 || check.headers.get(READ_FROM_HEADER) !== 'replica')
    throw new Error(`the replica-backed server answered ${check.status} from ${check.headers.get(READ_FROM_HEADER)}`);

  const targets: Target[] = [
    {
      name: 'anchor on primary',
      what: `bare Fastify, pg Pool(${POOL}) on the primary: ${ANCHOR_SQL}`,
      base: anchorP.base,
      path: (c) => `/anchor/${c}`,
    },
    { name: 'anchor on replica', what: `the same on the standby`, base: anchorR.base, path: (c) => `/anchor/${c}` },
    {
      name: 'primary alone',
      what: 'registry buildApp() without replicas: GET /v1/verify/{code}',
      base: alone.base,
      path: (c) => `/v1/verify/${c}`,
    },
    {
      name: 'primary + 1 replica',
      what: `registry buildApp() with the standby in its read set (DATABASE_REPLICA_URLS, bound ${MAX_LAG_MS} ms): GET /v1/verify/{code}`,
      base: replicated.base,
      path: (c) => `/v1/verify/${c}`,
    },
  ];
  const { out, perRound } = await verifyRounds(pair, reads, targets, reg.codes, flags);
  const anchor = out.get('anchor on primary') as Measured;
  const rps = (m: Measured) => m.runs.reduce((a, r) => a + r.total, 0) / m.runs.reduce((a, r) => a + r.seconds, 0);
  const total = (m: Measured) => m.runs.reduce((a, r) => a + r.total, 0);
  const verifyRows: Record<string, Cell>[] = targets.map((t) => {
    const m = out.get(t.name) as Measured;
    const n = total(m);
    return {
      target: t.name,
      'req/s': rps(m),
      'p50 ms': median(m.runs.map((r) => r.p50)),
      'p99 ms': median(m.runs.map((r) => r.p99)),
      requests: n,
      non2xx: m.runs.reduce((a, r) => a + r.non2xx + r.errors + r.timeouts, 0),
      'served by replica':
        t.name === 'primary + 1 replica'
          ? `${Math.round((100 * m.servedByReplica) / Math.max(1, m.servedByReplica + m.servedByPrimary))} %`
          : '-',
      'node CPU ms/req': m.nodeMs / n,
      'primary PG CPU ms/req': m.primaryMs / n,
      'replica PG CPU ms/req': m.replicaMs / n,
      '÷ anchor req/s': ratio(rps(m), rps(anchor)),
      'load avg': Number((m.runs.reduce((a, r) => a + r.load, 0) / m.runs.length).toFixed(1)),
    };
  });
  for (const x of [alone.app, replicated.app, anchorP.app, anchorR.app]) await x.close();
  await anchorP.pool.end();
  await anchorR.pool.end();

  // 2–3. Lag and staleness, idle and under lifecycle writes through the replica-backed server.
  const probeUnits = await freshUnits(reg, flags.quick ? 20 : 80);
  const writeUnits = (await freshUnits(reg, flags.quick ? 1_000 : 8_000)).filter((u) => !probeUnits.some((p) => p.code === u.code));
  const server = await listenApp(withReplica);
  const idleProbes = probeUnits.slice(0, probeUnits.length / 4);
  const loadProbes = probeUnits.slice(probeUnits.length / 4);
  progress(`reader staleness, idle: ${idleProbes.length} sales`);
  const idleLag = sampleLag(pair.primary, reads);
  const l0 = await loadAvg1();
  const idle = await readerStaleness(server.base, reg, idleProbes, () => false);
  const idleSamples = await idleLag.stop();
  const idleLoad = (l0 + (await loadAvg1())) / 2;

  const writeSeconds = flags.duration;
  progress(`lifecycle writes: ${flags.concurrency} clients for ${writeSeconds}s, with a reader's sales among them`);
  const traffic = startTraffic({ base: server.base, clients: flags.concurrency, readShare: 0, units: writeUnits, reg });
  const busyLag = sampleLag(pair.primary, reads);
  const stopTicker = ticker('writes', writeSeconds);
  const l1 = await loadAvg1();
  const t0 = performance.now();
  const busy = await readerStaleness(server.base, reg, loadProbes, () => performance.now() - t0 > writeSeconds * 1000);
  const left = writeSeconds * 1000 - (performance.now() - t0);
  if (left > 0) await sleep(left);
  const tally = await traffic.stop();
  stopTicker();
  const busySamples = await busyLag.stop();
  const busyLoad = (l1 + (await loadAvg1())) / 2;
  await server.app.close();
  const writes = tally.sum();
  if (tally.firstFailure) progress(`first failed write: ${tally.firstFailure}`);
  await reads.close();
  await reg.close();

  const lagRow = (name: string, eventsPerS: number | null, writeP99: number | null, s: LagSamples, st: Staleness, load: number) => {
    const stale = dist(s.stalenessMs);
    const bytes = dist(s.behindBytes);
    const replay = dist(s.replayLagMs);
    const seen = dist(st.seenMs);
    return {
      phase: name,
      'events/s': eventsPerS,
      'write p99 ms': writeP99,
      'read-set staleness p50/p99/max ms': `${fmt0(stale.p50)} / ${fmt0(stale.p99)} / ${fmt0(stale.max)}`,
      'behind bytes p50/p99/max': `${fmt0(bytes.p50)} / ${fmt0(bytes.p99)} / ${fmt0(bytes.max)}`,
      'replay_lag p50/p99/max ms': `${fmt0(replay.p50)} / ${fmt0(replay.p99)} / ${fmt0(replay.max)}`,
      'in read set': `${Math.round((100 * s.inReadSet) / Math.max(1, s.samples))} %`,
      'reader saw the sale after p50/p99/max ms': `${fmt0(seen.p50)} / ${fmt0(seen.p99)} / ${fmt0(seen.max)} (n=${st.seenMs.length}${st.fromPrimary ? `, ${st.fromPrimary} from the primary` : ''})`,
      'load avg': Number(load.toFixed(1)),
    };
  };
  const alonePerReq = out.get('primary alone') as Measured;
  const withPerReq = out.get('primary + 1 replica') as Measured;
  const replicaPgMs = withPerReq.replicaMs / total(withPerReq);
  const primaryPgMs = alonePerReq.primaryMs / total(alonePerReq);
  const nodeMs = alonePerReq.nodeMs / total(alonePerReq);
  return [
    {
      title: `replicas: verification — ${reg.robots.toLocaleString('en-US')} robots (${size?.mb} MB), ${flags.connections} connections, ${perRound * flags.rounds}s per target in ${flags.rounds} interleaved rounds; base backup ${basebackupS.toFixed(1)} s`,
      rows: verifyRows,
      notes: [
        ...targets.map((t) => `${t.name}: ${t.what}`),
        'both clusters, the registry and the load generator (autocannon, in this process) share this machine’s cores: a replica here adds no CPU, only a second PostgreSQL competing for the same two cores',
        'node CPU ms/req = this process (registry server and autocannon together) ÷ requests; PG CPU ms/req = the cluster’s processes (/proc) ÷ requests',
      ],
    },
    {
      title: `replicas: lag and staleness — staleness bound ${MAX_LAG_MS} ms (probe every ${MAX_LAG_MS / 5} ms); writes: ${flags.concurrency} clients of lifecycle events (sale, deployment, service grant, service, incident) for ${writeSeconds}s`,
      rows: [
        lagRow('idle', null, null, idleSamples, idle, idleLoad),
        lagRow('under lifecycle writes', writes.ok / tally.seconds(), pcts(writes.latencies).p99, busySamples, busy, busyLoad),
      ],
      notes: [
        'read-set staleness: how old the standby’s view may be, as the server decides it (src/registry/replicas); behind bytes: WAL between the primary’s sampled flush location and the standby’s replay; replay_lag: pg_stat_replication’s',
        'reader saw the sale after: a reader looks at a unit, its sale is acknowledged, the reader polls its public verification every 5 ms until it says in_use; includes the standby’s answer cache (entries live ≤ 1 s, dropped when a probe sees replay move)',
        `write failures: ${writes.non2xx} non-2xx, ${writes.errors} errors`,
      ],
    },
    {
      title: 'replicas: per-replica figures derived from the CPU each request cost (this run)',
      rows: [
        {
          figure: 'PostgreSQL CPU per public verification',
          'on the primary (alone)': primaryPgMs,
          'on the replica (in the read set)': replicaPgMs,
          unit: 'ms',
        },
        {
          figure: 'verifications/s one 2-core replica host carries, database side (2,000 ms ÷ CPU per request)',
          'on the primary (alone)': 2000 / primaryPgMs,
          'on the replica (in the read set)': 2000 / replicaPgMs,
          unit: 'req/s',
        },
        {
          figure: 'registry server CPU per verification (with autocannon: an upper bound)',
          'on the primary (alone)': nodeMs,
          'on the replica (in the read set)': withPerReq.nodeMs / total(withPerReq),
          unit: 'ms',
        },
      ],
      notes: [
        'a replica carries reads on its own cores: N replicas add N × the replica figure, as long as there are registry servers (the node figure per core) to send them',
        `the registry’s answer cache serves repeated codes without a query: the figures are per request over a random sample of ${reg.codes.length.toLocaleString('en-US')} codes`,
      ],
    },
  ];
}

const fmt0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '-');
