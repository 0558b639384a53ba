import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entitlementOf } from './entitlement.ts';
import type { Principal, Role } from './principal.ts';
import { partiesOf, relationTo } from './relation.ts';

const UNIT = { enterpriseCode: '0001', ownerId: 'owner', operatorId: 'operator', offerTo: 'recipient' };
const none = { activeServiceGrant: false, pastOwnerUntilSeq: null };

function who(id: string, roles: Role[], enterpriseCode: string | null = null): Principal {
  return { participantId: id, name: id, roles, enterpriseCode };
}

// One row per way of standing to the unit: the caller, its grant, the parties it records events as, what it reads.
const ROWS: { name: string; caller: Principal; granted?: boolean; past?: number; parties: string[]; reads: string }[] = [
  { name: 'stranger', caller: who('x', ['seller']), parties: [], reads: 'public' },
  { name: 'owner', caller: who('owner', ['seller']), parties: ['owner'], reads: 'full' },
  { name: 'owner that recycles', caller: who('owner', ['recycler']), parties: ['owner', 'recycler'], reads: 'full' },
  { name: 'operator', caller: who('operator', ['operator']), parties: ['operator'], reads: 'full' },
  {
    name: 'maker holding the unit',
    caller: who('owner', ['manufacturer'], '0001'),
    parties: ['owner', 'manufacturer', 'maker'],
    reads: 'full',
  },
  { name: 'maker after the sale', caller: who('m', ['manufacturer'], '0001'), parties: ['maker'], reads: 'full' },
  { name: 'maker under a grant', caller: who('m', ['manufacturer'], '0001'), granted: true, parties: ['service', 'maker'], reads: 'full' },
  { name: 'another maker', caller: who('m', ['manufacturer'], '0002'), parties: [], reads: 'public' },
  { name: 'regulator', caller: who('r', ['regulator']), parties: ['regulator'], reads: 'full' },
  { name: 'granted shop', caller: who('s', ['service']), granted: true, parties: ['service'], reads: 'full' },
  { name: 'granted non-shop', caller: who('s', ['seller']), granted: true, parties: [], reads: 'full' },
  { name: 'shop without a grant', caller: who('s', ['service']), parties: [], reads: 'public' },
  { name: 'offer recipient', caller: who('recipient', ['seller']), parties: ['recipient'], reads: 'public' },
  { name: 'past owner', caller: who('p', ['seller']), past: 7, parties: [], reads: 'until 7' },
];

for (const row of ROWS) {
  test(`relation of a ${row.name}`, () => {
    const r = relationTo(row.caller, UNIT, { activeServiceGrant: row.granted ?? false, pastOwnerUntilSeq: row.past ?? null });
    assert.deepEqual(partiesOf(row.caller, r), row.parties);
    const e = entitlementOf(row.caller, r);
    assert.equal(e.kind === 'until' ? `until ${e.seq}` : e.kind, row.reads);
  });
}

test('the public reads the public projection', () => {
  const r = relationTo(who('owner', ['seller']), UNIT, none);
  assert.deepEqual(entitlementOf(undefined, r), { kind: 'public' });
});
