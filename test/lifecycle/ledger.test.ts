/**
 * Recording events safely and reading them back (DESIGN.md §4, §6, §7, §9):
 * Idempotency-Key retries, If-Match against lost updates, passport views by
 * entitlement, personal data outside the leaf and its erasure, and the
 * accountability answer for a moment T.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { audit } from '../../src/audit/auditor.ts';
import { verifyBundle, type PassportBundle } from '../../src/ledger/index.ts';
import { ENGINE, fileModel, testRegistry, type TestRegistry } from '../harness.ts';
import {
  createParticipants,
  DAY,
  deployData,
  DOMAIN,
  eventsOf,
  grant,
  HOUR,
  logSize,
  makeCast,
  movableClock,
  newUnit,
  ok,
  passport,
  record,
  refused,
  SITE,
  transfer,
  unchanged,
  unitIn,
  version,
  type Cast,
  type MovableClock,
} from './flow.ts';

let r: TestRegistry;
let c: Cast;
let clock: MovableClock;
let url: string;

before(async () => {
  clock = movableClock();
  r = await testRegistry({ now: clock.now });
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  c = await makeCast(r);
});
after(() => r.dispose());

async function eventCount(code: string): Promise<number> {
  const [row] = await r.ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE robot_code = $1', [code]);
  return row!.n;
}

// ── 6. Idempotency ───────────────────────────────────────────────────────────

test(`[${ENGINE}] the same Idempotency-Key and body twice returns the same answer and writes one event`, async () => {
  const code = await newUnit(r, c.maker, c.model);
  const size = await logSize(r);
  const headers = { 'idempotency-key': `sale-${code}` };
  const first = ok(await transfer(r, c.maker, code, c.buyer, true, headers));
  // The retry arrives after the sale: re-running it would be refused (the maker no longer owns the unit).
  const again = await transfer(r, c.maker, code, c.buyer, true, headers);
  assert.equal(again.status, 201, JSON.stringify(again.body));
  assert.deepEqual(again.body, first.body);
  assert.equal(again.body.logIndex, first.body.logIndex);
  assert.equal(again.body.seq, first.body.seq);
  assert.equal(again.headers.etag, first.headers.etag);
  assert.equal(await eventCount(code), 2, 'registered + one transfer');
  assert.equal(await logSize(r), size + 1);
  assert.equal((await eventsOf(r, code, c.buyer.token)).filter((e) => e.type === 'transferred').length, 1);
});

test(`[${ENGINE}] the same Idempotency-Key with a different body → 422 IDEMPOTENCY_CONFLICT, nothing written`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const other = await unitIn(r, c, 'in_use');
  const headers = { 'idempotency-key': `report-${code}` };
  ok(await record(r, c.buyer.token, code, 'stolen_reported', { notes: 'first' }, { headers }));
  await unchanged(r, [code, other], async () => {
    refused(
      await record(r, c.buyer.token, code, 'stolen_reported', { notes: 'different' }, { headers }),
      422,
      'IDEMPOTENCY_CONFLICT',
      'different data',
    );
    refused(await record(r, c.buyer.token, code, 'recovered', {}, { headers }), 422, 'IDEMPOTENCY_CONFLICT', 'different type');
    refused(
      await record(r, c.buyer.token, other, 'stolen_reported', { notes: 'first' }, { headers }),
      422,
      'IDEMPOTENCY_CONFLICT',
      'another unit',
    );
  });
});

test(`[${ENGINE}] different participants use the same Idempotency-Key independently`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const headers = { 'idempotency-key': 'shared-key-1' };
  const a = ok(await record(r, c.buyer.token, code, 'stolen_reported', {}, { headers }), 'owner');
  const b = ok(await record(r, r.regulatorToken, code, 'suspended', { reason: 'check' }, { headers }), 'regulator');
  assert.notEqual(a.body.logIndex, b.body.logIndex);
  assert.equal(b.body.seq, a.body.seq + 1);
  assert.equal(await eventCount(code), 4);
});

test(`[${ENGINE}] concurrent retries with one Idempotency-Key write one event and all get the same answer`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const size = await logSize(r);
  const headers = { 'idempotency-key': `burst-${code}` };
  const all = await Promise.all(
    Array.from({ length: 10 }, () => record(r, c.buyer.token, code, 'stolen_reported', { notes: 'burst' }, { headers })),
  );
  for (const res of all) ok(res);
  assert.equal(new Set(all.map((res) => res.body.logIndex)).size, 1);
  assert.equal(await logSize(r), size + 1);
  assert.equal(await eventCount(code), 3);
});

test(`[${ENGINE}] a refused request does not use up its Idempotency-Key: the retry after the cause is fixed succeeds`, async () => {
  const pending = await fileModel(r, c.maker, false);
  const code = await newUnit(r, c.maker, pending);
  const headers = { 'idempotency-key': `sale-${code}` };
  refused(await transfer(r, c.maker, code, c.buyer, true, headers), 409, 'MARKET_ACCESS_DENIED');
  assert.equal((await r.call('POST', `/v1/models/${c.maker.enterpriseCode}/${pending}/approve`, { token: r.regulatorToken })).status, 200);
  const res = ok(await transfer(r, c.maker, code, c.buyer, true, headers), 'the retry once the model is approved');
  assert.equal(res.body.robot.ownerId, c.buyer.id);
});

// ── 7. If-Match ──────────────────────────────────────────────────────────────

test(`[${ENGINE}] 100 concurrent transfers with the version read before: exactly one wins, the others get VERSION_MISMATCH with the current state`, async () => {
  const code = await newUnit(r, c.maker, c.model);
  const v = (await passport(r, code, c.maker.token)).version as number;
  const recipients = await createParticipants(r, 100, ['operator']);
  const size = await logSize(r);
  const results = await Promise.all(
    recipients.map((to) => record(r, c.maker.token, code, 'transferred', { to, sale: true }, { headers: { 'if-match': `"${v}"` } })),
  );
  // The recipients accept nothing standing: the winner's transfer is an offer (202) to it.
  const won = results.filter((res) => res.status === 202);
  assert.equal(won.length, 1, `exactly one transfer wins: ${JSON.stringify(results.map((x) => x.status))}`);
  const winner = won[0]!.body.robot.offer.to as string;
  assert.ok(recipients.includes(winner));
  assert.equal(won[0]!.body.robot.ownerId, c.maker.id, 'the owner stays until the recipient accepts');
  assert.equal(won[0]!.body.robot.version, v + 1);
  assert.equal(won[0]!.headers.etag, `"${v + 1}"`);
  for (const res of results.filter((x) => x.status !== 202)) {
    refused(res, 409, 'VERSION_MISMATCH');
    assert.equal(res.body.current.offer.to, winner, 'the problem shows the pending offer');
    assert.equal(res.body.current.version, v + 1, 'the problem shows the new version');
    assert.equal(res.body.current.code, code);
  }
  const transfers = (await eventsOf(r, code, r.regulatorToken)).filter((e) => e.type === 'transferred');
  assert.equal(transfers.length, 1);
  assert.equal(transfers[0].data.to, winner);
  assert.equal(await version(r, code), v + 1);
  assert.equal(await logSize(r), size + 1);
});

test(`[${ENGINE}] a stale If-Match → 409 VERSION_MISMATCH; the current version is accepted`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const v = (await passport(r, code, c.buyer.token)).version as number;
  ok(await record(r, c.buyer.token, code, 'stolen_reported', {}, { headers: { 'if-match': `"${v}"` } }));
  await unchanged(r, code, async () => {
    const stale = refused(
      await record(r, c.buyer.token, code, 'recovered', {}, { headers: { 'if-match': `"${v}"` } }),
      409,
      'VERSION_MISMATCH',
    );
    assert.equal(stale.body.current.version, v + 1);
    assert.equal(stale.body.current.stolen, true);
    refused(
      await record(r, c.buyer.token, code, 'recovered', {}, { headers: { 'if-match': `"${v + 5}"` } }),
      409,
      'VERSION_MISMATCH',
      'a version from the future',
    );
  });
  const res = ok(
    await record(r, c.buyer.token, code, 'recovered', {}, { headers: { 'if-match': `W/"${v + 1}"` } }),
    'current version (weak form)',
  );
  assert.equal(res.headers.etag, `"${v + 2}"`);
});

test(`[${ENGINE}] a malformed If-Match → 400, nothing written`, async () => {
  const code = await unitIn(r, c, 'in_use');
  await unchanged(r, code, async () => {
    for (const bad of ['abc', '"v3"', '1,2', '-1', '1.5', '"9999999999999"', 'x'.repeat(40)]) {
      const res = await record(r, c.buyer.token, code, 'stolen_reported', {}, { headers: { 'if-match': bad } });
      refused(res, 400, 'INVALID_REQUEST', `If-Match: ${bad}`);
    }
  });
});

// ── 8. Passport views ────────────────────────────────────────────────────────

const INCIDENT_TEXT = 'Worker Zhang Wei bruised his left arm at gate 4';
const ADDRESS_2 = 'Secret Depot 7, Binhai Avenue';

interface Story {
  code: string;
  /** handoverSeq is the seq of buyer → buyer2, the last event buyer may read. */
  handoverSeq: number;
  total: number;
}
let storyFixture: Promise<Story> | undefined;
/**
 * story: made by maker, sold to buyer, deployed by buyer with operator at
 * SITE, an incident, undeployed, sold to buyer2, deployed by buyer2 at
 * ADDRESS_2, service granted to c.service by buyer2.
 */
