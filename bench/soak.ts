/**
 * soak: the maximum rate of a mixed workload (70 % verify / market-access
 * reads, 30 % lifecycle writes as in `lifecycle`), then --duration at 80 % of
 * it, sampled every 10 s: req/s, p99, errors and the server's rss / heapUsed.
 * A script, not a CI test: it writes one event per write into hreg_bench.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FactsCache } from '../src/registry/robots/facts-cache.ts';
import type { Flags } from './flags.ts';
import {
  freshUnits,
  KINDS,
  listenApp,
  loadAvg1,
  openBenchRegistry,
  pcts,
  signerDir,
  startTraffic,
  WRITE_KINDS,
  type Registry,
} from './mixed.ts';
import { progress, type Cell, type ResultTable } from './report.ts';
import { median, ratio, sleep } from './stats.ts';

const SAMPLE_S = 10;
const MB = 1024 * 1024;

/** Memory is the server process's memory and the size of its facts cache (an LRU of up to 100k entries). */
interface Memory {
  rss: number;
  heapUsed: number;
  cacheEntries: number;
}

/** cacheEntries reads the FactsCache's LRU size (a private field: bench-only introspection). */
export function cacheEntries(facts: unknown): number {
  return (facts as { lru?: { size?: number } }).lru?.size ?? NaN;
}

interface Server {
  base: string;
  memory(): Promise<Memory>;
  close(): Promise<void>;
}

async function inProcessServer(reg: Registry, factsCache: number | undefined): Promise<Server> {
  if (factsCache !== undefined) reg.ctx.facts = new FactsCache({ max: factsCache });
  const { app, base } = await listenApp(reg.ctx);
  return {
    base,
    memory: async () => {
      const u = process.memoryUsage();
      return { rss: u.rss, heapUsed: u.heapUsed, cacheEntries: cacheEntries(reg.ctx.facts) };
    },
    close: () => app.close(),
  };
}

