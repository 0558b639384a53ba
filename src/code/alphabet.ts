/** CODE_ALPHABET is the 36 characters an identity code is written in; a character's index is its value. */
export const CODE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const CODE_ALPHABET_PATTERN = /^[0-9A-Z]*$/;

/** alphabetValue is the value 0..35 of one code character, or -1 when it is outside the alphabet. */
export function alphabetValue(ch: string): number {
  // indexOf('') is 0, so insist on exactly one character.
  return ch.length === 1 ? CODE_ALPHABET.indexOf(ch) : -1;
}

/** isCodeAlphabet tells whether every character of s is in CODE_ALPHABET (upper-case only). */
export function isCodeAlphabet(s: string): boolean {
  return CODE_ALPHABET_PATTERN.test(s);
}
