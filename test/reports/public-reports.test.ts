/**
 * Public reports (issue #16, item 4) on the engine under test: anyone files, the regulator
 * triages, escalations count as defect signals, personal data is erasable, and every way
 * around the flood guard is refused with its code and nothing changed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testRegistry, type TestRegistry } from '../harness.ts';
import { makeCast, ok, record, refused, unitIn, type Cast } from '../lifecycle/flow.ts';
import { challengeFor, fileFrom, PNG, reportCounts, TEST_POLICY } from './report-support.ts';
import { issueChallenge, solveChallenge } from '../../src/report/proof-of-work.ts';
import { MAX_PHOTO_BYTES } from '../../src/report/categories.ts';
import { checkCharacter } from '../../src/code/check-character.ts';

let r: TestRegistry;
let c: Cast;
let address = 0;
/** fresh is a new network address, so one test's reports do not count against another's. */
const fresh = () => `10.0.${Math.floor(++address / 250)}.${address % 250}`;

before(async () => {
  r = await testRegistry();
  r.ctx.reportPolicy = TEST_POLICY;
  c = await makeCast(r);
});
after(() => r.dispose());

describe('filing and triage', () => {
  test('anyone files without a token; the answer has the id and digest, never the contact; the queue shows counterfeits first', async () => {
    const code = await unitIn(r, c, 'deployed');
    const from = fresh();
    const hazard = await fileFrom(r, code, { contact: 'wang@example.cn', photo: PNG.toString('base64') }, { address: from });
    assert.equal(hazard.status, 201, JSON.stringify(hazard.body));
    assert.equal(hazard.body.state, 'open');
    assert.equal(hazard.body.photo, true);
    assert.match(hazard.body.digest, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(hazard.body).includes('wang@example.cn'));
    const fake = await fileFrom(
      r,
      code,
      { category: 'counterfeit', description: 'Label says maker A, the robot is maker B.' },
      { address: from },
    );
    assert.equal(fake.status, 201);
    const signedIn = await fileFrom(
      r,
      code,
      { category: 'complaint', description: 'Too loud.' },
      { address: from, token: c.stranger.token },
    );
    assert.equal(signedIn.status, 201);

    const queue = await r.call('GET', `/v1/reports?state=open&code=${code}`, { token: r.regulatorToken });
    assert.equal(queue.status, 200, JSON.stringify(queue.body));
    assert.deepEqual(
      queue.body.items.map((i: any) => i.category),
      ['counterfeit', 'safety_hazard', 'complaint'],
    );
    const h = queue.body.items.find((i: any) => i.id === hazard.body.id);
    assert.equal(h.contact, 'wang@example.cn');
    assert.equal(h.signedIn, false);
    assert.equal(queue.body.items.find((i: any) => i.id === signedIn.body.id).signedIn, true);

    const photo = await r.call('GET', `/v1/reports/${hazard.body.id}/photo`, { token: r.regulatorToken });
    assert.equal(photo.status, 200);
    assert.equal(photo.headers['content-type'], 'image/png');
  });

  test('triage: dismissed, linked to an incident of the unit, escalated to a defect signal — each an event in the log without the contact', async () => {
    const code = await unitIn(r, c, 'in_use');
    const from = fresh();
    const [a, b, d] = [
      await fileFrom(r, code, { contact: '138 0000 0000' }, { address: from }),
      await fileFrom(r, code, { category: 'injury', description: 'A worker was hit.' }, { address: from }),
      await fileFrom(r, code, { category: 'malfunction', description: 'The battery smokes.' }, { address: from }),
    ];
    const dismissed = await r.call('POST', `/v1/reports/${a.body.id}/triage`, {
      token: r.regulatorToken,
      body: { outcome: 'dismissed', note: 'duplicate' },
    });
    assert.equal(dismissed.status, 200, JSON.stringify(dismissed.body));
    assert.equal(dismissed.body.state, 'dismissed');

    const incident = ok(
      await record(r, c.buyer.token, code, 'incident_reported', { severity: 'serious', kind: 'injury', description: 'worker hit' }),
    );
    const linked = await r.call('POST', `/v1/reports/${b.body.id}/triage`, {
      token: r.regulatorToken,
      body: { outcome: 'linked', incident: incident.body.logIndex },
    });
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    assert.equal(linked.body.incidentIndex, incident.body.logIndex);

    const escalated = await r.call('POST', `/v1/reports/${d.body.id}/triage`, {
      token: r.regulatorToken,
      body: { outcome: 'escalated', componentType: 'battery_pack', failureMode: 'thermal runaway' },
    });
    assert.equal(escalated.status, 200, JSON.stringify(escalated.body));
    const signals = await r.ctx.store.query<{ source: string; component_type: string }>(
      'SELECT source, component_type FROM defect_signals WHERE log_index = $1',
      [escalated.body.triageIndex],
    );
    assert.deepEqual(signals, [{ source: 'public_report', component_type: 'battery_pack' }]);
    const counts = await r.call('GET', '/v1/defects', { token: r.regulatorToken });
    assert.ok(counts.body.items.some((s: any) => s.componentType === 'battery_pack' && s.failureMode === 'thermal runaway'));

    const events = await r.call('GET', `/v1/robots/${code}/events?limit=500`, { token: r.regulatorToken });
    const triaged = events.body.items.filter((e: any) => e.type === 'public_report_triaged');
    assert.deepEqual(
      triaged.map((e: any) => e.data.outcome),
      ['dismissed', 'linked', 'escalated'],
    );
    assert.equal(triaged[0].data.digest, a.body.digest);
    assert.ok(!JSON.stringify(events.body).includes('138 0000 0000'), 'the contact never enters the log or the events');
  });

  test('erasure deletes the contact and photo; the report, its digest and the log stay', async () => {
    const code = await unitIn(r, c, 'in_use');
    const filed = await fileFrom(r, code, { contact: 'li@example.cn', photo: PNG.toString('base64') }, { address: fresh() });
    const erased = await r.call('POST', `/v1/reports/${filed.body.id}/personal-data/erase`, { token: r.regulatorToken });
    assert.deepEqual(erased.body, { id: filed.body.id, erased: true });
    const queue = await r.call('GET', `/v1/reports?code=${code}`, { token: r.regulatorToken });
    const item = queue.body.items[0];
    assert.equal(item.contact, null);
    assert.equal(item.photo, false);
    assert.equal(item.digest, filed.body.digest);
    refused(await r.call('GET', `/v1/reports/${filed.body.id}/photo`, { token: r.regulatorToken }), 404, 'NOT_FOUND');
    const again = await r.call('POST', `/v1/reports/${filed.body.id}/personal-data/erase`, { token: r.regulatorToken });
    assert.equal(again.body.erased, false);
    const rows = await r.ctx.store.query("SELECT 1 FROM public_report_personal WHERE contact = 'li@example.cn'");
    assert.equal(rows.length, 0);
  });
});