async function childServer(reg: Registry, factsCache: number | undefined): Promise<Server> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./soak-server.ts', import.meta.url)),
    [reg.url, signerDir(reg.url), String(factsCache ?? '')],
    { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      const onExit = (code: number | null) => reject(new Error(`soak server exited with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { base } = (await next('listening')) as { base: string };
  return {
    base,
    async memory() {
      const m = next('mem');
      child.send({ type: 'mem' });
      const r = (await m) as unknown as Memory;
      return { rss: r.rss, heapUsed: r.heapUsed, cacheEntries: r.cacheEntries };
    },
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'close' });
      await exited;
    },
  };
}

/** soakScenario measures the maximum mixed rate, then soaks at a fraction of it. */
export async function soakScenario(flags: Flags): Promise<ResultTable[]> {
  const reg = await openBenchRegistry(flags);
  const server = flags.server === 'child' ? await childServer(reg, flags.factsCache) : await inProcessServer(reg, flags.factsCache);
  const writeShare = 1 - flags.readShare;
  try {
    // 1. The maximum: closed loop, every client sends its next request as soon as the last one answers.
    const probeUnits = await freshUnits(
      reg,
      Math.ceil(((flags.warmup + flags.probe) * 1000 * writeShare) / WRITE_KINDS.length) + 4 * flags.concurrency,
    );
    const probe = startTraffic({ base: server.base, clients: flags.concurrency, readShare: flags.readShare, units: probeUnits, reg });
    progress(
      `soak: warm-up ${flags.warmup}s, then the maximum mixed rate over ${flags.probe}s (${flags.concurrency} clients, read share ${flags.readShare}, ${flags.server} server)`,
    );
    await sleep(flags.warmup * 1000);
    probe.swap();
    const pl0 = await loadAvg1();
    await sleep(flags.probe * 1000);
    const p = await probe.stop();
    const probeLoad = (pl0 + (await loadAvg1())) / 2;
    const ps = p.sum();
    const maxRate = (ps.ok + ps.non2xx + ps.errors) / p.seconds();
    const probeP = pcts(ps.latencies);
    const target = maxRate * flags.load;
    progress(
      `soak: maximum ${maxRate.toFixed(0)} req/s (p99 ${probeP.p99.toFixed(0)} ms); soaking at ${target.toFixed(0)} req/s for ${flags.duration}s`,
    );

    // 2. The soak: the same mix, paced to the target rate.
    const units = await freshUnits(
      reg,
      Math.ceil(((flags.duration + SAMPLE_S) * target * writeShare * 1.3) / WRITE_KINDS.length) + 4 * flags.concurrency,
    );
    progress(`soak: ${units.length.toLocaleString('en-US')} never-sold units for the writers`);
    const mem0 = await server.memory();
    const traffic = startTraffic({ base: server.base, clients: flags.concurrency, readShare: flags.readShare, units, reg, rate: target });
    const samples: {
      t: number;
      rps: number;
      eps: number;
      p50: number;
      p99: number;
      max: number;
      non2xx: number;
      errors: number;
      rss: number;
      heap: number;
      cache: number;
      load: number;
      first?: string;
    }[] = [];
    const started = performance.now();
    const windows = Math.max(1, Math.round(flags.duration / SAMPLE_S));
    for (let w = 1; w <= windows; w++) {
      await sleep(Math.max(0, started + w * SAMPLE_S * 1000 - performance.now()));
      const t = w === windows ? await traffic.stop() : traffic.swap();
      const s = t.sum();
      const pp = pcts(s.latencies);
      const m = await server.memory();
      const sample = {
        t: Math.round((performance.now() - started) / 1000),
        rps: (s.ok + s.non2xx + s.errors) / t.seconds(),
        eps: t.sum(WRITE_KINDS).ok / t.seconds(),
        p50: pp.p50,
        p99: pp.p99,
        max: pp.max,
        non2xx: s.non2xx,
        errors: s.errors,
        rss: m.rss / MB,
        heap: m.heapUsed / MB,
        cache: m.cacheEntries,
        load: await loadAvg1(),
        first: t.firstFailure,
      };
      samples.push(sample);
      progress(
        `soak ${sample.t}s: ${sample.rps.toFixed(0)} req/s, ${sample.eps.toFixed(0)} events/s, p99 ${sample.p99.toFixed(0)} ms, ${sample.non2xx + sample.errors} failed, rss ${sample.rss.toFixed(0)} MB, heap ${sample.heap.toFixed(0)} MB, facts cache ${sample.cache} entries, load ${sample.load.toFixed(1)}`,
      );
      if (traffic.unitsLeft() === 0 && w < windows) progress('WARNING: no fresh units left; writers fall back to reads');
    }

    const failed = samples.reduce((a, s) => a + s.non2xx + s.errors, 0);
    const total = samples.reduce((a, s) => a + s.rps * SAMPLE_S, 0);
    const p99s = samples.map((s) => s.p99);
    const p99Max = Math.max(...p99s);
    const p99Median = median(p99s);
    // Heap at minute 2 (mean of the samples in 120–180 s; the first samples for short runs) against the last minute's mean.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const minute2 = samples.filter((s) => s.t > 120 && s.t <= 180);
    const early = minute2.length > 0 ? minute2 : samples.slice(0, Math.max(1, Math.floor(samples.length / 3)));
    const late = samples.slice(-Math.max(1, Math.min(6, Math.floor(samples.length / 3))));
    const heapEarly = mean(early.map((s) => s.heap));
    const heapLate = mean(late.map((s) => s.heap));
    const rssEarly = mean(early.map((s) => s.rss));
    const rssLate = mean(late.map((s) => s.rss));
    const firstFailure = samples.find((s) => s.first)?.first;
    const verdict = `errors ${failed === 0 ? '0 ✓' : `${failed} ✗`}; p99 max/median ${p99Max.toFixed(0)}/${p99Median.toFixed(0)} ms = ${ratio(p99Max, p99Median).toFixed(2)}; heap ${early === minute2 ? 'minute 2' : 'first third'} → end ${heapEarly.toFixed(1)} → ${heapLate.toFixed(1)} MB (${(((heapLate - heapEarly) / heapEarly) * 100).toFixed(1)} %), rss ${rssEarly.toFixed(0)} → ${rssLate.toFixed(0)} MB`;

    const rows: Record<string, Cell>[] = samples.map((s) => ({
      't s': s.t,
      'req/s': s.rps,
      'events/s': s.eps,
      'p50 ms': s.p50,
      'p99 ms': s.p99,
      'max ms': s.max,
      non2xx: s.non2xx,
      errors: s.errors,
      'rss MB': s.rss,
      'heapUsed MB': s.heap,
      'facts cache entries': s.cache,
      'load avg': s.load,
    }));
    return [
      {
        title: `soak — maximum mixed rate (${flags.concurrency} clients, closed loop, read share ${flags.readShare}, ${p.seconds().toFixed(1)}s after ${flags.warmup}s warm-up, ${flags.server} server)`,
        rows: [
          {
            measure: 'maximum',
            'req/s': maxRate,
            'events/s': p.sum(WRITE_KINDS).ok / p.seconds(),
            'p50 ms': probeP.p50,
            'p99 ms': probeP.p99,
            failed: ps.non2xx + ps.errors,
            'load avg': probeLoad,
          },
          {
            measure: `soak target (${flags.load} × maximum)`,
            'req/s': target,
            'events/s': null,
            'p50 ms': null,
            'p99 ms': null,
            failed: null,
            'load avg': null,
          },
          {
            measure: 'soak achieved (whole run)',
            'req/s': total / (samples.length * SAMPLE_S),
            'events/s': mean(samples.map((s) => s.eps)),
            'p50 ms': median(samples.map((s) => s.p50)),
            'p99 ms': p99Median,
            failed,
            'load avg': mean(samples.map((s) => s.load)),
          },
        ],
        notes: [`kinds: ${KINDS.join(', ')}; writes walk never-sold units as in lifecycle`],
      },
      {
        title: `soak — ${flags.duration}s at ${target.toFixed(0)} req/s, one row per ${SAMPLE_S}s window; server memory (${flags.server === 'child' ? 'child process: the app alone' : 'this process: app + load generator'}) sampled at each window's end, rss/heap before the soak ${(mem0.rss / MB).toFixed(0)}/${(mem0.heapUsed / MB).toFixed(0)} MB`,
        rows,
        notes: [
          `verdict: ${verdict}`,
          'pacing: a shared slot scheduler hands out one send slot every 1/target s to 32 closed-loop clients; a late client takes the next free slot (no catch-up bursts), so when the server slows the achieved rate drops instead of latency piling up in a queue',
          'heapUsed is sampled without forcing GC, so it saw-tooths with the collector; compare the means of whole minutes, not single samples',
          `facts cache: the app's FactsCache LRU (max ${flags.factsCache?.toLocaleString('en-US') ?? '100,000 (the default)'} entries, 1 s TTL, stale entries are not purged until evicted) held ${samples.at(-1)!.cache} entries at the end — heap growth that tracks it is the cache filling to its bound, not a leak`,
          ...(firstFailure ? [`first failure: ${firstFailure}`] : []),
        ],
      },
    ];
  } finally {
    await server.close();
    await reg.close();
  }
}