function story(): Promise<Story> {
  storyFixture ??= (async () => {
    const code = await newUnit(r, c.maker, c.model, { firmware: 'fw-1.0' });
    ok(await transfer(r, c.maker, code, c.buyer, true));
    ok(await record(r, c.buyer.token, code, 'deployed', deployData(c.operator)));
    ok(await record(r, c.operator.token, code, 'incident_reported', { severity: 'serious', kind: 'injury', description: INCIDENT_TEXT }));
    ok(await record(r, c.operator.token, code, 'undeployed', {}));
    const handover = ok(await transfer(r, c.buyer, code, c.buyer2, true));
    ok(
      await record(r, c.buyer2.token, code, 'deployed', {
        site: { province: 'Tianjin', city: 'Tianjin', address: ADDRESS_2 },
        domain: 'security',
      }),
    );
    const last = ok(await grant(r, c.buyer2, code, c.service, 300 * DAY));
    return { code, handoverSeq: handover.body.seq, total: last.body.seq };
  })();
  return storyFixture;
}

// What only entitled readers see; the public projection carries none of it.
const PRIVATE_KEYS = [
  'ownerId',
  'operatorId',
  'site',
  'firmware',
  'components',
  'version',
  'suspended',
  'stolen',
  'registeredAt',
  'updatedAt',
];
function assertPublicProjection(p: Record<string, unknown>, who: string) {
  assert.equal(p.view, 'public', who);
  for (const k of PRIVATE_KEYS) assert.ok(!(k in p), `${who}: the public projection has no ${k}`);
  for (const k of ['code', 'status', 'marketAccess', 'manufacturer', 'model'])
    assert.ok(k in p, `${who}: the public projection shows ${k}`);
}