describe('refused, with nothing changed', () => {
  test('triage by a non-regulator (the unit’s owner, the maker, the public) and twice by the regulator', async () => {
    const code = await unitIn(r, c, 'in_use');
    const filed = await fileFrom(r, code, {}, { address: fresh() });
    const before = await reportCounts(r);
    for (const token of [c.buyer.token, c.maker.token])
      refused(
        await r.call('POST', `/v1/reports/${filed.body.id}/triage`, { token, body: { outcome: 'dismissed' } }),
        403,
        'FORBIDDEN_ROLE',
      );
    refused(await r.call('POST', `/v1/reports/${filed.body.id}/triage`, { body: { outcome: 'dismissed' } }), 401, 'UNAUTHENTICATED');
    refused(await r.call('GET', '/v1/reports', { token: c.buyer.token }), 403, 'FORBIDDEN_ROLE');
    refused(await r.call('GET', `/v1/reports/${filed.body.id}/photo`, { token: c.maker.token }), 403, 'FORBIDDEN_ROLE');
    refused(await r.call('POST', `/v1/reports/${filed.body.id}/personal-data/erase`, { token: c.buyer.token }), 403, 'FORBIDDEN_ROLE');
    assert.deepEqual(await reportCounts(r), before);
    assert.equal(
      (await r.call('POST', `/v1/reports/${filed.body.id}/triage`, { token: r.regulatorToken, body: { outcome: 'dismissed' } })).status,
      200,
    );
    const once = await reportCounts(r);
    refused(
      await r.call('POST', `/v1/reports/${filed.body.id}/triage`, { token: r.regulatorToken, body: { outcome: 'dismissed' } }),
      409,
      'REPORT_TRIAGED',
    );
    assert.deepEqual(await reportCounts(r), once);
  });

  test('triage that names another unit’s incident, or a component the model lacks, or leaves out what it needs', async () => {
    const code = await unitIn(r, c, 'in_use');
    const other = await unitIn(r, c, 'in_use');
    const incident = ok(
      await record(r, c.buyer.token, other, 'incident_reported', { severity: 'minor', kind: 'malfunction', description: 'x' }),
    );
    const filed = await fileFrom(r, code, {}, { address: fresh() });
    const before = await reportCounts(r);
    const triage = (body: unknown) => r.call('POST', `/v1/reports/${filed.body.id}/triage`, { token: r.regulatorToken, body });
    refused(await triage({ outcome: 'linked', incident: incident.body.logIndex }), 400, 'INVALID_ARGUMENT');
    refused(await triage({ outcome: 'linked' }), 400, 'INVALID_REQUEST');
    refused(await triage({ outcome: 'escalated', componentType: 'jet_engine', failureMode: 'x' }), 422, 'UNKNOWN_COMPONENT_TYPE');
    refused(await triage({ outcome: 'escalated', componentType: 'battery_pack' }), 400, 'INVALID_REQUEST');
    refused(await triage({ outcome: 'approved' }), 400, 'INVALID_REQUEST');
    assert.deepEqual(await reportCounts(r), before);
  });

  test('an unknown category, an oversized photo, a photo that is not an image (an SVG, a renamed text), an unknown or malformed code', async () => {
    const code = await unitIn(r, c, 'in_use');
    const from = fresh();
    const before = await reportCounts(r);
    refused(await fileFrom(r, code, { category: 'bomb' }, { address: from }), 400, 'INVALID_REQUEST');
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_PHOTO_BYTES)]);
    refused(await fileFrom(r, code, { photo: big.toString('base64') }, { address: from }), 413, 'PHOTO_TOO_LARGE');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    refused(await fileFrom(r, code, { photo: svg.toString('base64') }, { address: from }), 415, 'PHOTO_NOT_IMAGE');
    refused(await fileFrom(r, code, { photo: 'not base64 at all!' }, { address: from }), 415, 'PHOTO_NOT_IMAGE');
    const unknown = `${code.slice(0, 18)}9999999999`;
    const checked = unknown + checkCharacter(unknown);
    refused(await fileFrom(r, checked, {}, { address: from }), 404, 'NOT_REGISTERED');
    const bad = await r.app.inject({ method: 'GET', url: `/v1/robots/${code.slice(0, -1)}0/reports/challenge` });
    assert.ok([400].includes(bad.statusCode), bad.body);
    assert.equal(bad.json().code, 'INVALID_CODE');
    assert.deepEqual(await reportCounts(r), before);
  });

  test('the challenge: missing work, forged, for another code, spent twice, or easier than the registry asks', async () => {
    const code = await unitIn(r, c, 'in_use');
    const other = await unitIn(r, c, 'in_use');
    const from = fresh();
    const solved = await challengeFor(r, code, from);
    const before = await reportCounts(r);
    const why = async (body: Record<string, unknown>, at = code) => {
      const res = refused(await fileFrom(r, at, body, { address: from, solved }), 422, 'REPORT_CHALLENGE_FAILED');
      return res.body.why;
    };
    const unsolved = [...Array(200).keys()]
      .map(String)
      .find((w) => solveChallenge(solved.challenge, TEST_POLICY.powBits) !== w && w !== solved.work);
    assert.ok(unsolved !== undefined);
    assert.equal(await why({}, other), 'other_code');
    assert.equal(await why({ challenge: issueChallenge(Buffer.alloc(32), code, 4, new Date()) }), 'forged');
    assert.equal(await why({ challenge: `${solved.challenge.split('.')[0]}.${'A'.repeat(43)}` }), 'forged');
    assert.deepEqual(await reportCounts(r), before);
    assert.equal((await fileFrom(r, code, {}, { address: from, solved })).status, 201);
    const once = await reportCounts(r);
    assert.equal(await why({}), 'spent');
    assert.deepEqual(await reportCounts(r), once);
    r.ctx.reportPolicy = { ...TEST_POLICY, powBits: 8 };
    try {
      const easy = await challengeFor(r, code, from);
      r.ctx.reportPolicy = { ...TEST_POLICY, powBits: 12 };
      refused(await fileFrom(r, code, {}, { address: from, solved: easy }), 422, 'REPORT_CHALLENGE_FAILED');
    } finally {
      r.ctx.reportPolicy = TEST_POLICY;
    }
  });
});

