/**
 * The registry's languages and how a reader's request picks one. Simplified
 * Chinese comes first; English sits beside it. The web UI falls back to
 * Chinese; the API falls back to English so scripts see no change. The
 * server reads Accept-Language in accept-language.ts, so this module (which
 * the browser bundles) carries no header parser.
 */
import { match } from '@formatjs/intl-localematcher';

/** LOCALES are the languages with a full message catalogue, Chinese first. */
export const LOCALES = ['zh-CN', 'en'] as const;

/** Locale is one of the registry's languages. */
export type Locale = (typeof LOCALES)[number];

/** UI_DEFAULT_LOCALE is what a page speaks when none of the reader's languages matches. */
export const UI_DEFAULT_LOCALE: Locale = 'zh-CN';

/** API_DEFAULT_LOCALE is what problem documents speak without Accept-Language. */
export const API_DEFAULT_LOCALE: Locale = 'en';

/** isLocale tells whether s names one of the registry's languages exactly. */
export function isLocale(s: unknown): s is Locale {
  return typeof s === 'string' && (LOCALES as readonly string[]).includes(s);
}

/** wellFormed keeps the BCP 47 tags Intl accepts (a reader's list may hold junk). */
function wellFormed(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    try {
      out.push(...Intl.getCanonicalLocales(tag));
    } catch {
      // not a language tag: skip it
    }
  }
  return out;
}

/**
 * matchLocale picks the registry language that best serves the reader's
 * languages, in their order of preference (RFC 4647 best fit over CLDR
 * likely subtags, so zh, zh-Hans and zh-SG find zh-CN, en-GB finds en).
 */
export function matchLocale(requested: readonly string[], fallback: Locale): Locale {
  const tags = wellFormed(requested);
  if (tags.length === 0) return fallback;
  const found = match(tags, LOCALES, fallback, { algorithm: 'best fit' });
  return isLocale(found) ? found : fallback;
}
