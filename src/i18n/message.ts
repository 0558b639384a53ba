/**
 * Message: a catalogue key with the values its placeholders take, not yet
 * in any language. A refusal carries one so each reader gets it in theirs;
 * `english` renders it for logs and for `Error.message`.
 */
import type { en } from './messages/en/index.ts';
import type { MessageKey } from './catalogue.ts';
import { type MessageValues, type Translator, translator } from './translator.ts';

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;

/*
 * Placeholders reads an ICU message's argument names from its literal type, a
 * small recursive-descent parser: literal text up to '{' or a closing '}', then
 * an argument — `{name}`, `{name, number}` or `{name, plural|select, key {text} ...}`
 * whose option texts are parsed as text again. Each returns what it found and
 * the rest of the message after it.
 */
type Text<S extends string, N> = S extends `${infer A}{${infer B}`
  ? A extends `${string}}${infer After}`
    ? [N, `${After}{${B}`]
    : Argument<B, N>
  : S extends `${string}}${infer After}`
    ? [N, After]
    : [N, ''];

type Argument<B extends string, N> = B extends `${infer Head}}${infer After}`
  ? Head extends `${infer Name},${infer Kind},${infer Options}`
    ? Trim<Kind> extends 'plural' | 'select' | 'selectordinal'
      ? Choices<`${Options}}${After}`, N | Trim<Name>>
      : Text<After, N | Trim<Name>>
    : Head extends `${infer Name},${string}`
      ? Text<After, N | Trim<Name>>
      : Text<After, N | Trim<Head>>
  : [N, ''];

// Choices reads `key {text} key {text} }` and goes on with the text after the closing '}'.
type Choices<S extends string, N> = S extends `${infer Key}{${infer Body}`
  ? Key extends `${string}}${infer After}`
    ? Text<`${After}{${Body}`, N>
    : Text<Body, N> extends [infer M, infer Rest extends string]
      ? Choices<Rest, M>
      : [N, '']
  : S extends `${string}}${infer After}`
    ? Text<After, N>
    : [N, ''];

/** Placeholders are the argument names of an ICU message, read from its literal type. */
export type Placeholders<S extends string> = Text<S, never>[0];

/** ValuesOf is the values object a key's message needs: none, or one value per placeholder. */
export type ValuesOf<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [values: Record<Placeholders<(typeof en)[K]>, Value>];

/**
 * Value is what a placeholder takes: a string, number or date, another message
 * (rendered in the same language), an API term or a list of values.
 */
export type Value = MessageValues[string] | Message | Term | List;

/** TermKind names a vocabulary of the lifecycle catalogue section whose words are API identifiers. */
export type TermKind = 'status' | 'event' | 'role' | 'party' | 'modelStatus' | 'accessReason';

/**
 * Term is an API identifier (a status, an event type, a role) inside a sentence. English
 * keeps the identifier as the API spells it, so scripts reading English details see no
 * change; other languages show the catalogue's word for it (`lifecycle.<kind>.<id>`).
 */
export class Term {
  constructor(
    readonly kind: TermKind,
    readonly id: string,
  ) {}
}

/**
 * List is several values in a sentence. English joins them with `separator` as the
 * API always has; other languages join them their own way (Intl.ListFormat: 、和 / 或).
 */
export class List {
  constructor(
    readonly items: readonly Value[],
    readonly type: 'conjunction' | 'disjunction',
    readonly separator: string,
  ) {}
}

/** term names an API identifier inside a message. */
export const term = (kind: TermKind, id: string): Term => new Term(kind, id);

/** anyOf lists alternatives ("a or b" in English, "a或b" in Chinese). */
export const anyOf = (items: readonly Value[]): List => new List(items, 'disjunction', ' or ');

/** oneOf lists the choices of "one of" ("a, b" in English as the API always said, "a或b" in Chinese). */
export const oneOf = (items: readonly Value[]): List => new List(items, 'disjunction', ', ');

/** allOf lists items together ("a, b" in English, "a、b" in Chinese). */
export const allOf = (items: readonly Value[]): List => new List(items, 'conjunction', ', ');

/** Message is text the catalogue holds in every language, with its arguments. */
export class Message {
  readonly key: MessageKey;
  readonly values: Readonly<Record<string, Value>>;

  constructor(key: MessageKey, values: Readonly<Record<string, Value>> = {}) {
    this.key = key;
    this.values = values;
  }
}

/** msg names a message and its values; the compiler checks the key and that every placeholder gets a value. */
export function msg<K extends MessageKey>(key: K, ...values: ValuesOf<K>): Message {
  return new Message(key, values[0] ?? {});
}

/** isMessage tells a Message from plain text. */
export function isMessage(x: unknown): x is Message {
  return x instanceof Message;
}

/** renderValue renders one placeholder's value in t's language. */
function renderValue(t: Translator, v: Value): MessageValues[string] {
  if (isMessage(v)) return renderIn(t, v);
  if (v instanceof Term) {
    const key = `lifecycle.${v.kind}.${v.id}`;
    return t.locale === 'en' || !t.has(key) ? v.id : t.t(key);
  }
  if (v instanceof List) {
    const items = v.items.map((item) => String(renderValue(t, item)));
    return t.locale === 'en' ? items.join(v.separator) : t.list(items, v.type);
  }
  return v;
}

/** renderIn renders a message, and any message, term or list among its values, in t's language. */
export function renderIn(t: Translator, m: Message): string {
  const values: MessageValues = {};
  for (const [k, v] of Object.entries(m.values)) values[k] = renderValue(t, v);
  return t.t(m.key, values);
}

/** english renders a message in English (for logs, `Error.message` and scripts that read it). */
export function english(m: Message): string {
  return renderIn(translator('en'), m);
}
