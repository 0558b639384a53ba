/**
 * The page's language: the reader's stored choice, else their browser's
 * languages, else Simplified Chinese. Every text on a page comes from the
 * registry's catalogues (src/i18n) through the translator of this language.
 */
import type { MessageKey } from '../src/i18n/catalogue.ts';
import { isLocale, type Locale, matchLocale, UI_DEFAULT_LOCALE } from '../src/i18n/locale.ts';
import { type Message, renderIn } from '../src/i18n/message.ts';
import { type MessageValues, type Translator, translator } from '../src/i18n/translator.ts';

/** LOCALE_KEY is where an explicit choice of language is remembered (localStorage); nothing is stored until the reader chooses. */
export const LOCALE_KEY = 'hreg.locale';

function storedLocale(): Locale | undefined {
  try {
    const s = localStorage.getItem(LOCALE_KEY);
    return isLocale(s) ? s : undefined;
  } catch {
    return undefined; // storage blocked: follow the browser
  }
}

/** preferredLocale is the stored choice, else the best match for the browser's languages, else zh-CN. */
export function preferredLocale(): Locale {
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  return storedLocale() ?? matchLocale(langs, UI_DEFAULT_LOCALE);
}

let current: Translator = translator(preferredLocale());

/** tr is the translator for the page's language. */
export const tr = (): Translator => current;

/** locale is the page's language. */
export const locale = (): Locale => current.locale;

/** say renders a catalogue message (or passes fixed text through) in the page's language. */
export const say = (m: Message | string): string => (typeof m === 'string' ? m : renderIn(current, m));

/** t formats a message in the page's language. */
export const t = (key: MessageKey, values?: MessageValues): string => current.t(key, values);

/** useLocale makes l the page's language (and <html lang>); remember stores it as the reader's choice. */
export function useLocale(l: Locale, remember = false): void {
  current = translator(l);
  document.documentElement.lang = l;
  if (remember) {
    try {
      localStorage.setItem(LOCALE_KEY, l);
    } catch {
      // storage blocked: the choice lasts for this page only
    }
  }
}

/** Vocabulary names a section of lifecycle words keyed by the API's values. */
export type Vocabulary =
  | 'status'
  | 'statusLong'
  | 'event'
  | 'role'
  | 'modelStatus'
  | 'recallKind'
  | 'recallState'
  | 'recallSeverity'
  | 'remedy'
  | 'remedyState'
  | 'serviceKind'
  | 'incidentSeverity'
  | 'incidentKind'
  | 'marketAccess'
  | 'componentState'
  | 'component'
  | 'domain'
  | 'brand'
  | 'revisionStatus';

/** term says an API value (a status, an event type, a role …) in words; a value without words is shown spaced out as given. */
export function term(vocabulary: Vocabulary, value: string): string {
  const key = `lifecycle.${vocabulary}.${value}`;
  return current.has(key) ? current.t(key) : value.replace(/_/g, ' ');
}

/** Named is anything with an official (Chinese) name and perhaps an English one. */
export interface Named {
  name: string;
  nameEn?: string | null;
}

/** nameOf is the name to show: the official name in Chinese, the English name (when there is one) in English. */
export const nameOf = (n: Named): string => (current.locale === 'en' && n.nameEn ? n.nameEn : n.name);

/** num formats a number for the reader. */
export const num = (n: number): string => current.number(n);

/** day shows a date (an ISO timestamp or YYYY-MM-DD) in the reader's way, in UTC. */
export const day = (iso: string): string =>
  current.date(iso.length === 10 ? `${iso}T00:00:00Z` : iso, { timeZone: 'UTC', dateStyle: 'medium' });

/** month shows a YYYY-MM month in the reader's way. */
export const month = (ym: string): string => current.date(`${ym}-01T00:00:00Z`, { timeZone: 'UTC', year: 'numeric', month: 'short' });

/** minute shows an ISO timestamp to the minute, in UTC, saying so. */
export const minute = (iso: string): string =>
  current.t('web.utc', {
    time: current.date(iso, { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }),
  });

/** gap is the space between two sentences set side by side: one in English, none in Chinese. */
export const gap = (): string => (current.locale === 'en' ? ' ' : '');
