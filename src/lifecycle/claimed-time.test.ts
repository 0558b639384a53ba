import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimedTime, CLOCK_SKEW_MS } from './claimed-time.ts';
import { isRegistryError } from '../errors.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const LAST = new Date('2026-02-01T00:00:00.000Z');

test('no claimed time is now', () => {
  assert.equal(claimedTime(undefined, NOW, LAST), NOW);
});

test('a past time after the last event is kept', () => {
  assert.deepEqual(claimedTime('2026-02-15T00:00:00Z', NOW, LAST), new Date('2026-02-15T00:00:00Z'));
});

test('a time within the clock skew ahead is taken as now', () => {
  assert.equal(claimedTime(new Date(NOW.getTime() + CLOCK_SKEW_MS).toISOString(), NOW, LAST), NOW);
});

for (const [name, at, code] of [
  ['beyond the clock skew', new Date(NOW.getTime() + CLOCK_SKEW_MS + 1).toISOString(), 'EVENT_IN_FUTURE'],
  ['not a time', 'yesterday-ish', 'EVENT_IN_FUTURE'],
  ['before the last event', '2026-01-31T23:59:59Z', 'EVENT_OUT_OF_ORDER'],
] as const) {
  test(`a time ${name} is refused (${code})`, () => {
    assert.throws(
      () => claimedTime(at, NOW, LAST),
      (err) => isRegistryError(err) && err.code === code,
    );
  });
}
