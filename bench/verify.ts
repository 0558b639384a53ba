/**
 * verify: public verification over HTTP on the seeded PostgreSQL, measured in
 * one process against a bare Fastify + pg primary-key select (the anchor) and
 * a bare Fastify constant route (the ceiling), every server on 127.0.0.1.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/http/app.ts';
import { isRegistryError } from '../src/errors.ts';
import { verifyCode } from '../src/registry/robots/verify-code.ts';
import { FactsCache } from '../src/registry/robots/facts-cache.ts';
import { registryContext } from '../src/registry/context.ts';
import { openPostgresStore } from '../src/store/postgres-store.ts';
import { openPreparedStore } from './prepared-store.ts';
import { benchContext } from './database.ts';
import { scenarioDatabase, type Flags } from './flags.ts';
import { load, type LoadResult } from './http-load.ts';
import { progress, type ResultTable } from './report.ts';
import { sampleCodes, seed, seedTable } from './seed.ts';
import { median, ratio } from './stats.ts';

/** REGISTRY_POOL is the registry store's default pool size; the anchor gets the same. */
const REGISTRY_POOL = 20;
const ANCHOR_SQL = 'SELECT code, status FROM robots WHERE code = $1';

interface Target {
  name: string;
  what: string;
  prefix: string;
  suffix: string;
  app: () => Promise<FastifyInstance>;
}

function mergeRounds(rs: LoadResult[]) {
  const sum = (f: (r: LoadResult) => number) => rs.reduce((a, r) => a + f(r), 0);
  const rates = rs.map((r) => r.rps);
  return {
    rps: sum((r) => r.total) / sum((r) => r.seconds),
    spread: `${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))}`,
    p50: median(rs.map((r) => r.p50)),
    p99: median(rs.map((r) => r.p99)),
    total: sum((r) => r.total),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    load: Number((sum((r) => r.load) / rs.length).toFixed(2)),
  };
}

async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ host: '127.0.0.1', port: 0 });
}

