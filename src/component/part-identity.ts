/**
 * The canonical identity of a key component (DESIGN.md §5, docs/components.md):
 * one documented normalisation of its maker, serial and lot, so that no other
 * spelling of a part is another part. This is the one definition; the store
 * keeps its result beside the spelling it was declared with, and SQL never
 * recomputes it. Pure.
 */
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';

/** PartName is a key component as a participant spelled it. */
export interface PartName {
  type: string;
  maker: string;
  serial: string;
}

/** PartIdentity is a key component's canonical identity: its type and the canonical maker and serial. */
export interface PartIdentity {
  type: string;
  maker: string;
  serial: string;
}

// Default ignorables (zero-width space and joiners, soft hyphen, BOM, word
// joiner, variation selectors, bidi controls, Hangul fillers) never show:
// they are removed before anything else so they cannot split a letter pair.
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]/gu;

// Only letters, marks and digits identify a part: spaces of every kind,
// dashes, minus signs, dots, slashes, underscores and symbols are formatting
// that drifts between a label, a keyboard, a spreadsheet and OCR.
const NOT_IDENTIFYING = /[^\p{L}\p{M}\p{N}]/gu;

// Cyrillic and Greek letters whose glyph (in either case) is the Latin one,
// keyed by their case-folded form: "АСМЕ" in Cyrillic is "ACME" to any reader.
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ԁ: 'd',
  ӏ: 'i',
  ү: 'y',
  α: 'a',
  β: 'b',
  ε: 'e',
  ζ: 'z',
  η: 'h',
  ι: 'i',
  κ: 'k',
  μ: 'm',
  ν: 'n',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'y',
  χ: 'x',
};
const HOMOGLYPH = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'gu');

/**
 * canonicalText is the canonical form of a maker, serial or lot: NFKC
 * (full-width and compatibility forms), invisible characters removed, case
 * folded, Cyrillic and Greek look-alikes of Latin letters mapped to Latin,
 * everything but letters, marks and digits removed, and NFKC again.
 */
export function canonicalText(s: string): string {
  const visible = s.normalize('NFKC').replace(IGNORABLE, '');
  // toUpperCase then toLowerCase approaches Unicode full case folding
  // (ß → ss, ı → i, ﬀ already gone through NFKC); final sigma folds to σ as
  // CaseFolding.txt does, since toLowerCase would keep it word-final.
  const folded = visible.toUpperCase().toLowerCase().replace(/ς/g, 'σ');
  const latin = folded.replace(HOMOGLYPH, (c) => HOMOGLYPHS[c] ?? c);
  return latin.replace(NOT_IDENTIFYING, '').normalize('NFKC');
}

/** partIdentity canonicalises a declared part, refusing a maker or serial with nothing identifying in it. */
export function partIdentity(p: PartName, field = 'component'): PartIdentity {
  const maker = canonicalText(p.maker);
  const serial = canonicalText(p.serial);
  const empty = [...(maker ? [] : ['maker']), ...(serial ? [] : ['serial'])];
  if (empty.length > 0) {
    throw new RegistryError(
      'INVALID_ARGUMENT',
      msg('problem.components.noLetter', { fields: empty.join(' and '), type: p.type, maker: p.maker, serial: p.serial }),
      {
        errors: empty.map((f) => ({ field: `${field}.${f}`, message: 'no letter or digit' })),
      },
    );
  }
  return { type: p.type, maker, serial };
}

/** canonicalLot is a lot's canonical form, or null when none was given or nothing identifying is left. */
export function canonicalLot(lot: string | null | undefined): string | null {
  if (lot === undefined || lot === null) return null;
  return canonicalText(lot) || null;
}

/** partKey is a map key for a canonical identity (NUL never occurs in stored text). */
export function partKey(id: PartIdentity): string {
  return `${id.type}\u0000${id.maker}\u0000${id.serial}`;
}

/** describePart names a part in a message: the spelling it was given, then its canonical identity. */
export function describePart(id: PartIdentity, spelled: PartName = id): string {
  return `${spelled.type} ${spelled.maker} ${spelled.serial} (canonical part ${id.type}/${id.maker}/${id.serial})`;
}
