/**
 * Model revisions (issue #15, item 4) through the HTTP API on the test
 * engine: a significant change files a revision the regulator approves;
 * units built to an unapproved revision are refused sale; a change of nothing
 * significant is refused; every refusal changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MODEL_PARAMETERS, COMPONENT_TYPES, testRegistry, unitBody, type TestRegistry } from '../harness.ts';
import { access, makeCast, ok, record, refused, unchanged, type Cast } from '../lifecycle/flow.ts';

describe('model revisions', () => {
  let r: TestRegistry;
  let c: Cast;
  before(async () => {
    r = await testRegistry();
    c = await makeCast(r);
  });
  after(() => r.dispose());

  const base = () => `/v1/models/${c.maker.enterpriseCode}/${c.model}`;
  const file = (token: string, parameters: object, componentTypes = COMPONENT_TYPES, url = `${base()}/revisions`) =>
    r.call('POST', url, { token, body: { parameters, componentTypes, summary: 'Larger battery pack' } });
  const revisionRows = async () => (await r.ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM model_revisions'))[0]?.n ?? 0;
  const register = (body: object) => r.call('POST', '/v1/robots', { token: c.maker.token, body });

  test('a change of nothing the approval rests on is refused, under any spelling of the same chemistry, and files nothing', async () => {
    const minor = [
      { ...MODEL_PARAMETERS, heightCm: 180 },
      { ...MODEL_PARAMETERS, applications: ['retail'] },
      { ...MODEL_PARAMETERS, batteryChemistry: ' nmc ' },
      MODEL_PARAMETERS,
    ];
    for (const parameters of minor) {
      const before = await revisionRows();
      refused(await file(c.maker.token, parameters), 422, 'REVISION_NOT_SIGNIFICANT', JSON.stringify(parameters));
      assert.equal(await revisionRows(), before);
    }
    refused(await file(c.maker.token, MODEL_PARAMETERS, [...COMPONENT_TYPES].reverse()), 422, 'REVISION_NOT_SIGNIFICANT', 'same types');
  });

  test('only the maker files a revision of its own approved model', async () => {
    const changed = { ...MODEL_PARAMETERS, batteryCapacityWh: 3000 };
    refused(await file(c.otherMaker.token, changed), 403, 'FOREIGN_ENTERPRISE');
    refused(await file(c.buyer.token, changed), 403, 'FORBIDDEN_ROLE');
    refused(
      await file(c.maker.token, changed, COMPONENT_TYPES, `/v1/models/${c.maker.enterpriseCode}/${c.pending}/revisions`),
      409,
      'MODEL_STATE',
    );
    assert.equal(await revisionRows(), 0);
  });

  test('a significant change files revision 2; its units are registered but not sold until the regulator approves it', async () => {
    const filed = await file(c.maker.token, { ...MODEL_PARAMETERS, batteryCapacityWh: 3000, massKg: 66 });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.revision, 2);
    assert.equal(filed.body.status, 'filed');
    assert.deepEqual(filed.body.changes, ['massKg', 'batteryCapacityWh']);
    const list = await r.call('GET', `${base()}/revisions`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((x: { revision: number; status: string }) => [x.revision, x.status]),
      [
        [1, 'model'],
        [2, 'filed'],
      ],
    );

    // Not naming a revision builds to the latest approved one: still 1.
    const old = await register(unitBody(c.model));
    assert.equal(old.status, 201, JSON.stringify(old.body));
    const built = await register({ ...unitBody(c.model), revision: 2 });
    assert.equal(built.status, 201, JSON.stringify(built.body));
    const verify = await r.call('GET', `/v1/verify/${built.body.code}`);
    assert.equal(verify.body.revision, 2);
    assert.equal((await r.call('GET', `/v1/verify/${old.body.code}`)).body.revision, 1);
    assert.deepEqual(await access(r, built.body.code), { allowed: false, reasons: ['REVISION_NOT_APPROVED'] });
    assert.equal((await access(r, old.body.code)).allowed, true);

    // The sale of a unit of the unapproved revision is refused, and changes nothing.
    await unchanged(r, built.body.code, async () => {
      const res = refused(
        await record(r, c.maker.token, built.body.code, 'transferred', { to: c.buyer.id, sale: true }),
        409,
        'MARKET_ACCESS_DENIED',
      );
      assert.deepEqual(res.body.reasons, ['REVISION_NOT_APPROVED']);
    });
    // A handover back to the maker is not a sale (DESIGN.md §2) — and the regulator's decision is its own.
    refused(await r.call('POST', `${base()}/revisions/2/approve`, { token: c.maker.token }), 403, 'FORBIDDEN_ROLE');
    const approved = await r.call('POST', `${base()}/revisions/2/approve`, { token: r.regulatorToken });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.status, 'approved');
    refused(await r.call('POST', `${base()}/revisions/2/refuse`, { token: r.regulatorToken }), 409, 'REVISION_STATE');
    // The cached public answer followed the approval.
    assert.deepEqual(await access(r, built.body.code), { allowed: true, reasons: [] });
    ok(await record(r, c.maker.token, built.body.code, 'transferred', { to: c.buyer.id, sale: true }), 'sale after approval');
    // Now not naming a revision builds to revision 2.
    const later = await register(unitBody(c.model));
    assert.equal((await r.call('GET', `/v1/verify/${later.body.code}`)).body.revision, 2);
    const events = await r.call('GET', `/v1/robots/${later.body.code}/events`, { token: c.maker.token });
    assert.equal(events.body.items[0].data.revision, 2, 'the registered event names the revision');
  });

  test('a revision that changes the key component types needs them declared; unknown and refused revisions are refused', async () => {
    const types = [...COMPONENT_TYPES, 'vision_sensors'];
    const filed = await file(c.maker.token, { ...MODEL_PARAMETERS, batteryCapacityWh: 3000, massKg: 66 }, types);
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.deepEqual(filed.body.changes, ['componentTypes']);
    const n = filed.body.revision;
    refused(await register({ ...unitBody(c.model), revision: n }), 422, 'MISSING_COMPONENT');
    const withSensors = await register({ ...unitBody(c.model, undefined, types), revision: n });
    assert.equal(withSensors.status, 201, JSON.stringify(withSensors.body));
    refused(await register({ ...unitBody(c.model), revision: 99 }), 422, 'UNKNOWN_REVISION');
    refused(await r.call('POST', `${base()}/revisions/99/approve`, { token: r.regulatorToken }), 422, 'UNKNOWN_REVISION');
    const refusedRev = await r.call('POST', `${base()}/revisions/${n}/refuse`, { token: r.regulatorToken });
    assert.equal(refusedRev.body.status, 'refused');
    refused(await register({ ...unitBody(c.model, undefined, types), revision: n }), 422, 'UNKNOWN_REVISION');
    // A refused revision's units stay unsellable.
    assert.deepEqual((await access(r, withSensors.body.code)).reasons, ['REVISION_NOT_APPROVED']);
  });
});
