/**
 * A participant's country is an assigned ISO 3166-1 alpha-2 code (issue #11,
 * item 8): it becomes the first two characters of every identity code a
 * manufacturer issues, so a user-assigned, reserved or malformed country is
 * refused at enrolment and nothing is created.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, testRegistry, type TestRegistry } from '../harness.ts';
import { assertProblem, digest } from './support.ts';

describe(`participant country (${ENGINE})`, () => {
  let r: TestRegistry;
  before(async () => {
    r = await testRegistry();
  });
  after(async () => {
    await r?.dispose();
  });

  async function refusedUnchanged(country: string, status: number, code: string): Promise<void> {
    const before = await digest(r);
    const res = await r.call('POST', '/v1/participants', {
      token: r.regulatorToken,
      body: { name: `Org ${country}`, country, roles: ['manufacturer'] },
    });
    assertProblem(res, status, code, `country ${country}`);
    assert.match(JSON.stringify(res.body.errors), /country/);
    assert.deepEqual(await digest(r), before, `country ${country}: nothing changed`);
  }

  test('a user-assigned country (XX) is refused', () => refusedUnchanged('XX', 400, 'UNKNOWN_COUNTRY'));
  test('a user-assigned country (ZZ) is refused', () => refusedUnchanged('ZZ', 400, 'UNKNOWN_COUNTRY'));
  test('an exceptionally reserved code (EU) is refused', () => refusedUnchanged('EU', 400, 'UNKNOWN_COUNTRY'));
  test('a lower-case country (cn) is refused by the schema', () => refusedUnchanged('cn', 400, 'INVALID_REQUEST'));

  test('an assigned country enrols, and the next manufacturer still gets the next enterprise code', async () => {
    const a = await r.call('POST', '/v1/participants', {
      token: r.regulatorToken,
      body: { name: 'Hamburg Robotics', country: 'DE', roles: ['manufacturer'] },
    });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.equal(a.body.country, 'DE');
    // The refused enrolments above drew no enterprise number.
    assert.equal(a.body.enterpriseCode, '0001');
  });
});
