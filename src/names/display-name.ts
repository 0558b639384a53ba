/**
 * Names of participants and models as the registry keeps and shows them
 * (issue #13): an official name in any script, Chinese in practice, and an
 * optional English or pinyin name. A name is text from outside that every
 * reader of a passport, a label or a verification sees, so it must display as
 * what it is and must not pass for another organisation's name. Pure.
 */
import { canonicalText } from '../component/part-identity.ts';
import { RegistryError } from '../errors.ts';
import { type Message, msg } from '../i18n/message.ts';

// Bidirectional controls (UTR #9: LRE…RLO, LRI…PDI, LRM, RLM, ALM) reorder
// what a reader sees; they are Cf, listed here for the message.
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;

// A zero-width joiner is part of an emoji ZWJ sequence (UTS #51: 👩‍🔬, 🏳️‍🌈)
// when it joins two pictographs, each perhaps with a variation selector or a
// skin-tone modifier; anywhere else it is invisible.
const EMOJI_ZWJ = /(?<=\p{Extended_Pictographic}[\ufe0f\u{1f3fb}-\u{1f3ff}]?)\u200d(?=\p{Extended_Pictographic})/gu;

// Controls, format characters (zero-width spaces and joiners, bidi controls,
// soft hyphen, BOM, tags), line and paragraph separators, private-use and
// unassigned code points, and the other default-ignorables (Hangul fillers)
// never show as themselves. Variation selectors 15 and 16 choose text or
// emoji presentation and stay.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}]/u;
const PRESENTATION = /[\ufe0e\ufe0f]/gu;

// A word is a run of letters, marks and digits; Latin, Cyrillic and Greek
// share look-alike letters, so two of them in one word spoof a third's name.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LOOKALIKE_SCRIPTS = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
] as const;

/** unsafe throws the problem for a refused name, naming the field and what is wrong with it. */
function unsafe(field: string, detail: Message, message: string): never {
  throw new RegistryError('UNSAFE_NAME', detail, { errors: [{ field, message }] });
}

const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * displayName is a name as the registry stores and shows it: NFC, trimmed.
 * It refuses (UNSAFE_NAME) an empty name, one holding a bidirectional
 * control, an invisible, control or unassigned character (a ZWJ inside an
 * emoji sequence excepted), and one mixing Latin, Cyrillic or Greek letters
 * inside a word. Chinese with Latin ("优必选UBTECH") and emoji are allowed.
 */
export function displayName(raw: string, field = 'body.name'): string {
  const name = raw.normalize('NFC').trim();
  if (name === '') unsafe(field, msg('problem.names.empty'), 'empty');
  const bidi = BIDI.exec(name);
  if (bidi) {
    unsafe(field, msg('problem.names.bidi', { char: codePoint(bidi[0]) }), `bidirectional control ${codePoint(bidi[0])}`);
  }
  const hidden = INVISIBLE.exec(name.replace(EMOJI_ZWJ, '').replace(PRESENTATION, ''));
  if (hidden) {
    unsafe(field, msg('problem.names.invisible', { char: codePoint(hidden[0]) }), `invisible or control character ${codePoint(hidden[0])}`);
  }
  for (const [word] of name.matchAll(WORD)) {
    const scripts = LOOKALIKE_SCRIPTS.filter(([, re]) => re.test(word)).map(([s]) => s);
    if (scripts.length > 1) {
      unsafe(
        field,
        msg('problem.names.mixed', { word, scripts: scripts.join(' and ') }),
        `mixes ${scripts.join(' and ')} letters in one word`,
      );
    }
  }
  return name;
}

/**
 * nameKey is the form two names are compared in for confusability: the
 * canonical text of key components (NFKC, invisible characters removed, case
 * folded, Cyrillic and Greek look-alikes read as Latin, only letters, marks
 * and digits kept), so "ＵＢＴＥＣＨ", "ubtech " and "UBTECH" are one name.
 * A name of symbols alone (emoji) keeps its NFKC, case-folded form.
 */
export function nameKey(name: string): string {
  return canonicalText(name) || name.normalize('NFKC').toUpperCase().toLowerCase().trim();
}

/** nameKeys are the comparison forms of a name and its English name, without repeats. */
export function nameKeys(name: string, nameEn: string | null | undefined): string[] {
  return [...new Set([nameKey(name), ...(nameEn ? [nameKey(nameEn)] : [])])];
}
