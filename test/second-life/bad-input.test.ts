/**
 * Issue #16's "what bad input gets", by every other route a regulated party
 * would try, on the engine under test: an exported or remanufactured unit
 * brought back by a batch run, an import, a remanufacture or a repair; a
 * decommissioned unit handed to an unlisted recycler by the batch route or an
 * offer accepted after the certification was revoked; border dates ahead of
 * the clock or out of order; another spelling of a country; remanufacture from
 * a unit that is not decommissioned or that the regulator suspended; and
 * remanufacturers racing for one predecessor. Each refusal has its code and
 * changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { DAY, grant, HOUR, newUnit, ok, record, refused, unchanged } from '../lifecycle/flow.ts';
import { mandate, secondLifeCast } from './fixture.ts';

describe('second life: bad input by another route', () => {
  let r: TestRegistry;
  let maker: Enrolled;
  let model: string;
  let foreign: Enrolled;
  let foreignModel: string;
  let importer: Enrolled;
  let buyer: Enrolled;
  let shop: Enrolled;
  let recycler: Enrolled;
  let reman: Enrolled;
  let rival: Enrolled;
  let remanModel: string;
  let rivalModel: string;

  before(async () => {
    r = await testRegistry();
    shop = await enrol(r, ['service'], 'Repair Shop');
    rival = await enrol(r, ['remanufacturer'], 'Rival Remanufacturing');
    rivalModel = await fileModel(r, rival);
    ({ maker, model, foreign, foreignModel, importer, buyer, recycler, reman, remanModel } = await secondLifeCast(r, [rival]));
    await mandate(r, importer, foreign);
  });
  after(() => r.dispose());

  async function partsOf(code: string) {
    return (
      await r.ctx.store.query<{ component_type: string; maker: string; serial: string }>(
        'SELECT component_type, maker, serial FROM components WHERE robot_code = $1 ORDER BY component_type',
        [code],
      )
    ).map((c) => ({ type: c.component_type, maker: c.maker, serial: c.serial }));
  }
  /** respelled gives a part in another spelling of the same canonical identity. */
  const respelled = (p: { type: string; maker: string; serial: string }) => ({
    ...p,
    maker: ` ${p.maker.toUpperCase()} `,
    serial: p.serial.toLowerCase().replace(/-/g, '‐'),
  });
  const count = async () => (await r.ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM robots'))[0]?.n;

  async function sold(): Promise<string> {
    const code = await newUnit(r, maker, model);
    ok(await record(r, maker.token, code, 'transferred', { to: buyer.id, sale: true }));
    return code;
  }
  async function decommissionedWith(holder: Enrolled): Promise<string> {
    const code = await sold();
    ok(await record(r, buyer.token, code, 'decommissioned', {}));
    ok(await record(r, buyer.token, code, 'transferred', { to: holder.id, sale: false }));
    return code;
  }
  /** withPart swaps one part of unitBody(mdl) for part. */
  const withPart = (mdl: string, part: { type: string; maker: string; serial: string }) => ({
    ...unitBody(mdl),
    components: unitBody(mdl).components.map((c: { type: string }) => (c.type === part.type ? part : c)),
  });
  const importOf = (unit: unknown) =>
    r.call('POST', '/v1/imports', {
      token: importer.token,
      body: {
        maker: foreign.enterpriseCode,
        customs: { declaration: 'D-1', clearedAt: new Date(Date.now() - DAY).toISOString() },
        units: [unit],
      },
    });
  const repair = (token: string, code: string, removed: unknown, installed: unknown) => ({
    code,
    type: 'serviced',
    data: { kind: 'repair', replaced: [{ type: 'battery_pack', removed, installed }] },
    token,
  });

  /** everyRoute tries to bring back part (of a unit that left or ended) by each registration route and by a repair, each refused with code. */
  async function everyRoute(part: { type: string; maker: string; serial: string }, code: string, owner: string) {
    const held = await decommissionedWith(reman);
    const fixing = await sold();
    ok(await grant(r, buyer, fixing, shop));
    const [own] = (await partsOf(fixing)).filter((p) => p.type === 'battery_pack');
    const mine = { maker: own?.maker, serial: own?.serial };
    const battery = { maker: part.maker, serial: part.serial };
    const n = await count();
    await unchanged(r, [owner, held, fixing], async () => {
      const batch = await r.call('POST', '/v1/robots/batch', {
        token: maker.token,
        body: { units: [unitBody(model), withPart(model, respelled(part))] },
      });
      refused(batch, 409, code, 'a production run');
      refused(await importOf(withPart(foreignModel, respelled(part))), 409, code, 'an import');
      const heldParts = await partsOf(held);
      refused(
        await r.call('POST', '/v1/remanufactures', {
          token: reman.token,
          body: {
            predecessors: [held],
            unit: { ...unitBody(remanModel), components: heldParts.map((p) => (p.type === part.type ? respelled(part) : p)) },
          },
        }),
        409,
        code,
        'a remanufacture',
      );
      const one = repair(shop.token, fixing, mine, { ...battery, serial: battery.serial.toUpperCase() });
      refused(await record(r, shop.token, fixing, 'serviced', one.data), 409, code, 'a repair');
      const batched = await r.call('POST', '/v1/events/batch', {
        token: shop.token,
        body: { events: [{ code: one.code, type: one.type, data: one.data }] },
      });
      refused(batched, 409, code, 'a batched repair');
    });
    assert.equal(await count(), n, 'no unit was registered');
  }

  test('an exported unit is brought back only by a re-import: its parts by a batch run, an import, a remanufacture or a repair are refused', async () => {
    const out = await sold();
    ok(await record(r, buyer.token, out, 'exported', { destination: 'VN', declaration: 'EX-1' }));
    const [battery] = (await partsOf(out)).filter((p) => p.type === 'battery_pack');
    assert.ok(battery);
    await everyRoute(battery, 'UNIT_EXPORTED', out);
  });

  test('a remanufactured unit never returns: its leftover parts by a batch run, an import, another remanufacture or a repair are refused', async () => {
    const p = await decommissionedWith(reman);
    const [controller, battery] = await partsOf(p).then((ps) => [
      ps.find((x) => x.type === 'main_controller'),
      ps.find((x) => x.type === 'battery_pack'),
    ]);
    assert.ok(controller && battery);
    const made = await r.call('POST', '/v1/remanufactures', {
      token: reman.token,
      body: { predecessors: [p], unit: withPart(remanModel, controller) },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    await everyRoute(battery, 'UNIT_REMANUFACTURED', p);
  });

  test('a decommissioned unit goes only to a listed taker: not by the batch route, nor by an offer accepted after the certification was revoked', async () => {
    const late = await enrol(r, ['recycler'], 'Late Acceptor Recycling');
    const a = await sold();
    const b = await sold();
    for (const code of [a, b]) ok(await record(r, buyer.token, code, 'decommissioned', {}));
    // An offer while listed (the recycler gave the buyer no standing acceptance): pending.
    const offered = await record(r, buyer.token, a, 'transferred', { to: late.id, sale: false });
    assert.equal(offered.status, 202, JSON.stringify(offered.body));
    const revoke = (id: string) =>
      r.call('POST', `/v1/participants/${id}/certifications/recycler/revoke`, { token: r.regulatorToken, body: { reason: 'lapsed' } });
    assert.equal((await revoke(late.id)).status, 200);
    assert.equal((await revoke(recycler.id)).status, 200);
    await unchanged(r, [a, b], async () => {
      refused(await record(r, late.token, a, 'transfer_accepted', {}), 409, 'NOT_CERTIFIED', 'accepting after revocation');
      const batch = await r.call('POST', '/v1/events/batch', {
        token: buyer.token,
        body: { events: [{ code: b, type: 'transferred', data: { to: recycler.id, sale: false } }] },
      });
      refused(batch, 409, 'NOT_CERTIFIED', 'the batch route');
      // An operator or the maker is no taker at all, listed or not.
      refused(await record(r, buyer.token, b, 'transferred', { to: shop.id, sale: false }), 409, 'INVALID_TRANSITION');
    });
    for (const id of [late.id, recycler.id])
      assert.equal(
        (await r.call('POST', `/v1/participants/${id}/certifications`, { token: r.regulatorToken, body: { role: 'recycler' } })).status,
        201,
      );
    ok(await record(r, late.token, a, 'transfer_accepted', {}));
    ok(
      await r.call('POST', '/v1/events/batch', {
        token: buyer.token,
        body: { events: [{ code: b, type: 'transferred', data: { to: recycler.id, sale: false } }] },
      }),
    );
  });

  test('border dates: an export or re-import ahead of the clock, alone or batched, and a re-import dated before its export', async () => {
    const code = await sold();
    const ahead = new Date(Date.now() + HOUR).toISOString();
    await unchanged(r, code, async () => {
      refused(
        await record(r, buyer.token, code, 'exported', { destination: 'VN', declaration: 'X' }, { occurredAt: ahead }),
        422,
        'EVENT_IN_FUTURE',
      );
      const batch = await r.call('POST', '/v1/events/batch', {
        token: buyer.token,
        body: { events: [{ code, type: 'exported', occurredAt: ahead, data: { destination: 'VN', declaration: 'X' } }] },
      });
      refused(batch, 422, 'EVENT_IN_FUTURE');
    });
    ok(await record(r, buyer.token, code, 'exported', { destination: 'VN', declaration: 'X' }));
    // Cleared back in "an hour ago", before it was exported: a date made up to look on time.
    await unchanged(r, code, async () => {
      refused(await record(r, importer.token, code, 'reimported', { declaration: 'I' }, { occurredAt: ahead }), 422, 'EVENT_IN_FUTURE');
      refused(
        await record(
          r,
          importer.token,
          code,
          'reimported',
          { declaration: 'I' },
          { occurredAt: new Date(Date.now() - HOUR).toISOString() },
        ),
        422,
        'EVENT_OUT_OF_ORDER',
      );
    });
  });

  test('another spelling of a country: the registry’s own in any case, an unassigned code — for an export, an import or a re-import', async () => {
    const code = await sold();
    const n = await count();
    await unchanged(r, code, async () => {
      for (const destination of ['cn', 'Cn', 'ZZ', 'xx'])
        refused(await record(r, buyer.token, code, 'exported', { destination, declaration: 'X' }), 400, 'UNKNOWN_COUNTRY', destination);
    });
    for (const origin of ['cn', 'ZZ', 'qq']) {
      const res = await r.call('POST', '/v1/imports', {
        token: importer.token,
        body: {
          maker: foreign.enterpriseCode,
          customs: { declaration: 'D', clearedAt: new Date(Date.now() - DAY).toISOString(), origin },
          units: [unitBody(foreignModel)],
        },
      });
      refused(res, 400, 'UNKNOWN_COUNTRY', `import from ${origin}`);
    }
    assert.equal(await count(), n, 'no unit was imported');
    ok(await record(r, buyer.token, code, 'exported', { destination: 'vn', declaration: 'X' }));
    await unchanged(r, code, async () => {
      for (const origin of ['CN', 'cn', 'ZZ'])
        refused(await record(r, importer.token, code, 'reimported', { declaration: 'I', origin }), 400, 'UNKNOWN_COUNTRY', origin);
    });
    const back = ok(await record(r, importer.token, code, 'reimported', { declaration: 'I', origin: 'vn' }));
    assert.equal(back.body.data.origin, 'VN', 'the log records the country in its one spelling');
    const [crossing] = await r.ctx.store.query<{ country: string }>(
      "SELECT country FROM customs_crossings WHERE robot_code = $1 AND direction = 'import'",
      [code],
    );
    assert.equal(crossing?.country, 'VN');
  });

  test('remanufacture from a held unit that is not decommissioned, or that the regulator suspended, is refused', async () => {
    const inUse = await newUnit(r, maker, model);
    ok(await record(r, maker.token, inUse, 'transferred', { to: reman.id, sale: true }));
    const suspended = await decommissionedWith(reman);
    ok(await record(r, r.regulatorToken, suspended, 'suspended', { reason: 'under investigation' }));
    const post = (code: string) =>
      r.call('POST', '/v1/remanufactures', { token: reman.token, body: { predecessors: [code], unit: unitBody(remanModel) } });
    const n = await count();
    await unchanged(r, [inUse, suspended], async () => {
      refused(await post(inUse), 409, 'INVALID_TRANSITION', 'a unit in use');
      const res = refused(await post(suspended), 409, 'MARKET_ACCESS_DENIED', 'a suspended unit');
      assert.deepEqual(res.body.reasons, ['SUSPENDED']);
    });
    assert.equal(await count(), n);
    ok(await record(r, r.regulatorToken, suspended, 'reinstated', { reason: 'cleared' }));
    const parts = await partsOf(suspended);
    const made = await r.call('POST', '/v1/remanufactures', {
      token: reman.token,
      body: { predecessors: [suspended], unit: { ...unitBody(remanModel), components: parts } },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  });

  test('an imported or remanufactured unit of a model not yet approved is registered but not sold until the regulator approves it', async () => {
    const pending = await fileModel(r, foreign, false);
    const imp = await importOf(unitBody(pending));
    assert.equal(imp.status, 201, JSON.stringify(imp.body));
    const imported = imp.body.units[0].code as string;
    const p = await decommissionedWith(reman);
    const remanPending = await fileModel(r, reman, false);
    const made = await r.call('POST', '/v1/remanufactures', {
      token: reman.token,
      body: { predecessors: [p], unit: { ...unitBody(remanPending), components: await partsOf(p) } },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const successor = made.body.code as string;
    for (const [code, holder] of [
      [imported, importer],
      [successor, reman],
    ] as const) {
      assert.deepEqual((await r.call('GET', `/v1/robots/${code}/market-access`)).body.reasons, ['MODEL_NOT_APPROVED']);
      await unchanged(r, code, async () => {
        refused(await record(r, holder.token, code, 'transferred', { to: buyer.id, sale: true }), 409, 'MARKET_ACCESS_DENIED');
      });
    }
    for (const [who, mdl] of [
      [foreign, pending],
      [reman, remanPending],
    ] as const)
      assert.equal((await r.call('POST', `/v1/models/${who.enterpriseCode}/${mdl}/approve`, { token: r.regulatorToken })).status, 200);
    ok(await record(r, importer.token, imported, 'transferred', { to: buyer.id, sale: true }));
    ok(await record(r, reman.token, successor, 'transferred', { to: buyer.id, sale: true }));
  });

  test('two remanufacturers race for one predecessor while its holder hands it over: one successor at most, by its holder', async () => {
    for (let round = 0; round < 2; round++) {
      const p = await decommissionedWith(reman);
      const parts = await partsOf(p);
      const build = (who: Enrolled, mdl: string) =>
        r.call('POST', '/v1/remanufactures', {
          token: who.token,
          body: { predecessors: [p], unit: { ...unitBody(mdl), components: parts } },
        });
      const [handover, mine, theirs] = await Promise.all([
        record(r, reman.token, p, 'transferred', { to: rival.id, sale: false }),
        build(reman, remanModel),
        build(rival, rivalModel),
      ]);
      const lineage = await r.ctx.store.query<{ successor: string }>('SELECT successor FROM remanufacture_lineage WHERE predecessor = $1', [
        p,
      ]);
      const built = [mine, theirs].filter((x) => x.status === 201);
      assert.ok(built.length <= 1, JSON.stringify([mine, theirs].map((x) => x.body)));
      assert.equal(lineage.length, built.length);
      for (const x of [mine, theirs].filter((y) => y.status !== 201))
        assert.ok(['PREDECESSOR_NOT_HELD', 'UNIT_REMANUFACTURED'].includes(x.body.code), JSON.stringify(x.body));
      if (handover.status === 201) assert.notEqual(mine.status, 201, 'the old holder built nothing from a unit it handed over');
      else assert.equal(handover.body.code, 'INVALID_TRANSITION', JSON.stringify(handover.body));
      // The successor is its builder's, under its enterprise code.
      const [winner] = built;
      if (winner) assert.equal(winner.body.code, lineage[0]?.successor);
    }
  });

  test('two remanufactures sharing a predecessor, racing: one succeeds, the other is refused, and the unshared one is untouched', async () => {
    const [a, shared, c] = [await decommissionedWith(reman), await decommissionedWith(reman), await decommissionedWith(reman)];
    const build = (preds: string[], from: string) =>
      partsOf(from).then((parts) =>
        r.call('POST', '/v1/remanufactures', {
          token: reman.token,
          body: { predecessors: preds, unit: { ...unitBody(remanModel), components: parts } },
        }),
      );
    const answers = await Promise.all([build([a, shared], a), build([c, shared], c)]);
    assert.deepEqual(answers.map((x) => x.status).sort(), [201, 409], JSON.stringify(answers.map((x) => x.body)));
    const loser = answers.findIndex((x) => x.status === 409);
    assert.equal(answers[loser]?.body.code, 'UNIT_REMANUFACTURED');
    const untouched = loser === 0 ? a : c;
    assert.equal((await r.call('GET', `/v1/verify/${untouched}`)).body.status, 'decommissioned', 'the loser’s own predecessor stays');
    assert.equal((await r.call('GET', `/v1/verify/${shared}`)).body.status, 'remanufactured');
  });
});
