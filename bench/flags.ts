import { parseArgs } from 'node:util';
import { DEFAULT_SERVER, withDatabase } from './database.ts';

/** Flags are every benchmark's settings after defaults and --quick are applied. */
export interface Flags {
  json: boolean;
  quick: boolean;
  /** databaseUrl is set only when --database-url was given; scenarios pick their own database otherwise. */
  databaseUrl: string | undefined;
  reuse: boolean;
  robots: number;
  chunk: number;
  duration: number;
  warmup: number;
  connections: number;
  sample: number;
  targets: string[];
  pool: number;
  inFlight: number;
  writers: number;
  leaves: number;
  proofs: number;
  rounds: number;
  /** concurrency is the lifecycle/soak HTTP clients (one request in flight each) and the recall read connections. */
  concurrency: number;
  /** readShare is the fraction of lifecycle/soak requests that are public reads (verify / market-access). */
  readShare: number;
  /** events is the lifecycle scenario's long-history unit size. */
  events: number;
  /** requests is how many passport / events / bundle requests lifecycle times per endpoint. */
  requests: number;
  /** recallUnits is the recall scenario's target scope size. */
  recallUnits: number;
  skipFanout: boolean;
  /** probe is the soak's maximum-rate measurement in seconds. */
  probe: number;
  /** load is the soak's target as a fraction of the measured maximum. */
  load: number;
  /** server runs the soak's app in this process or in a child process. */
  server: 'in-process' | 'child';
  /** factsCache, when set, replaces the app's FactsCache with one of this many entries (soak diagnostic). */
  factsCache: number | undefined;
  /** tokenCacheTtl, when set, gives the app's token cache this lifetime in ms; 0 turns it off (a lookup per request, as before issue #14). */
  tokenCacheTtl: number | undefined;
}

/** FLAG_HELP documents every flag for --help. */
export const FLAG_HELP = `
Flags (defaults in brackets; --quick shrinks sizes and durations for a smoke test):
  --json                 print results as one JSON document instead of tables
  --quick                tiny dataset, short runs (each scenario well under 60 s)
  --database-url URL     the scenario's database (dropped and recreated when seeding)
                         [postgres://postgres@127.0.0.1:5432/hreg_bench, _append, _proof]
  --reuse                seed: keep an existing seeded database whose robot count matches
  --robots N             robots to seed [1000000; replicas 100000; quick 20000]
  --chunk N              robots per bulk insert while seeding [20000]
  --duration S           seconds per measured run [verify 15, driver 20, append 20; quick 2]
  --warmup S             seconds of warm-up before each HTTP run [3; quick 1]
  --connections N        autocannon connections (pipelining 1) [64]
  --sample N             codes preloaded and drawn at random per request [100000]
  --targets a,b          verify: which servers to load [anchor,ceiling,verify,market-access,verify-core,verify-prepared]
  --pool N               pg pool size: append (registry store and anchor) [20], driver [10]
  --in-flight N          driver: queries kept in flight [200]
  --writers N            append: concurrent writers [50]
  --leaves N             proof: leaves in the log [1000000; quick 20000]
  --proofs N             proof: proofs timed per kind [2000; quick 200]
  --rounds N             verify: interleaved rounds sharing --duration per target [3];
                         driver: repeats of the whole comparison [2] (quick 1) — the machine is shared
  --concurrency N        lifecycle/soak: HTTP clients, one request in flight each; recall: read connections [32]
  --read-share F         lifecycle/soak: fraction of requests that are verify/market-access reads [lifecycle 0.3, soak 0.7]
  --events N             lifecycle: events on the long-history unit read back by passport/events/bundle [1000; quick 100]
  --requests N           lifecycle: timed requests per long-history endpoint [200; quick 20]
  --recall-units N       recall: target scope size, tuned to within ±10 % [200000; quick 20 % of --robots]
  --skip-fanout          recall: skip notifyAllPending (it writes one event per recalled unit into the log);
                         ota: stop after the campaign (no reports, no control)
  --probe S              soak: seconds measuring the maximum mixed rate [20; quick 5]
  --load F               soak: target rate as a fraction of the measured maximum [0.8]
  --server in-process|child   soak: run the app in this process or in a child process [in-process]
  --facts-cache N        soak: give the app a FactsCache of N entries instead of its default (100000)
  --token-cache-ttl MS   lifecycle/soak: the app's token cache lifetime [2000]; 0 looks every token up per request
  --duration for the new scenarios: lifecycle mixed traffic [60; quick 3], recall no-recall read baseline
                         [10; quick 2], soak [600; quick 20]; replicas: verification per target (split
                         into --rounds) and the write load [30; quick 4]
`;

