import { CODE_ALPHABET, suggestCodes } from '../src/code/index.ts';

/** busiestSlip is the one-character change of c whose typo has the most valid neighbours (the "did you mean" tests' worst slip). */
export function busiestSlip(c: string): { typo: string; suggestions: string[] } {
  let best = { typo: '', suggestions: [] as string[] };
  for (let at = 0; at < c.length; at++) {
    for (const ch of CODE_ALPHABET) {
      if (ch === c[at]) continue;
      const typo = c.slice(0, at) + ch + c.slice(at + 1);
      const suggestions = suggestCodes(typo);
      if (suggestions.length > best.suggestions.length) best = { typo, suggestions };
    }
  }
  return best;
}
