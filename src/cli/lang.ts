/**
 * The language `hreg` speaks to people: chosen once per run from the
 * environment (see i18n/environment.ts) or --lang, English unless told.
 * Help, tables, notes and error lines go through it; --json never does
 * (scripts get English keys and raw values).
 */
import type { MessageKey } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { isMessage, type Message, msg, renderIn, type ValuesOf } from '../i18n/message.ts';
import { type Translator, translator } from '../i18n/translator.ts';

/** Text is words the catalogue holds in every language: a key without arguments, or a message with them. */
export type Text = MessageKey | Message;

let current: Translator = translator('en');

/** speak sets the language for the rest of the run. */
export function speak(locale: Locale): void {
  current = translator(locale);
}

/** tr is the run's translator (numbers, dates, lists). */
export function tr(): Translator {
  return current;
}

/** say renders text in the run's language. */
export function say(text: Text): string {
  return isMessage(text) ? renderIn(current, text) : current.t(text);
}

/** t renders one message in the run's language; the compiler checks the key and its arguments. */
export function t<K extends MessageKey>(key: K, ...values: ValuesOf<K>): string {
  return renderIn(current, msg(key, ...values));
}

/**
 * word says a value from the API (a status, an event type) in the run's language
 * through the catalogue, e.g. word('lifecycle.status', 'in_use') is 使用中 in
 * Chinese. English keeps the API's own value (in_use), as `hreg` always printed
 * it and as the docs and people's scripts know it; a value the catalogue has no
 * words for is shown as it came.
 */
export function word(prefix: string, value: string | null | undefined): string | null | undefined {
  if (value === null || value === undefined || current.locale === 'en') return value;
  const key = `${prefix}.${value}`;
  return current.has(key) ? current.t(key) : value;
}
