import assert from 'node:assert/strict';
import test from 'node:test';
import { RegistryError } from '../errors.ts';
import { sha256Hex, versionKey } from './version-id.ts';

test('every spelling of a version is one key', () => {
  for (const s of ['1.2.0', 'v1.2.0', 'V1.2.0', ' 1.2.0 ', '１.２.０', 'ｖ１.２.０', '1.02.0', '01.2.00', '1.2.0\u200b', '1. 2.0']) {
    assert.equal(versionKey(s), '1.2.0', JSON.stringify(s));
  }
  assert.equal(versionKey('2.0.0-RC1'), '2.0.0-rc1');
  assert.equal(versionKey('vision-1'), 'vision-1', 'a leading v before a letter is part of the name');
  assert.notEqual(versionKey('1.2'), versionKey('1.2.0'), 'a missing segment is another version');
});

test('what is not a version identifier is MALFORMED_VERSION', () => {
  for (const s of ['', ' ', '1.2.0 beta!', '1.2.0-rс1' /* Cyrillic с */, 'é1', '.1.2', 'x'.repeat(65), '1/2']) {
    assert.throws(
      () => versionKey(s),
      (e: unknown) => e instanceof RegistryError && e.code === 'MALFORMED_VERSION',
      JSON.stringify(s),
    );
  }
});

test('a SHA-256 is 64 hex digits, kept in lower case', () => {
  const hex = 'ab'.repeat(32);
  assert.equal(sha256Hex(hex), hex);
  assert.equal(sha256Hex(hex.toUpperCase()), hex);
  assert.equal(sha256Hex(`sha256:${hex}`), hex);
  for (const bad of ['', hex.slice(1), `${hex}0`, `${hex.slice(1)}g`, `md5:${hex}`]) {
    assert.throws(
      () => sha256Hex(bad),
      (e: unknown) => e instanceof RegistryError && e.code === 'MALFORMED_DIGEST',
      bad,
    );
  }
});
