/**
 * demo: the launch-scale demo fleet (120 makers, 200 models, 28,000 robots
 * with whole lives, ~70,000 events) seeded through the registry's use cases
 * into file-backed PGlite (what `npm start` does on an empty ./data; goal
 * < 60 s) and into a fresh PostgreSQL database; then the same sales recorded
 * one event per transaction against batches of 100 and 1,000
 * (POST /v1/events/batch's path), on both engines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import type { Principal } from '../src/access/principal.ts';
import { initRegistry } from '../src/registry/init.ts';
import { LAUNCH_SCALE, type DemoScale } from '../src/demo/demo-plan.ts';
import { registryDriver, seedDemo } from '../src/demo/demo.ts';
import { changeModelStatus, fileModel } from '../src/registry/models/models.ts';
import { insertParticipant } from '../src/registry/participants/participants.ts';
import { recordEvent, recordEvents } from '../src/registry/events/record-event.ts';
import { registerRobots } from '../src/registry/robots/register-robots.ts';
import { authenticate } from '../src/registry/participants/tokens.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPgliteStore } from '../src/store/pglite-store.ts';
import { openPostgresStore } from '../src/store/postgres-store.ts';
import type { Store } from '../src/store/store.ts';
import { benchContext, DEFAULT_SERVER, dropDatabase, recreateDatabase, withDatabase } from './database.ts';
import type { Flags } from './flags.ts';
import { progress, type ResultTable } from './report.ts';
import { ratio } from './stats.ts';

interface Engine {
  name: string;
  open(): Promise<{ store: Store; done(): Promise<void> }>;
}

export function engines(flags: Flags): Engine[] {
  const server = flags.databaseUrl ?? DEFAULT_SERVER;
  let n = 0;
  return [
    {
      name: 'PGlite (file-backed)',
      async open() {
        const dir = mkdtempSync(join(tmpdir(), 'hreg-bench-demo-'));
        const store = await openPgliteStore(join(dir, 'pglite'));
        return {
          store,
          done: async () => {
            await store.close();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
    {
      name: 'PostgreSQL',
      async open() {
        const url = withDatabase(server, `hreg_bench_demo_${n++}`);
        await recreateDatabase(url);
        const store = await openPostgresStore(url);
        return {
          store,
          done: async () => {
            await store.close();
            await dropDatabase(url);
          },
        };
      },
    },
  ];
}

/** seedRun seeds the demo fleet at scale into a fresh database of engine. */
async function seedRun(engine: Engine, scale: DemoScale): Promise<Record<string, string | number>> {
  const { store, done } = await engine.open();
  try {
    await migrate(store);
    const ctx = benchContext(store);
    const init = await initRegistry(store, new Date());
    const regulator = (await authenticate(ctx, init.regulatorToken))!;
    const load = loadavg()[0]!;
    let last = 0;
    const r = await seedDemo(registryDriver(ctx, regulator), {
      scale,
      progress: (d, t) => {
        if (d - last >= 20_000 || d === t) {
          last = d;
          progress(`${engine.name}: ${d}/${t} steps`);
        }
      },
    });
    return {
      engine: engine.name,
      robots: r.robots,
      events: r.events,
      refused: r.refused,
      seconds: r.ms / 1000,
      'events+units/s': (r.robots + r.events) / (r.ms / 1000),
      'load 1m': load,
    };
  } finally {
    await done();
  }
}

