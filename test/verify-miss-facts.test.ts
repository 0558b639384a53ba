/**
 * What a verify miss no longer asks for (issue #14, item 1): whether a unit holds a
 * scrapped key component is a fact on its row (migration 022, kept by triggers on
 * every write to `components`), and the open-recalls probe is skipped while no
 * recall is open (a fact each process keeps, dropped whenever a recall opens,
 * closes or changes). Each test reads through the public answers, so a stale fact
 * shows as a wrong answer.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, freshDatabase, testRegistry, unitBody, type TestRegistry } from './harness.ts';
import { migrate } from '../src/store/migrate.ts';
import { access, DAY, makeCast, ok, passport, record, unitIn, type Cast } from './lifecycle/flow.ts';

let r: TestRegistry;
let c: Cast;

before(async () => {
  r = await testRegistry();
  c = await makeCast(r);
});
after(() => r.dispose());

/** holds reads the fact migration 022 keeps on each unit. */
async function holds(code: string): Promise<boolean> {
  const [row] = await r.ctx.store.query<{ holds_scrapped_part: boolean }>('SELECT holds_scrapped_part FROM robots WHERE code = $1', [code]);
  assert.ok(row, code);
  return row.holds_scrapped_part;
}

/** byHand runs a data correction outside the use cases; a server following hreg_public hears it, this in-process one is told. */
async function byHand(sql: string, params: unknown[]): Promise<void> {
  await r.ctx.store.query(sql, params);
  r.ctx.facts.clear();
}

async function reasons(code: string): Promise<string[]> {
  const v = await r.call('GET', `/v1/verify/${code}`);
  assert.equal(v.status, 200, JSON.stringify(v.body));
  assert.deepEqual((await access(r, code)).reasons, v.body.marketAccess.reasons, 'both public answers agree');
  return v.body.marketAccess.reasons;
}

test(`[${ENGINE}] scrapping a unit sets its fact; verify shows SCRAPPED, not a scrapped component`, async () => {
  const code = await unitIn(r, c, 'recycling');
  assert.equal(await holds(code), false);
  assert.ok(!(await reasons(code)).includes('CONTAINS_SCRAPPED_COMPONENT'));
  ok(await record(r, c.recycler.token, code, 'scrapped', { method: 'shredding' }), 'scrapped');
  assert.equal(await holds(code), true, 'the scrap statement marked the unit');
  assert.deepEqual(await reasons(code), ['SCRAPPED']);
});

test(`[${ENGINE}] registering and repairing (a part removed, one fitted) keep a clean unit clean`, async () => {
  const code = await unitIn(r, c, 'in_use');
  assert.equal(await holds(code), false);
  ok(
    await record(r, c.buyer.token, code, 'service_granted', { service: c.service.id, expiresAt: new Date(Date.now() + DAY).toISOString() }),
  );
  const old = (await passport(r, code, c.buyer.token)).components.find((x: { type: string }) => x.type === 'battery_pack');
  const replaced = [
    { type: 'battery_pack', removed: { maker: old.maker, serial: old.serial }, installed: { maker: 'CATL', serial: `FRESH-${code}` } },
  ];
  ok(await record(r, c.service.token, code, 'serviced', { kind: 'repair', replaced }), 'repair');
  assert.equal(await holds(code), false);
  assert.deepEqual(await reasons(code), []);
});

test(`[${ENGINE}] a scrapped part in a live unit (moved, re-stated, inserted or deleted by hand) shows at once, and so does its going`, async () => {
  const scrapped = await unitIn(r, c, 'scrapped');
  const live = await unitIn(r, c, 'in_use');
  const parts = await r.ctx.store.query<{ component_type: string }>(
    "SELECT component_type FROM components WHERE robot_code = $1 AND state = 'scrapped' ORDER BY component_type",
    [scrapped],
  );
  assert.equal(parts.length, 2);
  assert.deepEqual(await reasons(live), []);

  // Move one scrapped part into the live unit: the live unit holds one now, the scrapped unit still holds the other.
  const move = (type: string) =>
    byHand("UPDATE components SET robot_code = $2 WHERE robot_code = $1 AND component_type = $3 AND state = 'scrapped'", [
      scrapped,
      live,
      type,
    ]);
  await move('battery_pack');
  assert.equal(await holds(live), true);
  assert.equal(await holds(scrapped), true);
  assert.deepEqual(await reasons(live), ['CONTAINS_SCRAPPED_COMPONENT']);
  // The other one too: the scrapped unit holds none any more.
  await move('main_controller');
  assert.equal(await holds(scrapped), false, 'the unit the rows left is recomputed');
  assert.deepEqual(await reasons(scrapped), ['SCRAPPED']);

  // A repair of the live unit (an installed part swapped) leaves the scrapped ones where they are.
  ok(
    await record(r, c.buyer.token, live, 'service_granted', { service: c.service.id, expiresAt: new Date(Date.now() + DAY).toISOString() }),
  );
  const installed = await r.ctx.store.query<{ maker: string; serial: string }>(
    "SELECT maker, serial FROM components WHERE robot_code = $1 AND state = 'installed' AND component_type = 'battery_pack'",
    [live],
  );
  const mine = installed[0];
  assert.ok(mine);
  const replaced = [
    { type: 'battery_pack', removed: { maker: mine.maker, serial: mine.serial }, installed: { maker: 'CATL', serial: `R-${live}` } },
  ];
  ok(await record(r, c.service.token, live, 'serviced', { kind: 'repair', replaced }), 'repair');
  assert.equal(await holds(live), true);
  assert.deepEqual(await reasons(live), ['CONTAINS_SCRAPPED_COMPONENT']);

  // Re-stated: one part no longer scrapped, then the other.
  const restate = (type: string) =>
    byHand("UPDATE components SET state = 'removed' WHERE robot_code = $1 AND component_type = $2 AND state = 'scrapped'", [live, type]);
  await restate('battery_pack');
  assert.equal(await holds(live), true, 'one scrapped part is left');
  await restate('main_controller');
  assert.equal(await holds(live), false);
  assert.deepEqual(await reasons(live), []);

  // Inserted, then deleted.
  await byHand(
    `INSERT INTO components (component_type, maker, serial, lot, robot_code, state, canonical_maker, canonical_serial)
     VALUES ('battery_pack', 'Old Cells', 'OC-1', NULL, $1, 'scrapped', 'OLD CELLS', 'OC1')`,
    [live],
  );
  assert.equal(await holds(live), true);
  assert.deepEqual(await reasons(live), ['CONTAINS_SCRAPPED_COMPONENT']);
  await byHand("DELETE FROM components WHERE robot_code = $1 AND canonical_serial = 'OC1'", [live]);
  assert.equal(await holds(live), false);
  assert.deepEqual(await reasons(live), []);
});

