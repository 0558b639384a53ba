import { loadConfig, type Config, type ConfigOverrides } from '../../config.ts';
import { isConfigError } from '../../config-checks.ts';
import { say } from '../lang.ts';
import { defineCommand } from '../command.ts';
import { usageError } from '../cli-error.ts';
import { LOCAL_FLAGS, type Flags } from '../flags.ts';
import { printJson, printLine } from '../output.ts';

/** localConfigOverrides reads --data and --database-url for commands that open the registry themselves. */
export function localConfigOverrides(flags: Flags): ConfigOverrides {
  return { dataDir: flags.string('data'), databaseUrl: flags.string('database-url') };
}

/** localConfig is the configuration of a command that opens the registry itself; a bad setting is a usage error. */
export function localConfig(flags: Flags): Config {
  try {
    return loadConfig(localConfigOverrides(flags));
  } catch (err) {
    throw usageError((err as Error).message);
  }
}

/** serve runs the registry's HTTP API, creating the first regulator on an empty registry. */
export const serve = defineCommand({
  name: 'hreg serve',
  summary: 'cli.serve.summary',
  flags: {
    port: { type: 'string', value: 'N', description: 'cli.serve.flag.port' },
    host: { type: 'string', value: 'HOST', description: 'cli.serve.flag.host' },
    ...LOCAL_FLAGS,
  },
  details: 'cli.serve.details',
  examples: ['hreg serve --port 8080 --data ./data', 'hreg serve --host 0.0.0.0 --database-url postgres://hreg@db/hreg'],
  async action({ flags, json }) {
    const port = flags.int('port', 0, 65535);
    let config: ReturnType<typeof loadConfig>;
    try {
      config = loadConfig({ ...localConfigOverrides(flags), host: flags.string('host'), port });
    } catch (err) {
      throw usageError(isConfigError(err) ? say(err.reason) : (err as Error).message);
    }
    // The port opens first: /healthz answers (everything else 503 STARTING) while the server starts.
    const { StartUpGate } = await import('../../http/start-up-gate.ts');
    const gate = await StartUpGate.listen(config.host, config.port);
    // Loaded here, not at the top, so that client commands start without the server's dependencies.
    const { startServer } = await import('../../serve.ts');
    const { startupBanner } = await import('../../startup-banner.ts');
    const running = await startServer(config, { initIfEmpty: true, gate });
    if (json)
      printJson({ url: running.url, engine: config.databaseUrl ? 'postgresql' : 'pglite', firstTokenFile: running.firstTokenFile ?? null });
    else for (const line of startupBanner(running, config)) printLine(line);
    // SIGTERM or SIGINT: a graceful stop within HREG_SHUTDOWN_TIMEOUT_MS, then the process exits.
    const { stopOnSignals } = await import('../../shutdown.ts');
    stopOnSignals(running.close, config.shutdownTimeoutMs);
    await new Promise<never>(() => {});
  },
});
