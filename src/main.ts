import { loadConfig } from './config.ts';
import { startServer, regulatorTokenPath } from './serve.ts';
import { isRegistryError } from './errors.ts';

// `npm start`: run the registry on embedded PGlite in ./data (or DATABASE_URL),
// creating the first regulator on an empty registry.
const config = loadConfig();
const running = await startServer(config, { initIfEmpty: true }).catch((err: unknown) => {
  console.error(isRegistryError(err) ? `error: ${err.code}: ${err.message}` : err);
  process.exit(1);
});
const engine = config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
console.log(`Humanoid Registry listening on ${running.url} (${engine})`);
console.log(`  API docs:        ${running.url}/docs`);
console.log(`  Verify a code:   ${running.url}/v1/verify/<code>`);
console.log(
  running.firstTokenFile
    ? `  First regulator token written to ${running.firstTokenFile} (shown nowhere else; keep it secret)`
    : `  Regulator token: see ${regulatorTokenPath(config)} from the first start, or ask the regulator`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
