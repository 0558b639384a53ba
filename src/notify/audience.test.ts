import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayReceive, wants, type OutboxEvent, type Subscriber } from './audience.ts';

const OWNER = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';
const owner: Subscriber = { participantId: OWNER, roles: ['operator'], enterpriseCode: null };
const maker: Subscriber = { participantId: OTHER, roles: ['manufacturer'], enterpriseCode: 'AB12' };
const makerOwner: Subscriber = { participantId: OWNER, roles: ['manufacturer'], enterpriseCode: 'AB12' };
const otherMaker: Subscriber = { participantId: OTHER, roles: ['manufacturer'], enterpriseCode: 'ZZ99' };
const regulator: Subscriber = { participantId: OTHER, roles: ['regulator'], enterpriseCode: null };
const stranger: Subscriber = { participantId: OTHER, roles: ['operator', 'service', 'seller', 'recycler'], enterpriseCode: null };
const ev = (topic: string, ownerId = OWNER, enterpriseCode = 'AB12'): OutboxEvent => ({ topic, ownerId, enterpriseCode });

// One row per rule and per edge of each rule.
const TABLE: [string, Subscriber, OutboxEvent, boolean][] = [
  ["owner hears its unit's recall notice", owner, ev('recall_notified'), true],
  ['owner hears any event of its unit', owner, ev('deployed'), true],
  ['owner hears the transfer that made it owner', owner, ev('transferred'), true],
  ['the recipient of an offer hears it before it owns the unit', stranger, { ...ev('transferred'), recipientId: OTHER }, true],
  ['a participant hears no offer made to another', stranger, { ...ev('transferred'), recipientId: OWNER }, false],
  ["owner does not hear another owner's unit", owner, ev('incident_reported', OTHER), false],
  ["owner does not hear another owner's recall notice", owner, ev('recall_notified', OTHER), false],
  ['manufacturer hears incidents on its units, any owner', maker, ev('incident_reported'), true],
  ['manufacturer hears service records on its units', maker, ev('serviced'), true],
  ['manufacturer hears recall notices on its units', maker, ev('recall_notified'), true],
  ['manufacturer does not hear a transfer between others', maker, ev('transferred'), false],
  ['manufacturer does not hear a deployment by others', maker, ev('deployed'), false],
  ["manufacturer does not hear incidents on another maker's units", otherMaker, ev('incident_reported'), false],
  ['manufacturer hears everything on units it owns', makerOwner, ev('registered'), true],
  ['regulator hears everything', regulator, ev('transferred', OWNER, 'QQ00'), true],
  ['regulator hears recall notices', regulator, ev('recall_notified'), true],
  ['other roles hear nothing of units they do not own', stranger, ev('incident_reported'), false],
];

for (const [name, sub, event, expected] of TABLE) {
  test(`audience: ${name}`, () => assert.equal(mayReceive(sub, event), expected));
}

test('audience: a topic filter narrows, null takes all', () => {
  assert.equal(wants(null, 'serviced'), true);
  assert.equal(wants(['serviced'], 'serviced'), true);
  assert.equal(wants(['incident_reported'], 'serviced'), false);
});
