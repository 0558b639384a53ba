import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RegistryError } from '../errors.ts';
import { english, type Message } from '../i18n/message.ts';
import { CODE_ALPHABET } from './alphabet.ts';
import { checkCharacter, hasValidCheck } from './check-character.ts';
import { ASSIGNED_COUNTRY_CODES } from './countries.ts';
import { displayCode, formatCode, isWellFormedCode, parseCode } from './identity-code.ts';
import type { CodeParts } from './serial.ts';
import { MAX_SEQUENCE, issueCode } from './serial.ts';

const VALID = 'CN00010000012401150000000001Q';
const codeString = (length: number) => fc.string({ unit: fc.constantFrom(...CODE_ALPHABET), minLength: length, maxLength: length });
const codeParts: fc.Arbitrary<CodeParts> = fc.record({
  country: fc.constantFrom(...ASSIGNED_COUNTRY_CODES),
  enterprise: codeString(4),
  model: codeString(6),
  productionDate: fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  sequence: fc.bigInt({ min: 0n, max: BigInt(MAX_SEQUENCE) }).map(Number),
});
const validCode = codeParts.map(issueCode);

/** withCheck replaces the last character so only the rules under test are broken. */
const withCheck = (first28: string): string => first28 + checkCharacter(first28);

type Problem = { rule: string; message: string };
function refusal(input: string): { message: string; errors: Problem[]; suggestions: string[]; normalised: unknown } {
  try {
    parseCode(input);
  } catch (e) {
    assert.ok(e instanceof RegistryError);
    assert.equal(e.code, 'INVALID_CODE');
    assert.equal(e.status, 400);
    // Each rule's sentence is a catalogue message (rendered in the reader's language); its English is what tests read.
    const errors = (e.extra.errors as { rule: string; message: Message }[]).map(({ rule, message }) => ({
      rule,
      message: english(message),
    }));
    assert.equal(e.message, errors[0]?.message);
    return { message: e.message, errors, suggestions: e.extra.suggestions as string[], normalised: e.extra.normalised };
  }
  assert.fail(`parseCode accepted ${JSON.stringify(input)}`);
}
const rules = (input: string): string[] => refusal(input).errors.map((p) => p.rule);

