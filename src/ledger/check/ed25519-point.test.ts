import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { must } from '../../must.ts';
import { checkEd25519PublicKey, ed25519KeyProblem } from './ed25519-point.ts';

const ff = 'ff'.repeat(30);
// The canonical encodings of the 8 small-order points (y = 0, 1, p-1 and the two order-8 y values,
// with both signs of x where x ≠ 0), as in libsodium's blocklist.
const lowOrderCanonical = [
  '0000000000000000000000000000000000000000000000000000000000000000', // y=0, order 4
  '0000000000000000000000000000000000000000000000000000000000000080', // y=0, other x
  '0100000000000000000000000000000000000000000000000000000000000000', // identity
  `ec${ff}7f`, // y=p-1, order 2
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
];
// Non-canonical encodings of the same points: y + p where that fits, and "negative zero" x.
const lowOrderNonCanonical = [
  '0100000000000000000000000000000000000000000000000000000000000080',
  `ec${ff}ff`,
  `ed${ff}7f`, // y = p ≡ 0
  `ed${ff}ff`,
  `ee${ff}7f`, // y = p+1 ≡ 1
  `ee${ff}ff`,
];

describe('Ed25519 public key check', () => {
  for (const hex of lowOrderCanonical) {
    it(`refuses low-order point ${hex.slice(0, 8)}…${hex.slice(-2)}`, () => {
      assert.equal(ed25519KeyProblem(Buffer.from(hex, 'hex')), 'Ed25519 public key of low order');
      assert.throws(() => checkEd25519PublicKey(Buffer.from(hex, 'hex')), { code: 'INVALID_ARGUMENT' });
    });
  }
  for (const hex of lowOrderNonCanonical) {
    it(`refuses non-canonical encoding ${hex.slice(0, 8)}…${hex.slice(-2)}`, () => {
      assert.match(ed25519KeyProblem(Buffer.from(hex, 'hex')) ?? '', /non-canonical/);
    });
  }
  it('accepts the RFC 8032 §7.1 TEST 1 key and fresh keys', () => {
    assert.equal(ed25519KeyProblem(Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex')), undefined);
    for (let i = 0; i < 20; i++) {
      const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
      assert.equal(ed25519KeyProblem(Buffer.from(must(jwk.x, 'an Ed25519 JWK has x'), 'base64url')), undefined);
    }
  });
  it('refuses wrong lengths and points off the curve', () => {
    assert.match(ed25519KeyProblem(Buffer.alloc(31)) ?? '', /32 bytes/);
    // y = 2 has no x on Ed25519.
    assert.equal(ed25519KeyProblem(Buffer.from('02'.padEnd(64, '0'), 'hex')), 'not a point on Ed25519');
  });
});
