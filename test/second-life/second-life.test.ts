/**
 * Issue #16, items 1–3 and 7, through the HTTP API on the engine under test:
 * imports under a mandate, exports and re-imports, certified remanufacture
 * with lineage, the public list of certified takers — and what a recycler,
 * dealer or importer would try to get around them, each refused with its
 * code and nothing changed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { enrol, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { access, DAY, newUnit, ok, record, refused, unchanged } from '../lifecycle/flow.ts';
import { mandate, secondLifeCast } from './fixture.ts';

const daysBefore = (n: number) => new Date(Date.now() - n * DAY).toISOString();

describe('across borders and into second life', () => {
  let r: TestRegistry;
  let maker: Enrolled;
  let model: string;
  let foreign: Enrolled;
  let foreignModel: string;
  let importer: Enrolled;
  let otherImporter: Enrolled;
  let buyer: Enrolled;
  let recycler: Enrolled;
  let reman: Enrolled;
  let remanModel: string;

  before(async () => {
    r = await testRegistry();
    ({ maker, model, foreign, foreignModel, importer, otherImporter, buyer, recycler, reman, remanModel } = await secondLifeCast(r));
    await mandate(r, importer, foreign);
  });
  after(() => r.dispose());

  const importOne = (by: Enrolled, enterprise: string, mdl: string, body = unitBody(mdl)) =>
    r.call('POST', '/v1/imports', {
      token: by.token,
      body: { maker: enterprise, customs: { declaration: 'DECL-0001', clearedAt: daysBefore(2) }, units: [body] },
    });

  test('an importer registers a foreign maker’s unit: the maker’s country and enterprise, an imported event at customs clearance', async () => {
    const res = await importOne(importer, foreign.enterpriseCode ?? '', foreignModel);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const code = res.body.units[0].code as string;
    assert.equal(code.slice(0, 2), 'DE');
    assert.equal(code.slice(2, 6), foreign.enterpriseCode);
    const events = await r.call('GET', `/v1/robots/${code}/events`, { token: importer.token });
    assert.equal(events.body.items[0].type, 'imported');
    assert.equal(events.body.items[0].data.customs.declaration, 'DECL-0001');
    assert.equal(events.body.items[0].occurredAt.slice(0, 10), daysBefore(2).slice(0, 10));
    const [crossing] = await r.ctx.store.query<{ direction: string; declaration: string }>(
      'SELECT direction, declaration FROM customs_crossings WHERE robot_code = $1',
      [code],
    );
    assert.deepEqual(crossing, { direction: 'import', declaration: 'DECL-0001' });
    // The importer holds it and sells it like any trade unit: the model is approved.
    ok(await record(r, importer.token, code, 'transferred', { to: buyer.id, sale: true }));
    assert.equal((await access(r, code)).allowed, true);
  });

  test('an import is refused for a maker the importer does not act for, for a domestic maker, and ahead of the clock', async () => {
    const size = async () => (await r.ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM robots'))[0]?.n;
    const n = await size();
    refused(await importOne(otherImporter, foreign.enterpriseCode ?? '', foreignModel), 403, 'NOT_MANDATED');
    refused(await importOne(importer, maker.enterpriseCode ?? '', model), 422, 'DOMESTIC_MAKER');
    refused(await importOne(maker, foreign.enterpriseCode ?? '', foreignModel), 403, 'FORBIDDEN_ROLE');
    const future = await r.call('POST', '/v1/imports', {
      token: importer.token,
      body: {
        maker: foreign.enterpriseCode,
        customs: { declaration: 'D', clearedAt: new Date(Date.now() + DAY).toISOString() },
        units: [unitBody(foreignModel)],
      },
    });
    refused(future, 422, 'EVENT_IN_FUTURE');
    // The regulator links importer and maker; a domestic maker cannot be mandated.
    refused(
      await r.call('POST', `/v1/participants/${importer.id}/mandates`, { token: r.regulatorToken, body: { maker: maker.id } }),
      422,
      'DOMESTIC_MAKER',
    );
    refused(
      await r.call('POST', `/v1/participants/${importer.id}/mandates`, { token: importer.token, body: { maker: foreign.id } }),
      403,
      'FORBIDDEN_ROLE',
    );
    assert.equal(await size(), n, 'no unit was registered');
  });

  test('a revoked mandate stops imports', async () => {
    const imp = await enrol(r, ['importer'], 'Short Mandate Imports');
    ok({
      ...(await r.call('POST', `/v1/participants/${imp.id}/mandates`, { token: r.regulatorToken, body: { maker: foreign.id } })),
      status: 201,
    });
    assert.equal((await importOne(imp, foreign.enterpriseCode ?? '', foreignModel)).status, 201);
    const rv = await r.call('POST', `/v1/participants/${imp.id}/mandates/${foreign.id}/revoke`, { token: r.regulatorToken });
    assert.equal(rv.status, 200, JSON.stringify(rv.body));
    refused(await importOne(imp, foreign.enterpriseCode ?? '', foreignModel), 403, 'NOT_MANDATED');
  });

  test('an export leaves the market with its code and history; only an importer brings it back, never a re-registration', async () => {
    const code = await newUnit(r, maker, model);
    ok(await record(r, maker.token, code, 'transferred', { to: buyer.id, sale: true }));
    // The public answers are kept ready (migration 013): an export must refresh them.
    assert.equal((await r.call('GET', `/v1/verify/${code}`)).body.status, 'in_use');
    assert.equal((await access(r, code)).allowed, true);
    ok(await record(r, buyer.token, code, 'exported', { destination: 'vn', declaration: 'EX-77' }));
    assert.deepEqual(await access(r, code), { allowed: false, reasons: ['EXPORTED'] });
    const verify = await r.call('GET', `/v1/verify/${code}`);
    assert.equal(verify.body.status, 'exported');
    // Nothing but a re-import moves it: not a sale, not a deployment, not the old owner.
    await unchanged(r, code, async () => {
      refused(await record(r, buyer.token, code, 'transferred', { to: maker.id, sale: false }), 409, 'INVALID_TRANSITION');
      refused(await record(r, buyer.token, code, 'decommissioned', {}), 409, 'INVALID_TRANSITION');
      refused(await record(r, maker.token, code, 'reimported', { declaration: 'IM-1', origin: 'VN' }), 403, 'NOT_ENTITLED');
    });
    // Re-registering it under any spelling of its parts is refused as the exported unit's.
    const parts = (
      await r.ctx.store.query<{ component_type: string; maker: string; serial: string }>(
        'SELECT component_type, maker, serial FROM components WHERE robot_code = $1 ORDER BY component_type',
        [code],
      )
    ).map((c) => ({ type: c.component_type, maker: c.maker.toUpperCase(), serial: ` ${c.serial.toLowerCase()} ` }));
    await unchanged(r, code, async () => {
      const again = await r.call('POST', '/v1/robots', { token: maker.token, body: { ...unitBody(model), components: parts } });
      refused(again, 409, 'UNIT_EXPORTED');
      assert.match(again.body.detail, new RegExp(code));
    });
    // An importer re-imports it under any spelling of its code: same code, a new event, the importer holds it.
    const display = `${code.slice(0, 2)}-${code.slice(2, 6)}-${code.slice(6, 12)}-${code.slice(12)}`.toLowerCase();
    const back = ok(await record(r, otherImporter.token, display, 'reimported', { declaration: 'IM-9', origin: 'VN' }));
    assert.equal(back.body.robot.code, code);
    assert.equal(back.body.robot.status, 'registered');
    assert.equal(back.body.robot.ownerId, otherImporter.id);
    assert.equal((await access(r, code)).allowed, true);
    const crossings = await r.ctx.store.query<{ direction: string }>(
      'SELECT direction FROM customs_crossings WHERE robot_code = $1 ORDER BY seq',
      [code],
    );
    assert.deepEqual(
      crossings.map((c) => c.direction),
      ['export', 'import'],
    );
    // A unit that is not exported cannot be "re-imported" a second time.
    await unchanged(r, code, async () => {
      refused(await record(r, otherImporter.token, code, 'reimported', { declaration: 'IM-10', origin: 'VN' }), 403, 'NOT_ENTITLED');
    });
  });

  test('a scrapped or decommissioned unit cannot be laundered through an export, nor a flagged one carried out', async () => {
    const code = await newUnit(r, maker, model);
    ok(await record(r, maker.token, code, 'transferred', { to: buyer.id, sale: true }));
    ok(await record(r, buyer.token, code, 'stolen_reported', {}));
    await unchanged(r, code, async () => {
      refused(await record(r, buyer.token, code, 'exported', { destination: 'VN', declaration: 'X' }), 409, 'MARKET_ACCESS_DENIED');
      refused(await record(r, buyer.token, code, 'exported', { destination: 'CN', declaration: 'X' }), 400, 'UNKNOWN_COUNTRY');
    });
    ok(await record(r, buyer.token, code, 'recovered', {}));
    ok(await record(r, buyer.token, code, 'decommissioned', {}));
    await unchanged(r, code, async () => {
      refused(await record(r, buyer.token, code, 'exported', { destination: 'VN', declaration: 'X' }), 409, 'INVALID_TRANSITION');
    });
    ok(await record(r, buyer.token, code, 'transferred', { to: recycler.id, sale: false }));
    ok(await record(r, recycler.token, code, 'recycling_received', {}));
    ok(await record(r, recycler.token, code, 'scrapped', {}));
    await unchanged(r, code, async () => {
      refused(await record(r, recycler.token, code, 'exported', { destination: 'VN', declaration: 'X' }), 409, 'INVALID_TRANSITION');
      refused(await record(r, importer.token, code, 'reimported', { declaration: 'X', origin: 'VN' }), 403, 'NOT_ENTITLED');
    });
  });

  /** decommissionedAt brings a new unit to holder as a decommissioned unit. */
  async function decommissionedWith(holder: Enrolled): Promise<string> {
    const code = await newUnit(r, maker, model);
    ok(await record(r, maker.token, code, 'transferred', { to: buyer.id, sale: true }));
    ok(await record(r, buyer.token, code, 'decommissioned', {}));
    ok(await record(r, buyer.token, code, 'transferred', { to: holder.id, sale: false }));
    return code;
  }

  async function partsOf(code: string) {
    return (
      await r.ctx.store.query<{ component_type: string; maker: string; serial: string }>(
        'SELECT component_type, maker, serial FROM components WHERE robot_code = $1 ORDER BY component_type',
        [code],
      )
    ).map((c) => ({ type: c.component_type, maker: c.maker, serial: c.serial }));
  }

  test('a certified remanufacturer builds a new unit from decommissioned units it holds, with lineage shown to anyone', async () => {
    const a = await decommissionedWith(reman);
    const b = await decommissionedWith(reman);
    const [controller] = (await partsOf(a)).filter((p) => p.type === 'main_controller');
    const [battery] = (await partsOf(b)).filter((p) => p.type === 'battery_pack');
    // Kept ready before: the remanufacture must refresh both predecessors' public answers.
    for (const p of [a, b]) assert.deepEqual(await access(r, p), { allowed: false, reasons: ['DECOMMISSIONED'] });
    const res = await r.call('POST', '/v1/remanufactures', {
      token: reman.token,
      body: {
        predecessors: [a, b.toLowerCase()],
        unit: { ...unitBody(remanModel), components: [{ ...controller, serial: ` ${controller?.serial.toLowerCase()}` }, battery] },
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const successor = res.body.code as string;
    assert.equal(successor.slice(2, 6), reman.enterpriseCode);
    assert.deepEqual(res.body.remanufacturedFrom, [a, b]);
    for (const p of [a, b]) {
      assert.deepEqual(await access(r, p), { allowed: false, reasons: ['REMANUFACTURED'] });
      const lin = await r.call('GET', `/v1/robots/${p}/lineage`);
      assert.equal(lin.body.remanufacturedInto, successor);
    }
    const lin = await r.call('GET', `/v1/robots/${successor}/lineage`);
    assert.deepEqual(lin.body, {
      code: successor,
      remanufacturedFrom: [a, b].sort(),
      remanufacturedInto: null,
      brands: ['remanufactured'],
    });
    const verify = await r.call('GET', `/v1/verify/${successor}`);
    assert.equal(verify.status, 200);
    assert.deepEqual(verify.body.remanufacturedFrom, [a, b].sort());
    assert.ok(verify.body.brands.includes('remanufactured'));
    assert.equal((await r.call('GET', `/v1/verify/${a}`)).body.status, 'remanufactured');
    // The parts moved with their history; sellable once its model is approved.
    assert.equal((await partsOf(successor)).length, 2);
    assert.equal((await access(r, successor)).allowed, true);
    const events = await r.call('GET', `/v1/robots/${a}/events`, { token: reman.token });
    assert.deepEqual(events.body.items.at(-1).data, { successor });
  });

  test('remanufacture refuses a scrapped part, a unit it does not hold, a predecessor twice, and an uncertified remanufacturer', async () => {
    const held = await decommissionedWith(reman);
    const notHeld = await decommissionedWith(recycler);
    const scrapped = await decommissionedWith(recycler);
    ok(await record(r, recycler.token, scrapped, 'recycling_received', {}));
    ok(await record(r, recycler.token, scrapped, 'scrapped', {}));
    const [scrappedPart] = await partsOf(scrapped);
    const heldParts = await partsOf(held);
    const post = (body: unknown, token = reman.token) => r.call('POST', '/v1/remanufactures', { token, body });
    await unchanged(r, [held, notHeld, scrapped], async () => {
      const withScrap = heldParts.map((p) =>
        p.type === scrappedPart?.type ? { ...p, ...scrappedPart, maker: scrappedPart.maker.toLowerCase() } : p,
      );
      refused(await post({ predecessors: [held], unit: { ...unitBody(remanModel), components: withScrap } }), 409, 'SCRAPPED_COMPONENT');
      refused(await post({ predecessors: [held, notHeld], unit: unitBody(remanModel) }), 409, 'PREDECESSOR_NOT_HELD');
      refused(await post({ predecessors: [scrapped], unit: unitBody(remanModel) }), 409, 'PREDECESSOR_NOT_HELD');
      const notHeldParts = await partsOf(notHeld);
      refused(
        await post({ predecessors: [held], unit: { ...unitBody(remanModel), components: notHeldParts } }),
        409,
        'DUPLICATE_COMPONENT',
      );
      refused(await post({ predecessors: [held, held.toLowerCase()], unit: unitBody(remanModel) }), 400, 'INVALID_ARGUMENT');
      refused(await post({ predecessors: [held], unit: unitBody(remanModel) }, recycler.token), 403, 'FORBIDDEN_ROLE');
    });
    // Revoked: it leaves the public list, may not remanufacture nor take decommissioned units.
    const rv = await r.call('POST', `/v1/participants/${reman.id}/certifications/remanufacturer/revoke`, {
      token: r.regulatorToken,
      body: { reason: 'audit failed' },
    });
    assert.equal(rv.status, 200, JSON.stringify(rv.body));
    const listed = await r.call('GET', '/v1/certified');
    assert.ok(!listed.body.certified.some((c: { participantId: string }) => c.participantId === reman.id));
    await unchanged(r, held, async () => {
      refused(await post({ predecessors: [held], unit: { ...unitBody(remanModel), components: heldParts } }), 409, 'NOT_CERTIFIED');
    });
    const another = await newUnit(r, maker, model);
    ok(await record(r, maker.token, another, 'transferred', { to: buyer.id, sale: true }));
    ok(await record(r, buyer.token, another, 'decommissioned', {}));
    await unchanged(r, another, async () => {
      refused(await record(r, buyer.token, another, 'transferred', { to: reman.id, sale: false }), 409, 'NOT_CERTIFIED');
    });
    const again = await r.call('POST', `/v1/participants/${reman.id}/certifications`, {
      token: r.regulatorToken,
      body: { role: 'remanufacturer', scope: 'service humanoids', province: 'Jiangsu' },
    });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    ok(await record(r, buyer.token, another, 'transferred', { to: reman.id, sale: false }));
  });

  test('remanufacturing twice from one predecessor, even racing, makes one successor', async () => {
    const p = await decommissionedWith(reman);
    const parts = await partsOf(p);
    const post = () =>
      r.call('POST', '/v1/remanufactures', {
        token: reman.token,
        body: { predecessors: [p], unit: { ...unitBody(remanModel), components: parts } },
      });
    const answers = await Promise.all([post(), post()]);
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [201, 409], JSON.stringify(answers.map((a) => a.body)));
    const loser = answers.find((a) => a.status === 409);
    assert.equal(loser?.body.code, 'UNIT_REMANUFACTURED');
    const lineage = await r.ctx.store.query('SELECT successor FROM remanufacture_lineage WHERE predecessor = $1', [p]);
    assert.equal(lineage.length, 1);
    // Its leftover parts never come back: they stay with the remanufactured unit.
    const q = await decommissionedWith(reman);
    const [ctrl] = (await partsOf(q)).filter((x) => x.type === 'main_controller');
    ok({
      ...(await r.call('POST', '/v1/remanufactures', {
        token: reman.token,
        body: { predecessors: [q], unit: { ...unitBody(remanModel), components: [ctrl, unitBody(remanModel).components[1]] } },
      })),
      status: 201,
    });
    const [battery] = (await partsOf(q)).filter((x) => x.type === 'battery_pack');
    refused(
      await r.call('POST', '/v1/robots', {
        token: maker.token,
        body: { ...unitBody(model), components: [unitBody(model).components[0], battery] },
      }),
      409,
      'UNIT_REMANUFACTURED',
    );
  });

  test('the public list names certified recyclers and remanufacturers; a unit goes only to a listed one', async () => {
    const list = await r.call('GET', '/v1/certified?role=recycler');
    assert.equal(list.status, 200);
    const green = list.body.certified.find((c: { participantId: string }) => c.participantId === recycler.id);
    assert.equal(green.name, 'Green Recycling');
    assert.equal(green.scope, 'humanoid robots');
    const rv = await r.call('POST', `/v1/participants/${recycler.id}/certifications/recycler/revoke`, {
      token: r.regulatorToken,
      body: {},
    });
    assert.equal(rv.status, 200);
    refused(
      await r.call('POST', `/v1/participants/${recycler.id}/certifications/recycler/revoke`, { token: r.regulatorToken, body: {} }),
      404,
      'NOT_FOUND',
    );
    const code = await newUnit(r, maker, model);
    ok(await record(r, maker.token, code, 'transferred', { to: buyer.id, sale: true }));
    ok(await record(r, buyer.token, code, 'decommissioned', {}));
    await unchanged(r, code, async () => {
      refused(await record(r, buyer.token, code, 'transferred', { to: recycler.id, sale: false }), 409, 'NOT_CERTIFIED');
      refused(await record(r, buyer.token, code, 'transferred', { to: maker.id, sale: false }), 409, 'INVALID_TRANSITION');
    });
    refused(
      await r.call('POST', `/v1/participants/${buyer.id}/certifications`, { token: r.regulatorToken, body: { role: 'recycler' } }),
      400,
      'INVALID_ARGUMENT',
    );
    refused(
      await r.call('POST', `/v1/participants/${recycler.id}/certifications`, { token: buyer.token, body: { role: 'recycler' } }),
      403,
      'FORBIDDEN_ROLE',
    );
    assert.equal(
      (
        await r.call('POST', `/v1/participants/${recycler.id}/certifications`, {
          token: r.regulatorToken,
          body: { role: 'recycler', province: 'Guangdong' },
        })
      ).status,
      201,
    );
    ok(await record(r, buyer.token, code, 'transferred', { to: recycler.id, sale: false }));
    const gd = await r.call('GET', '/v1/certified?province=Guangdong');
    assert.ok(gd.body.certified.some((c: { participantId: string }) => c.participantId === recycler.id));
  });
});