/** parseFlags reads argv after the scenario name. */
export function parseFlags(argv: string[], scenario: string): Flags {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      reuse: { type: 'boolean', default: false },
      robots: { type: 'string' },
      chunk: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      sample: { type: 'string' },
      targets: { type: 'string' },
      pool: { type: 'string' },
      'in-flight': { type: 'string' },
      writers: { type: 'string' },
      leaves: { type: 'string' },
      proofs: { type: 'string' },
      rounds: { type: 'string' },
      concurrency: { type: 'string' },
      'read-share': { type: 'string' },
      events: { type: 'string' },
      requests: { type: 'string' },
      'recall-units': { type: 'string' },
      'skip-fanout': { type: 'boolean', default: false },
      probe: { type: 'string' },
      load: { type: 'string' },
      server: { type: 'string' },
      'facts-cache': { type: 'string' },
      'token-cache-ttl': { type: 'string' },
    },
  });
  const quick = values.quick === true;
  const int = (name: string, raw: string | undefined, fallback: number, min = 1): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw.replaceAll('_', ''));
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
    return n;
  };
  const fraction = (name: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`--${name} must be a number in 0..1, got "${raw}"`);
    return n;
  };
  const scenarioDurations: Record<string, [number, number]> = {
    verify: [15, 2],
    lifecycle: [60, 3],
    recall: [10, 2],
    soak: [600, 20],
    replicas: [30, 4],
  };
  const [fullDuration, quickDuration] = scenarioDurations[scenario] ?? [20, 2];
  const defaultDuration = quick ? quickDuration : fullDuration;
  const server = values.server ?? 'in-process';
  if (server !== 'in-process' && server !== 'child') throw new Error(`--server must be in-process or child, got "${server}"`);
  const robots = int('robots', values.robots, quick ? 20_000 : scenario === 'replicas' ? 100_000 : 1_000_000);
  return {
    json: values.json === true,
    quick,
    databaseUrl: values['database-url'],
    reuse: values.reuse === true,
    robots,
    chunk: int('chunk', values.chunk, 20_000),
    duration: int('duration', values.duration, defaultDuration),
    warmup: int('warmup', values.warmup, quick ? 1 : 3, 0),
    connections: int('connections', values.connections, 64),
    sample: int('sample', values.sample, 100_000),
    targets: (values.targets ?? 'anchor,ceiling,verify,market-access,verify-core,verify-prepared')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    pool: int('pool', values.pool, scenario === 'driver' ? 10 : 20),
    inFlight: int('in-flight', values['in-flight'], 200),
    writers: int('writers', values.writers, 50),
    leaves: int('leaves', values.leaves, quick ? 20_000 : 1_000_000),
    proofs: int('proofs', values.proofs, quick ? 200 : 2000),
    rounds: int('rounds', values.rounds, quick ? 1 : scenario === 'driver' ? 2 : 3),
    concurrency: int('concurrency', values.concurrency, 32),
    readShare: fraction('read-share', values['read-share'], scenario === 'soak' ? 0.7 : 0.3),
    events: int('events', values.events, quick ? 100 : 1000, 3),
    requests: int('requests', values.requests, quick ? 20 : 200),
    recallUnits: int('recall-units', values['recall-units'], quick ? Math.round(robots * 0.2) : 200_000),
    skipFanout: values['skip-fanout'] === true,
    probe: int('probe', values.probe, quick ? 5 : 20),
    load: fraction('load', values.load, 0.8),
    server,
    factsCache: values['facts-cache'] === undefined ? undefined : int('facts-cache', values['facts-cache'], 1),
    tokenCacheTtl: values['token-cache-ttl'] === undefined ? undefined : int('token-cache-ttl', values['token-cache-ttl'], 2_000, 0),
  };
}

/** scenarioDatabase is the database a scenario uses: --database-url, else hreg_bench[suffix] (quick runs get their own). */
export function scenarioDatabase(flags: Flags, suffix = ''): string {
  if (flags.databaseUrl) return flags.databaseUrl;
  return withDatabase(DEFAULT_SERVER, `hreg_bench${suffix}${flags.quick ? '_quick' : ''}`);
}
