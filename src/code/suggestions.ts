import { CODE_ALPHABET } from './alphabet.ts';
import { hasValidCheck } from './check-character.ts';
import { codeProblems } from './code-problems.ts';
import { CODE_LENGTH } from './layout.ts';

/**
 * suggestCodes lists, in position then alphabet order, every valid code that differs from
 * the normalised code in exactly one character ("did you mean"). MOD 37,36 detects every
 * single substitution, so there is at most one candidate per position.
 */
export function suggestCodes(code: string): string[] {
  if (code.length !== CODE_LENGTH) return [];
  const found: string[] = [];
  for (let i = 0; i < CODE_LENGTH; i++) {
    for (const ch of CODE_ALPHABET) {
      if (ch === code[i]) continue;
      const candidate = code.slice(0, i) + ch + code.slice(i + 1);
      // The check is the cheap filter; country and date only for the few that pass it.
      if (hasValidCheck(candidate) && codeProblems(candidate).length === 0) found.push(candidate);
    }
  }
  return found;
}
