import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { choiceSetting, ConfigError, flagSetting, integerSetting, logNameSetting, secretFileSetting, urlSetting } from './config-checks.ts';
import { msg } from './i18n/message.ts';
import { localeOfEnvironment } from './i18n/environment.ts';
import type { Locale } from './i18n/locale.ts';
import { parseDeadlines, type DeadlineRule } from './lifecycle/deadlines.ts';
import { DEFAULT_REPORT_POLICY, type ReportPolicy } from './report/policy.ts';

/** Config is the registry's checked configuration; config.ts is the only reader of process.env. */
export interface Config {
  /** dataDir holds the embedded database (when databaseUrl is unset) and the log signing key. */
  dataDir: string;
  /** databaseUrl selects PostgreSQL; undefined selects embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  /** replicaUrls are streaming replicas of databaseUrl that answer public reads (DATABASE_REPLICA_URLS, comma-separated). */
  replicaUrls: string[];
  /** replicaMaxLagMs is the staleness bound: a replica further behind leaves the read set (HREG_REPLICA_MAX_LAG_MS). */
  replicaMaxLagMs: number;
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
  /** shutdownTimeoutMs bounds a graceful shutdown: past it, the process exits anyway (HREG_SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number;
  /** metricsToken, read from the file HREG_METRICS_TOKEN_FILE names, is the bearer token /metrics asks for; unset, only loopback callers may read it. */
  metricsToken: string | undefined;
  /** deadlines are reporting-deadline rows that go before the defaults (HREG_DEADLINES, JSON; docs/api.md, Reporting deadlines). */
  deadlines: DeadlineRule[];
  /** reportPolicy is public reports' flood guard (HREG_REPORT_POW_BITS, HREG_REPORTS_PER_ADDRESS, HREG_REPORTS_PER_ROBOT; per hour). */
  reportPolicy: ReportPolicy;
}

/** LOG_LEVELS are the levels LOG_LEVEL may name (pino's). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

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
  return integerSetting(name, raw, fallback, min, max);
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
        throw new ConfigError(msg('config.cidrs', { name: 'HREG_WEBHOOK_ALLOW_CIDRS', value: cidr }));
      }
      return cidr;
    });
}

function publicUrlFrom(raw: string | undefined): string | undefined {
  const u = urlSetting('HREG_PUBLIC_URL', raw, ['http', 'https']);
  return u?.toString().replace(/\/+$/, '');
}

/** replicaUrlsFrom checks DATABASE_REPLICA_URLS: PostgreSQL URLs, and only beside a PostgreSQL primary. */
function replicaUrlsFrom(raw: string | undefined, primary: string | undefined): string[] {
  const urls = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (urls.length > 0 && !primary) throw new ConfigError(msg('config.replicasNeedPrimary'));
  for (const url of urls) urlSetting('DATABASE_REPLICA_URLS', url, POSTGRES_SCHEMES);
  return urls;
}

/** checkedUrl is raw, unchanged, once it reads as a URL with one of the schemes (undefined when unset). */
function checkedUrl(name: string, raw: string | undefined, schemes: readonly string[]): string | undefined {
  return urlSetting(name, raw, schemes) && raw;
}

/** POSTGRES_SCHEMES are the schemes of a PostgreSQL connection URL. */
const POSTGRES_SCHEMES = ['postgres', 'postgresql'];

/** deadlinesFrom reads HREG_DEADLINES: a JSON array of deadline rows placed before the defaults (none when unset). */
function deadlinesFrom(raw: string | undefined): DeadlineRule[] {
  if (!raw) return [];
  try {
    return parseDeadlines(raw);
  } catch (err) {
    throw new ConfigError(msg('config.deadlines', { reason: (err as Error).message }));
  }
}

