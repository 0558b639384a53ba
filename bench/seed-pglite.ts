/**
 * seed-pglite: the demo fleet seeded into file-backed PGlite alone (what
 * `npm start` does on an empty ./data), timing wall and CPU seconds and the
 * time spent in each driver call; `--sql` also times every statement and
 * transaction (it slows the run), `--robots N` seeds a smaller fleet. For profiling:
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/seed-pglite.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LAUNCH_SCALE } from '../src/demo/demo-plan.ts';
import { registryDriver, seedDemo } from '../src/demo/demo.ts';
import { initRegistry } from '../src/registry/init.ts';
import { authenticate } from '../src/registry/participants/tokens.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPgliteStore } from '../src/store/pglite-store.ts';
import type { Store, Tx } from '../src/store/store.ts';
import { must } from '../src/must.ts';
import { benchContext } from './database.ts';

const { values: args } = parseArgs({ options: { sql: { type: 'boolean' }, robots: { type: 'string' } } });
const robots = args.robots ? Number(args.robots) : LAUNCH_SCALE.robots;
const scale = { ...LAUNCH_SCALE, robots, manufacturers: Math.min(LAUNCH_SCALE.manufacturers, Math.ceil(robots / 200)) };
scale.models = Math.max(scale.manufacturers, Math.round((LAUNCH_SCALE.models * robots) / LAUNCH_SCALE.robots));

/** Timing is the calls and seconds of one kind of statement (its first 70 characters) or of transactions. */
type Timing = Map<string, { calls: number; s: number }>;

/** timedStore wraps store so each statement's time adds to sql, and each read-write transaction's (commit included) to 'transaction'. */
function timedStore(store: Store, sql: Timing): Store {
  const add = (key: string, t0: number) => {
    const k = sql.get(key) ?? { calls: 0, s: 0 };
    k.calls += 1;
    k.s += (performance.now() - t0) / 1000;
    sql.set(key, k);
  };
  const keyOf = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 70);
  const timedTx = (tx: Tx): Tx => ({
    async query(text, params) {
      const t0 = performance.now();
      try {
        return await tx.query(text, params);
      } finally {
        add(keyOf(text), t0);
      }
    },
    script: (text) => tx.script(text),
  });
  return {
    engine: store.engine,
    readOnly: (fn) => store.readOnly((tx) => fn(timedTx(tx))),
    async readWrite(fn) {
      const t0 = performance.now();
      try {
        return await store.readWrite((tx) => fn(timedTx(tx)));
      } finally {
        add('(read-write transaction, commit included)', t0);
      }
    },
    query: (text, params) => timedTx({ query: (q, p) => store.query(q, p), script: () => Promise.resolve([]) }).query(text, params),
    close: () => store.close(),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'hreg-seed-'));
const store = await openPgliteStore(join(dir, 'pglite'));
try {
  await migrate(store);
  const sql: Timing = new Map();
  const ctx = benchContext(args.sql ? timedStore(store, sql) : store);
  const init = await initRegistry(store, new Date());
  const regulator = must(await authenticate(ctx, init.regulatorToken), 'the regulator token authenticates');
  const load = loadavg()[0];
  const cpu0 = process.cpuUsage();
  const driver = registryDriver(ctx, regulator);
  const timed: Record<string, number> = {};
  for (const name of Object.keys(driver) as (keyof typeof driver)[]) {
    const f = driver[name];
    if (typeof f !== 'function') continue;
    (driver as unknown as Record<string, unknown>)[name] = async (...a: unknown[]) => {
      const t = performance.now();
      try {
        return await (f as (...a: unknown[]) => Promise<unknown>).apply(driver, a);
      } finally {
        timed[name] = (timed[name] ?? 0) + (performance.now() - t) / 1000;
      }
    };
  }
  const r = await seedDemo(driver, { scale });
  const cpu = process.cpuUsage(cpu0);
  const top = [...sql].sort(([, a], [, b]) => b.s - a.s).slice(0, 45);
  console.log(
    JSON.stringify(
      {
        robots: r.robots,
        events: r.events,
        refused: r.refused,
        problems: r.problems,
        wallS: r.ms / 1000,
        cpuS: (cpu.user + cpu.system) / 1e6,
        load1mBefore: load,
        load1mAfter: loadavg()[0],
        byCall: Object.fromEntries(Object.entries(timed).map(([k, v]) => [k, Math.round(v * 10) / 10])),
        ...(args.sql ? { sql: top.map(([k, v]) => `${v.calls}\t${v.s.toFixed(1)}s\t${k}`) } : {}),
      },
      null,
      args.sql ? 1 : undefined,
    ),
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
