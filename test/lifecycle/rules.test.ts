/**
 * Lifecycle table (DESIGN.md §4) and market access (§5) over the HTTP API:
 * sales and deployments need market access, who may record what, flags,
 * service grants, firmware and component swaps.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, testRegistry, unitBody, type TestRegistry } from '../harness.ts';
import {
  access,
  DAY,
  deployData,
  grant,
  HOUR,
  makeCast,
  movableClock,
  newUnit,
  ok,
  passport,
  record,
  refused,
  transfer,
  unchanged,
  unitIn,
  version,
  DOMAIN,
  SITE,
  type Cast,
  type MovableClock,
} from './flow.ts';

let r: TestRegistry;
let c: Cast;
let clock: MovableClock;

before(async () => {
  clock = movableClock();
  r = await testRegistry({ now: clock.now });
  c = await makeCast(r);
});
after(() => r.dispose());

// ── 1. Sales need market access ──────────────────────────────────────────────

test(`[${ENGINE}] a sale of a unit whose model is not approved is refused with MARKET_ACCESS_DENIED [MODEL_NOT_APPROVED]`, async () => {
  const code = await newUnit(r, c.maker, c.pending);
  await unchanged(r, code, async () => {
    const res = refused(await transfer(r, c.maker, code, c.buyer, true), 409, 'MARKET_ACCESS_DENIED');
    assert.deepEqual(res.body.reasons, ['MODEL_NOT_APPROVED']);
    assert.equal(res.body.unitStatus, 'registered');
  });
  assert.deepEqual(await access(r, code), { allowed: false, reasons: ['MODEL_NOT_APPROVED'] });
});

test(`[${ENGINE}] a handover (sale: false) of a unit whose model is not approved is refused, except the regulator's order`, async () => {
  const code = await newUnit(r, c.maker, c.pending);
  await unchanged(r, code, async () => {
    const res = refused(await transfer(r, c.maker, code, c.buyer, false), 409, 'MARKET_ACCESS_DENIED');
    assert.equal(res.body.rule, 'handover');
    assert.deepEqual(res.body.reasons, ['MODEL_NOT_APPROVED']);
  });
  const res = ok(await record(r, r.regulatorToken, code, 'transferred', { to: c.buyer.id, sale: false }), "the regulator's order");
  assert.equal(res.body.robot.status, 'in_use');
  assert.equal(res.body.robot.ownerId, c.buyer.id);
  assert.equal(res.body.data.sale, false);
  assert.equal(res.body.data.to, c.buyer.id);
  assert.equal(res.body.data.from, c.maker.id);
});

test(`[${ENGINE}] a sale of a unit reported stolen is refused with REPORTED_STOLEN`, async () => {
  const code = await unitIn(r, c, 'in_use');
  ok(await record(r, c.buyer.token, code, 'stolen_reported', { notes: 'taken from the loading bay' }));
  await unchanged(r, code, async () => {
    const res = refused(await transfer(r, c.buyer, code, c.buyer2, true), 409, 'MARKET_ACCESS_DENIED');
    assert.ok(res.body.reasons.includes('REPORTED_STOLEN'), JSON.stringify(res.body));
  });
  ok(await record(r, c.buyer.token, code, 'recovered', {}));
  ok(await transfer(r, c.buyer, code, c.buyer2, true), 'the same sale once recovered');
});

test(`[${ENGINE}] a sale of a unit the regulator suspended is refused with SUSPENDED`, async () => {
  const code = await newUnit(r, c.maker, c.model);
  ok(await record(r, r.regulatorToken, code, 'suspended', { reason: 'type approval under review' }));
  await unchanged(r, code, async () => {
    const res = refused(await transfer(r, c.maker, code, c.buyer, true), 409, 'MARKET_ACCESS_DENIED');
    assert.ok(res.body.reasons.includes('SUSPENDED'), JSON.stringify(res.body));
  });
  ok(await record(r, r.regulatorToken, code, 'reinstated', { reason: 'review closed' }));
  ok(await transfer(r, c.maker, code, c.buyer, true), 'the same sale once reinstated');
});

// ── 2. Deployments need market access and status in_use ─────────────────────

test(`[${ENGINE}] a unit still held by the trade (registered) cannot be deployed: INVALID_TRANSITION`, async () => {
  const code = await newUnit(r, c.maker, c.model);
  await unchanged(r, code, async () => {
    const res = refused(await record(r, c.maker.token, code, 'deployed', deployData()), 409, 'INVALID_TRANSITION');
    assert.equal(res.body.unitStatus, 'registered');
  });
});

test(`[${ENGINE}] deployment of a suspended unit is refused with MARKET_ACCESS_DENIED [SUSPENDED]`, async () => {
  const code = await unitIn(r, c, 'in_use');
  ok(await record(r, r.regulatorToken, code, 'suspended', { reason: 'investigation' }));
  await unchanged(r, code, async () => {
    const res = refused(await record(r, c.buyer.token, code, 'deployed', deployData()), 409, 'MARKET_ACCESS_DENIED');
    assert.ok(res.body.reasons.includes('SUSPENDED'));
  });
});

test(`[${ENGINE}] deployment of a unit whose model is not approved is refused with MODEL_NOT_APPROVED`, async () => {
  const code = await newUnit(r, c.maker, c.pending);
  // Only the regulator's order moves such a unit to an end owner.
  ok(await record(r, r.regulatorToken, code, 'transferred', { to: c.buyer.id, sale: false }));
  await unchanged(r, code, async () => {
    const res = refused(await record(r, c.buyer.token, code, 'deployed', deployData()), 409, 'MARKET_ACCESS_DENIED');
    assert.deepEqual(res.body.reasons, ['MODEL_NOT_APPROVED']);
  });
});

test(`[${ENGINE}] deployment of a unit reported stolen is refused with REPORTED_STOLEN`, async () => {
  const code = await unitIn(r, c, 'in_use');
  ok(await record(r, c.buyer.token, code, 'stolen_reported', {}));
  await unchanged(r, code, async () => {
    const res = refused(await record(r, c.buyer.token, code, 'deployed', deployData()), 409, 'MARKET_ACCESS_DENIED');
    assert.ok(res.body.reasons.includes('REPORTED_STOLEN'));
  });
});

test(`[${ENGINE}] deployment by an unrelated participant is refused with NOT_ENTITLED`, async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    refused(await record(r, c.stranger.token, code, 'deployed', deployData()), 403, 'NOT_ENTITLED', 'stranger');
    refused(
      await record(r, c.operator.token, code, 'deployed', deployData(c.operator)),
      403,
      'NOT_ENTITLED',
      'an operator not (yet) named',
    );
    refused(await record(r, c.maker.token, code, 'deployed', deployData()), 403, 'NOT_ENTITLED', 'the maker after the sale');
  });
});

test(`[${ENGINE}] the owner deploys with a site and domain naming an operator, and that operator undeploys`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const dep = ok(await record(r, c.buyer.token, code, 'deployed', deployData(c.operator)));
  assert.equal(dep.body.robot.status, 'deployed');
  const p = await passport(r, code, c.buyer.token);
  assert.equal(p.status, 'deployed');
  assert.equal(p.operatorId, c.operator.id);
  assert.deepEqual(p.site, { province: SITE.province, city: SITE.city, domain: DOMAIN });
  assert.equal((await passport(r, code, c.operator.token)).view, 'full', 'the operator reads the full passport');
  const und = ok(await record(r, c.operator.token, code, 'undeployed', { notes: 'contract ended' }), 'operator undeploys');
  assert.equal(und.body.robot.status, 'in_use');
  const q = await passport(r, code, c.buyer.token);
  assert.equal(q.operatorId, null);
  assert.equal(q.site, null);
});

test(`[${ENGINE}] an owner deploying without naming an operator operates the unit itself`, async () => {
  const code = await unitIn(r, c, 'in_use');
  ok(await record(r, c.buyer.token, code, 'deployed', deployData()));
  assert.equal((await passport(r, code, c.buyer.token)).operatorId, c.buyer.id);
  ok(await record(r, c.buyer.token, code, 'undeployed', {}));
});

test(`[${ENGINE}] a named operator must hold the operator role`, async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    refused(await record(r, c.buyer.token, code, 'deployed', deployData(c.service)), 400, 'INVALID_ARGUMENT');
  });
});

test(`[${ENGINE}] a deployed unit cannot change hands: transferred → 409 INVALID_TRANSITION`, async () => {
  const code = await unitIn(r, c, 'deployed');
  await unchanged(r, code, async () => {
    const sale = refused(await transfer(r, c.buyer, code, c.buyer2, true), 409, 'INVALID_TRANSITION', 'sale');
    assert.equal(sale.body.unitStatus, 'deployed');
    refused(await transfer(r, c.buyer, code, c.buyer2, false), 409, 'INVALID_TRANSITION', 'handover');
  });
});

test(`[${ENGINE}] a deployed unit cannot be decommissioned: 409 INVALID_TRANSITION`, async () => {
  const code = await unitIn(r, c, 'deployed');
  await unchanged(r, code, async () => {
    const res = refused(await record(r, c.buyer.token, code, 'decommissioned', {}), 409, 'INVALID_TRANSITION');
    assert.equal(res.body.unitStatus, 'deployed');
  });
});

test(`[${ENGINE}] a deployed unit cannot be deployed again, nor an in-use unit undeployed`, async () => {
  const code = await unitIn(r, c, 'deployed');
  await unchanged(r, code, async () => {
    refused(await record(r, c.buyer.token, code, 'deployed', deployData()), 409, 'INVALID_TRANSITION');
  });
  const idle = await unitIn(r, c, 'in_use');
  await unchanged(r, idle, async () => {
    refused(await record(r, c.buyer.token, idle, 'undeployed', {}), 409, 'INVALID_TRANSITION');
  });
});

// ── 3. Who may record what ───────────────────────────────────────────────────

test(`[${ENGINE}] only the current owner transfers: the past owner, the operator and a stranger get NOT_ENTITLED; the regulator's order is no sale`, async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    refused(await transfer(r, c.maker, code, c.buyer2, true), 403, 'NOT_ENTITLED', 'the maker after its sale');
    refused(await transfer(r, c.stranger, code, c.buyer2, false), 403, 'NOT_ENTITLED', 'stranger');
    refused(await transfer(r, c.buyer2, code, c.buyer2, false), 403, 'NOT_ENTITLED', 'the would-be recipient');
    refused(
      await record(r, r.regulatorToken, code, 'transferred', { to: c.buyer2.id, sale: true }),
      409,
      'INVALID_TRANSITION',
      'the regulator selling',
    );
  });
  ok(await transfer(r, c.buyer, code, c.buyer2, true), 'the owner');
});

test(`[${ENGINE}] a unit cannot be transferred to its current owner`, async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    refused(await transfer(r, c.buyer, code, c.buyer, false), 409, 'INVALID_TRANSITION');
  });
});

test(`[${ENGINE}] a sale to a participant that is not enrolled is refused and writes nothing`, async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    refused(await transfer(r, c.buyer, code, { id: '00000000-0000-4000-8000-000000000000' }, true), 404, 'UNKNOWN_PARTICIPANT');
  });
});

test(`[${ENGINE}] only the regulator suspends and reinstates`, async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    refused(await record(r, c.buyer.token, code, 'suspended', { reason: 'x' }), 403, 'NOT_ENTITLED', 'owner suspends');
    refused(await record(r, c.maker.token, code, 'suspended', { reason: 'x' }), 403, 'NOT_ENTITLED', 'maker suspends');
  });
  const s = ok(await record(r, r.regulatorToken, code, 'suspended', { reason: 'market surveillance' }));
  assert.equal(s.body.robot.suspended, true);
  await unchanged(r, code, async () => {
    refused(await record(r, c.buyer.token, code, 'reinstated', { reason: 'x' }), 403, 'NOT_ENTITLED', 'owner reinstates');
    refused(await record(r, c.maker.token, code, 'reinstated', { reason: 'x' }), 403, 'NOT_ENTITLED', 'maker reinstates');
  });
  const re = ok(await record(r, r.regulatorToken, code, 'reinstated', { reason: 'cleared' }));
  assert.equal(re.body.robot.suspended, false);
});

test(`[${ENGINE}] suspending a suspended unit or reinstating one that is not suspended is 409 INVALID_TRANSITION`, async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    refused(
      await record(r, r.regulatorToken, code, 'reinstated', { reason: 'x' }),
      409,
      'INVALID_TRANSITION',
      'reinstate when not suspended',
    );
  });
  ok(await record(r, r.regulatorToken, code, 'suspended', { reason: 'first' }));
  await unchanged(r, code, async () => {
    refused(await record(r, r.regulatorToken, code, 'suspended', { reason: 'again' }), 409, 'INVALID_TRANSITION', 'double suspend');
  });
});

test(`[${ENGINE}] only the owner reports a unit stolen and recovered`, async () => {
  const code = await unitIn(r, c, 'deployed');
  await unchanged(r, code, async () => {
    refused(await record(r, r.regulatorToken, code, 'stolen_reported', {}), 403, 'NOT_ENTITLED', 'regulator');
    refused(await record(r, c.maker.token, code, 'stolen_reported', {}), 403, 'NOT_ENTITLED', 'maker');
    refused(await record(r, c.operator.token, code, 'stolen_reported', {}), 403, 'NOT_ENTITLED', 'operator');
  });
  assert.equal(ok(await record(r, c.buyer.token, code, 'stolen_reported', { notes: 'gone overnight' })).body.robot.stolen, true);
  await unchanged(r, code, async () => {
    refused(await record(r, c.buyer.token, code, 'stolen_reported', {}), 409, 'INVALID_TRANSITION', 'double report');
    refused(await record(r, r.regulatorToken, code, 'recovered', {}), 403, 'NOT_ENTITLED', 'regulator recovers');
    refused(await record(r, c.operator.token, code, 'recovered', {}), 403, 'NOT_ENTITLED', 'operator recovers');
  });
  assert.equal(ok(await record(r, c.buyer.token, code, 'recovered', {})).body.robot.stolen, false);
  await unchanged(r, code, async () => {
    refused(await record(r, c.buyer.token, code, 'recovered', {}), 409, 'INVALID_TRANSITION', 'recover when not stolen');
  });
});

test(`[${ENGINE}] market access shows SUSPENDED and REPORTED_STOLEN while set and clears after`, async () => {
  const code = await unitIn(r, c, 'in_use');
  assert.deepEqual(await access(r, code), { allowed: true, reasons: [] });
  ok(await record(r, r.regulatorToken, code, 'suspended', { reason: 'r' }));
  assert.deepEqual(await access(r, code), { allowed: false, reasons: ['SUSPENDED'] });
  ok(await record(r, c.buyer.token, code, 'stolen_reported', {}));
  assert.deepEqual(await access(r, code), { allowed: false, reasons: ['SUSPENDED', 'REPORTED_STOLEN'] });
  const verify = await r.call('GET', `/v1/verify/${code}`);
  assert.deepEqual(verify.body.marketAccess, { allowed: false, reasons: ['SUSPENDED', 'REPORTED_STOLEN'] });
  ok(await record(r, r.regulatorToken, code, 'reinstated', { reason: 'r' }));
  assert.deepEqual(await access(r, code), { allowed: false, reasons: ['REPORTED_STOLEN'] });
  ok(await record(r, c.buyer.token, code, 'recovered', {}));
  assert.deepEqual(await access(r, code), { allowed: true, reasons: [] });
  assert.deepEqual((await r.call('GET', `/v1/verify/${code}`)).body.marketAccess, { allowed: true, reasons: [] });
});

// ── 4. Service grants ────────────────────────────────────────────────────────

test(`[${ENGINE}] a service participant without a grant cannot record service: 403 NOT_ENTITLED`, async () => {
  const code = await unitIn(r, c, 'deployed');
  await unchanged(r, code, async () => {
    refused(await record(r, c.service.token, code, 'serviced', { kind: 'maintenance' }), 403, 'NOT_ENTITLED', 'serviced');
    refused(await record(r, c.service.token, code, 'service_started', {}), 403, 'NOT_ENTITLED', 'service_started');
    refused(
      await record(r, c.buyer.token, code, 'serviced', { kind: 'maintenance' }),
      403,
      'NOT_ENTITLED',
      'the owner is not a service participant',
    );
    refused(await record(r, c.operator.token, code, 'serviced', { kind: 'maintenance' }), 403, 'NOT_ENTITLED', 'the operator');
    refused(await record(r, c.buyer.token, code, 'service_started', {}), 403, 'NOT_ENTITLED', 'the owner starts service');
  });
});

test(`[${ENGINE}] only the owner grants and revokes service`, async () => {
  const code = await unitIn(r, c, 'deployed');
  await unchanged(r, code, async () => {
    refused(await grant(r, c.service, code, c.service), 403, 'NOT_ENTITLED', 'the service grants itself');
    refused(await grant(r, c.operator, code, c.service), 403, 'NOT_ENTITLED', 'the operator');
    refused(await grant(r, c.maker, code, c.service), 403, 'NOT_ENTITLED', 'the maker after the sale');
    refused(await grant(r, c.buyer, code, c.stranger), 400, 'INVALID_ARGUMENT', 'the grantee must hold the service role');
    refused(await grant(r, c.buyer, code, c.service, -HOUR), 400, 'INVALID_ARGUMENT', 'a grant must expire in the future');
  });
  ok(await grant(r, c.buyer, code, c.service));
  await unchanged(r, code, async () => {
    refused(await grant(r, c.service, code, c.service2), 403, 'NOT_ENTITLED', 'a granted service passes its grant on');
    refused(await grant(r, c.service, code, c.service, 300 * DAY), 403, 'NOT_ENTITLED', 'a granted service extends its own grant');
    refused(
      await record(r, c.service.token, code, 'service_revoked', { service: c.service.id }),
      403,
      'NOT_ENTITLED',
      'the service revokes',
    );
  });
});

test(`[${ENGINE}] with the owner's grant, service_started puts a deployed unit in_service and serviced returns it to deployed`, async () => {
  const code = await unitIn(r, c, 'deployed');
  ok(await grant(r, c.buyer, code, c.service));
  const start = ok(await record(r, c.service.token, code, 'service_started', { notes: 'gearbox noise' }));
  assert.equal(start.body.robot.status, 'in_service');
  assert.equal((await passport(r, code, c.buyer.token)).status, 'in_service');
  const done = ok(await record(r, c.service.token, code, 'serviced', { kind: 'repair', notes: 'gearbox replaced' }));
  assert.equal(done.body.robot.status, 'deployed');
  const p = await passport(r, code, c.buyer.token);
  assert.equal(p.status, 'deployed');
  assert.equal(p.operatorId, c.operator.id, 'the operator is kept through service');
  assert.deepEqual(p.site, { province: SITE.province, city: SITE.city, domain: DOMAIN }, 'the site is kept through service');
});

test(`[${ENGINE}] service of an in-use unit returns it to in_use, and short work needs only serviced`, async () => {
  const code = await unitIn(r, c, 'in_use');
  ok(await grant(r, c.buyer, code, c.service));
  assert.equal(ok(await record(r, c.service.token, code, 'serviced', { kind: 'inspection' })).body.robot.status, 'in_use');
  assert.equal(ok(await record(r, c.service.token, code, 'service_started', {})).body.robot.status, 'in_service');
  assert.equal(ok(await record(r, c.service.token, code, 'serviced', { kind: 'maintenance' })).body.robot.status, 'in_use');
});

test(`[${ENGINE}] a unit in service cannot change hands, be undeployed, decommissioned or service_started again`, async () => {
  const code = await unitIn(r, c, 'in_service');
  await unchanged(r, code, async () => {
    refused(await transfer(r, c.buyer, code, c.buyer2, false), 409, 'INVALID_TRANSITION', 'transfer');
    refused(await record(r, c.buyer.token, code, 'undeployed', {}), 409, 'INVALID_TRANSITION', 'undeploy');
    refused(await record(r, c.buyer.token, code, 'decommissioned', {}), 409, 'INVALID_TRANSITION', 'decommission');
    refused(await record(r, c.service.token, code, 'service_started', {}), 409, 'INVALID_TRANSITION', 'start twice');
  });
});

test(`[${ENGINE}] service_started needs a unit in use or deployed`, async () => {
  const code = await newUnit(r, c.maker, c.model);
  await unchanged(r, code, async () => {
    refused(await record(r, c.maker.token, code, 'service_started', {}), 409, 'INVALID_TRANSITION');
  });
});

test(`[${ENGINE}] after service_revoked the service participant is refused again`, async () => {
  const code = await unitIn(r, c, 'deployed');
  ok(await grant(r, c.buyer, code, c.service));
  ok(await record(r, c.service.token, code, 'serviced', { kind: 'inspection' }));
  ok(await record(r, c.buyer.token, code, 'service_revoked', { service: c.service.id }));
  await unchanged(r, code, async () => {
    refused(await record(r, c.service.token, code, 'serviced', { kind: 'inspection' }), 403, 'NOT_ENTITLED', 'serviced after revoke');
    refused(await record(r, c.service.token, code, 'service_started', {}), 403, 'NOT_ENTITLED', 'service_started after revoke');
    refused(
      await record(r, c.buyer.token, code, 'service_revoked', { service: c.service.id }),
      400,
      'INVALID_ARGUMENT',
      'nothing left to revoke',
    );
  });
});

test(`[${ENGINE}] a grant for one service participant does not entitle another`, async () => {
  const code = await unitIn(r, c, 'deployed');
  ok(await grant(r, c.buyer, code, c.service));
  await unchanged(r, code, async () => {
    refused(await record(r, c.service2.token, code, 'serviced', { kind: 'inspection' }), 403, 'NOT_ENTITLED');
  });
});

test(`[${ENGINE}] an expired grant no longer entitles the service participant`, async () => {
  const code = await unitIn(r, c, 'deployed');
  ok(await grant(r, c.buyer, code, c.service, HOUR));
  ok(await record(r, c.service.token, code, 'serviced', { kind: 'inspection' }), 'within the grant');
  clock.advance(2 * HOUR);
  await unchanged(r, code, async () => {
    refused(await record(r, c.service.token, code, 'serviced', { kind: 'inspection' }), 403, 'NOT_ENTITLED', 'after expiry');
  });
  assert.equal((await passport(r, code, c.service.token)).view, 'public', 'an expired grant no longer opens the passport');
});

test(`[${ENGINE}] the manufacturer services units it holds without a grant; once sold, only under the owner's grant, like any shop`, async () => {
  const stock = await newUnit(r, c.maker, c.model);
  ok(await record(r, c.maker.token, stock, 'serviced', { kind: 'inspection' }), 'its own stock');
  const code = await unitIn(r, c, 'deployed');
  await unchanged(r, code, async () => {
    refused(await record(r, c.otherMaker.token, code, 'serviced', { kind: 'inspection' }), 403, 'NOT_ENTITLED', 'other manufacturer');
    refused(await record(r, c.maker.token, code, 'service_started', {}), 403, 'NOT_ENTITLED', 'the maker of a sold unit, without a grant');
    refused(
      await record(r, c.maker.token, code, 'serviced', { kind: 'repair' }),
      403,
      'NOT_ENTITLED',
      'the maker of a sold unit, without a grant',
    );
  });
  ok(await grant(r, c.buyer, code, c.maker), 'the owner grants its maker service');
  assert.equal(ok(await record(r, c.maker.token, code, 'service_started', {})).body.robot.status, 'in_service');
  assert.equal(ok(await record(r, c.maker.token, code, 'serviced', { kind: 'repair' })).body.robot.status, 'deployed');
});

test(`[${ENGINE}] a service record with firmware updates the passport's firmware`, async () => {
  const code = await unitIn(r, c, 'in_use', { firmware: 'hf-1.0.0' });
  assert.equal((await passport(r, code, c.buyer.token)).firmware, 'hf-1.0.0');
  ok(await grant(r, c.buyer, code, c.service));
  ok(await record(r, c.service.token, code, 'serviced', { kind: 'software_update', firmware: 'hf-2.1.0' }));
  assert.equal((await passport(r, code, c.buyer.token)).firmware, 'hf-2.1.0');
  ok(await record(r, c.service.token, code, 'serviced', { kind: 'inspection' }));
  assert.equal((await passport(r, code, c.buyer.token)).firmware, 'hf-2.1.0', 'service without firmware keeps it');
});

test(`[${ENGINE}] replaced components swap the passport's components: removed → removed, installed → installed`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const before = (await passport(r, code, c.buyer.token)).components as { type: string; maker: string; serial: string; state: string }[];
  const old = before.find((x) => x.type === 'battery_pack')!;
  assert.equal(old.state, 'installed');
  const fresh = { maker: 'CATL', serial: `BAT-NEW-${code.slice(-8)}`, lot: 'L9' };
  ok(await grant(r, c.buyer, code, c.service));
  ok(
    await record(r, c.service.token, code, 'serviced', {
      kind: 'repair',
      replaced: [{ type: 'battery_pack', removed: { maker: old.maker, serial: old.serial }, installed: fresh }],
    }),
  );
  const after = (await passport(r, code, c.buyer.token)).components as {
    type: string;
    maker: string;
    serial: string;
    state: string;
    lot: string | null;
  }[];
  assert.equal(after.find((x) => x.serial === old.serial)?.state, 'removed');
  const installed = after.find((x) => x.serial === fresh.serial);
  assert.deepEqual(installed, { type: 'battery_pack', maker: 'CATL', serial: fresh.serial, lot: 'L9', state: 'installed' });
  assert.equal(after.filter((x) => x.state === 'installed').length, 2, 'one installed component per key type');
});

test(`[${ENGINE}] a replacement must remove a part installed in this unit and may not fit a part installed elsewhere`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const other = unitBody(c.model);
  const otherCode = (await r.call('POST', '/v1/robots', { token: c.maker.token, body: other })).body.code as string;
  const mine = ((await passport(r, code, c.buyer.token)).components as { type: string; maker: string; serial: string }[]).find(
    (x) => x.type === 'battery_pack',
  )!;
  const elsewhere = other.components.find((x) => x.type === 'battery_pack')!;
  ok(await grant(r, c.buyer, code, c.service));
  await unchanged(r, [code, otherCode], async () => {
    refused(
      await record(r, c.service.token, code, 'serviced', {
        kind: 'repair',
        replaced: [
          { type: 'battery_pack', removed: { maker: 'Nobody', serial: 'NOT-HERE' }, installed: { maker: 'CATL', serial: `X-${code}` } },
        ],
      }),
      400,
      'INVALID_ARGUMENT',
      'removing a part that is not in the unit',
    );
    refused(
      await record(r, c.service.token, code, 'serviced', {
        kind: 'repair',
        replaced: [
          {
            type: 'battery_pack',
            removed: { maker: mine.maker, serial: mine.serial },
            installed: { maker: elsewhere.maker, serial: elsewhere.serial },
          },
        ],
      }),
      409,
      'DUPLICATE_COMPONENT',
      'fitting a part installed in another unit',
    );
  });
  assert.equal(await version(r, otherCode), 1);
});
