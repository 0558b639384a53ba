import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkCharacter } from '../src/code/index.ts';
import { ENGINE, enrol, fileModel, PRODUCTION_DATE, testRegistry, unitBody, type Enrolled, type TestRegistry } from './harness.ts';

let r: TestRegistry;
let maker: Enrolled;
let approved: string;
let filed: string;
let code: string;

before(async () => {
  r = await testRegistry();
  maker = await enrol(r, ['manufacturer'], 'UBTech Robotics');
  approved = await fileModel(r, maker, true);
  filed = await fileModel(r, maker, false);
  code = (await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(approved) })).body.code;
});
after(() => r.dispose());

/** mistype changes one character of code (not the check character) to another alphabet character. */
function mistype(c: string, at = 20): string {
  const ch = c[at] === '7' ? '8' : '7';
  return c.slice(0, at) + ch + c.slice(at + 1);
}

test(`[${ENGINE}] verify answers the public projection of a registered code`, async () => {
  const res = await r.call('GET', `/v1/verify/${code}`);
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(res.body).sort(), [
    'brands',
    'code',
    'manufacturer',
    'marketAccess',
    'model',
    'openRecalls',
    'parts',
    'productionDate',
    'remanufacturedFrom',
    'remanufacturedInto',
    'revision',
    'software',
    'status',
    'usage',
  ]);
  assert.equal(res.body.code, code);
  assert.deepEqual(res.body.parts, { country: 'CN', enterprise: maker.enterpriseCode, model: approved, serial: code.slice(12) });
  assert.equal(res.body.manufacturer.name, 'UBTech Robotics');
  assert.equal(res.body.productionDate, PRODUCTION_DATE);
  assert.equal(res.body.status, 'registered');
  assert.deepEqual(res.body.marketAccess, { allowed: true, reasons: [] });
  assert.deepEqual(res.body.openRecalls, []);
  // Issue #15: built to the model as approved, no brands, no usage reported yet.
  assert.deepEqual([res.body.revision, res.body.brands, res.body.usage], [1, [], null]);
  // Issue #16: made new, not remanufactured from another unit, nor into one.
  assert.deepEqual([res.body.remanufacturedFrom, res.body.remanufacturedInto], [[], null]);
});

test(`[${ENGINE}] both code forms, lower case and stray spaces are accepted everywhere`, async () => {
  const display = `${code.slice(0, 2)}-${code.slice(2, 6)}-${code.slice(6, 12)}-${code.slice(12)}`;
  for (const form of [display, code.toLowerCase(), ` ${code.slice(0, 10)} ${code.slice(10)} `]) {
    const v = await r.call('GET', `/v1/verify/${encodeURIComponent(form)}`);
    assert.equal(v.status, 200, form);
    assert.equal(v.body.code, code);
    const m = await r.call('GET', `/v1/robots/${encodeURIComponent(form)}/market-access`);
    assert.equal(m.body.code, code);
    assert.equal(m.body.allowed, true);
  }
});

test(`[${ENGINE}] a mistyped code is a 400 INVALID_CODE problem that suggests the real code`, async () => {
  const typo = mistype(code);
  const res = await r.call('GET', `/v1/verify/${typo}`);
  assert.equal(res.status, 400);
  assert.equal(res.body.code, 'INVALID_CODE');
  assert.ok(res.body.suggestions.includes(code), 'the registered code is among the suggestions');
  const rules = res.body.errors.map((e: { rule: string }) => e.rule);
  assert.deepEqual(rules, ['check']);
});

test(`[${ENGINE}] a well-formed unknown code is a 404 NOT_REGISTERED problem`, async () => {
  const body = code.slice(0, 18) + '9999999999';
  const unknown = body + checkCharacter(body);
  const res = await r.call('GET', `/v1/verify/${unknown}`);
  assert.equal(res.status, 404);
  assert.equal(res.body.code, 'NOT_REGISTERED');
  const m = await r.call('GET', `/v1/robots/${unknown}/market-access`);
  assert.equal(m.status, 200);
  assert.deepEqual(m.body, { code: unknown, allowed: false, reasons: ['NOT_REGISTERED'] });
});

