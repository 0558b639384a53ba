import { loadConfig } from './config.ts';
import { startServer } from './serve.ts';
import { startupBanner } from './startup-banner.ts';
import { isRegistryError } from './errors.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { authenticate } from './registry/participants/tokens.ts';
import { registryDriver, seedDemo } from './demo/demo.ts';

// `npm start`: run the registry on embedded PGlite in ./data (or DATABASE_URL),
// creating the first regulator on an empty registry.
const config = loadConfig();
const running = await startServer(config, { initIfEmpty: true }).catch((err: unknown) => {
  console.error(isRegistryError(err) ? `error: ${err.code}: ${err.message}` : err);
  process.exit(1);
});
for (const line of startupBanner(running, config)) console.log(line);
// A fresh embedded registry gets the demo fleet, so the web UI has something to show (HREG_DEMO=0: none).
if (running.firstTokenFile && config.demo && !config.databaseUrl) {
  const regulatorToken = readFileSync(running.firstTokenFile, 'utf8').trim();
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
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
