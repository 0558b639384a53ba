// Both bundle verifiers — hreg verify-bundle's (src/ledger, node:crypto) and the browser's
// (web/ledger, WebCrypto) — against the same fixture: a unit with version 1 and version 2
// leaves, the entitled reader's bundle with openings, the public one without, and tampered openings.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyBundle } from '../src/ledger/index.ts';
import { verifyPassportBundle } from '../web/ledger/bundle.ts';
import { mixedBundles, OUR_EVENTS, type MixedBundles } from './fixtures/mixed-bundle.ts';

let f: MixedBundles;
before(async () => {
  f = await mixedBundles();
});

describe("the entitled reader's bundle", () => {
  test('verify-bundle opens every version 2 leaf and returns the full events', () => {
    const v = verifyBundle(f.entitled, f.verifierKey);
    assert.deepEqual(
      v.events,
      OUR_EVENTS.map((e) => ({ ...e, leafVersion: e.seq <= 2 ? 1 : 2 })),
    );
  });
  test('the browser verifies every entry and its opening', async () => {
    const v = await verifyPassportBundle(f.entitled, f.verifierKey);
    assert.equal(v.verified, true);
    assert.deepEqual(
      v.entries.map((e) => [e.seq, e.type, e.included, e.opened]),
      OUR_EVENTS.map((e) => [e.seq, e.type, true, true]),
    );
  });
});

describe('the public bundle', () => {
  test('verify-bundle proves the public history of the version 2 events and nothing more', () => {
    const v = verifyBundle(f.public, f.verifierKey);
    assert.deepEqual(
      v.events.map((e) => [e.seq, e.type, e.occurredAt, e.actor ?? null, e.data ?? null]),
      OUR_EVENTS.map((e) => [e.seq, e.type, e.occurredAt, e.seq <= 2 ? e.actor : null, e.seq <= 2 ? e.data : null]),
    );
  });
  test('the browser verifies it, with the version 2 events sealed', async () => {
    const v = await verifyPassportBundle(f.public, f.verifierKey);
    assert.equal(v.verified, true);
    assert.deepEqual(
      v.entries.map((e) => e.opened),
      [true, true, false, false, false],
    );
  });
  test("its bytes hold none of the version 2 events' business: parties, site, components", () => {
    const text = JSON.stringify(f.public.entries.slice(2).map((e) => Buffer.from(e.leaf, 'base64').toString()));
    for (const secret of ['6f1c1a8e', 'Hangzhou', 'Zhejiang', 'CATL', 'BP-2', 'logistics', 'repair'])
      assert.ok(!text.includes(secret), secret);
  });
});

describe('a tampered opening, proof, leaf or index fails in both verifiers, at the same entry, for the same reason', () => {
  test('every case', async () => {
    assert.ok(f.tampered.length >= 16);
    for (const t of f.tampered) {
      let reason = '';
      assert.throws(
        () => verifyBundle(t.bundle, f.verifierKey),
        (e: Error & { code?: string }) => {
          assert.equal(e.code, 'LOG_VERIFICATION_FAILED', t.name);
          assert.match(e.message, new RegExp(`entry ${t.entry}: .*${t.message.source}`), t.name);
          reason = e.message.replace(`passport bundle: entry ${t.entry}: `, '');
          return true;
        },
        t.name,
      );
      // The browser records a verdict per entry and goes on; only the tampered one fails, with the server's words.
      const v = await verifyPassportBundle(t.bundle, f.verifierKey);
      assert.equal(v.verified, false, t.name);
      assert.deepEqual(
        v.entries.map((e) => e.included),
        [0, 1, 2, 3, 4].map((i) => i !== t.entry),
        t.name,
      );
      assert.match(v.entries[t.entry]!.error!, t.message, t.name);
      assert.equal(v.entries[t.entry]!.error, reason, t.name);
    }
  });
});
