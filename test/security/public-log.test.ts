// The public log publishes no one's business (issue #11): anyone may download every
// leaf and every unit's bundle, and must learn from them only the units' public history
// — event types, sequence and times — while the passport and /events refuse the rest to
// the public. Each attack reads as a hostile member of the public (or a participant with
// no claim on the unit) and checks that no secret is exposed and nothing changed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLeaf, verifyBundle, type PassportBundle } from '../../src/ledger/index.ts';
import { ENGINE, testRegistry, type Enrolled, type TestRegistry } from '../harness.ts';
import { deployData, grant, makeCast, newUnit, ok, record, SITE, transfer, type Cast } from '../lifecycle/flow.ts';
import { digest } from './support.ts';

let r: TestRegistry;
let c: Cast;
let codes: string[];
/** secrets are the strings no public answer may hold: ids, names, sites, parts, notes. */
let secrets: string[];

/** sell transfers a unit and, where the transfer is an offer, has its recipient accept it. */
async function sell(from: Enrolled, code: string, to: Enrolled): Promise<void> {
  const res = await transfer(r, from, code, to, true);
  if (res.status === 202) ok(await record(r, to.token, code, 'transfer_accepted', {}), 'accept');
  else ok(res, 'sale');
}

before(async () => {
  r = await testRegistry();
  c = await makeCast(r);
  codes = [];
  const serials: string[] = [];
  for (let i = 0; i < 3; i++) {
    const code = await newUnit(r, c.maker, c.model);
    codes.push(code);
    const [row] = await r.ctx.store.query<{ s: string }>("SELECT string_agg(serial, ',') AS s FROM components WHERE robot_code = $1", [
      code,
    ]);
    serials.push(...row!.s.split(','));
    await sell(c.maker, code, c.buyer);
    ok(await record(r, c.buyer.token, code, 'deployed', deployData(c.operator)), 'deploy');
    ok(await grant(r, c.buyer, code, c.service), 'grant');
    ok(
      await record(r, c.service.token, code, 'serviced', {
        kind: 'repair',
        notes: 'Replaced the left knee actuator after a fall in aisle 7',
        firmware: 'fw-9.9.9-secret',
        replaced: [
          {
            type: 'battery_pack',
            removed: { maker: 'ACME Parts', serial: serials.at(-1) },
            installed: { maker: 'Volta Cells Ltd', serial: `VOLTA-${i}-XYZ` },
          },
        ],
      }),
      'repair',
    );
    ok(
      await record(r, c.buyer.token, code, 'incident_reported', {
        severity: 'minor',
        kind: 'property_damage',
        description: 'Knocked over a shelf belonging to Mr Zhang',
      }),
      'incident',
    );
  }
  const ids = [c.maker, c.buyer, c.operator, c.service].map((p) => p.id);
  const names = ['Maker-Seller Robotics', 'Buyer Logistics', 'Site Operator', 'Service Co'];
  secrets = [
    ...ids,
    ...names,
    SITE.province,
    SITE.city,
    SITE.address,
    'Keyuan',
    String(SITE.latitude),
    String(SITE.longitude),
    'warehouse logistics',
    'ACME Parts',
    'Volta Cells',
    'VOLTA-',
    ...serials,
    'knee actuator',
    'Mr Zhang',
    'fw-9.9.9-secret',
    'LOT-1',
  ];
});
after(() => r.dispose());

function assertNoSecret(text: string, what: string): void {
  for (const s of secrets) assert.ok(!text.includes(s), `${what} exposes ${s}`);
}

test(`[${ENGINE}] a public download of /v1/log/entries shows units, types, sequence and times only`, async () => {
  const before = await digest(r);
  const res = await r.call('GET', '/v1/log/entries?start=0&limit=1000');
  assert.equal(res.status, 200);
  assert.equal(res.body.entries.length, before.log_size);
  const leaves = res.body.entries.map((e: { leaf: string }) => Buffer.from(e.leaf, 'base64').toString('utf8'));
  assertNoSecret(JSON.stringify(res.body) + leaves.join('\n'), '/v1/log/entries');
  for (const text of leaves)
    assert.deepEqual(Object.keys(decodeLeaf(Buffer.from(text))).sort(), [
      'commitment',
      'occurredAt',
      'recordedAt',
      'robot',
      'seq',
      'type',
      'v',
    ]);
  // The public history is all there: each unit's events by type, in order.
  const types = leaves
    .map((t: string) => decodeLeaf(Buffer.from(t)))
    .filter((l: { robot: string }) => l.robot === codes[0])
    .map((l: { type: string }) => l.type);
  assert.deepEqual([types[0], ...types.slice(-4)], ['registered', 'deployed', 'service_granted', 'serviced', 'incident_reported']);
  assert.deepEqual(await digest(r), before);
});

test(`[${ENGINE}] a public bundle proves each unit's public history and holds none of its business`, async () => {
  const before = await digest(r);
  for (const code of codes) {
    const res = await r.call('GET', `/v1/robots/${code}/bundle`);
    assert.equal(res.status, 200);
    const bundle = res.body as PassportBundle;
    assert.ok(
      bundle.entries.every((e) => e.opening === undefined),
      'no opening for the public',
    );
    assertNoSecret(
      JSON.stringify(bundle) + bundle.entries.map((e) => Buffer.from(e.leaf, 'base64').toString('utf8')).join('\n'),
      `public bundle of ${code}`,
    );
    const verified = verifyBundle(bundle, r.verifierKey);
    assert.ok(verified.events.every((e) => e.actor === undefined && e.data === undefined));
    assert.equal(verified.events.at(-1)!.type, 'incident_reported');
  }
  assert.deepEqual(await digest(r), before);
});

test(`[${ENGINE}] a participant with no claim on the unit gets the public bundle, not the openings`, async () => {
  const before = await digest(r);
  for (const token of [c.stranger.token, c.otherMaker.token, c.buyer2.token]) {
    const res = await r.call('GET', `/v1/robots/${codes[1]}/bundle`, { token });
    assert.equal(res.status, 200);
    assert.ok((res.body as PassportBundle).entries.every((e) => e.opening === undefined));
    const bundle = res.body as PassportBundle;
    assertNoSecret(
      JSON.stringify(bundle) + bundle.entries.map((e) => Buffer.from(e.leaf, 'base64').toString('utf8')).join('\n'),
      'bundle for a stranger',
    );
  }
  assert.deepEqual(await digest(r), before);
});

test(`[${ENGINE}] the owner's bundle opens every event, and the openings verify against the public leaves`, async () => {
  const res = await r.call('GET', `/v1/robots/${codes[2]}/bundle`, { token: c.buyer.token });
  const bundle = res.body as PassportBundle;
  assert.ok(bundle.entries.every((e) => e.opening !== undefined));
  const events = verifyBundle(bundle, r.verifierKey).events;
  const deployed = events.find((e) => e.type === 'deployed')!;
  assert.deepEqual((deployed.data as { site: unknown }).site, { province: SITE.province, city: SITE.city });
  assert.equal(deployed.actor, c.buyer.id);
  // The street address and coordinates are personal data: only their salted hash is in the opening.
  assert.ok(!JSON.stringify(bundle).includes(SITE.address));
  assert.match(deployed.private ?? '', /^[0-9a-f]{64}$/);
});
