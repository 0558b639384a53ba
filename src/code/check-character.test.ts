import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CODE_ALPHABET, alphabetValue } from './alphabet.ts';
import { checkCharacter, hasValidCheck } from './check-character.ts';

const codeChar = fc.constantFrom(...CODE_ALPHABET);
const data = (minLength: number, maxLength: number) => fc.string({ unit: codeChar, minLength, maxLength });
const withCheck = (s: string): string => s + checkCharacter(s);
const swap = (s: string, i: number): string => s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
const SAMPLE = 'CN00010000012401150000000001Q';

/** Values 0..35 that follow each other round the alphabet (…, Y-Z, Z-0, 0-1, …). */
const cyclicallyConsecutive = (a: string, b: string): boolean => {
  const d = Math.abs(alphabetValue(a) - alphabetValue(b));
  return d === 1 || d === 35;
};

describe('checkCharacter (ISO/IEC 7064 MOD 37,36)', () => {
  it('matches the published examples', () => {
    assert.equal(checkCharacter('A12425GABC1234002'), 'M');
    assert.equal(checkCharacter('123AB'), 'X');
    assert.equal(hasValidCheck('A12425GABC1234002M'), true);
    assert.equal(hasValidCheck('123ABX'), true);
  });

  it('refuses characters outside 0-9A-Z', () => {
    assert.throws(() => checkCharacter('123ab'), TypeError);
    assert.throws(() => checkCharacter('12*'), TypeError);
  });

  it('always yields one alphabet character that validates', () => {
    fc.assert(
      fc.property(data(1, 60), (s) => {
        const c = checkCharacter(s);
        assert.equal(c.length, 1);
        assert.ok(CODE_ALPHABET.includes(c));
        assert.equal(hasValidCheck(s + c), true);
      }),
    );
  });
});

describe('hasValidCheck', () => {
  it('is false for malformed input instead of throwing', () => {
    for (const s of ['', 'M', '123abx', '123AB*', 'A12425GABC1234002m', '123ABÖ']) {
      assert.equal(hasValidCheck(s), false, s);
    }
  });

  it('detects every single substitution (property)', () => {
    fc.assert(
      fc.property(data(1, 40), fc.nat(), fc.nat(35), (s, pos, shift) => {
        const full = withCheck(s);
        const i = pos % full.length;
        const replacement = CODE_ALPHABET.charAt((alphabetValue(full.charAt(i)) + 1 + (shift % 35)) % 36);
        assert.notEqual(replacement, full[i]);
        assert.equal(hasValidCheck(full.slice(0, i) + replacement + full.slice(i + 1)), false);
      }),
    );
  });

  it('detects every single substitution of a sample code (exhaustive)', () => {
    for (const full of [SAMPLE, 'A12425GABC1234002M']) {
      assert.equal(hasValidCheck(full), true);
      let tried = 0;
      for (let i = 0; i < full.length; i++) {
        for (const ch of CODE_ALPHABET) {
          if (ch === full[i]) continue;
          tried++;
          assert.equal(hasValidCheck(full.slice(0, i) + ch + full.slice(i + 1)), false, `${i}:${ch}`);
        }
      }
      assert.equal(tried, full.length * 35);
    }
  });

  it('detects every adjacent transposition of values that are not cyclically consecutive (property)', () => {
    fc.assert(
      fc.property(data(2, 40), fc.nat(), (s, pos) => {
        const full = withCheck(s);
        const i = pos % (full.length - 1);
        const [a = '', b = ''] = [full[i], full[i + 1]];
        fc.pre(a !== b && !cyclicallyConsecutive(a, b));
        assert.equal(hasValidCheck(swap(full, i)), false);
      }),
    );
  });

  // Hybrid systems do not catch every adjacent transposition (the pure MOD 37-2 would).
  // A one-character prefix reaches each of the 36 states,
  // so this enumerates every (state, a, b) exactly: only 72 of 45,360 data transpositions
  // and 2 of 1,260 data/check transpositions escape, all of cyclically consecutive values.
  it('misses exactly 74 adjacent transpositions, all of cyclically consecutive values (exhaustive)', () => {
    let dataMissed = 0;
    let checkMissed = 0;
    for (const x of CODE_ALPHABET) {
      for (const a of CODE_ALPHABET) {
        const withC = withCheck(x + a);
        const c = withC.charAt(2);
        if (c !== a && hasValidCheck(swap(withC, 1))) {
          checkMissed++;
          assert.ok(cyclicallyConsecutive(a, c), `${x}${a}${c}`);
        }
        for (const b of CODE_ALPHABET) {
          if (a === b) continue;
          if (hasValidCheck(swap(withCheck(x + a + b), 1))) {
            dataMissed++;
            assert.ok(cyclicallyConsecutive(a, b), `${x}${a}${b}`);
          }
        }
      }
    }
    assert.equal(dataMissed, 72);
    assert.equal(checkMissed, 2);
    // A concrete miss, so nobody "fixes" the property above into a false claim.
    assert.equal(checkCharacter('R12'), checkCharacter('R21'));
  });
});
