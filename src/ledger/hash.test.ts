import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_ROOT, hashEqual, leafHash, nodeHash } from './hash.ts';

describe('RFC 6962 §2.1 hashing', () => {
  it('hashes the empty tree, a leaf and a node with their prefixes', () => {
    assert.equal(EMPTY_ROOT.toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // MTH({d(0)}) of the RFC 6962 reference data: SHA-256(0x00 || "").
    assert.equal(leafHash(new Uint8Array()).toString('hex'), '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    // MTH of the first two reference leaves, "" and 00.
    assert.equal(
      nodeHash(leafHash(Buffer.alloc(0)), leafHash(Buffer.from([0]))).toString('hex'),
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    );
  });
  it('keeps leaves and nodes apart', () => {
    const l = leafHash(Buffer.alloc(1));
    assert.notDeepEqual(leafHash(Buffer.concat([l, l])), nodeHash(l, l));
  });
  it('hashEqual compares bytes and is false on a length mismatch', () => {
    assert.ok(hashEqual(Buffer.from('abc'), Buffer.from('abc')));
    assert.ok(!hashEqual(Buffer.from('abc'), Buffer.from('abd')));
    assert.ok(!hashEqual(Buffer.from('abc'), Buffer.from('ab')));
    assert.ok(hashEqual(new Uint8Array(), new Uint8Array()));
  });
});
