import { CODE_ALPHABET, alphabetValue, isCodeAlphabet } from './alphabet.ts';

// ISO/IEC 7064:2003 hybrid system MOD 37,36 over the 36-character alphabet 0-9A-Z.
// Hybrid systems use two moduli, M = 36 and M + 1 = 37; they detect every single
// substitution but, unlike the pure systems, not every adjacent transposition.
const M = 36;

/** residue runs the MOD 37,36 recurrence over s and returns the final state P (1..36). */
function residue(s: string): number {
  let p = M; // ISO/IEC 7064 hybrid systems start from P1 = M
  for (const ch of s) {
    const a = alphabetValue(ch);
    if (a < 0) throw new TypeError(`not a code character: ${JSON.stringify(ch)}`);
    const sum = (p + a) % M || M; // S_j = (P_j + a_j) || M, where ||M means "mod M, with 0 read as M"
    p = (sum * 2) % (M + 1); // P_{j+1} = (S_j × 2) | (M + 1)
  }
  return p;
}

/**
 * checkCharacter is the ISO/IEC 7064 MOD 37,36 check character of s (characters 0-9A-Z);
 * it throws a TypeError on any other character, so callers validate the alphabet first.
 */
export function checkCharacter(s: string): string {
  // The check character a_1 is chosen so that (P + a_1) mod M = 1.
  const value = (M + 1 - residue(s)) % M;
  return CODE_ALPHABET.charAt(value);
}

/** hasValidCheck tells whether full (data then one check character) satisfies MOD 37,36; false on any character outside 0-9A-Z. */
export function hasValidCheck(full: string): boolean {
  if (full.length < 2 || !isCodeAlphabet(full)) return false;
  return (residue(full.slice(0, -1)) + alphabetValue(full.slice(-1))) % M === 1;
}
