/**
 * spellingVariant: a fast-check arbitrary of the spellings a hostile
 * participant (or a careless keyboard) can give one part — case, full-width
 * forms, every kind of space and dash, invisible characters, and Cyrillic or
 * Greek letters that look Latin. Each is the same part (docs/components.md).
 */
import fc from 'fast-check';

/** SPACES are the separators a variant may put between or around characters. */
export const SPACES = [' ', '\u00a0', '\u2002', '\u2003', '\u2009', '\u202f', '\u3000', '\t', '\u1680'];
/** DASHES are hyphens, dashes and minus signs, and the other punctuation labels put between groups. */
export const DASHES = ['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212', '\ufe63', '\uff0d', '_', '.', '/'];
/** INVISIBLES never show: zero-width space and joiners, soft hyphen, word joiner, BOM, variation selectors, bidi marks. */
export const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u00ad', '\u2060', '\ufeff', '\ufe0f', '\ufe00', '\u200e', '\u200f', '\u034f'];
/** LOOK_ALIKES are Cyrillic and Greek letters drawn like the Latin key. */
export const LOOK_ALIKES: Record<string, string[]> = {
  A: ['\u0410', '\u0391'],
  a: ['\u0430'],
  B: ['\u0412', '\u0392'],
  C: ['\u0421'],
  c: ['\u0441'],
  E: ['\u0415', '\u0395'],
  e: ['\u0435'],
  H: ['\u041d', '\u0397'],
  K: ['\u041a', '\u039a'],
  M: ['\u041c', '\u039c'],
  O: ['\u041e', '\u039f'],
  o: ['\u043e', '\u03bf'],
  P: ['\u0420', '\u03a1'],
  p: ['\u0440'],
  T: ['\u0422', '\u03a4'],
  X: ['\u0425', '\u03a7'],
  x: ['\u0445'],
  y: ['\u0443'],
  Y: ['\u03a5'],
};

/** fullWidth is the full-width form of a printable ASCII character. */
const fullWidth = (ch: string) => (ch >= '!' && ch <= '~' ? String.fromCodePoint(ch.codePointAt(0)! + 0xfee0) : ch);

/** spellingVariant spells `base` (ASCII letters, digits and separators) another way. */
export function spellingVariant(base: string): fc.Arbitrary<string> {
  const chars = [...base];
  const junk = fc.constantFrom(...SPACES, ...DASHES, ...INVISIBLES);
  const char = (ch: string) => {
    if (/[ \-_./]/.test(ch)) return fc.oneof(fc.constant(''), junk);
    const forms = [
      ch,
      ch.toUpperCase(),
      ch.toLowerCase(),
      fullWidth(ch),
      fullWidth(ch.toUpperCase()),
      ...(LOOK_ALIKES[ch] ?? []),
      ...(LOOK_ALIKES[ch.toUpperCase()] ?? []),
    ];
    return fc.tuple(fc.constantFrom(...forms), fc.array(junk, { maxLength: 2 })).map(([c, j]) => c + j.join(''));
  };
  return fc
    .tuple(fc.array(junk, { maxLength: 2 }), fc.tuple(...chars.map(char)), fc.array(junk, { maxLength: 2 }))
    .map(([lead, body, trail]) => lead.join('') + body.join('') + trail.join(''));
}
