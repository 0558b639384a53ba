import { usageError } from './cli-error.ts';
import { msg } from '../i18n/message.ts';
import { t, type Text } from './lang.ts';

/** FlagSpec describes one command-line flag for parsing and for --help. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  /** multiple lets the flag repeat; its value is then a list. */
  multiple?: boolean;
  short?: string;
  /** value names the flag's argument in --help, e.g. FILE. */
  value?: string;
  /** required flags are checked together before the command runs. */
  required?: boolean;
  description: Text;
}

/** FlagSpecs maps flag names (without dashes) to their specs. */
export type FlagSpecs = Record<string, FlagSpec>;

/** COMMON_FLAGS are on every command: --json and --help. */
export const COMMON_FLAGS: FlagSpecs = {
  json: { type: 'boolean', description: 'cli.flag.json' },
  help: { type: 'boolean', short: 'h', description: 'cli.flag.help' },
};

/** URL_FLAG points a command at the registry. */
export const URL_FLAG: FlagSpec = { type: 'string', value: 'URL', description: 'cli.flag.url' };

/** CLIENT_FLAGS are on every command that calls the registry's HTTP API. */
export const CLIENT_FLAGS: FlagSpecs = {
  url: URL_FLAG,
  token: { type: 'string', value: 'TOKEN', description: 'cli.flag.token' },
  ...COMMON_FLAGS,
};

/** PUBLIC_CLIENT_FLAGS are on public commands, which send no token. */
export const PUBLIC_CLIENT_FLAGS: FlagSpecs = {
  url: URL_FLAG,
  ...COMMON_FLAGS,
};

/** LOCAL_FLAGS are on commands that open the registry's database directly. */
export const LOCAL_FLAGS: FlagSpecs = {
  data: { type: 'string', value: 'DIR', description: 'cli.flag.data' },
  'database-url': { type: 'string', value: 'URL', description: 'cli.flag.databaseUrl' },
  ...COMMON_FLAGS,
};

/** PAGE_LIMIT_MAX is the largest page a list command may ask for (the registry's hard cap). */
export const PAGE_LIMIT_MAX = 500;

/** LIMIT_FLAG is a list command's --limit. */
export const LIMIT_FLAG: FlagSpec = { type: 'string', value: 'N', description: msg('cli.flag.limit', { max: PAGE_LIMIT_MAX }) };

/**
 * pageFlags are a list command's --limit and --after; value and description say what
 * its cursor holds (default: the `next` value the previous page printed).
 */
export function pageFlags(value = 'CURSOR', description: Text = 'cli.flag.after'): FlagSpecs {
  return { limit: LIMIT_FLAG, after: { type: 'string', value, description } };
}

/** FlagValues are parsed flag values as node:util parseArgs returns them. */
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Flags reads parsed flag values, turning every bad value into a usage error that names the flag. */
export class Flags {
  constructor(private readonly values: FlagValues) {}

  /** string is a string flag's value, if given. */
  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  /** required is a string flag's value, or a usage error when it is missing or empty. */
  required(name: string): string {
    const v = this.string(name);
    if (v === undefined || v.trim() === '') throw usageError(t('cli.usage.required', { flag: `--${name}` }));
    return v;
  }

  /** bool is a boolean flag's value. */
  bool(name: string): boolean {
    return this.values[name] === true;
  }

  /** all is a repeatable flag's values, in order. */
  all(name: string): string[] {
    const v = this.values[name];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  /** list is a comma-separated flag's items, trimmed, without empties. */
  list(name: string): string[] | undefined {
    const v = this.string(name);
    return v === undefined
      ? undefined
      : v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  }

  /** int is an integer flag within [min, max], if given. */
  int(name: string, min: number, max: number): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < min || n > max)
      throw usageError(t('cli.usage.integer', { flag: `--${name}`, min, max, value: v }));
    return n;
  }

  /** limit is the --limit of a list command, if given. */
  limit(): number | undefined {
    return this.int('limit', 1, PAGE_LIMIT_MAX);
  }

  /** number is a finite number flag, if given. */
  number(name: string): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw usageError(t('cli.usage.number', { flag: `--${name}`, value: v }));
    return n;
  }
}
