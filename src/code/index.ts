// The identity code (DESIGN.md §1): parse, format, check character, issue. Pure.
export { CODE_ALPHABET } from './alphabet.ts';
export { checkCharacter, hasValidCheck } from './check-character.ts';
export { ASSIGNED_COUNTRY_CODES, isAssignedCountry } from './countries.ts';
export { displayCode, formatCode, isWellFormedCode, parseCode } from './identity-code.ts';
export type { IdentityCode } from './identity-code.ts';
export type { CodeProblem, CodeRule } from './invalid-code.ts';
export { CODE_LENGTH } from './layout.ts';
export { MAX_INPUT_LENGTH, normaliseCode } from './normalise.ts';
export { isCalendarDate } from './production-date.ts';
export {
  MAX_ENTERPRISE_NUMBER,
  MAX_MODEL_NUMBER,
  MAX_SEQUENCE,
  enterpriseCodeFor,
  issueCode,
  modelCodeFor,
} from './serial.ts';
export type { CodeParts } from './serial.ts';
export { suggestCodes } from './suggestions.ts';
