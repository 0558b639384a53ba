import { loadavg } from 'node:os';
import autocannon, { type Result } from 'autocannon';
import { progress, ticker } from './report.ts';

/** LoadOptions shape one autocannon run. */
export interface LoadOptions {
  connections: number;
  duration: number;
  warmup: number;
}

/** LoadResult is what a run measured, latencies in milliseconds. */
export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  total: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** load is the machine's 1-minute load average, averaged over the run's start and end. */
  load: number;
}

function run(url: string, nextPath: () => string, connections: number, duration: number): Promise<Result> {
  return Promise.resolve(
    autocannon({
      url,
      connections,
      pipelining: 1,
      duration,
      timeout: 10,
      // Each request draws a fresh random path, so the database sees a spread of keys.
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: nextPath() }) }],
    }),
  );
}

/** load warms up, then measures url with autocannon running in this process (the load generator shares the CPU). */
export async function load(label: string, url: string, nextPath: () => string, opts: LoadOptions): Promise<LoadResult> {
  if (opts.warmup > 0) {
    progress(`${label}: warm-up ${opts.warmup}s`);
    await run(url, nextPath, opts.connections, opts.warmup);
  }
  progress(`${label}: measuring ${opts.duration}s with ${opts.connections} connections`);
  const stop = ticker(label, opts.duration);
  const load0 = loadavg()[0]!;
  const r = await run(url, nextPath, opts.connections, opts.duration).finally(stop);
  return {
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    mean: r.latency.mean,
    total: r.requests.total,
    ok2xx: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    seconds: r.duration,
    load: (load0 + loadavg()[0]!) / 2,
  };
}
