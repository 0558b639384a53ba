/**
 * append: durable ledger appends per second — concurrent writers each
 * registering one unit at a time through registerRobots() (one event and one
 * leaf each; the registrations that arrive together share a transaction, an
 * append and a signed checkpoint) — against plain single-row INSERTs on the
 * same server, pool size and duration.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { openCheckpoint, parseVerifierKey } from '../src/ledger/index.ts';
import { readHead } from '../src/registry/log/log-read.ts';
import { registerRobots } from '../src/registry/robots/register-robots.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPostgresStore } from '../src/store/postgres-store.ts';
import { approvedModel } from './approved-model.ts';
import { benchContext, recreateDatabase, serverSettings } from './database.ts';
import { scenarioDatabase, type Flags } from './flags.ts';
import { progress, ticker, type ResultTable } from './report.ts';
import { ratio, sleep, summarise } from './stats.ts';

const COMPONENT_TYPES = ['main_controller', 'battery_pack'];
const LAG_POLL_MS = 50;

interface Run {
  ops: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  firstError?: string;
  load: number;
}

/** hammer runs writers concurrent loops of op for seconds. */
async function hammer(
  label: string,
  writers: number,
  seconds: number,
  op: (writer: number, n: number) => Promise<void>,
  onAck?: () => void,
): Promise<Run> {
  const latencies: number[] = [];
  let ops = 0;
  let errors = 0;
  let firstError: string | undefined;
  const stop = ticker(label, seconds);
  const load0 = loadavg()[0]!;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let n = 0; performance.now() < end; n++) {
        const t0 = performance.now();
        try {
          await op(w, n);
          ops++;
          onAck?.();
          latencies.push(performance.now() - t0);
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  stop();
  const elapsed = (performance.now() - start) / 1000;
  return { ops, seconds: elapsed, ...summarise(latencies), errors, firstError, load: Number(((load0 + loadavg()[0]!) / 2).toFixed(2)) };
}

/** appendScenario runs the registry writers, then the INSERT anchor, on a fresh database. */
export async function appendScenario(flags: Flags): Promise<ResultTable[]> {
  const url = scenarioDatabase(flags, '_append');
  progress(`recreating ${url}`);
  await recreateDatabase(url);
  const store = await openPostgresStore(url, { poolSize: flags.pool });
  await migrate(store);
  const ctx = benchContext(store);
  const verifier = parseVerifierKey(ctx.verifierKey);

  // A regulator, a manufacturer and one approved model, through the registry's own use cases.
  const { maker: makerP, modelCode } = await approvedModel(ctx, COMPONENT_TYPES);

  const settings = await serverSettings((sql) => store.query(sql));
  if (settings.fsync !== 'on' || settings.synchronous_commit !== 'on') {
    progress(`WARNING: fsync=${settings.fsync} synchronous_commit=${settings.synchronous_commit}: figures are not durable appends`);
  }

  // Each writer registers its own units under its own production date: distinct units, distinct serial counters.
  const run = randomBytes(3).toString('hex');
  const unitOf = (w: number, n: number) => ({
    model: modelCode,
    productionDate: new Date(Date.UTC(2026, 0, 1 + w)).toISOString().slice(0, 10),
    components: COMPONENT_TYPES.map((type) => ({ type, maker: 'Bench Parts', serial: `${run}W${w}N${n}`, lot: 'LOT-1' })),
    firmware: 'v1.0.0',
  });

  // Warm-up: connections, plans, and the first stored hashes.
  await hammer(
    'append warm-up',
    flags.writers,
    1,
    async (w, n) => void (await registerRobots(ctx, makerP, [unitOf(w, 1_000_000_000 + n)])),
  );
  const before = (await readHead(ctx)).size;

  // Checkpoint lag: how many acknowledged events the served checkpoint does not yet cover.
  let acked = 0;
  let polling = true;
  let maxLagEvents = 0;
  let polls = 0;
  let badCheckpoints = 0;
  const pollLatencies: number[] = [];
  const poller = (async () => {
    while (polling) {
      const ackedBefore = acked;
      const t0 = performance.now();
      const head = await readHead(ctx);
      pollLatencies.push(performance.now() - t0);
      polls++;
      maxLagEvents = Math.max(maxLagEvents, ackedBefore - (head.size - before));
      try {
        if (openCheckpoint(head.checkpoint, verifier).size !== head.size) badCheckpoints++;
      } catch {
        badCheckpoints++;
      }
      await sleep(LAG_POLL_MS);
    }
  })();
  progress(`append: ${flags.writers} writers × registerRobots(1 unit), pool ${flags.pool}, ${flags.duration}s`);
  const registry = await hammer(
    'append registry',
    flags.writers,
    flags.duration,
    async (w, n) => void (await registerRobots(ctx, makerP, [unitOf(w, n)])),
    () => acked++,
  );
  polling = false;
  await poller;
  const after = await readHead(ctx);
  const final = openCheckpoint(after.checkpoint, verifier);
  await store.close();

  // The anchor: the same server, database, pool size, writers and duration; one autocommitted row each.
  const anchorPool = new pg.Pool({ connectionString: url, max: flags.pool });
  await anchorPool.query('CREATE TABLE bench_anchor (id bigint PRIMARY KEY, payload bytea NOT NULL)');
  let nextId = 0;
  const payload = randomBytes(256);
  const insert = async () => void (await anchorPool.query('INSERT INTO bench_anchor (id, payload) VALUES ($1, $2)', [nextId++, payload]));
  await hammer('anchor warm-up', flags.writers, 1, insert);
  progress(`anchor: ${flags.writers} writers × INSERT, pool ${flags.pool}, ${flags.duration}s`);
  const anchor = await hammer('append anchor', flags.writers, flags.duration, insert);
  await anchorPool.end();

  const eventsPerSecond = registry.ops / registry.seconds;
  const anchorPerSecond = anchor.ops / anchor.seconds;
  return [
    {
      title: `append — ${flags.writers} concurrent writers, pg pool ${flags.pool}, ${flags.duration}s each (goal: 5,000 durable events/s)`,
      rows: [
        {
          workload: 'registerRobots(1 unit) each; arrivals coalesce: one tx, append and signed checkpoint per round',
          'ops/s': eventsPerSecond,
          ops: registry.ops,
          'p50 ms': registry.p50,
          'p99 ms': registry.p99,
          'max ms': registry.max,
          errors: registry.errors,
          '÷ anchor': ratio(eventsPerSecond, anchorPerSecond),
          '÷ goal 5000': eventsPerSecond / 5000,
          'load avg': registry.load,
        },
        {
          workload: 'anchor: INSERT INTO bench_anchor single row, autocommit',
          'ops/s': anchorPerSecond,
          ops: anchor.ops,
          'p50 ms': anchor.p50,
          'p99 ms': anchor.p99,
          'max ms': anchor.max,
          errors: anchor.errors,
          '÷ anchor': 1,
          '÷ goal 5000': anchorPerSecond / 5000,
          'load avg': anchor.load,
        },
      ],
      notes: [
        ...(registry.firstError ? [`first registry error: ${registry.firstError}`] : []),
        ...(anchor.firstError ? [`first anchor error: ${anchor.firstError}`] : []),
      ],
    },
    {
      title: 'append — checkpoint freshness and durability settings',
      rows: [
        { check: 'checkpoint polls (readHead every 50 ms during the run)', value: polls },
        { check: 'max acknowledged events not covered by the served checkpoint', value: Math.max(0, maxLagEvents) },
        { check: 'checkpoints failing signature/size check', value: badCheckpoints },
        {
          check: 'readHead latency under write load p50 / p99 ms (waits for a pooled connection)',
          value: `${summarise(pollLatencies).p50.toFixed(1)} / ${summarise(pollLatencies).p99.toFixed(1)}`,
        },
        { check: 'final checkpoint size − size before run = acknowledged events', value: `${final.size - before} = ${registry.ops}` },
        ...Object.entries(settings).map(([k, v]) => ({ check: `SHOW ${k}`, value: v })),
      ],
      notes: [
        'the checkpoint is signed inside each append transaction, so an acknowledged event is always covered: lag is 0 events / 0 s by construction, and the polls confirm it',
      ],
    },
  ];
}
