import { msg } from '../i18n/message.ts';
import { codeProblem, invalidCode } from './invalid-code.ts';

/** MAX_INPUT_LENGTH is the longest raw input normaliseCode looks at; anything longer is refused unread. */
export const MAX_INPUT_LENGTH = 200;

// Separators people type or paste: ASCII space and tab, NBSP, hyphen-minus and the
// Unicode hyphens and dashes U+2010..U+2015 (word processors turn '-' into '–').
const SEPARATORS = /[ \t\u00A0\-\u2010-\u2015]/g;

/**
 * normaliseCode turns typed or pasted input into the compact form: trimmed, separators
 * dropped, a-z upper-cased. Only ASCII letters are upper-cased, so 'ß' or 'ı' can never
 * turn into valid code letters; such characters survive and fail the alphabet rule.
 */
export function normaliseCode(input: string): string {
  // The input is attacker-controlled: refuse huge strings before scanning them.
  if (input.length > MAX_INPUT_LENGTH) {
    throw invalidCode([codeProblem('length', msg('problem.code.tooLong', { max: MAX_INPUT_LENGTH }))]);
  }
  return input
    .trim()
    .replace(SEPARATORS, '')
    .replace(/[a-z]/g, (ch) => ch.toUpperCase());
}