test(`[${ENGINE}] the public sees only the public projection of a passport, and /events needs a token (401)`, async () => {
  const { code } = await story();
  const p = await passport(r, code);
  assertPublicProjection(p, 'the public');
  assert.equal(p.status, 'deployed');
  const text = JSON.stringify(p);
  for (const secret of [SITE.address, ADDRESS_2, INCIDENT_TEXT, c.buyer2.id, 'fw-1.0']) assert.ok(!text.includes(secret), secret);
  refused(await r.call('GET', `/v1/robots/${code}/events`), 401, 'UNAUTHENTICATED');
});

test(`[${ENGINE}] the current owner, the manufacturer, the regulator and a service participant within its grant see the full passport and every event`, async () => {
  const { code, total } = await story();
  for (const [who, token] of [
    ['owner', c.buyer2.token],
    ['manufacturer', c.maker.token],
    ['regulator', r.regulatorToken],
    ['granted service', c.service.token],
  ] as const) {
    const p = await passport(r, code, token);
    assert.equal(p.view, 'full', who);
    assert.equal(p.ownerId, c.buyer2.id, who);
    assert.equal(p.operatorId, c.buyer2.id, who);
    assert.deepEqual(p.site, { province: 'Tianjin', city: 'Tianjin', domain: 'security' }, who);
    assert.equal(p.components.length, 2, who);
    const evs = await eventsOf(r, code, token);
    assert.deepEqual(
      evs.map((e) => e.seq),
      Array.from({ length: total }, (_, i) => i + 1),
      who,
    );
  }
});

