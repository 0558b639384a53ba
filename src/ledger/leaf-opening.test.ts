import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { type LeafV2, decodeLeaf, encodeLeaf } from './leaf.ts';
import { must } from '../must.ts';
import { type LedgerEvent, commitEvent, openLeaf, publicEvent, sealEvent } from './leaf-opening.ts';

const event: LedgerEvent = {
  robot: 'CN0A1B00002X261120000000001K7',
  seq: 2,
  type: 'transferred',
  occurredAt: '2025-03-01T09:30:00Z',
  recordedAt: '2025-03-01T09:30:01.250Z',
  actor: '6f1c1a8e-0000-4000-8000-000000000001',
  data: { to: '6f1c1a8e-0000-4000-8000-000000000002', sale: true, site: { province: 'Zhejiang', city: 'Hangzhou' } },
  private: 'cd'.repeat(32),
};
const salt = Buffer.alloc(32, 0x5a);

describe('leaf v2 commitment', () => {
  it("is hex SHA-256(tag || 0x00 || salt || the event's version 1 bytes), written out by hand", () => {
    const v1 =
      '{"actor":"6f1c1a8e-0000-4000-8000-000000000001","data":{"sale":true,"site":{"city":"Hangzhou","province":"Zhejiang"},' +
      '"to":"6f1c1a8e-0000-4000-8000-000000000002"},"occurredAt":"2025-03-01T09:30:00Z","private":"' +
      'cd'.repeat(32) +
      '",' +
      '"recordedAt":"2025-03-01T09:30:01.250Z","robot":"CN0A1B00002X261120000000001K7","seq":2,"type":"transferred","v":1}';
    const want = createHash('sha256').update('hreg/leaf/v2/commitment\0').update(salt).update(v1).digest('hex');
    assert.equal(commitEvent(salt, event), want);
  });
  it('seals an event into public bytes that hold the header and the commitment only', () => {
    const { leaf, opening } = sealEvent(event, salt);
    const decoded = decodeLeaf(leaf) as LeafV2;
    assert.deepEqual(decoded, { v: 2, ...publicEvent({ v: 1, ...event }), commitment: commitEvent(salt, event) });
    const text = leaf.toString('utf8');
    const privatePart = must(event.private, 'the event has a private part');
    for (const secret of [event.actor, 'Zhejiang', 'Hangzhou', '6f1c1a8e-0000-4000-8000-000000000002', 'sale', privatePart])
      assert.ok(!text.includes(secret), secret);
    assert.deepEqual(opening, { salt: salt.toString('base64'), actor: event.actor, data: event.data, private: event.private });
    assert.deepEqual(openLeaf(decoded, opening), event);
  });
  it('hides: the same event under two fresh salts gives unrelated commitments', () => {
    const a = decodeLeaf(sealEvent(event).leaf) as LeafV2;
    const b = decodeLeaf(sealEvent(event).leaf) as LeafV2;
    assert.notEqual(a.commitment, b.commitment);
    assert.deepEqual({ ...a, commitment: '' }, { ...b, commitment: '' });
  });
  it('binds: an opening with any changed member, or for another leaf, does not open the leaf', () => {
    const { leaf, opening } = sealEvent(event, salt);
    const decoded = decodeLeaf(leaf) as LeafV2;
    const other = Buffer.from(salt);
    other.writeUInt8(other.readUInt8(31) ^ 1, 31);
    const changed: [string, unknown][] = [
      ['salt', { ...opening, salt: other.toString('base64') }],
      ['data', { ...opening, data: { ...event.data, sale: false } }],
      ['site', { ...opening, data: { ...event.data, site: { province: 'Zhejiang', city: 'Ningbo' } } }],
      ['actor', { ...opening, actor: '6f1c1a8e-0000-4000-8000-000000000009' }],
      ['private', { ...opening, private: 'ce'.repeat(32) }],
      ['private dropped', { salt: opening.salt, actor: opening.actor, data: opening.data }],
    ];
    for (const [what, o] of changed)
      assert.throws(() => openLeaf(decoded, o), { code: 'LOG_VERIFICATION_FAILED', message: /does not match/ }, what);
    const moved = decodeLeaf(encodeLeaf({ ...decoded, seq: 3 }));
    assert.throws(() => openLeaf(moved, opening), /does not match/);
  });
  it('refuses malformed openings, a missing opening and an opening for a version 1 leaf', () => {
    const { leaf, opening } = sealEvent(event, salt);
    const decoded = decodeLeaf(leaf);
    for (const o of [
      null,
      [],
      'x',
      { ...opening, extra: 1 },
      { ...opening, salt: 'WlpaWlpa' },
      { ...opening, salt: `${opening.salt} ` },
      { ...opening, salt: 7 },
      { ...opening, actor: '' },
      { ...opening, data: [] },
    ]) {
      assert.throws(() => openLeaf(decoded, o), { code: 'LOG_VERIFICATION_FAILED' }, JSON.stringify(o));
    }
    assert.throws(() => openLeaf(decoded), /sealed/);
    const v1 = decodeLeaf(encodeLeaf({ v: 1, ...event }));
    assert.deepEqual(openLeaf(v1), event);
    assert.throws(() => openLeaf(v1, opening), /version 1 leaf/);
  });
  it('refuses a salt that is not 32 bytes', () => {
    assert.throws(() => commitEvent(Buffer.alloc(16), event), { code: 'INVALID_ARGUMENT' });
  });
});
