import { RegistryError } from '../errors.ts';

/** CodeRule names one rule an identity code can break. */
export type CodeRule = 'empty' | 'length' | 'alphabet' | 'country' | 'date' | 'check';

/** CodeProblem is one broken rule and a sentence a person can act on. */
export type CodeProblem = { rule: CodeRule; message: string };

/**
 * invalidCode is the INVALID_CODE error for a code with the given problems (at least one);
 * `extra` carries every problem, the "did you mean" suggestions and the normalised input
 * (null when the input was refused before normalising).
 */
export function invalidCode(
  problems: readonly CodeProblem[],
  suggestions: readonly string[] = [],
  normalised: string | null = null,
): RegistryError {
  const first = problems[0]?.message ?? 'The identity code is malformed';
  return new RegistryError('INVALID_CODE', first, {
    errors: problems.map((p) => ({ ...p })),
    suggestions: [...suggestions],
    normalised,
  });
}
