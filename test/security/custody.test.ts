// Custody ends rights (issue #11, item 3): grants end when the unit changes
// owner; once decommissioned no one services, repairs or strips it; the maker's
// rights over a unit it sold are a grant like any shop's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, testRegistry, type TestRegistry } from '../harness.ts';
import { grant, makeCast, ok, passport, record, refused, transfer, unchanged, unitIn, type Cast } from '../lifecycle/flow.ts';

let r: TestRegistry;
let c: Cast;

before(async () => {
  r = await testRegistry();
  c = await makeCast(r);
});
after(() => r.dispose());

/** fresh is a part no unit holds. */
const fresh = (code: string) => ({ maker: 'CATL', serial: `NEW-${code.slice(-10)}` });

test(`[${ENGINE}] a service grant ends with the sale: the old grantee neither records service nor reads the new owner's unit`, async () => {
  const code = await unitIn(r, c, 'deployed');
  ok(await grant(r, c.buyer, code, c.service));
  ok(await record(r, c.service.token, code, 'serviced', { kind: 'inspection' }), 'under the grant');
  ok(await record(r, c.buyer.token, code, 'undeployed', {}));
  ok(await transfer(r, c.buyer, code, c.buyer2, true), 'the sale');
  await unchanged(r, code, async () => {
    refused(await record(r, c.service.token, code, 'serviced', { kind: 'repair' }), 403, 'NOT_ENTITLED', 'the old grantee repairing');
    refused(
      await record(r, c.service.token, code, 'incident_reported', { severity: 'minor', kind: 'malfunction', description: 'x' }),
      403,
      'NOT_ENTITLED',
      'the old grantee reporting',
    );
  });
  const seen = await passport(r, code, c.service.token);
  assert.equal(seen.view, 'public', 'the old grantee sees only the public passport');
  assert.equal(seen.site, undefined);
  const events = await r.call('GET', `/v1/robots/${code}/events`, { token: c.service.token });
  assert.equal(events.status, 403);
  const [open] = await r.ctx.store.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM service_grants WHERE robot_code = $1 AND revoked_at IS NULL',
    [code],
  );
  assert.equal(open!.n, 0, 'no grant of the old owner is left open');
});

test(`[${ENGINE}] once decommissioned, no part leaves the unit: not by its maker, not by a shop the owner granted before, not while a recycler holds it`, async () => {
  const code = await unitIn(r, c, 'in_use');
  ok(await grant(r, c.buyer, code, c.service));
  ok(await record(r, c.buyer.token, code, 'decommissioned', { reason: 'end of life' }));
  const parts = (await passport(r, code, c.buyer.token)).components as { type: string; maker: string; serial: string }[];
  const strip = {
    kind: 'repair',
    replaced: [{ type: parts[0]!.type, removed: { maker: parts[0]!.maker, serial: parts[0]!.serial }, installed: fresh(code) }],
  };
  await unchanged(r, code, async () => {
    refused(await record(r, c.service.token, code, 'serviced', strip), 409, 'INVALID_TRANSITION', 'the granted shop');
    refused(await record(r, c.maker.token, code, 'serviced', strip), 403, 'NOT_ENTITLED', 'the maker');
    refused(await grant(r, c.buyer, code, c.service2), 409, 'INVALID_TRANSITION', 'a new grant');
  });
  ok(await transfer(r, c.buyer, code, c.recycler, false), 'to the recycler');
  ok(await record(r, c.recycler.token, code, 'recycling_received', {}));
  await unchanged(r, code, async () => {
    refused(await record(r, c.maker.token, code, 'serviced', strip), 403, 'NOT_ENTITLED', 'the maker, at the recycler');
    refused(await record(r, c.service.token, code, 'serviced', strip), 403, 'NOT_ENTITLED', 'the old grantee, at the recycler');
    refused(await record(r, c.recycler.token, code, 'serviced', strip), 403, 'NOT_ENTITLED', 'the recycler itself');
    refused(
      await record(r, c.maker.token, code, 'recall_remedied', { recallId: '00000000-0000-4000-8000-000000000001' }),
      409,
      'INVALID_TRANSITION',
      'a remedy at the recycler',
    );
  });
  const still = await r.ctx.store.query("SELECT 1 FROM components WHERE robot_code = $1 AND state = 'installed'", [code]);
  assert.equal(still.length, parts.length, 'every part is still in the unit');
});

test(`[${ENGINE}] the maker cannot put a unit it sold into service and lock the owner out`, async () => {
  const code = await unitIn(r, c, 'deployed');
  await unchanged(r, code, async () => {
    refused(await record(r, c.maker.token, code, 'service_started', {}), 403, 'NOT_ENTITLED');
    refused(await record(r, c.maker.token, code, 'serviced', { kind: 'software_update', firmware: 'maker-9.9' }), 403, 'NOT_ENTITLED');
  });
  // The owner still runs its unit.
  ok(await record(r, c.buyer.token, code, 'undeployed', {}));
});
