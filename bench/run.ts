/**
 * The benchmark runner: `npm run bench -- <scenario> [flags]`. Each scenario
 * prints its tables to stdout (JSON with --json) and progress to stderr.
 */
import { FLAG_HELP, parseFlags, scenarioDatabase, type Flags } from './flags.ts';
import { printTables, type ResultTable } from './report.ts';
import { seed, seedTable } from './seed.ts';

interface Scenario {
  summary: string;
  run(flags: Flags): Promise<ResultTable[]>;
}

const SCENARIOS: Record<string, Scenario> = {
  seed: {
    summary: 'create hreg_bench and bulk-load N registered robots (100 makers, 200 models, components); reports rows/s',
    async run(flags) {
      const url = scenarioDatabase(flags);
      return [seedTable(await seed({ url, robots: flags.robots, chunk: flags.chunk, reuse: flags.reuse }), url)];
    },
  },
  verify: {
    summary:
      'GET /v1/verify/{code} and /market-access on the seeded DB vs a bare Fastify+pg PK-select anchor and a constant-route ceiling (autocannon, in-process)',
    run: async (flags) => (await import('./verify.ts')).verifyScenario(flags),
  },
  driver: {
    summary: 'pg vs postgres.js: pool of 10, 200 PK selects kept in flight; queries/s in the first and last quarter',
    run: async (flags) => (await import('./driver.ts')).driverScenario(flags),
  },
  append: {
    summary:
      'registerRobots() with 50 concurrent writers (one event per transaction) vs plain single-row INSERTs; checkpoint lag; fsync/synchronous_commit',
    run: async (flags) => (await import('./append.ts')).appendScenario(flags),
  },
  proof: {
    summary: 'build a log of N leaves into log_hashes, then inclusion/consistency proof latency (p50/p99) with verification',
    run: async (flags) => (await import('./proof.ts')).proofScenario(flags),
  },
  leaf: {
    summary:
      'leaf version 2 vs version 1 in one run: bytes per event kind, encoding CPU, single-event appends/s (interleaved rounds), bundle build/verify and /events on a 200-event unit',
    run: async (flags) => (await import('./leaf.ts')).leafScenario(flags),
  },
  lifecycle: {
    summary:
      'mixed lifecycle traffic over HTTP (sales, deployments, service, incidents + verify/market-access reads) on the seeded DB: events/s, p50/p99 per kind vs plain INSERTs; passport/events/bundle of a 1,000-event unit',
    run: async (flags) => (await import('./lifecycle.ts')).lifecycleScenario(flags),
  },
  recall: {
    summary:
      'issueRecall over ~200k of the seeded units (goal < 2 s) vs INSERT…SELECT of the same rows; notifier fan-out units/s; market-access reads before/during',
    run: async (flags) => (await import('./recall.ts')).recallScenario(flags),
  },
  ota: {
    summary:
      'an OTA campaign over ~200k of the seeded units (goal < 2 s) vs the recall anchor (INSERT…SELECT of the same rows); as many software_updated single events vs incident_reported (issue #15)',
    run: async (flags) => (await import('./ota.ts')).otaScenario(flags),
  },
  soak: {
    summary: 'maximum mixed req/s, then --duration at 80 % of it: req/s, p99, errors, server rss/heap every 10 s, verdict',
    run: async (flags) => (await import('./soak.ts')).soakScenario(flags),
  },
  demo: {
    summary:
      'launch-scale demo fleet (28,000 robots, ~70k life events) seeded into file-backed PGlite (goal < 60 s) and PostgreSQL; sales one event per transaction vs batches of 100 / 1,000',
    run: async (flags) => (await import('./demo.ts')).demoScenario(flags),
  },
  replicas: {
    summary:
      'a PostgreSQL primary and a pg_basebackup -R standby of it under /tmp (--robots 100k): verify req/s and p99 from the primary alone vs with the standby in the read set, CPU per request on each side, replica lag and reader staleness under lifecycle writes',
    run: async (flags) => (await import('./replicas.ts')).replicasScenario(flags),
  },
  all: {
    summary: 'every scenario in turn (use with --quick for a smoke test)',
    async run(flags) {
      const tables: ResultTable[] = [];
      for (const name of ['verify', 'driver', 'append', 'proof', 'lifecycle', 'recall', 'soak', 'demo']) {
        const f = parseFlags(process.argv.slice(3), name);
        tables.push(...(await SCENARIOS[name]!.run({ ...f, json: flags.json })));
      }
      return tables;
    },
  },
};

function help(): string {
  const lines = Object.entries(SCENARIOS).map(([name, s]) => `  ${name.padEnd(9)} ${s.summary}`);
  return `Usage: npm run bench -- <scenario> [flags]\n\nScenarios:\n${lines.join('\n')}\n${FLAG_HELP}`;
}

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === '--help' || name === '-h' || rest.includes('--help')) {
    process.stdout.write(help());
    return;
  }
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`unknown scenario "${name}"\n\n${help()}`);
  const flags = parseFlags(rest, name);
  const started = Date.now();
  const tables = await scenario.run(flags);
  printTables(name, tables, flags.json, {
    date: new Date().toISOString(),
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    seconds: (Date.now() - started) / 1000,
  });
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
