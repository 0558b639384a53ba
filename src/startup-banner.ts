import type { Config } from './config.ts';
import { regulatorTokenPath, type Running } from './serve.ts';

/** startupBanner is what `npm start` and `hreg serve` print once the registry listens: where it is, and where the first token went. */
export function startupBanner(running: Pick<Running, 'url' | 'firstTokenFile'>, config: Config): string[] {
  const { url, firstTokenFile } = running;
  const engine = config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
  return [
    `Humanoid Registry listening on ${url} (${engine})`,
    `  API docs:        ${url}/docs`,
    `  Web:             ${url}/  (verify, passport, dashboard, portal)`,
    `  Verify a code:   ${url}/v1/verify/<code>  or  hreg verify <code> --url ${url}`,
    firstTokenFile
      ? `  First regulator token written to ${firstTokenFile} (shown nowhere else; keep it secret)`
      : `  Regulator token: see ${regulatorTokenPath(config)} from the first start, or ask the regulator`,
  ];
}