/** verifyScenario runs every selected target in turn and compares them. */
export async function verifyScenario(flags: Flags): Promise<ResultTable[]> {
  const url = scenarioDatabase(flags);
  const seeded = await seed({ url, robots: flags.robots, chunk: flags.chunk, reuse: true });
  const codes = await sampleCodes(url, flags.sample);
  progress(`sampled ${codes.length.toLocaleString('en-US')} codes`);
  // One shared random sequence of codes: every target draws from the same sample.
  const pick = () => codes[(Math.random() * codes.length) | 0]!;

  const anchorPool = new pg.Pool({ connectionString: url, max: REGISTRY_POOL });
  const store = await openPostgresStore(url, { poolSize: REGISTRY_POOL });
  const ctx = benchContext(store);
  // As `hreg serve` does (openRegistry): public answers stay ready while the channel is followed.
  await ctx.facts.follow(store);
  const preparedStore = openPreparedStore(url, REGISTRY_POOL);

  const targets: Target[] = [
    {
      name: 'anchor',
      what: `bare Fastify, pg Pool(${REGISTRY_POOL}): ${ANCHOR_SQL}`,
      prefix: '/anchor/',
      suffix: '',
      async app() {
        const app = Fastify({ logger: false });
        app.get<{ Params: { code: string } }>('/anchor/:code', async (req, reply) => {
          const { rows } = await anchorPool.query(ANCHOR_SQL, [req.params.code]);
          if (rows.length === 0) return reply.status(404).send({ code: req.params.code, found: false });
          return rows[0];
        });
        return app;
      },
    },
    {
      name: 'ceiling',
      what: 'bare Fastify, constant JSON, no database',
      prefix: '/ceiling/',
      suffix: '',
      async app() {
        const app = Fastify({ logger: false });
        app.get('/ceiling/:code', async () => ({ ok: true }));
        return app;
      },
    },
    {
      name: 'verify',
      what: 'registry buildApp(): GET /v1/verify/{code}',
      prefix: '/v1/verify/',
      suffix: '',
      app: async () => buildApp(ctx, { publicRateLimit: 1_000_000_000 }),
    },
    {
      name: 'market-access',
      what: 'registry buildApp(): GET /v1/robots/{code}/market-access',
      prefix: '/v1/robots/',
      suffix: '/market-access',
      app: async () => buildApp(ctx, { publicRateLimit: 1_000_000_000 }),
    },
    {
      name: 'verify-prepared',
      what: 'what-if: registry buildApp() over bench/prepared-store.ts (same pool, every query a named prepared statement): GET /v1/verify/{code}',
      prefix: '/v1/verify/',
      suffix: '',
      app: async () =>
        buildApp(registryContext({ ...ctx, store: preparedStore, facts: new FactsCache() }), { publicRateLimit: 1_000_000_000 }),
    },
    {
      name: 'verify-core',
      what: 'breakdown: verifyCode() in a bare Fastify route (no plugins, hooks, schemas)',
      prefix: '/core/',
      suffix: '',
      async app() {
        const app = Fastify({ logger: false });
        app.get<{ Params: { code: string } }>('/core/:code', async (req, reply) => {
          try {
            return await verifyCode(ctx, req.params.code);
          } catch (err) {
            if (isRegistryError(err)) return reply.status(err.status).send({ code: err.code });
            throw err;
          }
        });
        return app;
      },
    },
  ];
  const unknown = flags.targets.filter((t) => !targets.some((x) => x.name === t));
  if (unknown.length > 0) throw new Error(`unknown --targets ${unknown.join(', ')}; choose from ${targets.map((t) => t.name).join(', ')}`);

  // Every server listens for the whole run; rounds interleave the targets so
  // a burst of outside load on this shared machine hits them all alike.
  const chosen = targets.filter((x) => flags.targets.includes(x.name));
  const live: { t: Target; app: FastifyInstance; base: string }[] = [];
  for (const t of chosen) {
    const app = await t.app();
    const base = await listen(app);
    // Sanity: a seeded code must answer 200 before we measure.
    const probe = await fetch(`${base}${t.prefix}${codes[0]}${t.suffix}`);
    if (probe.status !== 200) throw new Error(`${t.name} answered ${probe.status} to a seeded code: ${await probe.text()}`);
    live.push({ t, app, base });
  }
  const perRound = Math.max(1, Math.round(flags.duration / flags.rounds));
  const results = new Map<string, LoadResult[]>();
  for (let round = 1; round <= flags.rounds; round++) {
    for (const { t, base } of live) {
      const r = await load(`${t.name} round ${round}/${flags.rounds}`, base, () => `${t.prefix}${pick()}${t.suffix}`, {
        connections: flags.connections,
        duration: perRound,
        warmup: round === 1 ? flags.warmup : 0,
      });
      results.set(t.name, [...(results.get(t.name) ?? []), r]);
    }
  }
  for (const { app } of live) await app.close();
  await anchorPool.end();
  await store.close();
  await preparedStore.close();

  const merged = new Map([...results].map(([name, rs]) => [name, mergeRounds(rs)]));
  const anchor = merged.get('anchor');
  const ceiling = merged.get('ceiling');
  const rows = chosen.map((t) => {
    const r = merged.get(t.name)!;
    return {
      target: t.name,
      'req/s': r.rps,
      'req/s min–max of rounds': r.spread,
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      requests: r.total,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      '÷ anchor req/s': anchor ? ratio(r.rps, anchor.rps) : null,
      '÷ ceiling req/s': ceiling ? ratio(r.rps, ceiling.rps) : null,
      'p99 ÷ anchor p99': anchor ? ratio(r.p99, anchor.p99) : null,
      'load avg': r.load,
    };
  });
  const tables: ResultTable[] = [];
  if (!seeded.reused) tables.push(seedTable(seeded, url));
  tables.push({
    title: `verify — ${seeded.robots.toLocaleString('en-US')} robots, ${codes.length.toLocaleString('en-US')}-code sample, ${flags.connections} connections, pipelining 1, ${perRound * flags.rounds}s per target (${flags.rounds} interleaved round(s) of ${perRound}s) after ${flags.warmup}s warm-up`,
    rows,
    notes: [
      'load generator included: autocannon runs in the same process (and on the same 2 cores) as every server',
      ...targets.filter((t) => results.has(t.name)).map((t) => `${t.name}: ${t.what}`),
      'ratios are taken within this run; compare them, not absolute req/s, across machines',
      "req/s = all requests ÷ all measured seconds; p50/p99 = median of the rounds' autocannon percentiles; load avg = 1-min load average during the target's rounds (2 cores)",
    ],
  });
  return tables;
}
