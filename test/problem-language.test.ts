import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { enrol, type Enrolled, fileModel, testRegistry, type TestRegistry } from './harness.ts';
import { newUnit, record } from './lifecycle/flow.ts';

// Problem documents speak the reader's language (Accept-Language: zh-CN or en);
// without the header, or with one the registry does not speak, they are English
// exactly as before. code, type, status and field names never change.

let r: TestRegistry;
let maker: Enrolled;
let buyer: Enrolled;
before(async () => {
  r = await testRegistry();
  maker = await enrol(r, ['manufacturer']);
  buyer = await enrol(r, ['operator']);
});
after(() => r.dispose());

const han = /\p{Script=Han}/u;
const ZH = { 'accept-language': 'zh-CN' };

type Call = (headers: Record<string, string>) => ReturnType<TestRegistry['call']>;

/** both makes the same refused request in English and in Chinese and checks what must and must not change. */
async function both(call: Call, status: number, code: string) {
  const en = await call({});
  const zh = await call(ZH);
  assert.equal(en.status, status, JSON.stringify(en.body));
  assert.equal(zh.status, status, JSON.stringify(zh.body));
  for (const [a, lang] of [
    [en, 'en'],
    [zh, 'zh-CN'],
  ] as const) {
    assert.equal(a.body.code, code);
    assert.equal(a.body.type, `https://humanoid-registry.dev/problems/${code}`);
    assert.equal(a.headers['content-language'], lang);
    assert.match(String(a.headers.vary), /Accept-Language/);
    assert.match(String(a.headers['content-type']), /^application\/problem\+json/);
  }
  assert.equal(zh.body.instance, en.body.instance);
  assert.doesNotMatch(en.body.title + en.body.detail, han);
  assert.match(zh.body.title, han, `zh title: ${zh.body.title}`);
  assert.match(zh.body.detail, han, `zh detail: ${zh.body.detail}`);
  return { en: en.body, zh: zh.body };
}

test('a malformed identity code: Chinese title and detail, the same code, type and suggestions', async () => {
  const { en, zh } = await both((headers) => r.call('GET', '/v1/robots/XX', { headers }), 400, 'INVALID_CODE');
  assert.equal(en.title, 'The identity code is malformed');
  assert.equal(en.detail, 'The identity code has 2 characters; it must have 29');
  assert.equal(zh.title, '身份码格式错误');
  assert.equal(zh.detail, '身份码有 2 个字符；必须为 29 个');
  assert.deepEqual(zh.suggestions, en.suggestions);
  assert.deepEqual(
    zh.errors.map((e: { rule: string }) => e.rule),
    en.errors.map((e: { rule: string }) => e.rule),
  );
  // Each broken rule's sentence speaks the reader's language too.
  assert.deepEqual(
    zh.errors.map((e: { message: string }) => /\p{Script=Han}/u.test(e.message)),
    [true, true],
  );
  assert.equal(zh.errors[0].message, zh.detail);
});

test('a validation error: Ajv field messages in Chinese, field names as they are', async () => {
  const body = { name: 'X', country: 'CN', roles: ['manufacturer'], colour: 'red' };
  const { en, zh } = await both(
    (headers) => r.call('POST', '/v1/participants', { token: r.regulatorToken, body, headers }),
    400,
    'INVALID_REQUEST',
  );
  assert.equal(en.detail, '1 field is invalid: body.colour must NOT have additional properties');
  assert.deepEqual(en.errors, [{ field: 'body.colour', message: 'must NOT have additional properties' }]);
  assert.deepEqual(
    zh.errors.map((e: { field: string }) => e.field),
    ['body.colour'],
  );
  assert.match(zh.errors[0].message, han);
  assert.equal(zh.detail, `有 1 个字段无效：body.colour ${zh.errors[0].message}`);
});

