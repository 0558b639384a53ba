import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { type LeafEntry, type LeafV2, commitPrivate, decodeLeaf, encodeLeaf } from './leaf.ts';

const entry: LeafEntry = {
  v: 1,
  robot: 'CN1234567890ABCDEFGHIJKLMNOPQ'.slice(0, 29),
  seq: 1,
  type: 'registered',
  occurredAt: '2025-03-01T09:30:00Z',
  recordedAt: '2025-03-01T09:30:01.250+08:00',
  actor: 'P-0001',
  data: { model: 'HX-1', z: [1, 2.5, 'é'], a: { y: null, b: true } },
};

describe('leaf encoding v1', () => {
  it('is RFC 8785 canonical JSON in UTF-8 (members sorted, no whitespace)', () => {
    assert.equal(
      encodeLeaf(entry).toString('utf8'),
      '{"actor":"P-0001","data":{"a":{"b":true,"y":null},"model":"HX-1","z":[1,2.5,"é"]},"occurredAt":"2025-03-01T09:30:00Z",' +
        '"recordedAt":"2025-03-01T09:30:01.250+08:00","robot":"CN1234567890ABCDEFGHIJKLMNOPQ","seq":1,"type":"registered","v":1}',
    );
  });
  it('round-trips, with and without a private commitment', () => {
    assert.deepEqual(decodeLeaf(encodeLeaf(entry)), entry);
    const withPrivate = { ...entry, private: 'ab'.repeat(32) };
    assert.deepEqual(decodeLeaf(encodeLeaf(withPrivate)), withPrivate);
  });
  it('round-trips arbitrary public data', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (data) => {
        const e = { ...entry, data: JSON.parse(JSON.stringify(data)) as Record<string, unknown> };
        const bytes = encodeLeaf(e);
        assert.deepEqual(decodeLeaf(bytes), e);
        assert.deepEqual(encodeLeaf(decodeLeaf(bytes)), bytes);
      }),
    );
  });
  it('refuses bytes that are not the canonical encoding', () => {
    const canonical = encodeLeaf(entry).toString('utf8');
    for (const text of [
      JSON.stringify(entry), // member order
      canonical.replace('"seq":1', '"seq":1.0'),
      canonical.replace(',"v":1}', ', "v":1}'),
      `\ufeff${canonical}`,
      `${canonical}\n`,
      canonical.replace('HX-1', 'HX\\u002d1'),
    ]) {
      assert.throws(() => decodeLeaf(Buffer.from(text)), { code: 'INVALID_ARGUMENT' }, text);
    }
    assert.throws(() => decodeLeaf(Buffer.from([0xff, 0x7b, 0x7d])), { code: 'INVALID_ARGUMENT' });
  });
  it('refuses every malformed member', () => {
    const bad: Record<string, unknown>[] = [
      { v: 2 },
      { v: 3 },
      { v: '1' },
      { robot: 'short' },
      { robot: 'cn1234567890abcdefghijklmnopq' },
      { robot: 'CN1234567890ABCDEFGHIJKLMNOP-' },
      { seq: 0 },
      { seq: 1.5 },
      { seq: '1' },
      { seq: 2 ** 53 },
      { type: '' },
      { type: 7 },
      { actor: '' },
      { occurredAt: '2025-03-01 09:30:00Z' },
      { occurredAt: '2025-02-30T00:00:00' },
      { occurredAt: '2025-02-29T00:00:00Z' },
      { occurredAt: '2025-04-31T00:00:00Z' },
      { recordedAt: '2025-13-01T00:00:00Z' },
      { recordedAt: 'yesterday' },
      { data: [] },
      { data: null },
      { data: { x: Number.NaN } },
      { data: { x: Infinity } },
      { data: { x: undefined } },
      { data: { x: new Date(0) } },
      { data: { x: 1n } },
      { data: { x: '\ud800' } },
      { data: { '\udc00': 1 } },
      { private: 'AB'.repeat(32) },
      { private: 'ab' },
      { private: undefined },
      { extra: 1 },
      { type: 'x\ud800' },
    ];
    for (const change of bad) {
      assert.throws(() => encodeLeaf({ ...entry, ...change } as LeafEntry), { code: 'INVALID_ARGUMENT' }, inspect(change));
    }
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    assert.throws(() => encodeLeaf({ ...entry, data: { deep } }), /nested too deeply/);
    assert.throws(() => encodeLeaf({ ...entry, data: { big: 'x'.repeat(70_000) } }), /larger than/);
  });
});

