import { RegistryError } from '../errors.ts';
import { english, type Message, msg } from '../i18n/message.ts';

/** CodeRule names one rule an identity code can break. */
export type CodeRule = 'empty' | 'length' | 'alphabet' | 'country' | 'date' | 'check';

/** CodeProblem is one broken rule and a sentence a person can act on (text: the same in every language). */
export type CodeProblem = { rule: CodeRule; message: string; text?: Message };

/** codeProblem is a broken rule whose sentence comes from the catalogue; message is its English. */
export function codeProblem(rule: CodeRule, text: Message): CodeProblem {
  return { rule, message: english(text), text };
}

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
  const first = problems[0];
  return new RegistryError('INVALID_CODE', first?.text ?? first?.message ?? msg('problem.INVALID_CODE.title'), {
    // Each rule's sentence goes out as its catalogue message, so the problem document speaks the reader's language.
    errors: problems.map(({ rule, message, text }) => ({ rule, message: text ?? message })),
    suggestions: [...suggestions],
    normalised,
  });
}
