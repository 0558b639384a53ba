/**
 * Deeply nested JSON (issue #11, item 8): 5,000 levels of arrays or objects
 * once answered 500 to anyone. The body is now refused with 400 JSON_TOO_DEEP
 * before it is parsed, for every caller, and nothing changes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, enrol, fileModel, testRegistry, type Enrolled, type TestRegistry } from '../harness.ts';
import { assertProblem, digest } from './support.ts';

describe(`deeply nested JSON (${ENGINE})`, () => {
  let r: TestRegistry;
  let maker: Enrolled;
  let model: string;
  before(async () => {
    r = await testRegistry();
    maker = await enrol(r, ['manufacturer'], 'Deep Maker');
    model = await fileModel(r, maker);
  });
  after(async () => {
    await r?.dispose();
  });

  async function refusedUnchanged(url: string, payload: string, token: string | undefined, what: string): Promise<void> {
    const before = await digest(r);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const res = await r.app.inject({ method: 'POST', url, headers, payload });
    const answer = { status: res.statusCode, body: res.json(), headers: res.headers as Record<string, unknown> };
    assertProblem(answer, 400, 'JSON_TOO_DEEP', what);
    assert.deepEqual(await digest(r), before, `${what}: nothing changed`);
  }

  const arrays = '['.repeat(5000) + ']'.repeat(5000);
  const objects = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);

  test('5,000 nested arrays from an anonymous caller are refused with JSON_TOO_DEEP', () =>
    refusedUnchanged('/v1/participants', arrays, undefined, 'anonymous arrays'));

  test("5,000 nested objects in a regulator's enrolment are refused with JSON_TOO_DEEP", () =>
    refusedUnchanged('/v1/participants', objects, r.regulatorToken, 'regulator objects'));

  test('a production run hiding deep nesting in a component is refused with JSON_TOO_DEEP', () => {
    const deepLot = '{"x":'.repeat(5000) + '1' + '}'.repeat(5000);
    const body = `{"units":[{"model":"${model}","productionDate":"2026-11-20","components":[{"type":"main_controller","maker":"A","serial":"S1","lot":${deepLot}}]}]}`;
    return refusedUnchanged('/v1/robots/batch', body, maker.token, 'batch');
  });

  test('an event batch nested 33 levels deep is refused; brackets inside strings do not count', async () => {
    await refusedUnchanged('/v1/events/batch', `{"events":${'['.repeat(33)}${']'.repeat(33)}}`, maker.token, 'events batch');
    // 40 brackets inside a string are text, not nesting: the schema answers, not the depth check.
    const res = await r.call('POST', '/v1/participants', {
      token: r.regulatorToken,
      body: { name: '['.repeat(40), country: 'CN', roles: ['seller'] },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });
});
