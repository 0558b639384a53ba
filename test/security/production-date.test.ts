/**
 * Production dates (issue #11, item 8): a manufacturer may not date a unit in
 * the future, nor years before its model was filed — a way to date units out
 * of a recall's production-date range. The registry's clock is pinned, so the
 * tests do not depend on the day they run. Each refusal changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { DAY } from '../lifecycle/flow.ts';
import { assertProblem, digest } from './support.ts';

describe(`production dates (${ENGINE})`, () => {
  // The model is filed on 2026-03-10; the registry's today is 2026-11-30.
  let clock = Date.parse('2026-03-10T09:00:00Z');
  let r: TestRegistry;
  let maker: Enrolled;
  let model: string;
  before(async () => {
    r = await testRegistry({ now: () => new Date(clock) });
    maker = await enrol(r, ['manufacturer'], 'Dating Maker');
    model = await fileModel(r, maker);
    clock = Date.parse('2026-11-30T20:00:00Z');
  });
  after(async () => {
    await r?.dispose();
  });

  async function refusedUnchanged(url: string, body: unknown, code: string, what: string) {
    const before = await digest(r);
    const res = await r.call('POST', url, { token: maker.token, body });
    assertProblem(res, 422, code, what);
    assert.deepEqual(await digest(r), before, `${what}: nothing changed`);
    return res;
  }

  test("a unit dated after the registry's today (anywhere on Earth) is refused with PRODUCTION_DATE_IN_FUTURE", async () => {
    await refusedUnchanged('/v1/robots', unitBody(model, '2026-12-02'), 'PRODUCTION_DATE_IN_FUTURE', 'future date');
    await refusedUnchanged('/v1/robots', unitBody(model, '2099-12-31'), 'PRODUCTION_DATE_IN_FUTURE', 'far future');
  });

  test('a unit dated more than 730 days before its model was filed is refused with PRODUCTION_DATE_BEFORE_MODEL', async () => {
    await refusedUnchanged('/v1/robots', unitBody(model, '2024-03-09'), 'PRODUCTION_DATE_BEFORE_MODEL', 'one day too early');
    await refusedUnchanged('/v1/robots', unitBody(model, '2000-01-01'), 'PRODUCTION_DATE_BEFORE_MODEL', 'out of any recall range');
  });

  test('a production run with one back-dated unit among good ones is refused whole, naming the unit', async () => {
    const units = [unitBody(model, '2026-11-01'), unitBody(model, '2020-06-01'), unitBody(model, '2026-11-30')];
    const res = await refusedUnchanged('/v1/robots/batch', { units }, 'PRODUCTION_DATE_BEFORE_MODEL', 'batch');
    assert.deepEqual(
      res.body.errors.map((e: { unit: number; code: string }) => [e.unit, e.code]),
      [[1, 'PRODUCTION_DATE_BEFORE_MODEL']],
    );
  });

  test('today at UTC+14, the filing day and pre-series units within the bound are accepted', async () => {
    for (const date of ['2026-12-01', '2026-11-30', '2026-03-10', '2024-03-10']) {
      const res = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model, date) });
      assert.equal(res.status, 201, `${date}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.productionDate, date);
    }
  });

  test('the future is judged by the registry clock: the same date is accepted once the day comes', async () => {
    await refusedUnchanged('/v1/robots', unitBody(model, '2026-12-03'), 'PRODUCTION_DATE_IN_FUTURE', 'two days ahead');
    clock += 2 * DAY;
    const res = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model, '2026-12-03') });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });
});
