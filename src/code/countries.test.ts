import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ASSIGNED_COUNTRY_CODES, isAssignedCountry } from './countries.ts';

describe('ASSIGNED_COUNTRY_CODES', () => {
  it('holds the 249 officially assigned codes, sorted and unique', () => {
    assert.equal(ASSIGNED_COUNTRY_CODES.length, 249);
    assert.equal(new Set(ASSIGNED_COUNTRY_CODES).size, 249);
    assert.deepEqual([...ASSIGNED_COUNTRY_CODES].sort(), ASSIGNED_COUNTRY_CODES);
    for (const c of ASSIGNED_COUNTRY_CODES) assert.match(c, /^[A-Z]{2}$/);
  });

  it('agrees with the ICU region names shipped with Node', () => {
    // ICU names every assigned code; it also names some reserved ones, which must stay out.
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    for (const c of ASSIGNED_COUNTRY_CODES) assert.notEqual(names.of(c), c, c);
  });

  it('accepts assigned codes and refuses reserved, withdrawn, user-assigned and lower-case ones', () => {
    for (const c of ['CN', 'US', 'DE', 'SS', 'BQ', 'AX', 'ZW']) assert.equal(isAssignedCountry(c), true, c);
    for (const c of ['XX', 'UK', 'EU', 'XK', 'AN', 'YU', 'CS', 'AC', 'ZZ', 'cn', 'C', 'CHN', '']) {
      assert.equal(isAssignedCountry(c), false, c);
    }
  });

  it('cannot be changed at runtime', () => {
    assert.throws(() => (ASSIGNED_COUNTRY_CODES as string[]).push('XX'), TypeError);
  });
});
