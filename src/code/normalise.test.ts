import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegistryError } from '../errors.ts';
import { MAX_INPUT_LENGTH, normaliseCode } from './normalise.ts';

describe('normaliseCode', () => {
  it('trims, drops separators and upper-cases', () => {
    assert.equal(normaliseCode('  cn-0001-000001-2401150000000001q \n'), 'CN00010000012401150000000001Q');
    assert.equal(normaliseCode('CN 0001\t000001 24011500 00000001Q'), 'CN00010000012401150000000001Q');
  });

  it('drops Unicode dashes U+2010..U+2015 and NBSP', () => {
    for (const dash of ['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u00A0']) {
      assert.equal(normaliseCode(`CN${dash}0001`), 'CN0001', JSON.stringify(dash));
    }
  });

  it('upper-cases ASCII only, so no foreign letter becomes a code letter', () => {
    assert.equal(normaliseCode('straße'), 'STRAßE');
    assert.equal(normaliseCode('ıö'), 'ıö');
    assert.equal(normaliseCode('*'), '*');
  });

  it('keeps an empty or blank input empty', () => {
    assert.equal(normaliseCode(''), '');
    assert.equal(normaliseCode(' \t - '), '');
  });

  it(`accepts ${MAX_INPUT_LENGTH} characters and refuses more before any work`, () => {
    assert.equal(normaliseCode(' '.repeat(MAX_INPUT_LENGTH)), '');
    for (const input of ['A'.repeat(MAX_INPUT_LENGTH + 1), ' '.repeat(1 << 20)]) {
      assert.throws(
        () => normaliseCode(input),
        (e: unknown) =>
          e instanceof RegistryError &&
          e.code === 'INVALID_CODE' &&
          /too long/.test(e.message) &&
          JSON.stringify(e.extra.errors).includes('"length"'),
      );
    }
  });
});
