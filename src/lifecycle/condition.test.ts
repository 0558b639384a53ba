import assert from 'node:assert/strict';
import test from 'node:test';
import { RegistryError } from '../errors.ts';
import { BRAND_WHO, BRANDS, brandOf, checkBrandParty, checkCorrection, isBatteryType, nextUsage, withBrand } from './condition.ts';
import { decide, type EventFacts, type UnitState } from './decide.ts';
import { EVENT_RULES, EVENT_TYPES } from './events.ts';
import { ROBOT_STATUSES } from './status.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof RegistryError) return err.code;
    throw err;
  }
  return 'accepted';
};

test('brandOf takes exactly a brand code; other spellings are UNKNOWN_BRAND with the brand meant', () => {
  for (const b of BRANDS) assert.equal(brandOf(b), b);
  for (const s of ['Water-Damaged', 'water damaged', 'WATER_DAMAGED', 'ｗａｔｅｒ＿ｄａｍａｇｅｄ', 'water_damaged ']) {
    try {
      brandOf(s);
      assert.fail(s);
    } catch (err) {
      assert.ok(err instanceof RegistryError);
      assert.equal(err.code, 'UNKNOWN_BRAND');
      assert.equal(err.extra.suggestion, 'water_damaged', s);
    }
  }
  assert.equal(
    code(() => brandOf('clean')),
    'UNKNOWN_BRAND',
  );
  assert.equal(
    code(() => brandOf('')),
    'UNKNOWN_BRAND',
  );
});

test('who may record each brand: a total loss only an insurer or the regulator (a row per brand)', () => {
  for (const b of BRANDS) {
    assert.equal(
      code(() => checkBrandParty(b, ['regulator'])),
      'accepted',
      b,
    );
    assert.equal(
      code(() => checkBrandParty(b, ['insurer'])),
      'accepted',
      b,
    );
    assert.equal(
      code(() => checkBrandParty(b, ['service'])),
      b === 'total_loss' ? 'BRAND_NOT_ALLOWED' : 'accepted',
      b,
    );
    assert.equal(
      code(() => checkBrandParty(b, ['owner', 'operator', 'maker'])),
      'BRAND_NOT_ALLOWED',
      b,
    );
  }
  assert.deepEqual(Object.keys(BRAND_WHO), [...BRANDS]);
});

test('brands only grow, in one order, once each', () => {
  assert.deepEqual(withBrand([], 'rebuilt'), ['rebuilt']);
  assert.deepEqual(withBrand(['rebuilt'], 'water_damaged'), ['water_damaged', 'rebuilt']);
  assert.deepEqual(withBrand(['water_damaged'], 'water_damaged'), ['water_damaged']);
  assert.equal(
    code(() => checkCorrection(['rebuilt'], 'total_loss')),
    'INVALID_ARGUMENT',
  );
  assert.equal(
    code(() => checkCorrection(['rebuilt'], 'rebuilt')),
    'accepted',
  );
});

test('a usage reading never goes backwards: either counter lower is COUNTER_BACKWARDS; equal is accepted', () => {
  const at = new Date();
  const last = { hours: 100, cycles: 50, at: at.toISOString() };
  assert.deepEqual(nextUsage(null, { hours: 0, cycles: 0 }, at), { hours: 0, cycles: 0, at: at.toISOString() });
  assert.equal(
    code(() => nextUsage(last, { hours: 99.9, cycles: 60 }, at)),
    'COUNTER_BACKWARDS',
  );
  assert.equal(
    code(() => nextUsage(last, { hours: 120, cycles: 49 }, at)),
    'COUNTER_BACKWARDS',
  );
  assert.equal(
    code(() => nextUsage(last, { hours: 100, cycles: 50 }, at)),
    'accepted',
  );
  assert.equal(
    code(() => nextUsage(last, { hours: 101, cycles: 51 }, at)),
    'accepted',
  );
});

test('battery types are the component types with a battery word', () => {
  assert.equal(isBatteryType('battery_pack'), true);
  assert.equal(isBatteryType('main_battery'), true);
  assert.equal(isBatteryType('main_controller'), false);
  assert.equal(isBatteryType('batteryless_sensor'), false);
});

