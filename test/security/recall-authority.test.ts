/**
 * Recall authority (issue #11, item 5): a manufacturer may not amend away what
 * the regulator set on its voluntary recall, nor close a recall the regulator
 * escalated. Each attack is refused with REGULATOR_SET_TERM and changes
 * nothing: no recall term, no unit, no event, no leaf.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { daysAgo, ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { access } from '../lifecycle/flow.ts';
import { assertProblem, digest } from './support.ts';

describe(`recall authority (${ENGINE})`, () => {
  let r: TestRegistry;
  let maker: Enrolled;
  let model: string;
  let code: string;
  // Production-date ranges around the unit's day (PRODUCTION_DATE, ten days ago), whatever day the test runs.
  const NARROW = { from: daysAgo(20), to: daysAgo(1) };
  const WIDE = { from: daysAgo(300), to: daysAgo(0) };

  before(async () => {
    r = await testRegistry();
    maker = await enrol(r, ['manufacturer', 'seller'], 'Recalling Maker');
    model = await fileModel(r, maker);
    const u = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    code = u.body.code;
  });
  after(async () => {
    await r?.dispose();
  });

  /** escalated is a voluntary recall by the maker that the regulator raised: stop-sale, stop-use, critical, a wider scope. */
  async function escalated(): Promise<string> {
    const issued = await r.call('POST', '/v1/recalls', {
      token: maker.token,
      body: {
        scope: { enterprise: maker.enterpriseCode, models: [model], productionDate: NARROW },
        hazard: 'Loose fastener',
        severity: 'low',
        remedy: 'inspection',
        stopSale: false,
        stopUse: false,
      },
    });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const id = issued.body.recall.id as string;
    const raised = await r.call('POST', `/v1/recalls/${id}/amend`, {
      token: r.regulatorToken,
      body: {
        scope: { enterprise: maker.enterpriseCode, models: [model], productionDate: WIDE },
        severity: 'critical',
        stopSale: true,
        stopUse: true,
      },
    });
    assert.equal(raised.status, 200, JSON.stringify(raised.body));
    assert.deepEqual(raised.body.recall.regulatorTerms, ['scope', 'severity', 'stopSale', 'stopUse']);
    return id;
  }

  async function refusedUnchanged(url: string, body: unknown, what: string): Promise<void> {
    const before = await digest(r);
    const recallBefore = (await r.call('GET', url.replace(/\/(amend|close)$/, ''))).body;
    const res = await r.call('POST', url, { token: maker.token, ...(body === undefined ? {} : { body }) });
    assertProblem(res, 403, 'REGULATOR_SET_TERM', what);
    assert.deepEqual(await digest(r), before, `${what}: nothing changed`);
    assert.deepEqual((await r.call('GET', url.replace(/\/(amend|close)$/, ''))).body, recallBefore, `${what}: the recall's terms stand`);
    assert.ok((await access(r, code)).reasons.includes('OPEN_RECALL_STOP_SALE'), `${what}: the unit still may not be sold`);
  }

  test('a maker cannot lift the stop-sale the regulator set on its voluntary recall', async () => {
    const id = await escalated();
    await refusedUnchanged(`/v1/recalls/${id}/amend`, { stopSale: false }, 'lift stop-sale');
  });

  test('a maker cannot lift the stop-use the regulator set', async () => {
    const id = await escalated();
    await refusedUnchanged(`/v1/recalls/${id}/amend`, { stopUse: false }, 'lift stop-use');
  });

  test('a maker cannot lower the severity the regulator set', async () => {
    const id = await escalated();
    await refusedUnchanged(`/v1/recalls/${id}/amend`, { severity: 'low' }, 'lower severity');
  });

  test('a maker cannot narrow a scope the regulator widened', async () => {
    const id = await escalated();
    await refusedUnchanged(
      `/v1/recalls/${id}/amend`,
      { scope: { enterprise: maker.enterpriseCode, models: [model], productionDate: NARROW } },
      'narrow the scope',
    );
  });

  test('a maker cannot lift everything at once while raising one term as cover', async () => {
    const id = await escalated();
    await refusedUnchanged(`/v1/recalls/${id}/amend`, { hazard: 'Cosmetic', stopSale: false, stopUse: false, severity: 'low' }, 'lift all');
  });

  test('a maker cannot close a recall the regulator escalated', async () => {
    const id = await escalated();
    await refusedUnchanged(`/v1/recalls/${id}/close`, undefined, 'close');
  });

  test('the maker may still widen and raise; the regulator may lower, lift and close', async () => {
    const id = await escalated();
    const wider = await r.call('POST', `/v1/recalls/${id}/amend`, {
      token: maker.token,
      body: { scope: { enterprise: maker.enterpriseCode, models: [model] }, remedy: 'part_replacement' },
    });
    assert.equal(wider.status, 200, JSON.stringify(wider.body));
    assert.deepEqual(
      wider.body.recall.regulatorTerms,
      ['scope', 'severity', 'stopSale', 'stopUse'],
      "the issuer's own changes are not the regulator's",
    );
    const lowered = await r.call('POST', `/v1/recalls/${id}/amend`, {
      token: r.regulatorToken,
      body: { severity: 'medium', stopSale: false, stopUse: false },
    });
    assert.equal(lowered.status, 200, JSON.stringify(lowered.body));
    assert.equal(lowered.body.recall.stopSale, false);
    const closed = await r.call('POST', `/v1/recalls/${id}/close`, { token: r.regulatorToken });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
  });

  test('a maker still lowers and closes its own voluntary recall that the regulator left alone', async () => {
    const issued = await r.call('POST', '/v1/recalls', {
      token: maker.token,
      body: {
        scope: { enterprise: maker.enterpriseCode, models: [model] },
        hazard: 'Squeak',
        severity: 'medium',
        remedy: 'inspection',
        stopSale: true,
        stopUse: false,
      },
    });
    assert.equal(issued.status, 201);
    const id = issued.body.recall.id;
    assert.deepEqual(issued.body.recall.regulatorTerms, []);
    const lowered = await r.call('POST', `/v1/recalls/${id}/amend`, { token: maker.token, body: { severity: 'low', stopSale: false } });
    assert.equal(lowered.status, 200, JSON.stringify(lowered.body));
    assert.equal((await r.call('POST', `/v1/recalls/${id}/close`, { token: maker.token })).status, 200);
  });
});