test('a forbidden role', async () => {
  const { en, zh } = await both(
    (headers) =>
      r.call('POST', '/v1/participants', { token: maker.token, body: { name: 'Y', country: 'CN', roles: ['operator'] }, headers }),
    403,
    'FORBIDDEN_ROLE',
  );
  assert.equal(en.detail, 'This action needs the role regulator; the caller holds manufacturer.');
  assert.deepEqual(zh.required, en.required);
  assert.equal(zh.detail, '此操作需要监管部门角色；调用方持有的角色：制造商。');
});

test('a market-access refusal: a sale of a unit whose model is not approved', async () => {
  const pending = await fileModel(r, maker, false);
  const code = await newUnit(r, maker, pending);
  const { en, zh } = await both(
    (headers) => record(r, maker.token, code, 'transferred', { to: buyer.id, sale: true }, { headers }),
    409,
    'MARKET_ACCESS_DENIED',
  );
  assert.match(en.detail, /refused: MODEL_NOT_APPROVED/);
  assert.deepEqual(zh.reasons, en.reasons);
  assert.equal(zh.detail, '销售被拒绝：型号未获型式批准。');
});

test('not found: an unknown route and an unregistered code', async () => {
  const route = await both((headers) => r.call('GET', '/v1/no-such-thing', { headers }), 404, 'NOT_FOUND');
  assert.equal(route.en.detail, 'No route GET /v1/no-such-thing.');
  assert.equal(route.zh.detail, '没有路由 GET /v1/no-such-thing。');
  const id = crypto.randomUUID();
  const unit = await both(
    (headers) => r.call('GET', `/v1/participants/${id}`, { token: r.regulatorToken, headers }),
    404,
    'UNKNOWN_PARTICIPANT',
  );
  assert.equal(unit.zh.title, '参与方不存在');
});

/** withoutRequestId is a problem body without its requestId, once that is checked to be the id the X-Request-Id header names. */
function withoutRequestId(a: { body: Record<string, unknown>; headers: Record<string, unknown> }): Record<string, unknown> {
  const { requestId, ...rest } = a.body;
  assert.equal(typeof requestId, 'string');
  assert.equal(requestId, a.headers['x-request-id']);
  return rest;
}

test('without Accept-Language the answer is the English it always was', async () => {
  const a = await r.call('GET', '/v1/robots/XX');
  assert.deepEqual(withoutRequestId(a), {
    type: 'https://humanoid-registry.dev/problems/INVALID_CODE',
    title: 'The identity code is malformed',
    status: 400,
    detail: 'The identity code has 2 characters; it must have 29',
    code: 'INVALID_CODE',
    instance: '/v1/robots/XX',
    suggestions: [],
    errors: [
      { rule: 'length', message: 'The identity code has 2 characters; it must have 29' },
      { rule: 'country', message: 'Country "XX" is not an assigned ISO 3166-1 alpha-2 code' },
    ],
    normalised: 'XX',
  });
  const unauth = await r.call('POST', '/v1/participants', { body: {}, headers: { authorization: 'Basic x' } });
  assert.equal(unauth.body.detail, 'The Authorization header must be "Bearer <token>".');
});

test('an unsupported or junk Accept-Language gets English, never a 500', async () => {
  const english = withoutRequestId(await r.call('GET', '/v1/robots/XX'));
  for (const header of ['fr', 'fr-FR, de;q=0.5', '*', 'en-GB', ';;;q=x, zh-', '\u00ffzh', 'x'.repeat(6000), `${'fr,'.repeat(400)}de`]) {
    const a = await r.call('GET', '/v1/robots/XX', { headers: { 'accept-language': header } });
    assert.equal(a.status, 400, header.slice(0, 30));
    assert.equal(a.headers['content-language'], 'en');
    assert.deepEqual(withoutRequestId(a), english, header.slice(0, 30));
  }
  for (const header of ['zh', 'zh-Hans-CN', 'fr;q=0.9, zh-CN;q=0.8', 'en;q=0.1, zh;q=0.9']) {
    const a = await r.call('GET', '/v1/robots/XX', { headers: { 'accept-language': header } });
    assert.equal(a.headers['content-language'], 'zh-CN', header);
  }
});
