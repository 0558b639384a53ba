// "Did you mean" that helps (issue #13): an INVALID_CODE problem from public verification keeps
// every one-character neighbour in `suggestions` and adds at most five `candidates`, the
// registered codes first with their maker and model, found in one query.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { busiestSlip } from './busiest-slip.ts';
import { checkCharacter } from '../src/code/index.ts';
import { ENGINE, MODEL_PARAMETERS, testRegistry, unitBody, type TestRegistry } from './harness.ts';
import { makeCast, SITE, unitIn, type Cast } from './lifecycle/flow.ts';

let r: TestRegistry;
let cast: Cast;
let code: string;
let modelName: string;

before(async () => {
  r = await testRegistry();
  cast = await makeCast(r);
  // Sold and deployed at a site with an operator: none of that may reach a candidate.
  code = await unitIn(r, cast, 'deployed');
  modelName = (await r.call('GET', `/v1/verify/${code}`)).body.model.name;
});
after(() => r?.dispose());

test(`[${ENGINE}] a slip in a registered code: the registered code is the one candidate, with its maker and model`, async () => {
  const { typo, suggestions } = busiestSlip(code);
  assert.ok(suggestions.length > 5, `the slip has many neighbours (${suggestions.length})`);
  const res = await r.call('GET', `/v1/verify/${typo}`);
  assert.equal(res.status, 400);
  assert.equal(res.body.code, 'INVALID_CODE');
  // suggestions are as they were: every neighbour, in position order.
  assert.deepEqual(res.body.suggestions, suggestions);
  const candidates = res.body.candidates;
  assert.ok(Array.isArray(candidates) && candidates.length >= 1 && candidates.length <= 5);
  assert.deepEqual(candidates[0], {
    code,
    registered: true,
    maker: { name: 'Maker-Seller Robotics' },
    model: { name: modelName },
  });
  assert.ok(
    candidates.every((c: { registered: boolean }) => c.registered),
    'no unregistered code is offered beside a registered one',
  );
});

test(`[${ENGINE}] a candidate shows only what public verification shows: no owner, operator, site or status`, async () => {
  const { typo } = busiestSlip(code);
  const res = await r.call('GET', `/v1/verify/${typo}`);
  const text = JSON.stringify(res.body.candidates);
  for (const secret of [cast.maker.id, cast.buyer.id, cast.operator.id, 'Buyer Logistics', SITE.address, SITE.city, 'deployed'])
    assert.ok(!text.includes(secret), `${secret} is not in the candidates`);
  for (const c of res.body.candidates) {
    assert.deepEqual(
      Object.keys(c).filter((k) => !['code', 'registered', 'maker', 'model'].includes(k)),
      [],
    );
  }
});

test(`[${ENGINE}] with no registered neighbour, the candidates are at most five unregistered codes`, async () => {
  const body = `${code.slice(0, 18)}9999999999`;
  const unknown = body + checkCharacter(body);
  const { typo, suggestions } = busiestSlip(unknown);
  assert.ok(!suggestions.includes(code));
  const res = await r.call('GET', `/v1/verify/${typo}`);
  assert.equal(res.status, 400);
  assert.deepEqual(res.body.suggestions, suggestions);
  const candidates: { code: string; registered: boolean }[] = res.body.candidates;
  assert.equal(candidates.length, Math.min(5, suggestions.length));
  for (const c of candidates) {
    assert.deepEqual(c, { code: c.code, registered: false });
    assert.ok(suggestions.includes(c.code));
  }
});

test(`[${ENGINE}] a code of the wrong length has no suggestions and no candidates`, async () => {
  const res = await r.call('GET', `/v1/verify/${code.slice(0, 28)}`);
  assert.equal(res.status, 400);
  assert.deepEqual(res.body.suggestions, []);
  assert.deepEqual(res.body.candidates, []);
});

test(`[${ENGINE}] a registered candidate carries the English names beside the official ones when the registry has them`, async () => {
  const p = await r.call('POST', '/v1/participants', {
    token: r.regulatorToken,
    body: { name: '杭州宇树科技股份有限公司', nameEn: 'Unitree Robotics', country: 'CN', roles: ['manufacturer'] },
  });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  const token = (await r.call('POST', `/v1/participants/${p.body.id}/tokens`, { token: r.regulatorToken, body: {} })).body.token;
  const m = await r.call('POST', '/v1/models', {
    token,
    body: {
      name: '宇树 H1',
      nameEn: 'Unitree H1',
      category: 'general-purpose humanoid',
      parameters: MODEL_PARAMETERS,
      componentTypes: ['main_controller'],
    },
  });
  assert.equal(m.status, 201, JSON.stringify(m.body));
  await r.call('POST', `/v1/models/${p.body.enterpriseCode}/${m.body.modelCode}/approve`, { token: r.regulatorToken });
  const unit = await r.call('POST', '/v1/robots', { token, body: unitBody(m.body.modelCode, undefined, ['main_controller']) });
  assert.equal(unit.status, 201, JSON.stringify(unit.body));
  const res = await r.call('GET', `/v1/verify/${busiestSlip(unit.body.code).typo}`);
  assert.deepEqual(res.body.candidates, [
    {
      code: unit.body.code,
      registered: true,
      maker: { name: '杭州宇树科技股份有限公司', nameEn: 'Unitree Robotics' },
      model: { name: '宇树 H1', nameEn: 'Unitree H1' },
    },
  ]);
});
