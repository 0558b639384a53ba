import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import { CODE_ALPHABET, isCodeAlphabet } from './alphabet.ts';
import { checkCharacter } from './check-character.ts';
import { isAssignedCountry } from './countries.ts';
import { yymmddFromProductionDate } from './production-date.ts';

/** MAX_SEQUENCE is the largest unit sequence number: ten decimal digits per (enterprise, model, date). */
export const MAX_SEQUENCE = 9_999_999_999;

/** MAX_ENTERPRISE_NUMBER is the largest n enterpriseCodeFor accepts (ZZZZ). */
export const MAX_ENTERPRISE_NUMBER = 36 ** 4 - 1;

/** MAX_MODEL_NUMBER is the largest n modelCodeFor accepts (ZZZZZZ). */
export const MAX_MODEL_NUMBER = 36 ** 6 - 1;

/** CodeParts are the registry's inputs to a new unit's code. */
export type CodeParts = {
  country: string;
  enterprise: string;
  model: string;
  /** YYYY-MM-DD, 2000-01-01..2099-12-31. */
  productionDate: string;
  /** 0..MAX_SEQUENCE. */
  sequence: number;
};

/**
 * issueCode builds a unit's compact 29-character code: country, enterprise, model, YYMMDD,
 * the sequence as ten zero-padded digits and the MOD 37,36 check character. It throws
 * INVALID_ARGUMENT (every bad part in `extra.errors`) or SEQUENCE_EXHAUSTED past MAX_SEQUENCE.
 */
export function issueCode(parts: CodeParts): string {
  const { country, enterprise, model, productionDate, sequence } = parts;
  const errors: { field: keyof CodeParts; message: string }[] = [];
  const bad = (field: keyof CodeParts, message: string): void => {
    errors.push({ field, message });
  };
  if (!isAssignedCountry(country)) bad('country', `country ${JSON.stringify(country)} is not an assigned ISO 3166-1 alpha-2 code`);
  if (enterprise.length !== 4 || !isCodeAlphabet(enterprise)) bad('enterprise', 'enterprise must be 4 characters of 0-9A-Z');
  if (model.length !== 6 || !isCodeAlphabet(model)) bad('model', 'model must be 6 characters of 0-9A-Z');
  const yymmdd = yymmddFromProductionDate(productionDate);
  if (yymmdd === undefined) bad('productionDate', 'productionDate must be a real YYYY-MM-DD date in 2000-2099');
  if (!Number.isInteger(sequence) || sequence < 0) bad('sequence', 'sequence must be a non-negative integer');
  if (errors.length > 0) {
    throw new RegistryError('INVALID_ARGUMENT', errors[0]?.message, { errors });
  }
  if (sequence > MAX_SEQUENCE) {
    throw new RegistryError('SEQUENCE_EXHAUSTED', msg('problem.code.sequence', { sequence, max: MAX_SEQUENCE }), {
      maxSequence: MAX_SEQUENCE,
    });
  }
  const body = country + enterprise + model + yymmdd + String(sequence).padStart(10, '0');
  return body + checkCharacter(body);
}

/** enterpriseCodeFor is the 4-character enterprise code for the n-th enrolled manufacturer (base 36, n ≥ 1). */
export function enterpriseCodeFor(n: number): string {
  return base36Code(n, 4, MAX_ENTERPRISE_NUMBER, 'enterprise');
}

/** modelCodeFor is the 6-character model code for the n-th filed model (base 36, n ≥ 1). */
export function modelCodeFor(n: number): string {
  return base36Code(n, 6, MAX_MODEL_NUMBER, 'model');
}

function base36Code(n: number, width: number, max: number, what: string): string {
  if (!Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.code.number', { what, max }), { n });
  }
  // toString(36) writes 0-9a-z, the same digit order as CODE_ALPHABET.
  return n.toString(36).toUpperCase().padStart(width, CODE_ALPHABET.charAt(0));
}
