import { isCodeAlphabet } from './alphabet.ts';
import { checkCharacter } from './check-character.ts';
import { isAssignedCountry } from './countries.ts';
import { msg } from '../i18n/message.ts';
import { type CodeProblem, codeProblem } from './invalid-code.ts';
import { CODE_LENGTH, codePart } from './layout.ts';
import { productionDateFromYymmdd } from './production-date.ts';

/**
 * codeProblems lists every rule a normalised code breaks, in a fixed order (empty, length,
 * alphabet, country, date, check); an empty list means the code is valid. The date is only
 * judged at the right length, where its position is known, and the check character only
 * when the whole code is in the alphabet.
 */
export function codeProblems(code: string): CodeProblem[] {
  if (code === '') return [codeProblem('empty', msg('problem.code.empty'))];
  const problems: CodeProblem[] = [];
  if (code.length !== CODE_LENGTH) {
    problems.push(codeProblem('length', msg('problem.code.length', { n: code.length, want: CODE_LENGTH })));
  }
  const alphabetOk = isCodeAlphabet(code);
  if (!alphabetOk) problems.push(alphabetProblem(code));
  const country = codePart(code, 'country');
  if (country.length === 2 && !isAssignedCountry(country)) {
    problems.push(codeProblem('country', msg('problem.code.country', { country: JSON.stringify(country) })));
  }
  if (code.length === CODE_LENGTH) {
    const yymmdd = codePart(code, 'productionDate');
    if (productionDateFromYymmdd(yymmdd) === undefined) {
      problems.push(codeProblem('date', msg('problem.code.date', { date: JSON.stringify(yymmdd) })));
    }
    if (alphabetOk) {
      const expected = checkCharacter(code.slice(0, -1));
      const actual = code.slice(-1);
      if (actual !== expected) {
        problems.push(
          codeProblem('check', msg('problem.code.check', { actual: JSON.stringify(actual), expected: JSON.stringify(expected) })),
        );
      }
    }
  }
  return problems;
}

function alphabetProblem(code: string): CodeProblem {
  const bad = [...code].flatMap((ch, i) => (isCodeAlphabet(ch) ? [] : [{ ch, i }]));
  const [first] = bad;
  const values = { ch: first ? JSON.stringify(first.ch) : '', position: first ? first.i + 1 : 0, more: Math.max(0, bad.length - 1) };
  return codeProblem('alphabet', msg('problem.code.alphabet', values));
}
