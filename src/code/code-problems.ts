import { isCodeAlphabet } from './alphabet.ts';
import { checkCharacter } from './check-character.ts';
import { isAssignedCountry } from './countries.ts';
import type { CodeProblem } from './invalid-code.ts';
import { CODE_LENGTH, codePart } from './layout.ts';
import { productionDateFromYymmdd } from './production-date.ts';

/**
 * codeProblems lists every rule a normalised code breaks, in a fixed order (empty, length,
 * alphabet, country, date, check); an empty list means the code is valid. The date is only
 * judged at the right length, where its position is known, and the check character only
 * when the whole code is in the alphabet.
 */
export function codeProblems(code: string): CodeProblem[] {
  if (code === '') return [{ rule: 'empty', message: 'The identity code is empty' }];
  const problems: CodeProblem[] = [];
  if (code.length !== CODE_LENGTH) {
    problems.push({
      rule: 'length',
      message: `The identity code has ${code.length} characters; it must have ${CODE_LENGTH}`,
    });
  }
  const alphabetOk = isCodeAlphabet(code);
  if (!alphabetOk) problems.push(alphabetProblem(code));
  const country = codePart(code, 'country');
  if (country.length === 2 && !isAssignedCountry(country)) {
    problems.push({
      rule: 'country',
      message: `Country ${JSON.stringify(country)} is not an assigned ISO 3166-1 alpha-2 code`,
    });
  }
  if (code.length === CODE_LENGTH) {
    const yymmdd = codePart(code, 'productionDate');
    if (productionDateFromYymmdd(yymmdd) === undefined) {
      problems.push({
        rule: 'date',
        message: `Production date ${JSON.stringify(yymmdd)} is not a real YYMMDD date`,
      });
    }
    if (alphabetOk) {
      const expected = checkCharacter(code.slice(0, -1));
      const actual = code.slice(-1);
      if (actual !== expected) {
        problems.push({
          rule: 'check',
          message: `Check character ${JSON.stringify(actual)} is wrong; the first 28 characters need ${JSON.stringify(expected)}`,
        });
      }
    }
  }
  return problems;
}

function alphabetProblem(code: string): CodeProblem {
  const bad = [...code].flatMap((ch, i) => (isCodeAlphabet(ch) ? [] : [{ ch, i }]));
  const [first] = bad;
  const where = first ? `${JSON.stringify(first.ch)} at position ${first.i + 1}` : 'a character';
  const more = bad.length > 1 ? ` (and ${bad.length - 1} more)` : '';
  return {
    rule: 'alphabet',
    message: `The identity code may only contain 0-9 and A-Z; found ${where}${more}`,
  };
}