describe('floods', () => {
  test('one address: rotating codes does not help, nor a spoofed X-Forwarded-For; another address still files', async () => {
    const codes = await Promise.all(Array.from({ length: 6 }, () => unitIn(r, c, 'in_use')));
    const from = fresh();
    for (const [i, code] of codes.slice(0, TEST_POLICY.perAddressPerHour).entries())
      assert.equal((await fileFrom(r, code, {}, { address: from, headers: { 'x-forwarded-for': `203.0.113.${i}` } })).status, 201);
    const before = await reportCounts(r);
    const last = codes[5] as string;
    const flood = refused(await fileFrom(r, last, {}, { address: from }), 429, 'REPORT_FLOOD');
    assert.equal(flood.body.per, 'address');
    for (const spoof of ['198.51.100.7', '198.51.100.8, 10.0.0.1'])
      refused(
        await fileFrom(r, last, {}, { address: from, headers: { 'x-forwarded-for': spoof, 'x-real-ip': spoof } }),
        429,
        'REPORT_FLOOD',
      );
    refused(await fileFrom(r, last, {}, { address: from, token: c.stranger.token }), 429, 'REPORT_FLOOD');
    assert.deepEqual(await reportCounts(r), before);
    assert.equal((await fileFrom(r, last, {}, { address: fresh() })).status, 201);
  });

  test('one IPv6 /64 is one filer: rotating the other 64 bits does not help; an IPv4-mapped spelling is the IPv4 address', async () => {
    const codes = await Promise.all(Array.from({ length: 6 }, () => unitIn(r, c, 'in_use')));
    const net = `2001:db8:${(++address).toString(16)}:7`;
    for (const [i, code] of codes.slice(0, TEST_POLICY.perAddressPerHour).entries())
      assert.equal((await fileFrom(r, code, {}, { address: `${net}::${(i + 1).toString(16)}` })).status, 201);
    const before = await reportCounts(r);
    const last = codes[5] as string;
    for (const other of [`${net}:ffff:ffff:ffff:ffff`, `${net.toUpperCase()}:0:0:0:abcd`])
      assert.equal(refused(await fileFrom(r, last, {}, { address: other }), 429, 'REPORT_FLOOD').body.per, 'address', other);
    assert.deepEqual(await reportCounts(r), before);
    assert.equal((await fileFrom(r, last, {}, { address: `2001:db8:${(++address).toString(16)}:8::1` })).status, 201, 'another /64 files');

    const v4 = fresh();
    const more = await Promise.all(Array.from({ length: 6 }, () => unitIn(r, c, 'in_use')));
    for (const [i, code] of more.slice(0, TEST_POLICY.perAddressPerHour).entries())
      assert.equal((await fileFrom(r, code, {}, { address: i % 2 ? `::ffff:${v4}` : v4 })).status, 201);
    refused(await fileFrom(r, more[5] as string, {}, { address: `::ffff:${v4}` }), 429, 'REPORT_FLOOD');
  });

  test('one unit: many addresses reach its limit; concurrent reports from one address never pass the limit (a race)', async () => {
    const code = await unitIn(r, c, 'in_use');
    for (let i = 0; i < TEST_POLICY.perCodePerHour; i++) assert.equal((await fileFrom(r, code, {}, { address: fresh() })).status, 201);
    const before = await reportCounts(r);
    const flood = refused(await fileFrom(r, code, {}, { address: fresh() }), 429, 'REPORT_FLOOD');
    assert.equal(flood.body.per, 'code');
    assert.deepEqual(await reportCounts(r), before);

    const codes = await Promise.all(Array.from({ length: 10 }, () => unitIn(r, c, 'in_use')));
    const from = fresh();
    const solved = await Promise.all(codes.map((k) => challengeFor(r, k, from)));
    const results = await Promise.all(codes.map((k, i) => fileFrom(r, k, {}, { address: from, solved: solved[i] })));
    assert.equal(results.filter((x) => x.status === 201).length, TEST_POLICY.perAddressPerHour);
    assert.ok(results.filter((x) => x.status !== 201).every((x) => x.body.code === 'REPORT_FLOOD'));
  });
});
