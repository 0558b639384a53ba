// Key vectors from golang.org/x/mod/sumdb/note (note_test.go: TestNewVerifier, TestNewSigner).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatVerifierKey, generateSignerKey, keyId, parseSignerKey, parseVerifierKey } from './note-keys.ts';

const peterVerifierKey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const peterSignerKey = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';

// Every proper substring and every single-byte increment of a key must be refused.
function manglings(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= key.length; i++) {
    for (let j = i + 1; j <= key.length; j++) if (i !== 0 || j !== key.length) out.push(key.slice(i, j));
  }
  for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1));
  return out;
}

describe('verifier keys', () => {
  it('loads the sumdb/note example key', () => {
    const v = parseVerifierKey(peterVerifierKey);
    assert.equal(v.name, 'PeterNeumann');
    assert.equal(v.keyId, 0xc74f20a3);
  });
  it('refuses every mangling of it', () => {
    for (const k of manglings(peterVerifierKey)) assert.throws(() => parseVerifierKey(k), { code: 'INVALID_ARGUMENT' }, k);
  });
  it('refuses a wrong-length key and an unknown algorithm even with a matching key id', () => {
    assert.throws(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='), {
      code: 'INVALID_ARGUMENT',
    });
    assert.throws(() => parseVerifierKey(formatVerifierKey('PeterNeumann', Buffer.alloc(31, 7))), /32 bytes/);
    assert.throws(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), /unknown algorithm/);
  });
  it('refuses bad names, ids and encodings', () => {
    const pub = Buffer.from('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'base64').subarray(1);
    const withName = (name: string): string =>
      `${name}+${keyId(name, pub).toString(16).padStart(8, '0')}+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW`;
    for (const name of [
      '',
      'Peter Neumann',
      'Peter\tNeumann',
      'Peter\u00a0Neumann',
      'Peter\u2003N',
      'Peter\u0085N',
      'Peter\u0001N',
      'P\ud800N',
    ]) {
      assert.throws(() => parseVerifierKey(withName(name)), { code: 'INVALID_ARGUMENT' }, JSON.stringify(name));
    }
    assert.doesNotThrow(() => parseVerifierKey(withName('example.com/log-ü')));
    assert.throws(() => parseVerifierKey('PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), /hex/);
    assert.throws(() => parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW '), {
      code: 'INVALID_ARGUMENT',
    });
    assert.throws(() => parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T'), /base64/);
  });
  it('refuses low-order and non-canonical Ed25519 keys even with a matching key id', () => {
    for (const hex of [
      '0100000000000000000000000000000000000000000000000000000000000000',
      '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
      `ed${'ff'.repeat(30)}7f`,
    ]) {
      const key = formatVerifierKey('example.com/log', Buffer.from(hex, 'hex'));
      assert.throws(() => parseVerifierKey(key), /low order|non-canonical/, key);
    }
  });
});

describe('signer keys', () => {
  it('loads the sumdb/note example key and derives its verifier key', () => {
    const s = parseSignerKey(peterSignerKey);
    assert.equal(s.name, 'PeterNeumann');
    assert.equal(s.keyId, 0xc74f20a3);
    assert.equal(s.verifierKey, peterVerifierKey);
  });
  it('refuses every mangling of it', () => {
    for (const k of manglings(peterSignerKey)) assert.throws(() => parseSignerKey(k), { code: 'INVALID_ARGUMENT' }, k);
  });
  it('generates key pairs that load and agree', () => {
    const { signerKey, verifierKey } = generateSignerKey('registry.example/log');
    assert.match(signerKey, /^PRIVATE\+KEY\+registry\.example\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    const signer = parseSignerKey(signerKey);
    const verifier = parseVerifierKey(verifierKey);
    assert.equal(signer.verifierKey, verifierKey);
    assert.equal(signer.keyId, verifier.keyId);
    const sig = signer.sign(Buffer.from('hi'));
    assert.ok(verifier.verify(Buffer.from('hi'), sig));
    assert.ok(!verifier.verify(Buffer.from('hj'), sig));
    sig.writeUInt8(sig.readUInt8(0) ^ 1, 0);
    assert.ok(!verifier.verify(Buffer.from('hi'), sig));
    assert.ok(!verifier.verify(Buffer.from('hi'), sig.subarray(1)));
  });
  it('refuses to generate keys with bad names', () => {
    for (const name of ['', 'a+b', 'a b']) assert.throws(() => generateSignerKey(name), { code: 'INVALID_ARGUMENT' });
  });
});
