/**
 * Concurrent single events and single registrations (issue #14, item 2):
 * whatever arrives together shares coalesced rounds, and the append writes
 * events, outbox, personal data, stored hashes and the head in one statement
 * from a frontier the process may already know. The rules that must hold: a
 * unit's events apply in the order they were submitted (a second event on a
 * unit waits for a later round), every leaf is in the log once with no gap,
 * and the stored root is the one recomputed from the events' leaves, under a
 * checkpoint that verifies.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryHashStore, openCheckpoint, parseVerifierKey } from '../src/ledger/index.ts';
import type { Principal } from '../src/access/principal.ts';
import type { StoredResponse } from '../src/registry/events/idempotency.ts';
import { recordEvent } from '../src/registry/events/record-event.ts';
import { ENGINE, testRegistry, type TestRegistry } from './harness.ts';
import { eventsOf, makeCast, newUnit, unitIn, type Cast } from './lifecycle/flow.ts';

let r: TestRegistry;
let c: Cast;
before(async () => {
  r = await testRegistry();
  c = await makeCast(r);
});
after(() => r.dispose());

test(`[${ENGINE}] concurrent single events on shared units apply in submission order; the log stays gap-free and its root is recomputed from the leaves`, async () => {
  const units = [];
  for (let i = 0; i < 4; i++) units.push(await unitIn(r, c, 'in_use'));
  const [before] = await r.ctx.store.query<{ size: number }>('SELECT size FROM log_head');
  const [p] = await r.ctx.store.query<{ id: string; name: string; roles: Principal['roles']; enterprise_code: string | null }>(
    'SELECT id, name, roles, enterprise_code FROM participants WHERE id = $1',
    [c.buyer.id],
  );
  assert.ok(p);
  const buyer: Principal = { participantId: p.id, name: p.name, roles: p.roles, enterpriseCode: p.enterprise_code };
  // Six incidents per unit, the units interleaved, submitted in this order in-process (HTTP requests
  // in flight together may reach the server in any order), all in flight at once, and single
  // registrations over HTTP beside them.
  const perUnit = 6;
  const registrations = Array.from({ length: 12 }, () => newUnit(r, c.maker, c.model));
  const events = [];
  for (let k = 0; k < perUnit; k++) {
    for (const code of units)
      events.push(
        recordEvent(
          r.ctx,
          buyer,
          code,
          { type: 'incident_reported', data: { severity: 'minor', kind: 'malfunction', description: `incident ${k}` } },
          // Half the events carry an Idempotency-Key: a round stores their answers in one statement.
          k % 2 === 0 ? { idempotencyKey: `concurrent-${code}-${k}` } : {},
        ),
      );
    // Let the first rounds start, so later events on a unit find its key in a round in flight.
    if (k % 2 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const answers = await Promise.all(events);
  for (const a of answers) assert.equal(a.status, 201);
  const registered = await Promise.all(registrations);
  assert.equal(new Set(registered).size, 12, 'twelve distinct units registered');
  for (const [u, code] of units.entries()) {
    const seqs = Array.from({ length: perUnit }, (_, k) => {
      const body = answers[k * units.length + u]?.body as { seq: number; robot: { code: string } } | undefined;
      assert.equal(body?.robot.code, code);
      return body?.seq as number;
    });
    const first = seqs[0] ?? 0;
    assert.deepEqual(
      seqs,
      Array.from({ length: perUnit }, (_, k) => first + k),
      `${code}: its events took seqs in the order submitted`,
    );
    const stored = (await eventsOf(r, code, c.buyer.token)).filter((e) => e.type === 'incident_reported').map((e) => e.seq);
    assert.deepEqual(
      stored.sort((x: number, y: number) => x - y),
      seqs,
      `${code}: the stored events are those answered`,
    );
  }
  // A retry of each keyed event gets its first answer back and appends nothing.
  const sizeBefore = (await r.ctx.store.query<{ size: number }>('SELECT size FROM log_head'))[0]?.size;
  for (const [u, code] of units.entries())
    for (let k = 0; k < perUnit; k += 2) {
      const again = await recordEvent(
        r.ctx,
        buyer,
        code,
        { type: 'incident_reported', data: { severity: 'minor', kind: 'malfunction', description: `incident ${k}` } },
        { idempotencyKey: `concurrent-${code}-${k}` },
      );
      const firstAnswer: StoredResponse | undefined = answers[k * units.length + u];
      assert.equal(again.status, firstAnswer?.status);
      assert.deepEqual(again.body, JSON.parse(JSON.stringify(firstAnswer?.body)), `${code} #${k}: the retry gets the stored first answer`);
    }
  assert.equal((await r.ctx.store.query<{ size: number }>('SELECT size FROM log_head'))[0]?.size, sizeBefore, 'retries append nothing');
  const rows = await r.ctx.store.query<{ log_index: number; leaf: Buffer }>('SELECT log_index, leaf FROM events ORDER BY log_index');
  const [head] = await r.ctx.store.query<{ size: number; root: Buffer; checkpoint: string }>('SELECT size, root, checkpoint FROM log_head');
  assert.ok(head);
  assert.equal(head.size, (before?.size ?? 0) + perUnit * units.length + 12, 'every event and registration appended once');
  assert.deepEqual(
    rows.map((e) => e.log_index),
    Array.from({ length: head.size }, (_, i) => i),
    'log indexes 0..size-1, no gap',
  );
  const reference = new MemoryHashStore();
  for (const e of rows) await reference.append(e.leaf);
  assert.deepEqual(Buffer.from(await reference.root()), Buffer.from(head.root), 'the stored root is the one recomputed from the leaves');
  const cp = openCheckpoint(head.checkpoint, parseVerifierKey(r.ctx.signer.verifierKey));
  assert.equal(cp.size, head.size);
  assert.deepEqual(Buffer.from(cp.root), Buffer.from(head.root), 'the checkpoint signs that root');
});