describe('commitPrivate', () => {
  const salt = Buffer.alloc(32, 0x5a);
  it('is hex SHA-256(salt || canonical JSON)', () => {
    const want = createHash('sha256').update(salt).update('{"name":"Ada","phone":"+44"}').digest('hex');
    assert.equal(commitPrivate(salt, { phone: '+44', name: 'Ada' }), want);
  });
  it('changes with the salt, so erased data cannot be confirmed by guessing', () => {
    assert.notEqual(commitPrivate(salt, { name: 'Ada' }), commitPrivate(Buffer.alloc(32, 0x5b), { name: 'Ada' }));
  });
  it('refuses short salts and non-objects', () => {
    assert.throws(() => commitPrivate(Buffer.alloc(15), {}), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => commitPrivate(salt, [] as unknown as Record<string, unknown>), { code: 'INVALID_ARGUMENT' });
  });
});

describe('leaf encoding v2', () => {
  const v2: LeafV2 = {
    v: 2,
    robot: entry.robot,
    seq: 3,
    type: 'deployed',
    occurredAt: '2025-03-01T09:30:00Z',
    recordedAt: '2025-03-01T09:30:01.250Z',
    commitment: '0f'.repeat(32),
  };
  it('is RFC 8785 canonical JSON of the header and the commitment only', () => {
    assert.equal(
      encodeLeaf(v2).toString('utf8'),
      `{"commitment":"${'0f'.repeat(32)}","occurredAt":"2025-03-01T09:30:00Z","recordedAt":"2025-03-01T09:30:01.250Z",` +
        `"robot":"${entry.robot}","seq":3,"type":"deployed","v":2}`,
    );
    assert.deepEqual(decodeLeaf(encodeLeaf(v2)), v2);
  });
  it('refuses bytes that are not the canonical encoding', () => {
    const canonical = encodeLeaf(v2).toString('utf8');
    for (const text of [
      JSON.stringify(v2), // member order
      canonical.replace('"seq":3', '"seq":3.0'),
      canonical.replace('"seq":3', '"seq":3e0'),
      canonical.replace(',"v":2}', ', "v":2}'),
      `\ufeff${canonical}`,
      `${canonical}\n`,
      canonical.replace('deployed', 'deplo\\u0079ed'),
    ]) {
      assert.throws(() => decodeLeaf(Buffer.from(text)), { code: 'INVALID_ARGUMENT' }, text);
    }
  });
  it('refuses unknown members, version 1 members and malformed ones: business data cannot ride in the public bytes', () => {
    const bad: Record<string, unknown>[] = [
      { actor: 'P-0001' },
      { data: {} },
      { private: 'ab'.repeat(32) },
      { extra: 1 },
      { site: { city: 'Hangzhou' } },
      { commitment: 'AB'.repeat(32) },
      { commitment: 'ab' },
      { commitment: 7 },
      { commitment: undefined },
      { v: 3 },
      { seq: 0 },
      { type: '' },
      { robot: 'short' },
      { occurredAt: 'now' },
      { recordedAt: '2025-02-30T00:00:00Z' },
    ];
    for (const change of bad) {
      const leaf = { ...v2, ...change };
      assert.throws(() => encodeLeaf(leaf as LeafV2), { code: 'INVALID_ARGUMENT' }, inspect(change));
      // The same object, canonically encoded by hand, is refused on decoding too.
      const text = JSON.stringify(
        Object.fromEntries(
          Object.entries(leaf)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : 1)),
        ),
      );
      assert.throws(() => decodeLeaf(Buffer.from(text)), { code: 'INVALID_ARGUMENT' }, text);
    }
  });
});
