/**
 * Message: a catalogue key with the values its placeholders take, not yet
 * in any language. A refusal carries one so each reader gets it in theirs;
 * `english` renders it for logs and for `Error.message`.
 */
import type { en } from './messages/en/index.ts';
import type { MessageKey } from './catalogue.ts';
import { type MessageValues, translator } from './translator.ts';

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;

// An argument's name runs to its first comma ("{n, plural, ...}") or its closing brace.
type NameIn<Head extends string> = Trim<Head extends `${infer N},${string}` ? N : Head>;

// A plural or select option's text ("{# units}") is not an argument: it holds a space, '#' or '{'.
type Argument<S extends string> = S extends '' | `${string}${' ' | '#' | '{' | "'"}${string}` ? never : S;

/**
 * Placeholders are the argument names of an ICU message, read from its literal
 * type: each '{' starts a candidate whose name runs to ',' or '}'. An option
 * written as a single bare word ("{fields}") would be taken for an argument,
 * so options hold more than one word or a '#'.
 */
export type Placeholders<S extends string, Found = never> = S extends `${string}{${infer Rest}`
  ? Rest extends `${infer Head}}${string}`
    ? Placeholders<Rest, Found | Argument<NameIn<Head>>>
    : Found
  : Found;

/** ValuesOf is the values object a key's message needs: none, or one value per placeholder. */
export type ValuesOf<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [values: Record<Placeholders<(typeof en)[K]>, MessageValues[string]>];

/** Message is text the catalogue holds in every language, with its arguments. */
export class Message {
  readonly key: MessageKey;
  readonly values: MessageValues;

  constructor(key: MessageKey, values: MessageValues = {}) {
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

/** english renders a message in English (for logs, `Error.message` and scripts that read it). */
export function english(m: Message): string {
  return translator('en').t(m.key, m.values);
}
