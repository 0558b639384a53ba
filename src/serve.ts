import { writeFileSync } from 'node:fs';
import { configureDeadlines } from './registry/deadlines/late-events.ts';
import { join } from 'node:path';
import type { Config } from './config.ts';
import { buildApp, type App } from './http/app.ts';
import type { RegistryContext } from './registry/context.ts';
import { initRegistry, isInitialised } from './registry/init.ts';
import { openRegistry } from './registry/open.ts';
import { openReadSet } from './registry/replicas/open-read-set.ts';
import { startRecallNotifier } from './registry/recalls/recall-notifier.ts';
import { startDispatcher } from './notify/dispatcher.ts';
import { Health } from './http/health.ts';
import { StartUpGate } from './http/start-up-gate.ts';
import { measureStore } from './metrics/store-metrics.ts';

/** Running is a started registry server. */
export interface Running {
  app: App;
  ctx: RegistryContext;
  url: string;
  /** firstTokenFile is where a first start wrote the regulator token, if it did. */
  firstTokenFile?: string;
  close(): Promise<void>;
}

/** regulatorTokenPath is where the first start writes the first regulator token. */
export function regulatorTokenPath(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'regulator-token.txt');
}

/** StartOptions: initIfEmpty makes the first regulator of an empty registry; gate is a listener already open (main.ts opens it first). */
export interface StartOptions {
  initIfEmpty?: boolean;
  gate?: StartUpGate;
}

/**
 * startServer listens at once, then opens the registry behind the start-up gate
 * (/healthz answers, everything else is 503 STARTING until the app is ready) and resolves
 * once the app answers. With initIfEmpty, a registry with no regulator yet gets one, and
 * its token is written (0600) to the data directory instead of a terminal that may be logged.
 * A start that fails closes the listener and what it opened.
 */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<Running> {
  const gate = opts.gate ?? (await StartUpGate.listen(config.host, config.port));
  try {
    return await startBehind(gate, config, opts);
  } catch (err) {
    await gate.close();
    throw err;
  }
}

async function startBehind(gate: StartUpGate, config: Config, opts: StartOptions): Promise<Running> {
  gate.phase = 'database';
  const ctx = await openRegistry(config);
  try {
    return await serveRegistry(gate, ctx, config, opts);
  } catch (err) {
    await ctx.reads?.close();
    await ctx.store.close();
    throw err;
  }
}

async function serveRegistry(gate: StartUpGate, ctx: RegistryContext, config: Config, opts: StartOptions): Promise<Running> {
  ctx.reportPolicy = config.reportPolicy;
  configureDeadlines(config.deadlines);
  // Public reads go to streaming replicas within the staleness bound (docs/operations.md, Read replicas).
  if (ctx.store.engine === 'postgres' && config.replicaUrls.length > 0)
    ctx.reads = await openReadSet(ctx, config.replicaUrls, config.replicaMaxLagMs);
  let firstTokenFile: string | undefined;
  if (opts.initIfEmpty && !(await isInitialised(ctx.store))) {
    const init = await initRegistry(ctx.store, ctx.now());
    firstTokenFile = regulatorTokenPath(config);
    writeFileSync(firstTokenFile, init.regulatorToken + '\n', { mode: 0o600 });
  }
  gate.phase = 'routes';
  const health = new Health(ctx.store);
  const app = await buildApp(ctx, {
    gate,
    health,
    metricsToken: config.metricsToken,
    logLevel: config.logLevel,
    publicRateLimit: config.publicRateLimit,
    publicUrl: config.publicUrl,
    webhookTargets: config.webhooks.targets,
  });
  await app.ready();
  gate.open();
  // Webhooks and NATS publishing run with the server, draining the outbox.
  const w = config.webhooks;
  const dispatcher = startDispatcher(ctx, {
    pollMs: w.pollMs,
    timeoutMs: w.timeoutMs,
    backoff: { baseMs: w.backoffBaseMs, capMs: w.backoffCapMs, maxAttempts: w.maxAttempts },
    natsUrl: config.natsUrl,
    targets: w.targets,
    log: app.log,
  });
  // Recall notices fan out to every affected unit in the background.
  const notifier = startRecallNotifier(ctx);
  const unmeasure = measureStore(ctx.store);
  // A graceful stop (docs/operations.md, Graceful shutdown): readiness fails first, then the
  // listener closes and in-flight requests finish (their group commit with them), then the
  // background workers stop, and the database closes last.
  const closeAll = async () => {
    health.stopping = true;
    await gate.close();
    await app.close();
    await notifier.stop();
    await dispatcher.stop();
    await ctx.reads?.close();
    unmeasure();
    await ctx.store.close();
  };
  return { app, ctx, url: gate.url, firstTokenFile, close: closeAll };
}
