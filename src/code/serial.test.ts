import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RegistryError } from '../errors.ts';
import { hasValidCheck } from './check-character.ts';
import { MAX_ENTERPRISE_NUMBER, MAX_MODEL_NUMBER, MAX_SEQUENCE, enterpriseCodeFor, issueCode, modelCodeFor } from './serial.ts';
import type { CodeParts } from './serial.ts';

const PARTS: CodeParts = { country: 'CN', enterprise: '0001', model: '000001', productionDate: '2024-01-15', sequence: 1 };
const refusedWith = (code: string) => (e: unknown) => e instanceof RegistryError && e.code === code;

describe('issueCode', () => {
  it('lays out country, enterprise, model, YYMMDD, ten-digit sequence and check character', () => {
    const code = issueCode(PARTS);
    assert.equal(code, 'CN00010000012401150000000001Q');
    assert.equal(hasValidCheck(code), true);
    assert.equal(issueCode({ ...PARTS, sequence: 0 }).slice(18, 28), '0000000000');
    assert.equal(issueCode({ ...PARTS, sequence: MAX_SEQUENCE }).slice(18, 28), '9999999999');
  });

  it('refuses a sequence past MAX_SEQUENCE as SEQUENCE_EXHAUSTED', () => {
    assert.throws(() => issueCode({ ...PARTS, sequence: MAX_SEQUENCE + 1 }), refusedWith('SEQUENCE_EXHAUSTED'));
    assert.throws(() => issueCode({ ...PARTS, sequence: 1e20 }), refusedWith('SEQUENCE_EXHAUSTED'));
  });

  it('refuses each bad part as INVALID_ARGUMENT', () => {
    const bad: Partial<CodeParts>[] = [
      { sequence: -1 },
      { sequence: 1.5 },
      { sequence: Number.NaN },
      { sequence: Number.POSITIVE_INFINITY },
      { country: 'XX' },
      { country: 'cn' },
      { country: 'CHN' },
      { enterprise: '001' },
      { enterprise: '00001' },
      { enterprise: 'ab12' },
      { enterprise: '00*1' },
      { model: '00001' },
      { model: '0000001' },
      { model: 'model1' },
      { productionDate: '1999-12-31' },
      { productionDate: '2100-01-01' },
      { productionDate: '2023-02-29' },
      { productionDate: '2024-13-01' },
      { productionDate: '20240115' },
      { productionDate: '2024-01-15T00:00Z' },
    ];
    for (const change of bad) {
      assert.throws(() => issueCode({ ...PARTS, ...change }), refusedWith('INVALID_ARGUMENT'), JSON.stringify(change));
    }
  });

  it('lists every bad part', () => {
    try {
      issueCode({ country: 'XX', enterprise: '1', model: '2', productionDate: '2024-02-30', sequence: -1 });
      assert.fail('accepted');
    } catch (e) {
      assert.ok(e instanceof RegistryError);
      const fields = (e.extra.errors as { field: string }[]).map((x) => x.field);
      assert.deepEqual(fields, ['country', 'enterprise', 'model', 'productionDate', 'sequence']);
    }
  });
});

describe('enterpriseCodeFor and modelCodeFor', () => {
  it('write n in base 36, zero-padded, upper-case', () => {
    assert.equal(enterpriseCodeFor(1), '0001');
    assert.equal(enterpriseCodeFor(35), '000Z');
    assert.equal(enterpriseCodeFor(36), '0010');
    assert.equal(enterpriseCodeFor(MAX_ENTERPRISE_NUMBER), 'ZZZZ');
    assert.equal(modelCodeFor(1), '000001');
    assert.equal(modelCodeFor(MAX_MODEL_NUMBER), 'ZZZZZZ');
  });

  it('refuse n out of range or not an integer', () => {
    for (const n of [0, -1, 1.5, Number.NaN, MAX_ENTERPRISE_NUMBER + 1]) {
      assert.throws(() => enterpriseCodeFor(n), refusedWith('INVALID_ARGUMENT'), String(n));
    }
    for (const n of [0, MAX_MODEL_NUMBER + 1, Number.POSITIVE_INFINITY]) {
      assert.throws(() => modelCodeFor(n), refusedWith('INVALID_ARGUMENT'), String(n));
    }
  });

  it('are one-to-one and fit issueCode (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_ENTERPRISE_NUMBER }), fc.integer({ min: 1, max: MAX_MODEL_NUMBER }), (e, m) => {
        assert.equal(parseInt(enterpriseCodeFor(e), 36), e);
        assert.equal(parseInt(modelCodeFor(m), 36), m);
        assert.equal(issueCode({ ...PARTS, enterprise: enterpriseCodeFor(e), model: modelCodeFor(m) }).length, 29);
      }),
    );
  });
});
