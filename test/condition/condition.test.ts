/**
 * Usage counters, condition brands, insurers and battery health (issue #15,
 * items 5–7) through the HTTP API on the test engine: what each party may
 * record, what anyone sees, and the ways round the rules a dealer or owner
 * would try — each refused with its code and nothing changed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, enrol, testRegistry, type Enrolled, type TestRegistry } from '../harness.ts';
import { DAY, eventsOf, makeCast, newUnit, ok, passport, record, refused, unchanged, type Cast } from '../lifecycle/flow.ts';

describe(`[${ENGINE}] usage, brands, insurers and battery health`, () => {
  let r: TestRegistry;
  let c: Cast;
  let insurer: Enrolled;
  let insurer2: Enrolled;
  const future = () => new Date(Date.now() + 30 * DAY).toISOString();
  before(async () => {
    r = await testRegistry();
    c = await makeCast(r);
    insurer = await enrol(r, ['insurer'], 'Ping An Robot Insurance');
    insurer2 = await enrol(r, ['insurer'], 'Other Insurance');
  });
  after(() => r.dispose());

  /** sold registers a unit, sells it to the buyer, grants the service shop and names the insurer. */
  async function sold(): Promise<string> {
    const code = await newUnit(r, c.maker, c.model);
    ok(await record(r, c.maker.token, code, 'transferred', { to: c.buyer.id, sale: true }), 'sale');
    ok(await record(r, c.buyer.token, code, 'service_granted', { service: c.service.id, expiresAt: future() }), 'grant');
    ok(await record(r, c.buyer.token, code, 'insurer_named', { insurer: insurer.id, expiresAt: future(), policy: 'P-1' }), 'insurer');
    return code;
  }
  const columns = async (code: string) =>
    (
      await r.ctx.store.query('SELECT brands, usage_hours::text, usage_cycles::text, usage_at, revision FROM robots WHERE code = $1', [
        code,
      ])
    )[0];
  /** same asserts fn changed nothing: the unit, its events and the log (unchanged) and the new columns and tables. */
  async function same(code: string, fn: () => Promise<unknown>) {
    const before = [
      await columns(code),
      await r.ctx.store.query('SELECT * FROM condition_brands WHERE robot_code = $1 ORDER BY seq', [code]),
    ];
    await unchanged(r, code, fn);
    assert.deepEqual(
      [await columns(code), await r.ctx.store.query('SELECT * FROM condition_brands WHERE robot_code = $1 ORDER BY seq', [code])],
      before,
    );
  }
  const verify = async (code: string) => (await r.call('GET', `/v1/verify/${code}`)).body;

  test('usage: the owner and the shop report counters; verify shows the last reading and when; none goes backwards by any route', async () => {
    const code = await sold();
    assert.equal((await verify(code)).usage, null);
    const reading = ok(await record(r, c.buyer.token, code, 'usage_reported', { hours: 120.5, cycles: 3000 }), 'owner reading');
    const at = reading.body.occurredAt;
    assert.deepEqual((await verify(code)).usage, { hours: 120.5, cycles: 3000, at }, 'verify (cached answer refreshed)');
    ok(await record(r, c.service.token, code, 'serviced', { kind: 'maintenance', usage: { hours: 130, cycles: 3100 } }), 'shop reading');
    ok(await record(r, c.buyer.token, code, 'usage_reported', { hours: 130, cycles: 3100 }), 'an idle unit reads the same');
    await same(code, async () => {
      const back = refused(
        await record(r, c.buyer.token, code, 'usage_reported', { hours: 10, cycles: 3100 }),
        409,
        'COUNTER_BACKWARDS',
        'hours',
      );
      assert.equal(back.body.last.hours, 130);
      refused(await record(r, c.buyer.token, code, 'usage_reported', { hours: 200, cycles: 5 }), 409, 'COUNTER_BACKWARDS', 'cycles only');
      refused(
        await record(r, c.service.token, code, 'serviced', { kind: 'repair', usage: { hours: 1, cycles: 1 } }),
        409,
        'COUNTER_BACKWARDS',
        'through a service record',
      );
      refused(await record(r, c.stranger.token, code, 'usage_reported', { hours: 500, cycles: 9000 }), 403, 'NOT_ENTITLED', 'a stranger');
      refused(await record(r, insurer.token, code, 'usage_reported', { hours: 500, cycles: 9000 }), 403, 'NOT_ENTITLED', 'the insurer');
      refused(await record(r, c.buyer.token, code, 'usage_reported', { hours: -1, cycles: 0 }), 400, 'INVALID_REQUEST', 'negative');
    });
    // A new owner inherits the reading: a sale does not reset the counters.
    ok(await record(r, c.buyer.token, code, 'transferred', { to: c.buyer2.id, sale: true }), 'resale');
    await same(code, async () => {
      refused(await record(r, c.buyer2.token, code, 'usage_reported', { hours: 0, cycles: 0 }), 409, 'COUNTER_BACKWARDS', 'after a sale');
    });
    // A batch carrying the unit twice (a lower reading after a higher one) is refused whole.
    await same(code, async () => {
      const res = await r.call('POST', '/v1/events/batch', {
        token: c.buyer2.token,
        body: {
          events: [
            { code, type: 'usage_reported', data: { hours: 999, cycles: 99999 } },
            { code, type: 'usage_reported', data: { hours: 1, cycles: 1 } },
          ],
        },
      });
      assert.equal(res.status, 400, JSON.stringify(res.body));
    });
    const v = await verify(code);
    assert.equal(v.usage.hours, 130);
    assert.equal(v.usage.cycles, 3100);
  });

  test('brands: a granted shop and the insurer record them with evidence; verify, the passport and the brand list show them to anyone', async () => {
    const code = await sold();
    ok(await record(r, c.service.token, code, 'brand_recorded', { brand: 'water_damaged', evidence: 'Flood survey FS-22' }), 'shop');
    ok(await record(r, insurer.token, code, 'brand_recorded', { brand: 'total_loss', evidence: 'Claim C-1009' }), 'insurer total loss');
    assert.deepEqual((await verify(code)).brands, ['water_damaged', 'total_loss']);
    const pub = await passport(r, code);
    assert.deepEqual(pub.brands, ['water_damaged', 'total_loss'], 'the public passport');
    const list = await r.call('GET', `/v1/robots/${code}/brands`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.records.map((x: { brand: string }) => x.brand),
      ['water_damaged', 'total_loss'],
    );
  });

  test('brands: who may not record which brand, unknown brands and other spellings — each refused, nothing changed', async () => {
    const code = await sold();
    await same(code, async () => {
      refused(
        await record(r, c.service.token, code, 'brand_recorded', { brand: 'total_loss', evidence: 'x' }),
        403,
        'BRAND_NOT_ALLOWED',
        'shop total loss',
      );
      refused(
        await record(r, c.service2.token, code, 'brand_recorded', { brand: 'fire_damaged', evidence: 'x' }),
        403,
        'NOT_ENTITLED',
        'ungranted shop',
      );
      refused(
        await record(r, insurer2.token, code, 'brand_recorded', { brand: 'total_loss', evidence: 'x' }),
        403,
        'NOT_ENTITLED',
        'another insurer',
      );
      refused(
        await record(r, c.buyer.token, code, 'brand_recorded', { brand: 'rebuilt', evidence: 'x' }),
        403,
        'NOT_ENTITLED',
        'the owner',
      );
      refused(
        await record(r, c.maker.token, code, 'brand_recorded', { brand: 'rebuilt', evidence: 'x' }),
        403,
        'NOT_ENTITLED',
        'the maker',
      );
      const spelled = refused(
        await record(r, c.service.token, code, 'brand_recorded', { brand: 'Water-Damaged', evidence: 'x' }),
        422,
        'UNKNOWN_BRAND',
        'another spelling',
      );
      assert.equal(spelled.body.suggestion, 'water_damaged');
      refused(await record(r, c.service.token, code, 'brand_recorded', { brand: 'water damaged', evidence: 'x' }), 422, 'UNKNOWN_BRAND');
      refused(
        await record(r, c.service.token, code, 'brand_recorded', { brand: 'ｗａｔｅｒ＿ｄａｍａｇｅｄ', evidence: 'x' }),
        422,
        'UNKNOWN_BRAND',
      );
      refused(await record(r, r.regulatorToken, code, 'brand_recorded', { brand: 'clean_title', evidence: 'x' }), 422, 'UNKNOWN_BRAND');
      refused(await record(r, c.service.token, code, 'brand_recorded', { brand: 'rebuilt' }), 400, 'INVALID_REQUEST', 'no evidence');
    });
  });

  test('brands are never removed: not by a removal, a correction, a repair, a sale, a revoked insurer', async () => {
    const code = await sold();
    ok(await record(r, r.regulatorToken, code, 'brand_recorded', { brand: 'major_collision', evidence: 'Police report 77' }), 'regulator');
    await same(code, async () => {
      for (const token of [r.regulatorToken, c.buyer.token, c.service.token, insurer.token]) {
        refused(await r.call('DELETE', `/v1/robots/${code}/brands/major_collision`, { token }), 409, 'BRAND_PERMANENT');
      }
      refused(await r.call('DELETE', `/v1/robots/${code}/brands/Major-Collision`, { token: c.buyer.token }), 422, 'UNKNOWN_BRAND');
      refused(await r.call('DELETE', `/v1/robots/${code}/brands/major_collision`), 401, 'UNAUTHENTICATED');
      refused(await record(r, insurer.token, code, 'brand_corrected', { brand: 'major_collision', correction: 'no' }), 403, 'NOT_ENTITLED');
      refused(
        await record(r, r.regulatorToken, code, 'brand_corrected', { brand: 'fire_damaged', correction: 'x' }),
        400,
        'INVALID_ARGUMENT',
        'not carried',
      );
      refused(
        await record(r, r.regulatorToken, code, 'serviced', { kind: 'repair', brands: [] } as never),
        400,
        'INVALID_REQUEST',
        'no field clears brands',
      );
    });
    // The regulator's correction annotates; the brand stays.
    ok(
      await record(r, r.regulatorToken, code, 'brand_corrected', { brand: 'major_collision', correction: 'Damage was cosmetic' }),
      'correction',
    );
    const list = await r.call('GET', `/v1/robots/${code}/brands`);
    assert.deepEqual(list.body.brands, ['major_collision']);
    assert.equal(typeof list.body.records[0].correctedSeq, 'number');
    // A repair replacing the battery, a rebuild brand, a sale, a revoked insurer: still branded.
    const [battery] = (await passport(r, code, c.buyer.token)).components.filter((x: { type: string }) => x.type === 'battery_pack');
    ok(
      await record(r, c.service.token, code, 'serviced', {
        kind: 'repair',
        replaced: [
          {
            type: 'battery_pack',
            removed: { maker: battery.maker, serial: battery.serial },
            installed: { maker: 'ACME Parts', serial: `NEW-${Date.now()}` },
          },
        ],
      }),
      'repair',
    );
    ok(await record(r, c.service.token, code, 'brand_recorded', { brand: 'rebuilt', evidence: 'Workshop report W-3' }), 'rebuilt');
    ok(await record(r, c.buyer.token, code, 'insurer_revoked', { insurer: insurer.id }), 'insurer revoked');
    ok(await record(r, c.buyer.token, code, 'transferred', { to: c.buyer2.id, sale: true }), 'a branded unit may still be sold');
    assert.deepEqual((await verify(code)).brands, ['major_collision', 'rebuilt']);
    assert.deepEqual((await passport(r, code, c.buyer2.token)).brands, ['major_collision', 'rebuilt']);
  });

  test('an insurer reads the units it insures while its cover lives; the cover ends when the unit changes owner', async () => {
    const code = await sold();
    assert.equal((await passport(r, code, insurer.token)).view, 'full');
    assert.equal((await passport(r, code, insurer2.token)).view, 'public');
    assert.equal((await r.call('GET', `/v1/robots/${code}/events`, { token: insurer2.token })).status, 403);
    assert.ok((await eventsOf(r, code, insurer.token)).some((e) => e.type === 'insurer_named'));
    // Naming a participant that is not an insurer is refused.
    await same(code, async () => {
      refused(
        await record(r, c.buyer.token, code, 'insurer_named', { insurer: c.service.id, expiresAt: future() }),
        400,
        'INVALID_ARGUMENT',
      );
      refused(await record(r, c.stranger.token, code, 'insurer_named', { insurer: insurer2.id, expiresAt: future() }), 403, 'NOT_ENTITLED');
      refused(await record(r, c.buyer.token, code, 'insurer_revoked', { insurer: insurer2.id }), 400, 'INVALID_ARGUMENT', 'no cover');
    });
    ok(await record(r, c.buyer.token, code, 'transferred', { to: c.buyer2.id, sale: true }), 'resale');
    assert.equal((await passport(r, code, insurer.token)).view, 'public');
    refused(
      await record(r, insurer.token, code, 'brand_recorded', { brand: 'total_loss', evidence: 'late claim' }),
      403,
      'NOT_ENTITLED',
      'cover ended',
    );
  });

  test('battery health: a shop reports it; the owner, shop, maker and regulator see it, the public and the insurer do not', async () => {
    const code = await sold();
    ok(
      await record(r, c.service.token, code, 'serviced', {
        kind: 'inspection',
        battery: [{ type: 'battery_pack', stateOfHealth: 87.5, cycleCount: 412 }],
      }),
    );
    for (const token of [c.buyer.token, c.service.token, c.maker.token, r.regulatorToken]) {
      const [b] = (await passport(r, code, token)).components.filter((x: { type: string }) => x.type === 'battery_pack');
      assert.equal(b.battery.stateOfHealth, 87.5);
      assert.equal(b.battery.cycleCount, 412);
    }
    const [seenByInsurer] = (await passport(r, code, insurer.token)).components.filter((x: { type: string }) => x.type === 'battery_pack');
    assert.equal(seenByInsurer.battery, undefined);
    assert.equal((await passport(r, code)).components, undefined);
    assert.equal(JSON.stringify(await verify(code)).includes('87.5'), false);
    await same(code, async () => {
      refused(
        await record(r, c.service.token, code, 'serviced', {
          kind: 'inspection',
          battery: [{ type: 'main_controller', stateOfHealth: 50, cycleCount: 1 }],
        }),
        400,
        'INVALID_ARGUMENT',
        'not a battery',
      );
      refused(
        await record(r, c.service.token, code, 'serviced', {
          kind: 'inspection',
          battery: [{ type: 'battery_pack', serial: 'NOT-IN-THIS-UNIT', stateOfHealth: 50, cycleCount: 1 }],
        }),
        400,
        'INVALID_ARGUMENT',
        'another part',
      );
      refused(
        await record(r, c.service.token, code, 'serviced', {
          kind: 'inspection',
          battery: [{ type: 'battery_pack', stateOfHealth: 101, cycleCount: 1 }],
        }),
        400,
        'INVALID_REQUEST',
        'over 100 %',
      );
    });
  });
});
