import { type Config, loadConfig, operatorLocale } from './config.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFailure } from './start-failure.ts';
import { stopOnSignals } from './shutdown.ts';
import { StartUpGate } from './http/start-up-gate.ts';

// `npm start`: run the registry on embedded PGlite in ./data (or DATABASE_URL),
// creating the first regulator on an empty registry. A configuration that cannot work
// stops it here with one line in the operator's language (docs/operations.md).
function refuse(err: unknown): never {
  const failure = startFailure(err, operatorLocale());
  console.error(failure.line);
  if (failure.exitCode === 1) console.error(err);
  process.exit(failure.exitCode);
}
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  refuse(err);
}
// The port opens first, so /healthz answers (and every other request gets 503 STARTING)
// while the server's modules load, the database opens and the routes are prepared.
const gate = await StartUpGate.listen(config.host, config.port).catch(refuse);
const { startServer } = await import('./serve.ts');
const { startupBanner } = await import('./startup-banner.ts');
const running = await startServer(config, { initIfEmpty: true, gate }).catch(refuse);
stopOnSignals(running.close, config.shutdownTimeoutMs);
for (const line of startupBanner(running, config)) console.log(line);
// A fresh embedded registry gets the demo fleet, so the web UI has something to show (HREG_DEMO=0: none).
if (running.firstTokenFile && config.demo && !config.databaseUrl) {
  const regulatorToken = readFileSync(running.firstTokenFile, 'utf8').trim();
  // Loaded only for a fresh registry: a server restarting on its data does not load the demo's modules.
  const { authenticate } = await import('./registry/participants/tokens.ts');
  const { registryDriver, seedDemo } = await import('./demo/demo.ts');
  console.log('  Seeding the demo fleet (28,000 robots; the registry answers meanwhile)…');
  const regulator = await authenticate(running.ctx, regulatorToken);
  void seedDemo(registryDriver(running.ctx, regulator))
    .then((demo) => {
      const file = join(config.dataDir, 'demo-tokens.json');
      const tokens = [{ role: 'regulator', name: regulator.name, token: regulatorToken }, ...demo.tokens];
      writeFileSync(file, JSON.stringify({ url: running.url, tokens, sampleCodes: demo.sampleCodes }, null, 2) + '\n', { mode: 0o600 });
      console.log(`  Demo fleet ready in ${(demo.ms / 1000).toFixed(1)} s: ${demo.robots} robots, ${demo.events} life events.`);
      console.log(`  Demo tokens (sign in at ${running.url}/signin) written to ${file}:`);
      for (const t of demo.tokens) console.log(`    ${t.role.padEnd(12)} ${t.name}: ${t.token}`);
      console.log(`    regulator    see ${file} (or ${running.firstTokenFile})`);
      console.log(`  Try: ${running.url}/r/${demo.sampleCodes[0]}`);
    })
    .catch((err: unknown) => console.error('demo seeding failed:', err));
}
