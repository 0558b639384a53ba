/**
 * Reporting deadlines (issue #16, item 5) on the engine under test: late events are
 * accepted and flagged, by whatever route they arrive; the regulator sees all of them by
 * participant and type, a participant its own; spoofed dates are refused with nothing changed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { enrol, fileModel, testRegistry, unitBody, type TestRegistry } from '../harness.ts';
import { DAY, HOUR, MINUTE, makeCast, movableClock, ok, record, refused, unchanged, unitIn, type Cast } from '../lifecycle/flow.ts';

let r: TestRegistry;
let c: Cast;
const clock = movableClock();

before(async () => {
  r = await testRegistry({ now: clock.now });
  c = await makeCast(r);
});
after(() => r.dispose());

const ago = (ms: number) => new Date(clock.now().getTime() - ms).toISOString();
const lateRows = (code: string) =>
  r.ctx.store.query<{ type: string; party: string | null }>(
    'SELECT type, party FROM late_events WHERE robot_code = $1 ORDER BY log_index',
    [code],
  );

test('a sale recorded 20 days after it happened is accepted and flagged; one recorded on day 14 is not', async () => {
  const late = await unitIn(r, c, 'registered');
  const onTime = await unitIn(r, c, 'registered');
  clock.advance(20 * DAY);
  ok(await record(r, c.maker.token, late, 'transferred', { to: c.buyer.id, sale: true }, { occurredAt: ago(20 * DAY - MINUTE) }));
  ok(await record(r, c.maker.token, onTime, 'transferred', { to: c.buyer.id, sale: true }, { occurredAt: ago(14 * DAY) }));
  assert.deepEqual(await lateRows(late), [{ type: 'transferred', party: 'owner' }]);
  assert.deepEqual(await lateRows(onTime), []);
});

test('an injury 25 hours late is flagged, 23 hours is not; the same incident by the regulator has no deadline', async () => {
  const code = await unitIn(r, c, 'in_use');
  clock.advance(2 * DAY);
  const injury = { severity: 'serious', kind: 'injury', description: 'A visitor was hurt by the arm.' };
  ok(await record(r, c.buyer.token, code, 'incident_reported', injury, { occurredAt: ago(25 * HOUR) }));
  ok(await record(r, c.buyer.token, code, 'incident_reported', injury, { occurredAt: ago(23 * HOUR) }));
  ok(await record(r, r.regulatorToken, code, 'incident_reported', injury, { occurredAt: ago(23 * HOUR) }));
  ok(await record(r, c.buyer.token, code, 'incident_reported', { ...injury, kind: 'malfunction' }, { occurredAt: ago(23 * HOUR) }));
  assert.deepEqual(await lateRows(code), [{ type: 'incident_reported', party: 'owner' }]);
});

test('the batch route flags late events as the single route does', async () => {
  const code = await unitIn(r, c, 'in_use');
  clock.advance(40 * DAY);
  const res = await r.call('POST', '/v1/events/batch', {
    token: c.buyer.token,
    body: { events: [{ code, type: 'decommissioned', occurredAt: ago(39 * DAY), data: {} }] },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.deepEqual(await lateRows(code), [{ type: 'decommissioned', party: 'owner' }]);
});

test('the dashboard: the regulator sees late events by participant and type; a participant sees only its own', async () => {
  const all = await r.call('GET', '/v1/late-reports', { token: r.regulatorToken });
  assert.equal(all.status, 200, JSON.stringify(all.body));
  assert.equal(all.body.scope, 'all');
  const by = (who: string) => all.body.byParticipant.filter((g: any) => g.participantId === who).map((g: any) => [g.type, g.late]);
  assert.deepEqual(by(c.maker.id), [['transferred', 1]]);
  assert.deepEqual(by(c.buyer.id).sort(), [
    ['decommissioned', 1],
    ['incident_reported', 1],
  ]);
  const own = await r.call('GET', '/v1/late-reports', { token: c.maker.token });
  assert.equal(own.body.scope, 'own');
  assert.ok(own.body.byParticipant.every((g: any) => g.participantId === c.maker.id));
  assert.ok(own.body.latest.every((e: any) => e.actorId === c.maker.id));
  assert.equal(own.body.total, 1);
  const none = await r.call('GET', '/v1/late-reports', { token: c.service.token });
  assert.equal(none.body.total, 0);
  refused(await r.call('GET', '/v1/late-reports'), 401, 'UNAUTHENTICATED');
  const table = await r.call('GET', '/v1/deadlines');
  assert.equal(table.status, 200);
  assert.ok(table.body.rules.some((x: any) => x.type === 'scrapped'));
});

test('spoofed dates: ahead of the clock, before the unit existed, or a recordedAt of the caller’s own — refused, nothing changed', async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    refused(
      await record(r, c.buyer.token, code, 'decommissioned', {}, { occurredAt: new Date(clock.now().getTime() + HOUR).toISOString() }),
      422,
      'EVENT_IN_FUTURE',
    );
    refused(await record(r, c.buyer.token, code, 'decommissioned', {}, { occurredAt: ago(400 * DAY) }), 422, 'EVENT_OUT_OF_ORDER');
    refused(await record(r, c.buyer.token, code, 'decommissioned', {}, { occurredAt: 'yesterday' }), 400, 'INVALID_REQUEST');
    const own = await r.call('POST', `/v1/robots/${code}/events`, {
      token: c.buyer.token,
      body: { type: 'decommissioned', occurredAt: ago(DAY), recordedAt: ago(DAY), data: {} },
    });
    refused(own, 400, 'INVALID_REQUEST');
  });
  assert.deepEqual(await lateRows(code), []);
});

test('dodging the flag: a time a little ahead is taken as now, and a late event cannot be made on time by another route or party', async () => {
  const code = await unitIn(r, c, 'in_use');
  clock.advance(31 * DAY);
  // The owner cannot borrow the regulator's row (no deadline): its standing is its own.
  ok(await record(r, c.buyer.token, code, 'stolen_reported', {}, { occurredAt: ago(9 * DAY) }));
  ok(await record(r, c.buyer.token, code, 'recovered', {}, { occurredAt: ago(8 * DAY) }));
  // Within the clock skew: recorded as now, so on time (the event is dated when it was recorded).
  const ahead = ok(
    await record(r, c.buyer.token, code, 'decommissioned', {}, { occurredAt: new Date(clock.now().getTime() + 2 * MINUTE).toISOString() }),
  );
  assert.equal(ahead.body.occurredAt, ahead.body.recordedAt);
  assert.deepEqual(await lateRows(code), [
    { type: 'stolen_reported', party: 'owner' },
    { type: 'recovered', party: 'owner' },
  ]);
});

test('an import is due 7 working days after customs clearance, a re-import likewise: one cleared 12 days before is flagged, 5 days is not', async () => {
  const foreign = await enrol(r, ['manufacturer'], 'Roboter Werke GmbH', 'DE');
  const foreignModel = await fileModel(r, foreign);
  const importer = await enrol(r, ['importer'], 'Harbour Imports');
  const granted = await r.call('POST', `/v1/participants/${importer.id}/mandates`, {
    token: r.regulatorToken,
    body: { maker: foreign.id },
  });
  assert.equal(granted.status, 201, JSON.stringify(granted.body));
  clock.advance(20 * DAY);
  const importCleared = async (days: number) => {
    const res = await r.call('POST', '/v1/imports', {
      token: importer.token,
      body: {
        maker: foreign.enterpriseCode,
        customs: { declaration: `IM-${days}`, clearedAt: ago(days * DAY) },
        units: [unitBody(foreignModel)],
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.units[0].code as string;
  };
  const late = await importCleared(12);
  const onTime = await importCleared(5);
  // The import is flagged under its actor, the importer, standing as importer (as a re-import is).
  const flagged = await r.ctx.store.query<{ type: string; actor_id: string; party: string | null }>(
    'SELECT type, actor_id, party FROM late_events WHERE robot_code = $1',
    [late],
  );
  assert.deepEqual(flagged, [{ type: 'imported', actor_id: importer.id, party: 'importer' }]);
  assert.deepEqual(await lateRows(onTime), []);
  // Out and back: the re-import is measured from its clearance, as the import was.
  const out = await unitIn(r, c, 'in_use');
  ok(await record(r, c.buyer.token, out, 'exported', { destination: 'VN', declaration: 'EX-1' }));
  clock.advance(13 * DAY);
  ok(await record(r, importer.token, out, 'reimported', { declaration: 'IM-back', origin: 'VN' }, { occurredAt: ago(12 * DAY) }));
  assert.deepEqual(await lateRows(out), [{ type: 'reimported', party: 'importer' }]);
  const mine = (await r.call('GET', '/v1/late-reports', { token: importer.token })).body;
  assert.equal(mine.scope, 'own');
  assert.deepEqual(
    mine.latest.map((e: { code: string; type: string }) => [e.code, e.type]).sort(),
    [
      [late, 'imported'],
      [out, 'reimported'],
    ].sort(),
  );
});
