// One request cannot fail the others (issue #11, item 6): single events that
// arrive together share a transaction; text that cannot be stored is refused
// at the edge, and a failure no rule foresaw fails its own event only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, testRegistry, type TestRegistry } from '../harness.ts';
import { logSize, makeCast, passport, record, unitIn, type Cast } from '../lifecycle/flow.ts';
import { authenticate } from '../../src/registry/participants/tokens.ts';
import { recordEvent } from '../../src/registry/events/record-event.ts';
import type { EventRequest } from '../../src/registry/events/event-data.ts';

let r: TestRegistry;
let c: Cast;

before(async () => {
  r = await testRegistry();
  c = await makeCast(r);
});
after(() => r.dispose());

const LONE = '\ud800';

test(`[${ENGINE}] a lone surrogate in a note is refused at the edge (400 MALFORMED_TEXT) and its concurrent neighbours are all recorded`, async () => {
  const codes = await Promise.all(Array.from({ length: 6 }, () => unitIn(r, c, 'in_use')));
  const size = await logSize(r);
  const [bad, ...good] = await Promise.all([
    // The raw JSON carries the escape, as a hostile client would send it.
    r.call('POST', `/v1/robots/${codes[0]}/events`, {
      token: c.buyer.token,
      body: `{"type":"stolen_reported","data":{"notes":"gone \\ud800"}}`,
      headers: { 'content-type': 'application/json' },
    }),
    ...codes.slice(1).map((code) => record(r, c.buyer.token, code, 'stolen_reported', { notes: 'taken from the loading bay' })),
  ]);
  assert.equal(bad!.status, 400, JSON.stringify(bad!.body));
  assert.equal(bad!.body.code, 'MALFORMED_TEXT');
  assert.equal(bad!.body.pointer, '/data/notes');
  for (const g of good) assert.equal(g.status, 201, JSON.stringify(g.body));
  assert.equal(await logSize(r), size + good.length, 'every neighbour, and only they, reached the log');
  assert.equal((await passport(r, codes[0]!, c.buyer.token)).stolen, false, 'the refused event changed nothing');
});

test(`[${ENGINE}] a failure inside the shared transaction (text the database cannot store, past the edge) fails its own event only`, async () => {
  const codes = await Promise.all(Array.from({ length: 5 }, () => unitIn(r, c, 'in_use')));
  const buyer = (await authenticate(r.ctx, c.buyer.token))!;
  const size = await logSize(r);
  // Straight to the use case, skipping the HTTP edge: the bad note fails in the database.
  const outcomes = await Promise.allSettled([
    recordEvent(r.ctx, buyer, codes[0]!, { type: 'stolen_reported', data: { notes: `x${LONE}` } } as EventRequest),
    ...codes.slice(1).map((code) => recordEvent(r.ctx, buyer, code, { type: 'stolen_reported', data: { notes: 'fine' } } as EventRequest)),
  ]);
  assert.equal(outcomes[0]!.status, 'rejected', 'the bad event fails');
  for (const o of outcomes.slice(1)) assert.equal(o.status, 'fulfilled', JSON.stringify(o));
  assert.equal(await logSize(r), size + codes.length - 1);
  for (const code of codes.slice(1)) assert.equal((await passport(r, code, c.buyer.token)).stolen, true);
  assert.equal((await passport(r, codes[0]!, c.buyer.token)).stolen, false);
});