/** salesRun sells `units` fresh units to one buyer, `size` events per request (1: recordEvent one at a time; -n: n concurrent writers of single events). */
export async function salesRun(engine: Engine, units: number, sizes: number[]): Promise<Record<string, string | number>[]> {
  const { store, done } = await engine.open();
  try {
    await migrate(store);
    const ctx = benchContext(store);
    const regulator: Principal = { participantId: '', name: 'bench', roles: ['regulator'], enterpriseCode: null };
    const [makerRow, buyerRow] = await store.readWrite(async (tx) => [
      await insertParticipant(tx, { name: 'Bench Maker', country: 'CN', roles: ['manufacturer', 'seller'] }),
      await insertParticipant(tx, { name: 'Bench Buyer', country: 'CN', roles: ['operator'] }),
    ]);
    const maker: Principal = {
      participantId: makerRow.id,
      name: makerRow.name,
      roles: makerRow.roles,
      enterpriseCode: makerRow.enterpriseCode,
    };
    const model = (
      await fileModel(ctx, maker, {
        name: 'Bench H1',
        category: 'humanoid',
        componentTypes: ['main_controller'],
        parameters: {
          heightCm: 170,
          massKg: 60,
          degreesOfFreedom: 40,
          payloadKg: 10,
          topSpeedKmh: 5,
          batteryChemistry: 'NMC',
          batteryCapacityWh: 2000,
          autonomyLevel: 'L3',
          applications: ['logistics'],
        },
      })
    ).modelCode;
    await changeModelStatus(ctx, regulator, maker.enterpriseCode!, model, 'approve');
    const rows: Record<string, string | number>[] = [];
    let single = 0;
    for (const size of sizes) {
      const codes: string[] = [];
      for (let i = 0; i < units; i += 5_000) {
        const run = await registerRobots(
          ctx,
          maker,
          Array.from({ length: Math.min(5_000, units - i) }, (_, k) => ({
            model,
            productionDate: '2026-11-20',
            components: [{ type: 'main_controller', maker: 'Bench', serial: `${size}-${i + k}` }],
          })),
        );
        codes.push(...run.map((u) => u.code));
      }
      const sale = (code: string) => ({ code, event: { type: 'transferred' as const, data: { to: buyerRow.id, sale: true } } });
      progress(`${engine.name}: ${units} sales, ${size} per transaction`);
      const t0 = performance.now();
      if (size === 1) for (const code of codes) await recordEvent(ctx, maker, code, sale(code).event);
      else if (size < 0) {
        // -n: n concurrent writers, each recording one event per request (as n HTTP clients would).
        let next = 0;
        await Promise.all(
          Array.from({ length: -size }, async () => {
            while (next < codes.length) {
              const code = codes[next++]!;
              await recordEvent(ctx, maker, code, sale(code).event);
            }
          }),
        );
      } else for (let i = 0; i < codes.length; i += size) await recordEvents(ctx, maker, codes.slice(i, i + size).map(sale));
      const perSecond = units / ((performance.now() - t0) / 1000);
      if (size === 1) single = perSecond;
      rows.push({
        engine: engine.name,
        'events per request': size < 0 ? `1, ${-size} concurrent writers` : size,
        events: units,
        'events/s': perSecond,
        '÷ one at a time': ratio(perSecond, single),
      });
    }
    return rows;
  } finally {
    await done();
  }
}

/** demoScenario runs the seeding and the batch comparison on both engines. */
export async function demoScenario(flags: Flags): Promise<ResultTable[]> {
  const scale = flags.quick ? { manufacturers: 12, models: 20, robots: 2_000, months: 12 } : LAUNCH_SCALE;
  const units = flags.quick ? 500 : 5_000;
  const seeded: Record<string, string | number>[] = [];
  const sales: Record<string, string | number>[] = [];
  for (const engine of engines(flags)) {
    seeded.push(await seedRun(engine, scale));
    sales.push(...(await salesRun(engine, units, [1, -50, 100, 1_000])));
  }
  return [
    {
      title: `Demo fleet seeded through the use cases (${scale.manufacturers} makers, ${scale.models} models, ${scale.robots.toLocaleString('en')} robots)`,
      rows: seeded,
      notes: [
        "PGlite is what `npm start` seeds on an empty ./data (goal < 60 s); registrations go 10,000 per production run, life events as the plan's batches",
      ],
    },
    {
      title: 'The same sales, one event per transaction vs batches (recordEvent / recordEvents, in process)',
      rows: sales,
      notes: [
        'one per transaction: every sale takes its own row lock, log-head lock, leaf, checkpoint signature and commit; a batch shares them',
      ],
    },
  ];
}