test(`[${ENGINE}] market access always answers 200, with INVALID_CODE for garbage`, async () => {
  for (const junk of ['hello', 'X'.repeat(29), mistype(code), '%F0%9F%A4%96', 'A'.repeat(150)]) {
    const m = await r.call('GET', `/v1/robots/${junk}/market-access`);
    assert.equal(m.status, 200, junk);
    assert.equal(m.body.allowed, false);
    assert.deepEqual(m.body.reasons, ['INVALID_CODE']);
  }
  const huge = await r.call('GET', `/v1/robots/${'A'.repeat(5000)}/market-access`);
  assert.equal(huge.status, 414, 'a path parameter past the hard limit is refused before any work');
  assert.equal(huge.body.code, 'URI_TOO_LONG');
});

test(`[${ENGINE}] a unit of a model without type approval has no market access`, async () => {
  const c = (await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(filed) })).body.code;
  const m = await r.call('GET', `/v1/robots/${c}/market-access`);
  assert.deepEqual(m.body.reasons, ['MODEL_NOT_APPROVED']);
  await r.call('POST', `/v1/models/${maker.enterpriseCode}/${filed}/approve`, { token: r.regulatorToken });
  assert.deepEqual((await r.call('GET', `/v1/robots/${c}/market-access`)).body.reasons, []);
  await r.call('POST', `/v1/models/${maker.enterpriseCode}/${filed}/suspend`, { token: r.regulatorToken });
  assert.deepEqual((await r.call('GET', `/v1/verify/${c}`)).body.marketAccess, { allowed: false, reasons: ['MODEL_NOT_APPROVED'] });
});

test(`[${ENGINE}] model approval follows its transition table`, async () => {
  const m = await fileModel(r, maker, false);
  const path = `/v1/models/${maker.enterpriseCode}/${m}`;
  const steps: [string, number, string?][] = [
    ['suspend', 409, 'MODEL_STATE'],
    ['approve', 200],
    ['approve', 409, 'MODEL_STATE'],
    ['suspend', 200],
    ['approve', 200],
    ['withdraw', 200],
    ['approve', 409, 'MODEL_STATE'],
    ['withdraw', 409, 'MODEL_STATE'],
  ];
  for (const [action, status, problem] of steps) {
    const res = await r.call('POST', `${path}/${action}`, { token: r.regulatorToken });
    assert.equal(res.status, status, action);
    if (problem) assert.equal(res.body.code, problem);
  }
  const byMaker = await r.call('POST', `${path}/approve`, { token: maker.token });
  assert.equal(byMaker.status, 403);
  const regulatorFiles = await r.call('POST', '/v1/models', {
    token: r.regulatorToken,
    body: { name: 'R', category: 'c', parameters: {}, componentTypes: ['x'] },
  });
  assert.equal(regulatorFiles.status, 400, 'schema first: parameters are incomplete');
});

test(`[${ENGINE}] the OpenAPI document is generated from the validating schemas`, async () => {
  const res = await r.call('GET', '/openapi.json');
  assert.equal(res.status, 200);
  assert.equal(res.body.openapi, '3.1.0');
  const post = res.body.paths['/v1/robots/batch'].post;
  assert.ok(post.requestBody.content['application/json'].schema.properties.units);
  assert.ok(res.body.paths['/v1/verify/{code}'].get);
  const docs = await r.call('GET', '/docs/');
  assert.equal(docs.status, 200);
  assert.match(String(docs.body), /swagger/i);
});

test(`[${ENGINE}] unknown routes are problem documents too`, async () => {
  const res = await r.call('GET', '/v1/nothing-here');
  assert.equal(res.status, 404);
  assert.equal(res.body.code, 'NOT_FOUND');
});
