/**
 * Translator: one per language, over the message catalogues. Messages are
 * ICU MessageFormat (plurals, selects, number and date arguments), formatted
 * by FormatJS on the platform's Intl; numbers, dates and lists use Intl too.
 */
import { createIntl, createIntlCache, type FormatNumberOptions, type IntlShape } from '@formatjs/intl';
import { CATALOGUES, type MessageKey } from './catalogue.ts';
import type { Locale } from './locale.ts';

/** MessageValues are the arguments a message's placeholders take. */
export type MessageValues = Record<string, string | number | Date | boolean | null | undefined>;

/** Translator speaks one language. */
export interface Translator {
  readonly locale: Locale;
  /** t formats the message under key with its arguments. */
  t(key: MessageKey, values?: MessageValues): string;
  /** number formats n for the reader (grouping, decimals, percent). */
  number(n: number, options?: FormatNumberOptions): string;
  /** date formats a date or ISO timestamp for the reader. */
  date(d: Date | string | number, options?: Intl.DateTimeFormatOptions): string;
  /** list joins items the reader's way ("a, b and c" / "a、b和c"). */
  list(items: readonly string[], type?: 'conjunction' | 'disjunction' | 'unit'): string;
  /** has tells whether key is in the catalogue (for keys built from data, e.g. a status). */
  has(key: string): key is MessageKey;
}

const cache = createIntlCache();
const made = new Map<Locale, Translator>();

function build(locale: Locale): Translator {
  const intl: IntlShape<string> = createIntl(
    {
      locale,
      messages: CATALOGUES[locale],
      onError: (err) => {
        throw err;
      },
    },
    cache,
  );
  const messages: Record<string, string> = CATALOGUES[locale];
  return {
    locale,
    t: (key, values) => intl.formatMessage({ id: key }, values as Record<string, string | number | Date>) as string,
    number: (n, options) => intl.formatNumber(n, options),
    date: (d, options) => intl.formatDate(typeof d === 'string' ? new Date(d) : d, options),
    list: (items, type = 'conjunction') => intl.formatList(items, { type }) as string,
    has: (key): key is MessageKey => Object.hasOwn(messages, key),
  };
}

/** translator returns the (cached) translator for locale. */
export function translator(locale: Locale): Translator {
  let t = made.get(locale);
  if (!t) {
    t = build(locale);
    made.set(locale, t);
  }
  return t;
}
