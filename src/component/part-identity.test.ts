import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalLot, canonicalText, describePart, partIdentity, partKey } from './part-identity.ts';
import { spellingVariant } from '../../test/security/spelling-variants.ts';
import { RegistryError } from '../errors.ts';

// A serial or maker as a label prints it: ASCII letters and digits in groups.
const base = fc.stringMatching(/^[A-Za-z0-9]{1,6}([ \-_./][A-Za-z0-9]{1,6}){0,3}$/);

test('the spellings in issue #11 are one part', () => {
  for (const [variants, canonical] of [
    [['ACME', 'acme', 'ACME ', ' Acme', 'ＡＣＭＥ', 'A\u200bCME', '\u0410\u0421\u041c\u0415', 'A C M E', '\ufeffACME\u00ad'], 'acme'],
    [['MC-1', 'mc-1', 'MC 1', 'MC1', 'MC\u20111', 'MC\u22121', 'MC\u20131', 'ＭＣ－１', 'MC-1\u200b', 'MC_1', 'MC.1', 'MC\u30001'], 'mc1'],
    [['Straße', 'STRASSE', 'strasse'], 'strasse'],
    [['ΣΟΦΙΑ', 'σοφια', 'σοφιας'.slice(0, 5)], 'σoφia'],
    [['华为 电池-01', '华为电池０１'], '华为电池01'],
  ] as const) {
    for (const v of variants) assert.equal(canonicalText(v), canonical, JSON.stringify(v));
  }
});

test('what is not formatting still tells parts apart: letters, digits, their order, and look-alike ASCII (O/0, I/l/1)', () => {
  const distinct = ['MC1', 'MC2', 'MC10', 'MC01', '1MC', 'MCO1', 'MCl', 'MCI', 'MC1l'];
  assert.equal(new Set(distinct.map(canonicalText)).size, distinct.length, 'every distinct label stays distinct');
});

test("property: every spelling variant of a label has the label's canonical form", () => {
  fc.assert(
    fc.property(
      base.chain((b) => fc.tuple(fc.constant(b), spellingVariant(b))),
      ([b, v]) => {
        assert.equal(canonicalText(v), canonicalText(b), `${JSON.stringify(v)} vs ${JSON.stringify(b)}`);
      },
    ),
    { numRuns: 2000 },
  );
});

test('property: canonical text is a fixed point, lower-case, and only letters, marks and digits', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      const c = canonicalText(s);
      assert.equal(canonicalText(c), c, JSON.stringify(s));
      assert.match(c, /^[\p{L}\p{M}\p{N}]*$/u);
      assert.equal(c.normalize('NFKC'), c);
    }),
    { numRuns: 5000 },
  );
});

test('property: two different canonical ASCII labels stay two parts', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.stringMatching(/^[a-z0-9]{1,12}$/), (a, b) => {
      assert.equal(canonicalText(a), a);
      assert.equal(canonicalText(a) === canonicalText(b), a === b);
    }),
  );
});

test('partIdentity keeps the type, canonicalises maker and serial, and refuses one with no letter or digit', () => {
  assert.deepEqual(partIdentity({ type: 'battery_pack', maker: ' Cells Co. ', serial: 'BP-0001' }), {
    type: 'battery_pack',
    maker: 'cellsco',
    serial: 'bp0001',
  });
  for (const [maker, serial, fields] of [
    ['—', 'X1', ['maker']],
    ['ACME', '\u200b-\u200b', ['serial']],
    [' ', '--', ['maker', 'serial']],
  ] as const) {
    assert.throws(
      () => partIdentity({ type: 't', maker, serial }, 'body.components.0'),
      (e: unknown) => {
        assert.ok(e instanceof RegistryError);
        assert.equal(e.code, 'INVALID_ARGUMENT');
        assert.deepEqual(
          (e.extra.errors as { field: string }[]).map((x) => x.field),
          fields.map((f) => `body.components.0.${f}`),
        );
        return true;
      },
    );
  }
});

test('canonicalLot, partKey and describePart', () => {
  assert.equal(canonicalLot(undefined), null);
  assert.equal(canonicalLot(null), null);
  assert.equal(canonicalLot(' —'), null);
  assert.equal(canonicalLot('Lot 7-B'), 'lot7b');
  const id = partIdentity({ type: 'main_controller', maker: 'ACME', serial: 'MC-1' });
  assert.notEqual(partKey(id), partKey({ ...id, type: 'battery_pack' }));
  assert.equal(partKey(id), partKey(partIdentity({ type: 'main_controller', maker: 'acme ', serial: 'ＭＣ１' })));
  assert.equal(
    describePart(id, { type: 'main_controller', maker: 'ACME', serial: 'MC-1' }),
    'main_controller ACME MC-1 (canonical part main_controller/acme/mc1)',
  );
});