test(`[${ENGINE}] a past owner sees events up to and including its handover, and nothing after`, async () => {
  const { code, handoverSeq } = await story();
  const evs = await eventsOf(r, code, c.buyer.token);
  assert.deepEqual(
    evs.map((e) => e.seq),
    Array.from({ length: handoverSeq }, (_, i) => i + 1),
  );
  assert.equal(evs.at(-1).type, 'transferred');
  assert.equal(evs.at(-1).data.to, c.buyer2.id);
  const later = await r.call('GET', `/v1/robots/${code}/events?after=${handoverSeq}`, { token: c.buyer.token });
  assert.equal(later.status, 200);
  assert.deepEqual(later.body.items, []);
  const p = await passport(r, code, c.buyer.token);
  assert.notEqual(p.view, 'full');
  assert.notEqual(p.ownerId, c.buyer2.id, 'a past owner does not learn the new owner');
  assert.ok(!JSON.stringify(p).includes('Tianjin'), 'nor where the unit works now');
  assert.ok(!JSON.stringify(evs).includes(ADDRESS_2));
});

test(`[${ENGINE}] a past owner's passport does not show what changed after its handover (firmware, components)`, async () => {
  const code = await unitIn(r, c, 'in_use', { firmware: 'fw-before' });
  const handover = ok(await transfer(r, c.buyer, code, c.buyer2, true));
  ok(await grant(r, c.buyer2, code, c.service));
  ok(await record(r, c.service.token, code, 'serviced', { kind: 'software_update', firmware: 'fw-after-handover' }));
  const full = await passport(r, code, c.buyer2.token);
  const old = (full.components as { type: string; maker: string; serial: string }[]).find((x) => x.type === 'battery_pack')!;
  const fresh = `BAT-AFTER-${code.slice(-10)}`;
  ok(
    await record(r, c.service.token, code, 'serviced', {
      kind: 'repair',
      replaced: [{ type: 'battery_pack', removed: { maker: old.maker, serial: old.serial }, installed: { maker: 'CATL', serial: fresh } }],
    }),
  );
  const evs = await eventsOf(r, code, c.buyer.token);
  assert.equal(evs.at(-1).seq, handover.body.seq, 'events stop at the handover');
  const p = await passport(r, code, c.buyer.token);
  const text = JSON.stringify(p);
  assert.ok(!text.includes('fw-after-handover'), `the past owner does not see firmware installed after its handover: ${text}`);
  assert.ok(!text.includes(fresh), `the past owner does not see components fitted after its handover: ${text}`);
});

test(`[${ENGINE}] an unrelated participant sees the public projection and gets 403 on events`, async () => {
  const { code } = await story();
  for (const who of [c.stranger, c.otherMaker, c.service2, c.recycler]) {
    const p = await passport(r, code, who.token);
    assertPublicProjection(p, who.id);
    refused(await r.call('GET', `/v1/robots/${code}/events`, { token: who.token }), 403, 'NOT_ENTITLED');
  }
});

test(`[${ENGINE}] a service participant whose grant was revoked is back to the public view`, async () => {
  const code = await unitIn(r, c, 'in_use');
  ok(await grant(r, c.buyer, code, c.service2));
  assert.equal((await passport(r, code, c.service2.token)).view, 'full');
  ok(await record(r, c.buyer.token, code, 'service_revoked', { service: c.service2.id }));
  assert.equal((await passport(r, code, c.service2.token)).view, 'public');
  refused(await r.call('GET', `/v1/robots/${code}/events`, { token: c.service2.token }), 403, 'NOT_ENTITLED');
});

