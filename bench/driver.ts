/**
 * driver: pg against postgres.js under sustained saturation — a pool of 10
 * and 200 primary-key selects kept in flight for the whole run — comparing
 * queries/s in the first and last quarter, so queueing decay shows.
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import postgres from 'postgres';
import { scenarioDatabase, type Flags } from './flags.ts';
import { progress, ticker, type ResultTable } from './report.ts';
import { sampleCodes, seed } from './seed.ts';
import { median, ratio, summarise } from './stats.ts';

const PK_SQL = 'SELECT code, status FROM robots WHERE code = $1';

interface DriverRun {
  name: string;
  query: (code: string) => Promise<unknown>;
  close: () => Promise<void>;
}

interface Measured {
  total: number;
  qps: number;
  firstQuarter: number;
  lastQuarter: number;
  p50: number;
  p99: number;
  errors: number;
  load: number;
}

/** saturate keeps inFlight queries running for seconds and buckets completions by quarter. */
async function saturate(d: DriverRun, codes: string[], inFlight: number, seconds: number): Promise<Measured> {
  const pick = () => codes[(Math.random() * codes.length) | 0]!;
  // Warm the pool: open every connection before the clock starts.
  await Promise.all(Array.from({ length: inFlight }, () => d.query(pick())));
  const quarterMs = (seconds * 1000) / 4;
  const quarters = [0, 0, 0, 0];
  const latencies: number[] = [];
  let errors = 0;
  const load0 = loadavg()[0]!;
  const start = performance.now();
  const end = start + seconds * 1000;
  const stop = ticker(d.name, seconds);
  const worker = async () => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= end) return;
      try {
        await d.query(pick());
      } catch {
        errors++;
      }
      const t1 = performance.now();
      if (t1 < end) {
        quarters[Math.min(3, Math.floor((t1 - start) / quarterMs))]!++;
        latencies.push(t1 - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  stop();
  const total = quarters.reduce((a, b) => a + b, 0);
  const { p50, p99 } = summarise(latencies);
  return {
    total,
    qps: total / seconds,
    firstQuarter: quarters[0]! / (quarterMs / 1000),
    lastQuarter: quarters[3]! / (quarterMs / 1000),
    p50,
    p99,
    errors,
    load: (load0 + loadavg()[0]!) / 2,
  };
}

/** driverScenario compares the drivers on the seeded database, one after the other. */
export async function driverScenario(flags: Flags): Promise<ResultTable[]> {
  const url = scenarioDatabase(flags);
  await seed({ url, robots: flags.robots, chunk: flags.chunk, reuse: true });
  const codes = await sampleCodes(url, flags.sample);
  const size = flags.pool;

  const makers: (() => DriverRun)[] = [
    () => {
      const pool = new pg.Pool({ connectionString: url, max: size });
      return { name: 'pg', query: (c) => pool.query(PK_SQL, [c]), close: () => pool.end() };
    },
    () => {
      const pool = new pg.Pool({ connectionString: url, max: size });
      return {
        name: 'pg (named prepared)',
        query: (c) => pool.query({ name: 'robot_pk', text: PK_SQL, values: [c] }),
        close: () => pool.end(),
      };
    },
    () => {
      const sql = postgres(url, { max: size, onnotice: () => {} });
      return {
        name: 'postgres.js',
        query: (c) => sql`SELECT code, status FROM robots WHERE code = ${c}`,
        close: () => sql.end({ timeout: 5 }),
      };
    },
  ];
  const results: { round: number; name: string; m: Measured }[] = [];
  for (let round = 1; round <= flags.rounds; round++) {
    for (const make of makers) {
      const d = make();
      progress(`driver ${d.name} round ${round}/${flags.rounds}: pool ${size}, ${flags.inFlight} in flight, ${flags.duration}s`);
      results.push({ round, name: d.name, m: await saturate(d, codes, flags.inFlight, flags.duration) });
      await d.close();
    }
  }
  const names = [...new Set(results.map((r) => r.name))];
  const med = (name: string, f: (m: Measured) => number) => median(results.filter((r) => r.name === name).map((r) => f(r.m)));
  const pgQps = med('pg', (m) => m.qps);
  const pgLast = med('pg', (m) => m.lastQuarter);
  const row = (name: string, m: Measured, round: number | string) => ({
    driver: name,
    round,
    'queries/s': m.qps,
    'first ¼ q/s': m.firstQuarter,
    'last ¼ q/s': m.lastQuarter,
    'last ÷ first': ratio(m.lastQuarter, m.firstQuarter),
    'p50 ms': m.p50,
    'p99 ms': m.p99,
    errors: m.errors,
    'load avg': Number(m.load.toFixed(2)),
  });
  return [
    {
      title: `driver — pool ${size}, ${flags.inFlight} queries in flight, ${flags.duration}s continuous per run, ${flags.rounds} round(s): ${PK_SQL}`,
      rows: results.map((r) => row(r.name, r.m, r.round)),
      notes: [
        'latency includes waiting for a pooled connection (200 callers share 10 connections)',
        'pg sends an unnamed statement (parse+bind each call, as the registry store does); "named prepared" parses once per connection; postgres.js prepares by default',
        'load avg = 1-min load average over the run (2 cores): other processes share this machine',
      ],
    },
    {
      title: 'driver — medians over rounds, ratios to pg',
      rows: names.map((name) => ({
        driver: name,
        'queries/s': med(name, (m) => m.qps),
        'first ¼ q/s': med(name, (m) => m.firstQuarter),
        'last ¼ q/s': med(name, (m) => m.lastQuarter),
        'p99 ms': med(name, (m) => m.p99),
        '÷ pg queries/s': ratio(
          med(name, (m) => m.qps),
          pgQps,
        ),
        '÷ pg last ¼': ratio(
          med(name, (m) => m.lastQuarter),
          pgLast,
        ),
      })),
    },
  ];
}
