/**
 * Condition brands survive any repair, ownership change or remanufacture
 * (issue #15, item 6; DESIGN.md §5), through the HTTP API on the engine under
 * test — tried the ways a dealer would try to wash one off: remanufacture into
 * a new code (once and twice over), an export and re-import, a re-registration
 * of the parts, an ownership change by every route, a correction by someone
 * other than the regulator, and a regulator's correction that would remove.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import {
  acceptEachOther,
  DAY,
  eventsOf,
  makeCast,
  newUnit,
  ok,
  passport,
  record,
  refused,
  unchanged,
  type Cast,
} from '../lifecycle/flow.ts';

describe(`[${ENGINE}] brands are never washed off`, () => {
  let r: TestRegistry;
  let c: Cast;
  let reman: Enrolled;
  let remanModel: string;
  let insurer: Enrolled;
  let importer: Enrolled;
  let foreign: Enrolled;
  let foreignModel: string;
  const future = () => new Date(Date.now() + 30 * DAY).toISOString();

  before(async () => {
    r = await testRegistry();
    c = await makeCast(r);
    reman = await enrol(r, ['remanufacturer'], 'Second Life Robotics');
    remanModel = await fileModel(r, reman);
    insurer = await enrol(r, ['insurer'], 'Ping An Robot Insurance');
    importer = await enrol(r, ['importer', 'seller'], 'Harbour Imports');
    foreign = await enrol(r, ['manufacturer'], 'Roboter Werke GmbH', 'DE');
    foreignModel = await fileModel(r, foreign);
    await acceptEachOther(r, [c.maker, c.buyer, c.buyer2, reman, importer]);
    const m = await r.call('POST', `/v1/participants/${importer.id}/mandates`, { token: r.regulatorToken, body: { maker: foreign.id } });
    assert.equal(m.status, 201, JSON.stringify(m.body));
  });
  after(() => r.dispose());

  const verify = async (code: string) => (await r.call('GET', `/v1/verify/${code}`)).body;
  const brandList = async (code: string) => {
    const res = await r.call('GET', `/v1/robots/${code}/brands`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  /** brandSeq is the seq of the event that recorded brand on code. */
  const brandSeq = async (code: string, brand: string) => {
    const [row] = await r.ctx.store.query<{ seq: number }>('SELECT seq FROM condition_brands WHERE robot_code = $1 AND brand = $2', [
      code,
      brand,
    ]);
    assert.ok(row, `${code} has a ${brand} record`);
    return row.seq;
  };
  async function partsOf(code: string) {
    return (
      await r.ctx.store.query<{ component_type: string; maker: string; serial: string }>(
        'SELECT component_type, maker, serial FROM components WHERE robot_code = $1 ORDER BY component_type',
        [code],
      )
    ).map((p) => ({ type: p.component_type, maker: p.maker, serial: p.serial }));
  }

  /** branded sells a new unit, grants the shop and names the insurer, then records brands: each by whoever may. */
  async function branded(brands: { brand: string; by: 'service' | 'insurer' | 'regulator' }[]): Promise<string> {
    const code = await newUnit(r, c.maker, c.model);
    ok(await record(r, c.maker.token, code, 'transferred', { to: c.buyer.id, sale: true }), 'sale');
    ok(await record(r, c.buyer.token, code, 'service_granted', { service: c.service.id, expiresAt: future() }), 'grant');
    ok(await record(r, c.buyer.token, code, 'insurer_named', { insurer: insurer.id, expiresAt: future() }), 'insurer');
    const token = { service: c.service.token, insurer: insurer.token, regulator: r.regulatorToken };
    for (const b of brands)
      ok(await record(r, token[b.by], code, 'brand_recorded', { brand: b.brand, evidence: `Report ${b.brand}` }), b.brand);
    return code;
  }
  /** toReman decommissions the buyer's unit and hands it to the certified remanufacturer. */
  async function toReman(code: string): Promise<void> {
    ok(await record(r, c.buyer.token, code, 'decommissioned', {}), 'decommission');
    ok(await record(r, c.buyer.token, code, 'transferred', { to: reman.id, sale: false }), 'to the remanufacturer');
  }
  async function remanufacture(predecessors: string[]): Promise<string> {
    const parts = await partsOf(predecessors[0] ?? '');
    const res = await r.call('POST', '/v1/remanufactures', {
      token: reman.token,
      body: { predecessors, unit: { ...unitBody(remanModel), components: parts } },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.code as string;
  }

  test('remanufacture: the new unit carries every brand of every predecessor, shown to anyone, each resting on its record; the log says so', async () => {
    const a = await branded([
      { brand: 'water_damaged', by: 'service' },
      { brand: 'total_loss', by: 'insurer' },
    ]);
    const b = await branded([
      { brand: 'fire_damaged', by: 'regulator' },
      { brand: 'rebuilt', by: 'service' },
    ]);
    const clean = await branded([]);
    for (const p of [a, b, clean]) await toReman(p);
    const successor = await remanufacture([a, b, clean]);

    const carried = ['water_damaged', 'fire_damaged', 'total_loss', 'rebuilt'];
    assert.deepEqual((await verify(successor)).brands, [...carried, 'remanufactured'], 'verify, to anyone');
    // The passport adds the lineage's own brand (issue #16); every carried one is there.
    for (const token of [undefined, reman.token]) {
      const shown = (await passport(r, successor, token)).brands;
      assert.ok(
        carried.every((b) => shown.includes(b)),
        `passport (${token ? 'holder' : 'public'}): ${shown}`,
      );
    }
    // The public lineage names the same brands as following from it.
    const lineage = await r.call('GET', `/v1/robots/${successor}/lineage`);
    assert.equal(lineage.status, 200, JSON.stringify(lineage.body));
    assert.deepEqual(lineage.body.brands, [...carried, 'remanufactured'], 'lineage, to anyone');
    const list = await brandList(successor);
    assert.deepEqual(list.brands, carried);
    const origin = async (code: string, brand: string) => ({ code, seq: await brandSeq(code, brand) });
    assert.deepEqual(
      list.records.map((x: { brand: string; seq: number; correctedSeq: number | null; carriedFrom: { code: string; seq: number } }) => ({
        brand: x.brand,
        seq: x.seq,
        correctedSeq: x.correctedSeq,
        from: { code: x.carriedFrom.code, seq: x.carriedFrom.seq },
      })),
      [
        { brand: 'water_damaged', seq: 1, correctedSeq: null, from: await origin(a, 'water_damaged') },
        { brand: 'total_loss', seq: 1, correctedSeq: null, from: await origin(a, 'total_loss') },
        { brand: 'fire_damaged', seq: 1, correctedSeq: null, from: await origin(b, 'fire_damaged') },
        { brand: 'rebuilt', seq: 1, correctedSeq: null, from: await origin(b, 'rebuilt') },
      ],
    );
    // The successor's registration records the brands and the records they rest on; each predecessor's last event, what went on.
    const [first] = await eventsOf(r, successor, reman.token);
    assert.deepEqual(first.data.brands, [...carried, 'remanufactured']);
    assert.deepEqual(
      new Set(first.data.carriedBrands.map((x: { brand: string; from: string; seq: number }) => `${x.brand} ${x.from} ${x.seq}`)),
      new Set([
        `water_damaged ${a} ${await brandSeq(a, 'water_damaged')}`,
        `total_loss ${a} ${await brandSeq(a, 'total_loss')}`,
        `fire_damaged ${b} ${await brandSeq(b, 'fire_damaged')}`,
        `rebuilt ${b} ${await brandSeq(b, 'rebuilt')}`,
      ]),
    );
    assert.deepEqual((await eventsOf(r, a, reman.token)).at(-1).data, { successor, brands: ['water_damaged', 'total_loss'] });
    assert.deepEqual((await eventsOf(r, clean, reman.token)).at(-1).data, { successor });
    // The predecessors keep theirs, shown to anyone too.
    assert.deepEqual((await verify(a)).brands, ['water_damaged', 'total_loss']);
    assert.deepEqual((await verify(b)).brands, ['fire_damaged', 'rebuilt']);
    // A unit remanufactured only from clean units carries none but `remanufactured`.
    const d = await branded([]);
    await toReman(d);
    const fresh = await remanufacture([d]);
    assert.deepEqual((await verify(fresh)).brands, ['remanufactured']);
    assert.deepEqual((await brandList(fresh)).records, []);
  });

  test('remanufacture twice over: the grandchild still carries the brand and names the first record', async () => {
    const a = await branded([{ brand: 'major_collision', by: 'regulator' }]);
    await toReman(a);
    const child = await remanufacture([a]);
    // The remanufacturer retires its own unit and builds again from it.
    ok(await record(r, reman.token, child, 'decommissioned', {}), 'decommission the child');
    const grandchild = await remanufacture([child]);
    assert.deepEqual((await verify(grandchild)).brands, ['major_collision', 'remanufactured']);
    const [rec] = (await brandList(grandchild)).records;
    assert.equal(rec.brand, 'major_collision');
    assert.deepEqual({ code: rec.carriedFrom.code, seq: rec.carriedFrom.seq }, { code: a, seq: await brandSeq(a, 'major_collision') });
    const [first] = await eventsOf(r, grandchild, reman.token);
    assert.deepEqual(first.data.carriedBrands, [{ brand: 'major_collision', from: a, seq: await brandSeq(a, 'major_collision') }]);
  });

  test('a brand recorded while the unit is being remanufactured is either refused or carried, never lost', async () => {
    for (let i = 0; i < 3; i++) {
      const a = await branded([]);
      await toReman(a);
      const parts = await partsOf(a);
      const [brand, built] = await Promise.all([
        record(r, r.regulatorToken, a, 'brand_recorded', { brand: 'fire_damaged', evidence: `Race ${i}` }),
        r.call('POST', '/v1/remanufactures', {
          token: reman.token,
          body: { predecessors: [a], unit: { ...unitBody(remanModel), components: parts } },
        }),
      ]);
      assert.equal(built.status, 201, JSON.stringify(built.body));
      const carried = (await verify(built.body.code)).brands;
      if (brand.status === 201) assert.deepEqual(carried, ['fire_damaged', 'remanufactured'], 'recorded first: carried');
      else {
        refused(brand, 409, 'INVALID_TRANSITION', 'remanufactured first: the predecessor takes no brand');
        assert.deepEqual(carried, ['remanufactured']);
      }
    }
  });

  test('a carried brand is corrected only by the regulator, as an annotation; nobody removes it from the new unit', async () => {
    const a = await branded([{ brand: 'water_damaged', by: 'service' }]);
    await toReman(a);
    const successor = await remanufacture([a]);
    ok(await record(r, reman.token, successor, 'transferred', { to: c.buyer2.id, sale: true }), 'a branded unit may be sold');
    ok(await record(r, c.buyer2.token, successor, 'service_granted', { service: c.service.id, expiresAt: future() }), 'grant');
    ok(await record(r, c.buyer2.token, successor, 'insurer_named', { insurer: insurer.id, expiresAt: future() }), 'insurer');
    await unchanged(r, successor, async () => {
      for (const token of [c.buyer2.token, c.service.token, insurer.token, reman.token, c.maker.token]) {
        refused(
          await record(r, token, successor, 'brand_corrected', { brand: 'water_damaged', correction: 'dried out' }),
          403,
          'NOT_ENTITLED',
        );
        refused(await r.call('DELETE', `/v1/robots/${successor}/brands/water_damaged`, { token }), 409, 'BRAND_PERMANENT');
      }
      refused(await r.call('DELETE', `/v1/robots/${successor}/brands/water_damaged`, { token: r.regulatorToken }), 409, 'BRAND_PERMANENT');
      refused(
        await record(r, r.regulatorToken, successor, 'brand_corrected', { brand: 'water_damaged', correction: 'x', remove: true } as never),
        400,
        'INVALID_REQUEST',
        'no field removes a brand',
      );
    });
    const corrected = ok(
      await record(r, r.regulatorToken, successor, 'brand_corrected', { brand: 'water_damaged', correction: 'Survey found no ingress' }),
      'the regulator annotates',
    );
    const list = await brandList(successor);
    assert.deepEqual(list.brands, ['water_damaged'], 'the brand stays');
    assert.equal(list.records[0].correctedSeq, corrected.body.seq);
    assert.deepEqual((await verify(successor)).brands, ['water_damaged', 'remanufactured']);
  });

  test('an export and re-import keeps the brands; the parts cannot come back clean under a new code', async () => {
    const code = await branded([
      { brand: 'fire_damaged', by: 'service' },
      { brand: 'total_loss', by: 'regulator' },
    ]);
    ok(await record(r, c.buyer.token, code, 'exported', { destination: 'VN', declaration: 'EX-1' }), 'export');
    assert.deepEqual((await verify(code)).brands, ['fire_damaged', 'total_loss'], 'while abroad');
    const parts = await partsOf(code);
    await unchanged(r, code, async () => {
      refused(
        await r.call('POST', '/v1/robots', { token: c.maker.token, body: { ...unitBody(c.model), components: parts } }),
        409,
        'UNIT_EXPORTED',
      );
      const imported = await r.call('POST', '/v1/imports', {
        token: importer.token,
        body: {
          maker: foreign.enterpriseCode,
          customs: { declaration: 'IM-2', clearedAt: new Date(Date.now() - DAY).toISOString() },
          units: [{ ...unitBody(foreignModel), components: parts }],
        },
      });
      refused(imported, 409, 'UNIT_EXPORTED', 'imported as a foreign unit with its parts');
    });
    ok(await record(r, importer.token, code, 'reimported', { declaration: 'IM-1', origin: 'VN' }), 're-import');
    assert.deepEqual((await verify(code)).brands, ['fire_damaged', 'total_loss']);
    assert.deepEqual((await brandList(code)).brands, ['fire_damaged', 'total_loss']);
    assert.deepEqual((await passport(r, code, importer.token)).brands, ['fire_damaged', 'total_loss']);
  });

  test('every ownership change keeps the brands: an offer accepted, a standing acceptance, a regulator’s order, a return to the maker', async () => {
    const code = await branded([{ brand: 'major_collision', by: 'insurer' }]);
    const stranger = await enrol(r, ['operator'], 'Offer Taker');
    const offer = await record(r, c.buyer.token, code, 'transferred', { to: stranger.id, sale: true });
    assert.equal(offer.status, 202, JSON.stringify(offer.body));
    ok(await record(r, stranger.token, code, 'transfer_accepted', {}), 'accepted');
    assert.deepEqual((await verify(code)).brands, ['major_collision'], 'after an accepted offer');
    ok(await record(r, r.regulatorToken, code, 'transferred', { to: c.buyer2.id, sale: false }), "the regulator's order");
    assert.deepEqual((await verify(code)).brands, ['major_collision'], "after the regulator's order");
    ok(await record(r, c.buyer2.token, code, 'transferred', { to: c.maker.id, sale: false }), 'back to the maker');
    assert.deepEqual((await verify(code)).brands, ['major_collision'], 'back with its maker');
    assert.deepEqual((await brandList(code)).brands, ['major_collision']);
    // The insurer that branded it lost its cover with the first change; the brand did not go with it.
    assert.equal((await passport(r, code, insurer.token)).view, 'public');
  });
});