/** loadConfig reads the environment, applies overrides and checks every value. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const port = overrides.port ?? intFrom('PORT', env.PORT, 8080, 0, 65535);
  return {
    dataDir: resolve(overrides.dataDir ?? env.HREG_DATA ?? './data'),
    databaseUrl: checkedUrl('DATABASE_URL', overrides.databaseUrl ?? env.DATABASE_URL, POSTGRES_SCHEMES),
    replicaUrls: replicaUrlsFrom(env.DATABASE_REPLICA_URLS, overrides.databaseUrl ?? (env.DATABASE_URL || undefined)),
    replicaMaxLagMs: intFrom('HREG_REPLICA_MAX_LAG_MS', env.HREG_REPLICA_MAX_LAG_MS, 5_000, 100, 600_000),
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port,
    origin: logNameSetting('HREG_ORIGIN', env.HREG_ORIGIN, 'humanoid-registry.local/log'),
    logLevel: choiceSetting('LOG_LEVEL', env.LOG_LEVEL, LOG_LEVELS, 'info'),
    allowUnsafeDurability: flagSetting('HREG_ALLOW_UNSAFE_DURABILITY', env.HREG_ALLOW_UNSAFE_DURABILITY, false),
    publicRateLimit: intFrom('HREG_PUBLIC_RATE_LIMIT', env.HREG_PUBLIC_RATE_LIMIT, 600, 1, 10_000_000),
    natsUrl: checkedUrl('NATS_URL', env.NATS_URL, ['nats', 'tls', 'ws', 'wss']),
    demo: flagSetting('HREG_DEMO', env.HREG_DEMO, true),
    shutdownTimeoutMs: intFrom('HREG_SHUTDOWN_TIMEOUT_MS', env.HREG_SHUTDOWN_TIMEOUT_MS, 10_000, 100, 600_000),
    metricsToken: secretFileSetting('HREG_METRICS_TOKEN_FILE', env.HREG_METRICS_TOKEN_FILE),
    publicUrl: publicUrlFrom(env.HREG_PUBLIC_URL),
    deadlines: deadlinesFrom(env.HREG_DEADLINES),
    reportPolicy: {
      powBits: intFrom('HREG_REPORT_POW_BITS', env.HREG_REPORT_POW_BITS, DEFAULT_REPORT_POLICY.powBits, 0, 32),
      perAddressPerHour: intFrom(
        'HREG_REPORTS_PER_ADDRESS',
        env.HREG_REPORTS_PER_ADDRESS,
        DEFAULT_REPORT_POLICY.perAddressPerHour,
        1,
        100_000,
      ),
      perCodePerHour: intFrom('HREG_REPORTS_PER_ROBOT', env.HREG_REPORTS_PER_ROBOT, DEFAULT_REPORT_POLICY.perCodePerHour, 1, 100_000),
    },
    webhooks: {
      pollMs: intFrom('HREG_WEBHOOK_POLL_MS', env.HREG_WEBHOOK_POLL_MS, 500, 10, 60_000),
      timeoutMs: intFrom('HREG_WEBHOOK_TIMEOUT_MS', env.HREG_WEBHOOK_TIMEOUT_MS, 5_000, 100, 60_000),
      backoffBaseMs: intFrom('HREG_WEBHOOK_BACKOFF_BASE_MS', env.HREG_WEBHOOK_BACKOFF_BASE_MS, 1_000, 1, 3_600_000),
      backoffCapMs: intFrom('HREG_WEBHOOK_BACKOFF_CAP_MS', env.HREG_WEBHOOK_BACKOFF_CAP_MS, 3_600_000, 1, 86_400_000),
      maxAttempts: intFrom('HREG_WEBHOOK_MAX_ATTEMPTS', env.HREG_WEBHOOK_MAX_ATTEMPTS, 15, 1, 100),
      targets: {
        allowPrivate: flagSetting('HREG_WEBHOOK_ALLOW_PRIVATE', env.HREG_WEBHOOK_ALLOW_PRIVATE, false),
        allowCidrs: cidrsFrom(env.HREG_WEBHOOK_ALLOW_CIDRS),
      },
    },
  };
}

/** operatorLocale is the language the server's own lines (a refusal to start) are written in: HREG_LANG, LC_ALL, LC_MESSAGES, LANG. */
export function operatorLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  return localeOfEnvironment(env);
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
