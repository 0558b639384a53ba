/**
 * seed-pglite: the demo fleet seeded into file-backed PGlite alone (what
 * `npm start` does on an empty ./data), timing wall and CPU seconds and the
 * time spent in registerRobots and recordEvents calls; for profiling:
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/seed-pglite.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAUNCH_SCALE } from '../src/demo/demo-plan.ts';
import { registryDriver, seedDemo } from '../src/demo/demo.ts';
import { initRegistry } from '../src/registry/init.ts';
import { authenticate } from '../src/registry/participants/tokens.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPgliteStore } from '../src/store/pglite-store.ts';
import { must } from '../src/must.ts';
import { benchContext } from './database.ts';

const dir = mkdtempSync(join(tmpdir(), 'hreg-seed-'));
const store = await openPgliteStore(join(dir, 'pglite'));
try {
  await migrate(store);
  const ctx = benchContext(store);
  const init = await initRegistry(store, new Date());
  const regulator = must(await authenticate(ctx, init.regulatorToken), 'the regulator token authenticates');
  const load = loadavg()[0];
  const cpu0 = process.cpuUsage();
  const driver = registryDriver(ctx, regulator);
  const timed: Record<string, number> = {};
  for (const name of Object.keys(driver) as (keyof typeof driver)[]) {
    const f = driver[name];
    if (typeof f !== 'function') continue;
    (driver as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const t = performance.now();
      try {
        return await (f as (...a: unknown[]) => Promise<unknown>).apply(driver, args);
      } finally {
        timed[name] = (timed[name] ?? 0) + (performance.now() - t) / 1000;
      }
    };
  }
  const r = await seedDemo(driver, { scale: LAUNCH_SCALE });
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      robots: r.robots,
      events: r.events,
      refused: r.refused,
      wallS: r.ms / 1000,
      cpuS: (cpu.user + cpu.system) / 1e6,
      load1mBefore: load,
      load1mAfter: loadavg()[0],
      byCall: Object.fromEntries(Object.entries(timed).map(([k, v]) => [k, Math.round(v * 10) / 10])),
    }),
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