test(`[${ENGINE}] a recall opened while none was open reaches the next verify, also of a unit that joins it later`, async () => {
  const lot = `LATE-${Date.now()}`;
  const code = await unitIn(r, c, 'in_use');
  // The process now knows "no recall is open" and skips the probe.
  assert.deepEqual((await r.call('GET', `/v1/verify/${code}`)).body.openRecalls, []);
  const recall = await r.call('POST', '/v1/recalls', {
    token: c.maker.token,
    body: {
      scope: { component: { type: 'battery_pack', lots: [lot] } },
      hazard: 'cell swelling',
      severity: 'high',
      remedy: 'part_replacement',
      stopSale: true,
      stopUse: false,
    },
  });
  assert.equal(recall.status, 201, JSON.stringify(recall.body));
  assert.equal(recall.body.affected, 0, 'the recall reaches no unit yet');
  // A unit fitted with the recalled lot joins it on registration; only its own code is invalidated.
  const body = unitBody(c.model);
  const res = await r.call('POST', '/v1/robots', {
    token: c.maker.token,
    body: { ...body, components: body.components.map((p) => (p.type === 'battery_pack' ? { ...p, lot } : p)) },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const joined = (await r.call('GET', `/v1/verify/${res.body.code}`)).body;
  assert.deepEqual(
    joined.openRecalls.map((o: { id: string }) => o.id),
    [recall.body.recall.id],
  );
  assert.ok(joined.marketAccess.reasons.includes('OPEN_RECALL_STOP_SALE'));
  assert.deepEqual((await r.call('GET', `/v1/verify/${code}`)).body.openRecalls, [], 'a unit out of scope stays clear');

  const closed = await r.call('POST', `/v1/recalls/${recall.body.recall.id}/close`, { token: c.maker.token, body: {} });
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
  assert.deepEqual((await r.call('GET', `/v1/verify/${res.body.code}`)).body.openRecalls, []);
});

test(`[${ENGINE}] migration 022 marks the units that already hold a scrapped part`, async () => {
  const db = await freshDatabase('019');
  try {
    const q = db.store;
    const maker = '00000000-0000-4000-8000-000000000001';
    const at = new Date('2026-01-01T00:00:00Z');
    const unit = (n: number) => `CN0001000001260101${String(n).padStart(10, '0')}Z`;
    await q.query(
      `INSERT INTO participants (id, name, country, roles, enterprise_code) VALUES ($1, 'Maker', 'CN', '{manufacturer}', '0001')`,
      [maker],
    );
    await q.query(
      `INSERT INTO models (enterprise_code, model_code, name, category, parameters, component_types, status, filed_at)
       VALUES ('0001', '000001', 'M', 'humanoid', '{}', '{main_controller,battery_pack}', 'approved', $1)`,
      [at],
    );
    for (let n = 1; n <= 3; n++)
      await q.query(
        `INSERT INTO robots (code, enterprise_code, model_code, production_date, sequence, status, owner_id, version, registered_at, updated_at)
         VALUES ($1, '0001', '000001', '2026-01-01', $2, 'registered', $3, 1, $4, $4)`,
        [unit(n), n, maker, at],
      );
    const rows: [string, number, string][] = [
      ['MC-1', 1, 'installed'],
      ['BP-1', 1, 'removed'],
      ['MC-2', 2, 'scrapped'],
      ['BP-2', 2, 'installed'],
      ['MC-3', 3, 'installed'],
    ];
    for (const [serial, n, state] of rows)
      await q.query(
        `INSERT INTO components (component_type, maker, serial, robot_code, state, canonical_maker, canonical_serial)
         VALUES ($1, 'ACME', $2, $3, $4, 'ACME', $2)`,
        [serial.startsWith('MC') ? 'main_controller' : 'battery_pack', serial, unit(n), state],
      );
    const applied = await migrate(q);
    assert.ok(applied.includes(22), `applied ${applied}`);
    const flags = await q.query<{ code: string; holds_scrapped_part: boolean }>(
      'SELECT code, holds_scrapped_part FROM robots ORDER BY code',
    );
    assert.deepEqual(
      flags.map((f) => f.holds_scrapped_part),
      [false, true, false],
    );
  } finally {
    await db.dispose();
  }
});
