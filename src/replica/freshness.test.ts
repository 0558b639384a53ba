import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepSamples, parseLsn, servable, stalenessMs, visibleAsOf, type ReplicaView } from './freshness.ts';

test('parseLsn reads pg_lsn text as bytes and refuses anything else', () => {
  assert.equal(parseLsn('0/0'), 0n);
  assert.equal(parseLsn('16/B374D848'), (0x16n << 32n) + 0xb374d848n);
  assert.equal(parseLsn('FFFFFFFF/FFFFFFFF'), 2n ** 64n - 1n);
  for (const bad of ['', '16', '16/', '/1', '1/2/3', '0x1/2', '123456789/0', ' 0/0', null, 7, undefined])
    assert.equal(parseLsn(bad), undefined);
});

test('visibleAsOf is the time of the latest sample the replica has replayed', () => {
  const samples = [
    { at: 1000, lsn: 100n },
    { at: 2000, lsn: 200n },
    { at: 3000, lsn: 200n },
    { at: 4000, lsn: 300n },
  ];
  assert.equal(visibleAsOf(samples, 99n), undefined, 'behind every sample');
  assert.equal(visibleAsOf(samples, 100n), 1000);
  assert.equal(visibleAsOf(samples, 250n), 3000, 'an idle primary keeps the replica current');
  assert.equal(visibleAsOf(samples, 300n), 4000);
  assert.equal(visibleAsOf([...samples].reverse(), 250n), 3000, 'order of samples does not matter');
  assert.equal(visibleAsOf([], 1n), undefined);
});

test('keepSamples keeps twice the bound and always the newest', () => {
  const s = [
    { at: 0, lsn: 1n },
    { at: 5000, lsn: 2n },
    { at: 9000, lsn: 3n },
  ];
  assert.deepEqual(
    keepSamples(s, 10_000, 2000).map((x) => x.at),
    [9000],
  );
  assert.deepEqual(
    keepSamples(s, 10_000, 3000).map((x) => x.at),
    [5000, 9000],
  );
  assert.deepEqual(
    keepSamples(s, 100_000, 10).map((x) => x.at),
    [9000],
  );
});

const fresh: ReplicaView = { reachable: true, inRecovery: true, visibleAsOf: 9_000, logSize: 10 };

test('servable: one row per rule', () => {
  const rows: [string, ReplicaView, boolean, { atLeastSize?: number }, boolean][] = [
    ['fresh within the bound', fresh, true, {}, true],
    ['exactly at the bound', { ...fresh, visibleAsOf: 8_000 }, true, {}, true],
    ['lagging beyond the bound', { ...fresh, visibleAsOf: 7_999 }, true, {}, false],
    ['never seen current', { ...fresh, visibleAsOf: undefined }, true, {}, false],
    ['unreachable', { ...fresh, reachable: false }, true, {}, false],
    ['not a standby (promoted or misnamed)', { ...fresh, inRecovery: false }, true, {}, false],
    ['its log is shorter than the read names', fresh, true, { atLeastSize: 11 }, false],
    ['its log is as long as the read names', fresh, true, { atLeastSize: 10 }, true],
    ['primary down: a lagging standby answers', { ...fresh, visibleAsOf: 0 }, false, {}, true],
    ['primary down: an unreachable standby does not', { ...fresh, reachable: false }, false, {}, false],
    ['primary down: a promoted server does not', { ...fresh, inRecovery: false }, false, {}, false],
    ['primary down: a short log still does not', fresh, false, { atLeastSize: 11 }, false],
  ];
  for (const [why, view, primaryUp, needs, want] of rows) assert.equal(servable(view, 10_000, 2_000, primaryUp, needs), want, why);
});

test('stalenessMs is the age of what the replica shows', () => {
  assert.equal(stalenessMs(fresh, 10_000), 1_000);
  assert.equal(stalenessMs(fresh, 8_000), 0, 'never negative');
  assert.equal(stalenessMs({ ...fresh, visibleAsOf: undefined }, 10_000), undefined);
});