test(`[${ENGINE}] personal data (site address, incident description) is in events' personal for entitled readers and never in the log's leaves`, async () => {
  const { code } = await story();
  const evs = await eventsOf(r, code, c.buyer2.token);
  const dep = evs.find((e) => e.type === 'deployed')!;
  assert.equal(dep.personal.site.address, SITE.address);
  assert.equal(dep.personal.site.latitude, SITE.latitude);
  assert.deepEqual(dep.data.site, { province: SITE.province, city: SITE.city });
  assert.equal(dep.data.domain, DOMAIN);
  const inc = evs.find((e) => e.type === 'incident_reported')!;
  assert.equal(inc.personal.description, INCIDENT_TEXT);
  assert.equal(inc.data.description, undefined);
  assert.equal(inc.data.severity, 'serious');
  const size = await logSize(r);
  const leaves: string[] = [];
  for (let start = 0; start < size; start += 1000) {
    const page = await r.call('GET', `/v1/log/entries?start=${start}&limit=${Math.min(1000, size - start)}`);
    assert.equal(page.status, 200);
    for (const e of page.body.entries) leaves.push(Buffer.from(e.leaf, 'base64').toString('utf8'));
  }
  assert.equal(leaves.length, size);
  const ours = leaves.filter((l) => l.includes(code));
  assert.equal(ours.length, evs.length);
  for (const secret of [SITE.address, ADDRESS_2, INCIDENT_TEXT, 'Zhang Wei']) {
    assert.ok(!leaves.some((l) => l.includes(secret)), `no leaf contains "${secret}"`);
  }
  // Coordinates are numbers: look for them as values in the decoded leaves, not as substrings
  // (a timestamp such as "…:22.543Z" holds "22.54" by chance).
  const values = (x: unknown): unknown[] => (x !== null && typeof x === 'object' ? Object.values(x).flatMap(values) : [x]);
  for (const l of leaves) {
    const all = values(JSON.parse(l));
    assert.ok(!all.includes(SITE.latitude) && !all.includes(SITE.longitude), `no leaf holds the site's coordinates: ${l}`);
    assert.ok(!/"(latitude|longitude|address)"/.test(l), `no leaf has a coordinate or address member: ${l}`);
  }
  const bundle = JSON.stringify((await r.call('GET', `/v1/robots/${code}/bundle`)).body);
  assert.ok(!bundle.includes(SITE.address) && !Buffer.from(bundle).toString().includes(INCIDENT_TEXT));
});

// ── 9. Personal-data erasure ─────────────────────────────────────────────────

async function unitWithPersonalData(): Promise<string> {
  const code = await unitIn(r, c, 'in_use');
  ok(await record(r, c.buyer.token, code, 'deployed', deployData(c.operator)));
  ok(
    await record(r, c.operator.token, code, 'incident_reported', {
      severity: 'minor',
      kind: 'property_damage',
      description: `Scratched the car of Li Na (${code})`,
    }),
  );
  return code;
}

test(`[${ENGINE}] only the regulator erases personal data; others → 403, the public → 401, nothing erased`, async () => {
  const code = await unitWithPersonalData();
  const before = await eventsOf(r, code, c.buyer.token);
  for (const who of [c.buyer, c.maker, c.operator, c.stranger]) {
    refused(await r.call('POST', `/v1/robots/${code}/personal-data/erase`, { token: who.token }), 403, 'FORBIDDEN_ROLE');
  }
  refused(await r.call('POST', `/v1/robots/${code}/personal-data/erase`), 401, 'UNAUTHENTICATED');
  assert.deepEqual(await eventsOf(r, code, c.buyer.token), before);
  assert.ok(before.some((e) => e.personal !== null));
});

