/**
 * Issue #16 in the passport, on the engine under test: "remanufactured from …"
 * and "remanufactured into …" for anyone (as verification shows them), and the
 * customs crossings — the import (origin, declaration, clearance, importer),
 * exports and re-imports — to those who may read the events that recorded them
 * (DESIGN.md §7): the owner, the maker, the regulator all of them, a past owner
 * those up to its handover, the public and a stranger with a token none. The
 * bundle opens the same events to the same readers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { acceptEachOther, DAY, newUnit, ok, record } from '../lifecycle/flow.ts';

const daysBefore = (n: number) => new Date(Date.now() - n * DAY).toISOString();

describe('the passport shows lineage to anyone and customs to the entitled', () => {
  let r: TestRegistry;
  let maker: Enrolled;
  let model: string;
  let foreign: Enrolled;
  let importer: Enrolled;
  let reimporter: Enrolled;
  let buyer: Enrolled;
  let stranger: Enrolled;
  let reman: Enrolled;
  let imported: string;
  let clearedAt: string;
  let predecessors: string[];
  let successor: string;

  before(async () => {
    r = await testRegistry();
    maker = await enrol(r, ['manufacturer', 'seller'], 'Domestic Robotics');
    model = await fileModel(r, maker);
    foreign = await enrol(r, ['manufacturer'], 'Roboter Werke GmbH', 'DE');
    const foreignModel = await fileModel(r, foreign);
    importer = await enrol(r, ['importer', 'seller'], 'Harbour Imports');
    reimporter = await enrol(r, ['importer'], 'Return Imports');
    buyer = await enrol(r, ['operator'], 'Buyer Logistics');
    stranger = await enrol(r, ['operator'], 'Someone Else');
    reman = await enrol(r, ['remanufacturer'], 'Second Life Robotics');
    const remanModel = await fileModel(r, reman);
    await acceptEachOther(r, [maker, importer, reimporter, buyer, reman]);
    const mandate = await r.call('POST', `/v1/participants/${importer.id}/mandates`, {
      token: r.regulatorToken,
      body: { maker: foreign.id },
    });
    assert.equal(mandate.status, 201, JSON.stringify(mandate.body));

    // Imported from Austria (a spelling in lower case), sold, exported to Viet Nam, re-imported by another importer.
    clearedAt = daysBefore(3);
    const imp = await r.call('POST', '/v1/imports', {
      token: importer.token,
      body: {
        maker: foreign.enterpriseCode,
        customs: { declaration: 'IM-2026-0001', clearedAt, origin: 'at' },
        units: [unitBody(foreignModel)],
      },
    });
    assert.equal(imp.status, 201, JSON.stringify(imp.body));
    imported = imp.body.units[0].code;
    ok(await record(r, importer.token, imported, 'transferred', { to: buyer.id, sale: true }));
    ok(await record(r, buyer.token, imported, 'exported', { destination: 'vn', declaration: 'EX-2026-0002' }));
    ok(await record(r, reimporter.token, imported, 'reimported', { declaration: 'IM-2026-0003', origin: 'VN' }));

    // Two decommissioned units handed to the remanufacturer, built into one.
    predecessors = [];
    for (let i = 0; i < 2; i++) {
      const code = await newUnit(r, maker, model);
      ok(await record(r, maker.token, code, 'transferred', { to: buyer.id, sale: true }));
      ok(await record(r, buyer.token, code, 'decommissioned', {}));
      ok(await record(r, buyer.token, code, 'transferred', { to: reman.id, sale: false }));
      predecessors.push(code);
    }
    predecessors.sort();
    const parts = await r.ctx.store.query<{ component_type: string; maker: string; serial: string }>(
      'SELECT component_type, maker, serial FROM components WHERE robot_code = $1 ORDER BY component_type',
      [predecessors[0]],
    );
    const made = await r.call('POST', '/v1/remanufactures', {
      token: reman.token,
      body: {
        predecessors,
        unit: { ...unitBody(remanModel), components: parts.map((p) => ({ type: p.component_type, maker: p.maker, serial: p.serial })) },
      },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    successor = made.body.code;
  });
  after(() => r.dispose());

  const passportAs = async (code: string, token?: string) => {
    const res = await r.call('GET', `/v1/robots/${code}`, token ? { token } : {});
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  test('anyone reads "remanufactured from" on the successor and "remanufactured into" on each predecessor, with the brand', async () => {
    for (const token of [undefined, stranger.token, reman.token, r.regulatorToken]) {
      const p = await passportAs(successor, token);
      assert.deepEqual(p.remanufacturedFrom, predecessors);
      assert.equal(p.remanufacturedInto, null);
      assert.ok(p.brands.includes('remanufactured'), 'the brand follows from the lineage');
      for (const code of predecessors) {
        const q = await passportAs(code.toLowerCase(), token);
        assert.equal(q.remanufacturedInto, successor);
        assert.deepEqual(q.remanufacturedFrom, []);
        assert.equal(q.status, 'remanufactured');
        assert.ok(!q.brands.includes('remanufactured'), 'a predecessor is not itself remanufactured');
      }
    }
    // The passport and verification agree.
    const v = (await r.call('GET', `/v1/verify/${successor}`)).body;
    const p = await passportAs(successor);
    assert.deepEqual([p.remanufacturedFrom, p.remanufacturedInto], [v.remanufacturedFrom, v.remanufacturedInto]);
    // A first-life unit has an empty lineage, shown as such.
    const plain = await passportAs(imported);
    assert.deepEqual([plain.remanufacturedFrom, plain.remanufacturedInto], [[], null]);
  });

  test('the owner, the maker and the regulator read every crossing: import, export, re-import, in order', async () => {
    const expected = [
      {
        direction: 'import',
        country: 'AT',
        declaration: 'IM-2026-0001',
        clearedAt: new Date(clearedAt).toISOString(),
        seq: 1,
        party: { id: importer.id, name: 'Harbour Imports', nameEn: null },
      },
      {
        direction: 'export',
        country: 'VN',
        declaration: 'EX-2026-0002',
        seq: 3,
        party: { id: buyer.id, name: 'Buyer Logistics', nameEn: null },
      },
      {
        direction: 'import',
        country: 'VN',
        declaration: 'IM-2026-0003',
        seq: 4,
        party: { id: reimporter.id, name: 'Return Imports', nameEn: null },
      },
    ];
    for (const token of [reimporter.token, foreign.token, r.regulatorToken]) {
      const p = await passportAs(imported, token);
      assert.equal(p.view, 'full');
      assert.equal(p.customs.length, 3);
      // The export and re-import are cleared when recorded (no occurredAt given): compare all but their times.
      assert.deepEqual(p.customs[0], expected[0]);
      for (const i of [1, 2]) {
        const { clearedAt: at, ...rest } = p.customs[i];
        assert.deepEqual(rest, expected[i]);
        assert.ok(Date.parse(at) <= Date.now());
      }
    }
  });

  test('the public and a stranger with a token read the lineage but no customs; a past owner the crossings up to its handover', async () => {
    for (const [who, token] of [
      ['public', undefined],
      ['stranger', stranger.token],
    ] as const) {
      const p = await passportAs(imported, token);
      assert.equal(p.view, 'public', who);
      assert.equal(p.customs, undefined, `${who} sees no customs crossing`);
      const text = JSON.stringify(p);
      for (const secret of ['IM-2026-0001', 'EX-2026-0002', 'IM-2026-0003', importer.id, buyer.id, reimporter.id])
        assert.ok(!text.includes(secret), `${who} does not read ${secret}`);
      assert.deepEqual(p.remanufacturedFrom, []);
    }
    // A past owner reads the events up to its handover (/events), and so the crossings they recorded: no more.
    for (const [who, past, seen] of [
      ['the first importer', importer, ['IM-2026-0001']],
      ['the buyer that exported it', buyer, ['IM-2026-0001', 'EX-2026-0002', 'IM-2026-0003']],
    ] as const) {
      const p = await passportAs(imported, past.token);
      assert.equal(p.view, 'until', who);
      const events = (await r.call('GET', `/v1/robots/${imported}/events`, { token: past.token })).body.items;
      const last = events.at(-1).seq;
      assert.ok(
        p.customs.every((c: { seq: number }) => c.seq <= last),
        `${who}: nothing past seq ${last}`,
      );
      assert.deepEqual(
        p.customs.map((c: { declaration: string }) => c.declaration),
        seen,
        who,
      );
      assert.equal(p.ownerId, undefined, `${who} does not read today's owner`);
    }
    // A unit never imported shows its owner an empty list, not a missing one.
    const own = await passportAs(successor, reman.token);
    assert.deepEqual(own.customs, []);
  });

  test('the bundle opens the import, export and re-import to the entitled only', async () => {
    const full = await r.call('GET', `/v1/robots/${imported}/bundle`, { token: r.regulatorToken });
    assert.equal(full.status, 200);
    const openings = full.body.entries.map((e: { opening?: { data: Record<string, any> } }) => e.opening?.data);
    assert.equal(openings[0].customs.declaration, 'IM-2026-0001');
    assert.equal(openings[0].customs.origin, 'AT');
    assert.deepEqual(openings[2], { destination: 'VN', declaration: 'EX-2026-0002' });
    assert.equal(openings[3].declaration, 'IM-2026-0003');
    const pub = await r.call('GET', `/v1/robots/${imported}/bundle`);
    assert.equal(pub.status, 200);
    assert.equal(pub.body.entries.length, full.body.entries.length, 'the public bundle proves the same events');
    assert.ok(
      pub.body.entries.every((e: { opening?: unknown }) => e.opening === undefined),
      'and opens none',
    );
    // The successor's bundle opens its registration, naming its predecessors, to its holder.
    const own = await r.call('GET', `/v1/robots/${successor}/bundle`, { token: reman.token });
    assert.deepEqual(own.body.entries[0].opening.data.remanufacturedFrom, predecessors);
  });
});
