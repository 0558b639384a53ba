import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { localeOfEnvironment } from './i18n/environment.ts';
import type { Locale } from './i18n/locale.ts';

/** Config is the registry's checked configuration; config.ts is the only reader of process.env. */
export interface Config {
  /** dataDir holds the embedded database (when databaseUrl is unset) and the log signing key. */
  dataDir: string;
  /** databaseUrl selects PostgreSQL; undefined selects embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  /** origin is the log's name in its checkpoints (C2SP tlog-checkpoint origin line). */
  origin: string;
  logLevel: string;
  /** allowUnsafeDurability starts on a PostgreSQL with fsync or synchronous_commit off. */
  allowUnsafeDurability: boolean;
  /** publicRateLimit is the requests per minute one client may make to public endpoints. */
  publicRateLimit: number;
  /** natsUrl, when set, publishes every event to JetStream (stream HREG_EVENTS). */
  natsUrl: string | undefined;
  /** webhooks tunes the webhook dispatcher. */
  webhooks: WebhookTuning;
  /** demo seeds the demo fleet when `npm start` finds an empty embedded registry (HREG_DEMO=0 disables it). */
  demo: boolean;
  /** publicUrl is the base URL printed in nameplate QR codes (HREG_PUBLIC_URL); unset, each request's own origin. */
  publicUrl: string | undefined;
}

/** WebhookTuning is the dispatcher's timing (polling, request timeout, retry backoff) and the internal targets it may reach. */
export interface WebhookTuning {
  pollMs: number;
  timeoutMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  maxAttempts: number;
  /** targets: HREG_WEBHOOK_ALLOW_PRIVATE=1 allows every internal address, HREG_WEBHOOK_ALLOW_CIDRS a comma-separated list of ranges. */
  targets: { allowPrivate: boolean; allowCidrs: string[] };
}

/** ConfigOverrides are the values command-line flags may set. */
export type ConfigOverrides = Partial<Pick<Config, 'dataDir' | 'databaseUrl' | 'host' | 'port'>>;

function intFrom(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function cidrsFrom(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((cidr) => {
      const [, address, prefix] = /^([^/]+)\/(\d{1,3})$/.exec(cidr) ?? [];
      const family = address === undefined ? 0 : isIP(address);
      if (family === 0 || Number(prefix) > (family === 4 ? 32 : 128)) {
        throw new Error(`HREG_WEBHOOK_ALLOW_CIDRS must be comma-separated address/prefix ranges (10.0.0.0/8, fd00::/8), got "${cidr}"`);
      }
      return cidr;
    });
}

function publicUrlFrom(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`HREG_PUBLIC_URL must be an http(s) URL, got "${raw}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`HREG_PUBLIC_URL must be an http(s) URL, got "${raw}"`);
  return u.toString().replace(/\/+$/, '');
}

/** loadConfig reads the environment, applies overrides and checks every value. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const port = overrides.port ?? intFrom('PORT', env.PORT, 8080, 0, 65535);
  return {
    dataDir: resolve(overrides.dataDir ?? env.HREG_DATA ?? './data'),
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || undefined),
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port,
    origin: env.HREG_ORIGIN ?? 'humanoid-registry.local/log',
    logLevel: env.LOG_LEVEL ?? 'info',
    allowUnsafeDurability: env.HREG_ALLOW_UNSAFE_DURABILITY === '1',
    publicRateLimit: intFrom('HREG_PUBLIC_RATE_LIMIT', env.HREG_PUBLIC_RATE_LIMIT, 600, 1, 10_000_000),
    natsUrl: env.NATS_URL || undefined,
    demo: env.HREG_DEMO !== '0',
    publicUrl: publicUrlFrom(env.HREG_PUBLIC_URL),
    webhooks: {
      pollMs: intFrom('HREG_WEBHOOK_POLL_MS', env.HREG_WEBHOOK_POLL_MS, 500, 10, 60_000),
      timeoutMs: intFrom('HREG_WEBHOOK_TIMEOUT_MS', env.HREG_WEBHOOK_TIMEOUT_MS, 5_000, 100, 60_000),
      backoffBaseMs: intFrom('HREG_WEBHOOK_BACKOFF_BASE_MS', env.HREG_WEBHOOK_BACKOFF_BASE_MS, 1_000, 1, 3_600_000),
      backoffCapMs: intFrom('HREG_WEBHOOK_BACKOFF_CAP_MS', env.HREG_WEBHOOK_BACKOFF_CAP_MS, 3_600_000, 1, 86_400_000),
      maxAttempts: intFrom('HREG_WEBHOOK_MAX_ATTEMPTS', env.HREG_WEBHOOK_MAX_ATTEMPTS, 15, 1, 100),
      targets: { allowPrivate: env.HREG_WEBHOOK_ALLOW_PRIVATE === '1', allowCidrs: cidrsFrom(env.HREG_WEBHOOK_ALLOW_CIDRS) },
    },
  };
}

/** CliDefaults are the `hreg` client's defaults: the registry's base URL, a bearer token and the language it speaks. */
export interface CliDefaults {
  url: string;
  token: string | undefined;
  /** locale is the language of help, tables and messages; --lang overrides it. */
  locale: Locale;
}

/** DEFAULT_CLI_URL is where `hreg` looks for the registry when neither --url nor HREG_URL says. */
export const DEFAULT_CLI_URL = 'http://127.0.0.1:8080';

/** cliDefaults reads HREG_URL, HREG_TOKEN and the language (HREG_LANG, LC_ALL, LC_MESSAGES, LANG) for the `hreg` client; flags override them. */
export function cliDefaults(env: NodeJS.ProcessEnv = process.env): CliDefaults {
  return { url: env.HREG_URL || DEFAULT_CLI_URL, token: env.HREG_TOKEN || undefined, locale: localeOfEnvironment(env) };
}