describe('parseCode', () => {
  it('splits a valid code into its parts', () => {
    assert.deepEqual(parseCode(VALID), {
      country: 'CN',
      enterprise: '0001',
      model: '000001',
      serial: '2401150000000001Q',
      productionDate: '2024-01-15',
      sequence: '0000000001',
    });
  });

  it('round-trips: formatCode(parseCode(s)) === normaliseCode(s), and the parts are the issued ones', () => {
    fc.assert(
      fc.property(codeParts, (parts) => {
        const code = issueCode(parts);
        const parsed = parseCode(code);
        assert.equal(formatCode(parsed), code);
        assert.equal(parsed.country, parts.country);
        assert.equal(parsed.enterprise, parts.enterprise);
        assert.equal(parsed.model, parts.model);
        assert.equal(parsed.productionDate, parts.productionDate);
        assert.equal(Number(parsed.sequence), parts.sequence);
      }),
    );
  });

  it('accepts the display form, lower case and stray separators as the same code', () => {
    fc.assert(
      fc.property(validCode, fc.constantFrom(' ', '-', '\u2013', '\u00A0', '\t'), (code, sep) => {
        const display = displayCode(code);
        assert.match(display, /^[A-Z]{2}-[0-9A-Z]{4}-[0-9A-Z]{6}-[0-9A-Z]{17}$/);
        assert.deepEqual(parseCode(display), parseCode(code));
        assert.equal(formatCode(parseCode(` ${display.toLowerCase().replaceAll('-', sep)} `)), code);
      }),
    );
  });

  it('accepts lower case after normalising', () => {
    assert.equal(formatCode(parseCode(VALID.toLowerCase())), VALID);
  });

  it('refuses empty and blank input', () => {
    assert.deepEqual(rules(''), ['empty']);
    assert.deepEqual(rules('  \t - '), ['empty']);
  });

  it('refuses 28 and 30 characters, with no suggestions', () => {
    const short = refusal(VALID.slice(0, 28));
    assert.deepEqual(
      short.errors.map((p) => p.rule),
      ['length'],
    );
    assert.match(short.message, /28 characters; it must have 29/);
    assert.deepEqual(short.suggestions, []);
    assert.deepEqual(rules(VALID + '0'), ['length']);
  });

  it('refuses a 1 MB input before normalising it', () => {
    const r = refusal('A'.repeat(1 << 20));
    assert.deepEqual(
      r.errors.map((p) => p.rule),
      ['length'],
    );
    assert.match(r.message, /too long/);
    assert.equal(r.normalised, null);
  });

  it('refuses characters outside 0-9A-Z, naming the first', () => {
    const star = refusal(`${VALID.slice(0, 10)}*${VALID.slice(11)}`);
    assert.deepEqual(
      star.errors.map((p) => p.rule),
      ['alphabet'],
    );
    assert.match(star.message, /"\*" at position 11/);
    assert.deepEqual(rules(`${VALID.slice(0, 10)}Ö${VALID.slice(11)}`), ['alphabet']);
    assert.deepEqual(rules(`${VALID.slice(0, 28)}ß`), ['alphabet']);
  });

  it('refuses an unassigned country', () => {
    const r = refusal(withCheck(`XX${VALID.slice(2, 28)}`));
    assert.deepEqual(
      r.errors.map((p) => p.rule),
      ['country'],
    );
    assert.match(r.message, /"XX"/);
    assert.deepEqual(rules(withCheck(`UK${VALID.slice(2, 28)}`)), ['country']);
  });

  it('refuses production dates that are not real days', () => {
    for (const yymmdd of ['241301', '240230', '230229', '240000', '24A115']) {
      const code = withCheck(VALID.slice(0, 12) + yymmdd + VALID.slice(18, 28));
      assert.deepEqual(rules(code), ['date'], yymmdd);
    }
    assert.equal(parseCode(withCheck(VALID.slice(0, 12) + '240229' + VALID.slice(18, 28))).productionDate, '2024-02-29');
  });

  it('refuses a wrong check character and suggests the original among one-character fixes', () => {
    const typo = VALID.slice(0, 5) + '7' + VALID.slice(6);
    const r = refusal(typo.toLowerCase());
    assert.deepEqual(
      r.errors.map((p) => p.rule),
      ['check'],
    );
    assert.equal(r.normalised, typo);
    assert.ok(r.suggestions.includes(VALID));
    for (const s of r.suggestions) {
      assert.equal(isWellFormedCode(s), true, s);
      assert.equal([...s].filter((ch, i) => ch !== typo[i]).length, 1, s);
    }
  });

  it('suggests the original for any single substitution of any valid code (property)', () => {
    fc.assert(
      fc.property(validCode, fc.nat(28), fc.constantFrom(...CODE_ALPHABET), (code, i, ch) => {
        fc.pre(code[i] !== ch);
        const typo = code.slice(0, i) + ch + code.slice(i + 1);
        assert.ok(refusal(typo).suggestions.includes(code));
      }),
      { numRuns: 50 },
    );
  });

  it('suggests the fix for one bad character outside the alphabet', () => {
    assert.deepEqual(refusal(`${VALID.slice(0, 10)}*${VALID.slice(11)}`).suggestions, [VALID]);
  });

  it('reports every broken rule at once', () => {
    // 28 characters, a '*', and country XX.
    assert.deepEqual(rules(`XX*${VALID.slice(3, 28)}`), ['length', 'alphabet', 'country']);
    // 29 characters: country XX, month 13 and a wrong check character.
    const code = `XX${VALID.slice(2, 12)}241301${VALID.slice(18, 28)}`;
    const bad = code + (checkCharacter(code) === '0' ? '1' : '0');
    assert.deepEqual(rules(bad), ['country', 'date', 'check']);
    // 29 characters with a '*': the check is not judged, the rest is.
    assert.deepEqual(rules(`XX${VALID.slice(2, 12)}240230*${VALID.slice(19)}`), ['alphabet', 'country', 'date']);
  });
});

describe('isWellFormedCode', () => {
  it('tells valid from invalid input without throwing', () => {
    assert.equal(isWellFormedCode(VALID), true);
    assert.equal(isWellFormedCode(displayCode(VALID).toLowerCase()), true);
    for (const bad of ['', VALID.slice(1), `${VALID.slice(0, 28)}A`, 'A'.repeat(1 << 20), null, 42, undefined]) {
      assert.equal(isWellFormedCode(bad), false, String(bad).slice(0, 40));
    }
  });

  it('is true exactly when parseCode succeeds (property)', () => {
    const parses = (s: string): boolean => {
      try {
        parseCode(s);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(fc.oneof(validCode, validCode.map(displayCode), codeString(29), fc.string({ maxLength: 40 })), (s) => {
        assert.equal(isWellFormedCode(s), parses(s));
        if (isWellFormedCode(s)) assert.equal(hasValidCheck(formatCode(parseCode(s))), true);
      }),
    );
  });
});

describe('displayCode', () => {
  it('groups the code CC-EEEE-MMMMMM-SSSSSSSSSSSSSSSSS from a string or a parsed code', () => {
    assert.equal(displayCode(VALID), 'CN-0001-000001-2401150000000001Q');
    assert.equal(displayCode(parseCode(VALID)), 'CN-0001-000001-2401150000000001Q');
  });

  it('refuses to display an invalid string', () => {
    assert.throws(() => displayCode('not a code'), RegistryError);
  });
});