test(`[${ENGINE}] erasure removes personal data from the unit's events only, and its bundle and the auditor still verify`, async () => {
  const code = await unitWithPersonalData();
  const control = await unitWithPersonalData();
  // The regulator's bundle opens every event (leaf version 2), showing which commit to personal data.
  const bundleBefore = (await r.call('GET', `/v1/robots/${code}/bundle`, { token: r.regulatorToken })).body as PassportBundle;
  const checked = verifyBundle(bundleBefore, r.verifierKey);
  const committed = checked.events.filter((e) => e.private).length;
  assert.equal(committed, 2, 'the deployment (address) and the incident (description) carry a personal-data commitment');

  const res = await r.call('POST', `/v1/robots/${code}/personal-data/erase`, { token: r.regulatorToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.erased, committed);

  const evs = await eventsOf(r, code, r.regulatorToken);
  assert.ok(
    evs.every((e) => e.personal === null),
    'no event keeps personal data',
  );
  assert.ok(!JSON.stringify(evs).includes('Li Na') && !JSON.stringify(evs).includes(SITE.address));
  assert.equal(evs.find((e) => e.type === 'incident_reported').data.severity, 'minor', 'public data stays');
  const other = await eventsOf(r, control, r.regulatorToken);
  assert.equal(
    other.find((e) => e.type === 'incident_reported').personal.description,
    `Scratched the car of Li Na (${control})`,
    'another unit keeps its personal data',
  );

  const bundle = (await r.call('GET', `/v1/robots/${code}/bundle`, { token: r.regulatorToken })).body as PassportBundle;
  const verified = verifyBundle(bundle, r.verifierKey);
  assert.equal(verified.events.length, evs.length);
  assert.deepEqual(
    verified.events.map((e) => e.private),
    checked.events.map((e) => e.private),
    'the leaves (and their commitments) are unchanged',
  );

  const result = await audit({ url, verifierKey: r.verifierKey });
  assert.deepEqual(result.findings, []);
  assert.ok(result.ok);
  assert.equal(result.size, await logSize(r));
});

// ── 10. Accountability ───────────────────────────────────────────────────────

test(`[${ENGINE}] accountability at T names maker, seller, owner, operator, site, last service and firmware as they were at T`, async () => {
  const code = await newUnit(r, c.maker, c.model, { firmware: 'fw-1.0' });
  const t0 = Date.parse((await eventsOf(r, code, c.maker.token))[0].occurredAt);
  clock.advance(10 * DAY);
  const at = (ms: number) => new Date(t0 + ms).toISOString();
  ok(await record(r, c.maker.token, code, 'transferred', { to: c.buyer.id, sale: true }, { occurredAt: at(1 * DAY) }));
  ok(await record(r, c.buyer.token, code, 'deployed', deployData(c.operator), { occurredAt: at(2 * DAY) }));
  ok(
    await record(
      r,
      c.buyer.token,
      code,
      'service_granted',
      { service: c.service.id, expiresAt: new Date(clock.now().getTime() + 300 * DAY).toISOString() },
      { occurredAt: at(2 * DAY + HOUR) },
    ),
  );
  ok(await record(r, c.service.token, code, 'serviced', { kind: 'maintenance', firmware: 'fw-2.0' }, { occurredAt: at(3 * DAY) }));
  ok(
    await record(
      r,
      c.operator.token,
      code,
      'incident_reported',
      { severity: 'critical', kind: 'malfunction', description: 'arm froze mid-lift' },
      { occurredAt: at(4 * DAY) },
    ),
  );

  const ask = async (ms: number) => {
    const res = await r.call('GET', `/v1/robots/${code}/accountability?at=${encodeURIComponent(at(ms))}`, { token: r.regulatorToken });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const id = (x: { id: string } | null) => x?.id ?? null;
  const site = { province: SITE.province, city: SITE.city, domain: DOMAIN };

  const made = await ask(HOUR);
  assert.deepEqual(
    [id(made.maker), id(made.seller), id(made.owner), id(made.operator), made.site, made.lastService, made.firmware],
    [c.maker.id, null, c.maker.id, null, null, null, 'fw-1.0'],
    'just made',
  );
  assert.equal(made.maker.name, 'Maker-Seller Robotics');

  const sold = await ask(1 * DAY);
  assert.deepEqual(
    [id(sold.maker), id(sold.seller), id(sold.owner), id(sold.operator), sold.site, sold.firmware],
    [c.maker.id, c.maker.id, c.buyer.id, null, null, 'fw-1.0'],
    'at the moment of the sale',
  );

  const deployed = await ask(2 * DAY + 30 * 60_000);
  assert.deepEqual(
    [id(deployed.seller), id(deployed.owner), id(deployed.operator), deployed.site, deployed.lastService],
    [c.maker.id, c.buyer.id, c.operator.id, site, null],
    'deployed',
  );
  assert.ok(!JSON.stringify(deployed).includes(SITE.address), 'the site address is personal data');

  const serviced = await ask(3 * DAY + HOUR);
  assert.equal(id(serviced.lastService.by), c.service.id);
  assert.equal(serviced.lastService.kind, 'maintenance');
  assert.equal(serviced.lastService.at, at(3 * DAY));
  assert.equal(serviced.firmware, 'fw-2.0');
  assert.equal(id(serviced.operator), c.operator.id);

  const incident = await ask(4 * DAY);
  assert.deepEqual(
    [
      id(incident.maker),
      id(incident.seller),
      id(incident.owner),
      id(incident.operator),
      incident.site,
      id(incident.lastService.by),
      incident.firmware,
    ],
    [c.maker.id, c.maker.id, c.buyer.id, c.operator.id, site, c.service.id, 'fw-2.0'],
    'at the incident',
  );
  assert.deepEqual(incident.openRecalls, []);

  refused(
    await r.call('GET', `/v1/robots/${code}/accountability?at=${encodeURIComponent(at(-DAY))}`, { token: r.regulatorToken }),
    400,
    'INVALID_ARGUMENT',
    'before registration',
  );
});

test(`[${ENGINE}] an incident is listed for the regulator with an accountability link that answers`, async () => {
  const code = await unitIn(r, c, 'deployed', { firmware: 'fw-9' });
  const inc = ok(
    await record(r, c.operator.token, code, 'incident_reported', { severity: 'fatal', kind: 'injury', description: 'fell on a visitor' }),
  );
  const items: any[] = [];
  for (let after: number | null = -1; after !== null; ) {
    const page = await r.call('GET', `/v1/incidents?limit=100${after >= 0 ? `&after=${after}` : ''}`, { token: r.regulatorToken });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    items.push(...page.body.items);
    after = page.body.next;
  }
  const item = items.find((i) => i.code === code);
  assert.ok(item, 'the incident is listed');
  assert.equal(item.logIndex, inc.body.logIndex);
  assert.deepEqual([item.severity, item.kind, item.reporterId], ['fatal', 'injury', c.operator.id]);
  assert.ok(!JSON.stringify(item).includes('visitor'), 'the description is personal data');
  const answer = await r.call('GET', item.accountability, { token: r.regulatorToken });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.code, code);
  assert.equal(answer.body.owner.id, c.buyer.id);
  assert.equal(answer.body.operator.id, c.operator.id);
  assert.equal(answer.body.firmware, 'fw-9');
  const makers = await r.call('GET', '/v1/incidents', { token: c.maker.token });
  assert.equal(makers.status, 200);
  const others = await r.call('GET', '/v1/incidents', { token: c.otherMaker.token });
  assert.ok(!others.body.items.some((i: { code: string }) => i.code === code), "another manufacturer does not see this model's incidents");
  refused(await r.call('GET', '/v1/incidents', { token: c.stranger.token }), 403, 'FORBIDDEN_ROLE');
  refused(await r.call('GET', '/v1/incidents'), 401, 'UNAUTHENTICATED');
});

test(`[${ENGINE}] accountability is refused to unrelated participants (403) and the public (401)`, async () => {
  const code = await unitIn(r, c, 'deployed');
  const q = `/v1/robots/${code}/accountability`;
  for (const who of [c.stranger, c.otherMaker, c.service2]) refused(await r.call('GET', q, { token: who.token }), 403, 'NOT_ENTITLED');
  refused(await r.call('GET', q), 401, 'UNAUTHENTICATED');
  for (const who of [c.buyer, c.operator, c.maker]) assert.equal((await r.call('GET', q, { token: who.token })).status, 200);
});
