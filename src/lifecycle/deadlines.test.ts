import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DEADLINES, deadlineOf, dueAt, latenessOf, parseDeadlines } from './deadlines.ts';
import { EVENT_TYPES } from './events.ts';

const H = 3_600_000;

test('every recordable event type has a row in the default deadline table', () => {
  const typed = new Set(DEFAULT_DEADLINES.map((r) => r.type));
  for (const type of [...EVENT_TYPES, 'registered', 'recall_notified']) assert.ok(typed.has(type), `no deadline row for ${type}`);
});

test('the documented defaults: a sale 15 days, an injury 24 h, another incident 72 h, a scrapping 30 days, an import 7 working days', () => {
  assert.deepEqual(deadlineOf(DEFAULT_DEADLINES, { type: 'transferred', party: 'owner', data: { sale: true } }), { hours: 360 });
  assert.deepEqual(deadlineOf(DEFAULT_DEADLINES, { type: 'incident_reported', party: 'owner', data: { kind: 'injury' } }), { hours: 24 });
  assert.deepEqual(deadlineOf(DEFAULT_DEADLINES, { type: 'incident_reported', party: 'service', data: { kind: 'malfunction' } }), {
    hours: 72,
  });
  assert.deepEqual(deadlineOf(DEFAULT_DEADLINES, { type: 'scrapped', party: 'recycler' }), { hours: 720 });
  assert.deepEqual(deadlineOf(DEFAULT_DEADLINES, { type: 'imported' }), { workingDays: 7 });
});

test('the regulator and the registry itself keep no deadline; an unknown type has none', () => {
  assert.equal(deadlineOf(DEFAULT_DEADLINES, { type: 'incident_reported', party: 'regulator', data: { kind: 'injury' } }), null);
  assert.equal(deadlineOf(DEFAULT_DEADLINES, { type: 'transferred', party: 'regulator' }), null);
  assert.equal(deadlineOf(DEFAULT_DEADLINES, { type: 'registered' }), null);
  assert.equal(deadlineOf(DEFAULT_DEADLINES, { type: 'no_such_type' }), null);
});

test('the data field must equal the value exactly: the string "true" is not a sale, "Injury" is not an injury', () => {
  const rows = [
    { type: 'x', when: { field: 'sale', equals: true }, limit: { hours: 1 } },
    { type: 'x', limit: { hours: 9 } },
  ];
  assert.deepEqual(deadlineOf(rows, { type: 'x', data: { sale: 'true' } }), { hours: 9 });
  assert.deepEqual(deadlineOf(DEFAULT_DEADLINES, { type: 'incident_reported', party: 'owner', data: { kind: 'Injury' } }), { hours: 72 });
});

test('working days skip Saturday and Sunday on the China Standard Time calendar and end at the last moment of the day', () => {
  // A Friday 10:00 CST (02:00 UTC): 7 working days later is the Tuesday after next, 23:59:59.999 CST.
  const friday = new Date(Date.UTC(2030, 0, 4, 2)); // 2030-01-04 is a Friday
  assert.equal(dueAt(friday, { workingDays: 7 }).toISOString(), '2030-01-15T15:59:59.999Z');
  // Saturday 23:30 CST is still Saturday there although it is Saturday 15:30 UTC.
  const saturday = new Date(Date.UTC(2030, 0, 5, 15, 30));
  assert.equal(dueAt(saturday, { workingDays: 1 }).toISOString(), '2030-01-07T15:59:59.999Z');
});

test('lateness: on the deadline is on time, a minute after is late by a minute', () => {
  const at = new Date(Date.UTC(2030, 0, 1));
  const ev = (recordedMs: number) => ({
    type: 'incident_reported',
    party: 'owner',
    data: { kind: 'injury' },
    occurredAt: at,
    recordedAt: new Date(at.getTime() + recordedMs),
  });
  assert.equal(latenessOf(DEFAULT_DEADLINES, ev(24 * H)), null);
  assert.deepEqual(latenessOf(DEFAULT_DEADLINES, ev(24 * H + 60_000)), { dueAt: new Date(at.getTime() + 24 * H), lateByMinutes: 1 });
});

test('configured rows are checked: a list of rules whose limits are at least an hour', () => {
  assert.deepEqual(parseDeadlines('[{"type":"transferred","limit":{"hours":48}}]'), [{ type: 'transferred', limit: { hours: 48 } }]);
  assert.throws(() => parseDeadlines('{"type":"x"}'), /array/);
  assert.throws(() => parseDeadlines('[{"type":"x","limit":{"hours":0.5}}]'), /limit/);
  assert.throws(() => parseDeadlines('[{"limit":null}]'), /type/);
});
