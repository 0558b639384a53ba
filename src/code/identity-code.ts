import { codeProblems } from './code-problems.ts';
import { invalidCode } from './invalid-code.ts';
import { CODE_LENGTH, codePart } from './layout.ts';
import { MAX_INPUT_LENGTH, normaliseCode } from './normalise.ts';
import { productionDateFromYymmdd } from './production-date.ts';
import { suggestCodes } from './suggestions.ts';

/** IdentityCode is a parsed, valid identity code split into its parts (DESIGN.md §1). */
export type IdentityCode = {
  /** ISO 3166-1 alpha-2 code of the producing country. */
  country: string;
  /** 4 characters, assigned to the manufacturer. */
  enterprise: string;
  /** 6 characters, assigned to the product model. */
  model: string;
  /** 17 characters: production date YYMMDD, sequence, check character. */
  serial: string;
  /** YYYY-MM-DD, years 2000-2099. */
  productionDate: string;
  /** 10 characters, allocated per (enterprise, model, date). */
  sequence: string;
};

/**
 * parseCode normalises input and splits it into an IdentityCode, or throws one
 * RegistryError('INVALID_CODE') whose `extra` holds every broken rule (`errors`), the
 * one-character "did you mean" candidates (`suggestions`) and the `normalised` input.
 */
export function parseCode(input: string): IdentityCode {
  const code = normaliseCode(input);
  const problems = codeProblems(code);
  if (problems.length > 0) {
    const suggestions = code.length === CODE_LENGTH ? suggestCodes(code) : [];
    throw invalidCode(problems, suggestions, code);
  }
  return {
    country: codePart(code, 'country'),
    enterprise: codePart(code, 'enterprise'),
    model: codePart(code, 'model'),
    serial: codePart(code, 'serial'),
    // codeProblems has just checked the date, so this is defined.
    productionDate: productionDateFromYymmdd(codePart(code, 'productionDate')) ?? '',
    sequence: codePart(code, 'sequence'),
  };
}

/** isWellFormedCode tells, without throwing, whether input is a valid identity code in either form. */
export function isWellFormedCode(input: unknown): boolean {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return false;
  return codeProblems(normaliseCode(input)).length === 0;
}

/** formatCode is the 29-character compact form of a parsed code, the form the registry stores. */
export function formatCode(c: IdentityCode): string {
  return c.country + c.enterprise + c.model + c.serial;
}

/** displayCode groups a code for people, CC-EEEE-MMMMMM-SSSSSSSSSSSSSSSSS; a string is parsed first and may throw INVALID_CODE. */
export function displayCode(code: string | IdentityCode): string {
  const c = typeof code === 'string' ? parseCode(code) : code;
  return [c.country, c.enterprise, c.model, c.serial].join('-');
}
