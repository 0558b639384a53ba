/**
 * Which language a command-line tool speaks, read from its environment the
 * way POSIX tools read theirs: an explicit HREG_LANG first, then LC_ALL,
 * LC_MESSAGES and LANG in that order. The first one set decides; a locale the
 * registry has no catalogue for (or C/POSIX) means English, so scripts that
 * set nothing see no change.
 */
import { type Locale, matchLocale } from './locale.ts';

/** CLI_DEFAULT_LOCALE is what the CLI speaks when its environment names no language it has. */
export const CLI_DEFAULT_LOCALE: Locale = 'en';

/** LOCALE_VARIABLES are the environment variables read, in order of precedence. */
export const LOCALE_VARIABLES = ['HREG_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG'] as const;

/**
 * languageTagOf turns a POSIX locale name (`zh_CN.UTF-8`, `en_US@euro`) into a
 * BCP 47 tag (`zh-CN`, `en-US`); C and POSIX, which name no language, give undefined.
 */
export function languageTagOf(posix: string): string | undefined {
  const name = posix.trim().replace(/[.@].*$/, '');
  if (name === '' || name === 'C' || name === 'POSIX') return undefined;
  return name.replaceAll('_', '-');
}

/** localeOfEnvironment picks the CLI's language from env (HREG_LANG, LC_ALL, LC_MESSAGES, LANG). */
export function localeOfEnvironment(env: Readonly<Record<string, string | undefined>>): Locale {
  const value = LOCALE_VARIABLES.map((v) => env[v]).find((v) => v !== undefined && v.trim() !== '');
  if (value === undefined) return CLI_DEFAULT_LOCALE;
  const tag = languageTagOf(value);
  return tag === undefined ? CLI_DEFAULT_LOCALE : matchLocale([tag], CLI_DEFAULT_LOCALE);
}

/** localeOfName reads a language a user named (`--lang zh-CN`, `zh`, `en_US.UTF-8`), or undefined if the registry has none for it. */
export function localeOfName(name: string): Locale | undefined {
  const tag = languageTagOf(name);
  if (tag === undefined) return undefined;
  // Matching against two different fallbacks tells a real match from a fallback.
  const a = matchLocale([tag], 'en');
  return a === matchLocale([tag], 'zh-CN') ? a : undefined;
}