const unit: UnitState = {
  status: 'in_use',
  ownerId: 'owner',
  operatorId: null,
  site: null,
  firmware: null,
  suspended: false,
  stolen: false,
  resumeStatus: null,
  offer: null,
};
const facts = (f: Partial<EventFacts>): EventFacts => ({
  type: 'usage_reported',
  actorId: 'a',
  parties: ['owner'],
  access: { allowed: true, reasons: [] },
  at: new Date(),
  ...f,
});

test('decide: brands survive every event that changes the unit, and usage follows the service record', () => {
  const branded = decide(unit, facts({ type: 'brand_recorded', parties: ['insurer'], brand: 'total_loss' }));
  assert.deepEqual(branded.brands, ['total_loss']);
  const corrected = decide(branded, facts({ type: 'brand_corrected', parties: ['regulator'], brand: 'total_loss' }));
  assert.deepEqual(corrected.brands, ['total_loss']);
  const serviced = decide(corrected, facts({ type: 'serviced', parties: ['service'], usage: { hours: 5, cycles: 5 } }));
  assert.deepEqual(serviced.brands, ['total_loss']);
  assert.equal(serviced.usage?.hours, 5);
  assert.equal(
    code(() => decide(serviced, facts({ usage: { hours: 4, cycles: 9 } }))),
    'COUNTER_BACKWARDS',
  );
  assert.equal(
    code(() => decide(serviced, facts({ type: 'brand_recorded', parties: ['service'], brand: 'total_loss' }))),
    'BRAND_NOT_ALLOWED',
  );
  assert.equal(
    code(() => decide(serviced, facts({ type: 'brand_recorded', parties: ['owner'], brand: 'rebuilt' }))),
    'NOT_ENTITLED',
  );
  assert.equal(
    code(() => decide(serviced, facts({ type: 'brand_corrected', parties: ['insurer'], brand: 'total_loss' }))),
    'NOT_ENTITLED',
  );
});

test('decide: a software update carrying a lower reading is refused like any other route (COUNTER_BACKWARDS)', () => {
  const read = decide(unit, facts({ usage: { hours: 50, cycles: 50 } }));
  const update = (usage: { hours: number; cycles: number }) =>
    facts({ type: 'software_updated', parties: ['manufacturer'], softwareTo: '1.1.0', usage });
  assert.equal(
    code(() => decide(read, update({ hours: 10, cycles: 60 }))),
    'COUNTER_BACKWARDS',
  );
  assert.equal(decide(read, update({ hours: 60, cycles: 60 })).usage?.hours, 60);
});

test('decide: no event of the table, in any status, by anyone it allows, takes a brand away', () => {
  const brands = ['water_damaged', 'total_loss'] as const;
  const accepted = new Set<string>();
  for (const type of EVENT_TYPES) {
    for (const status of ROBOT_STATUSES) {
      // With and without a pending offer, with the flags clear and set.
      const offer = { to: 'buyer', sale: true, expiresAt: '2999-01-01T00:00:00Z' };
      const states: UnitState[] = [
        { ...unit, status, brands, offer },
        { ...unit, status, brands },
        { ...unit, status, brands, suspended: true, stolen: true },
      ];
      for (const [party, s] of EVENT_RULES[type].who.flatMap((p) => states.map((x) => [p, x] as const))) {
        const e = facts({
          type,
          parties: [party],
          actorId: party === 'recipient' ? 'buyer' : 'a',
          recipient: { id: 'buyer', roles: ['operator', 'recycler'], makesUnit: false, standing: true },
          offerExpiresAt: '2999-01-01T00:00:00Z',
          site: { province: 'Jiangsu', city: 'Suzhou', domain: 'logistics' },
          softwareTo: '2.0.0',
          usage: { hours: 1, cycles: 1 },
          brand: 'water_damaged',
        });
        let next: UnitState;
        try {
          next = decide(s, e);
        } catch (err) {
          if (err instanceof RegistryError) continue;
          throw err;
        }
        accepted.add(type);
        assert.deepEqual(next.brands, brands, `${type} from ${status} by ${party}`);
      }
    }
  }
  // Every event type was accepted somewhere: the check above ran on each.
  assert.deepEqual([...accepted].sort(), [...EVENT_TYPES].sort());
});
