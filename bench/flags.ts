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
}

/** FLAG_HELP documents every flag for --help. */
export const FLAG_HELP = `
Flags (defaults in brackets; --quick shrinks sizes and durations for a smoke test):
  --json                 print results as one JSON document instead of tables
  --quick                tiny dataset, short runs (each scenario well under 60 s)
  --database-url URL     the scenario's database (dropped and recreated when seeding)
                         [postgres://postgres@127.0.0.1:5432/hreg_bench, _append, _proof]
  --reuse                seed: keep an existing seeded database whose robot count matches
  --robots N             robots to seed [1000000; quick 20000]
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
    },
  });
  const quick = values.quick === true;
  const int = (name: string, raw: string | undefined, fallback: number, min = 1): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw.replaceAll('_', ''));
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
    return n;
  };
  const defaultDuration = quick ? 2 : scenario === 'verify' ? 15 : 20;
  return {
    json: values.json === true,
    quick,
    databaseUrl: values['database-url'],
    reuse: values.reuse === true,
    robots: int('robots', values.robots, quick ? 20_000 : 1_000_000),
    chunk: int('chunk', values.chunk, 20_000),
    duration: int('duration', values.duration, defaultDuration),
    warmup: int('warmup', values.warmup, quick ? 1 : 3, 0),
    connections: int('connections', values.connections, 64),
    sample: int('sample', values.sample, 100_000),
    targets: (values.targets ?? 'anchor,ceiling,verify,market-access,verify-core,verify-prepared').split(',').map((s) => s.trim()).filter(Boolean),
    pool: int('pool', values.pool, scenario === 'driver' ? 10 : 20),
    inFlight: int('in-flight', values['in-flight'], 200),
    writers: int('writers', values.writers, 50),
    leaves: int('leaves', values.leaves, quick ? 20_000 : 1_000_000),
    proofs: int('proofs', values.proofs, quick ? 200 : 2000),
    rounds: int('rounds', values.rounds, quick ? 1 : scenario === 'driver' ? 2 : 3),
  };
}

/** scenarioDatabase is the database a scenario uses: --database-url, else hreg_bench[suffix] (quick runs get their own). */
export function scenarioDatabase(flags: Flags, suffix = ''): string {
  if (flags.databaseUrl) return flags.databaseUrl;
  return withDatabase(DEFAULT_SERVER, `hreg_bench${suffix}${flags.quick ? '_quick' : ''}`);
}
