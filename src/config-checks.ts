/**
 * The checks config.ts applies to each environment variable. A bad value throws a
 * ConfigError whose reason is a catalogue message, so the server stops with one line in
 * the operator's language (docs/operations.md, Configuration). Secrets (a database URL's
 * password, a token) are never repeated in the line.
 */
import { readFileSync } from 'node:fs';
import { english, type Message, msg } from './i18n/message.ts';

/** ConfigError is an invalid configuration: reason says which variable and why, in any language. */
export class ConfigError extends Error {
  readonly reason: Message;

  constructor(reason: Message) {
    super(english(reason));
    this.name = 'ConfigError';
    this.reason = reason;
  }
}

/** isConfigError tells an invalid configuration from other failures at start. */
export function isConfigError(err: unknown): err is ConfigError {
  return err instanceof ConfigError;
}

/** integerSetting reads an integer from min to max, or fallback when unset. */
export function integerSetting(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\s*-?\d+\s*$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new ConfigError(msg('config.integer', { name, min, max, value: raw }));
  return n;
}

/** flagSetting reads a switch written 1 (on) or 0 (off), or fallback when unset. */
export function flagSetting(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1' || raw === '0') return raw === '1';
  throw new ConfigError(msg('config.flag', { name, value: raw }));
}

/** choiceSetting reads one of the allowed words, or fallback when unset. */
export function choiceSetting<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(msg('config.choice', { name, value: raw, allowed: allowed.join(', ') }));
}

/** urlSetting reads a URL with one of the schemes (without the colon), or undefined when unset; the value is not echoed, it may hold a password. */
export function urlSetting(name: string, raw: string | undefined, schemes: readonly string[]): URL | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {}
  if (url === undefined || !schemes.includes(url.protocol.slice(0, -1)))
    throw new ConfigError(msg('config.url', { name, schemes: schemes.map((s) => `${s}://`).join(', ') }));
  return url;
}

/** MIN_SECRET_LENGTH is the shortest bearer secret a file may hold (16 characters). */
export const MIN_SECRET_LENGTH = 16;

/** secretFileSetting reads a secret from the file the variable names (its first line), or undefined when unset. */
export function secretFileSetting(name: string, path: string | undefined): string | undefined {
  if (path === undefined || path === '') return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(msg('config.file', { name, path, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
  }
  const secret = (text.split('\n')[0] ?? '').trim();
  if (secret.length < MIN_SECRET_LENGTH) throw new ConfigError(msg('config.shortSecret', { name, path, min: MIN_SECRET_LENGTH }));
  return secret;
}

/** logNameSetting reads the log's origin line: printable, without spaces (C2SP tlog-checkpoint). */
export function logNameSetting(name: string, raw: string | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  if (!/^[\x21-\x7e]+$/.test(raw)) throw new ConfigError(msg('config.origin', { name, value: raw }));
  return raw;
}
