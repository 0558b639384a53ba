// Names in both scripts (issue #13): an official (Chinese) name and an English
// or pinyin name on participants and models, shown wherever the name is, found
// by either, and refused when it could display as something else or pass for
// another participant's name, with nothing written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, enrol, MODEL_PARAMETERS, testRegistry, unitBody, type Enrolled, type TestRegistry } from './harness.ts';

let r: TestRegistry;
let maker: Enrolled;
let makerBody: { id: string; name: string; nameEn: string | null; enterpriseCode: string };
let modelCode: string;

const NAME = '深圳灵犀智能科技股份有限公司';
const NAME_EN = 'Shenzhen Lingxi Intelligent Technology Co., Ltd.';

/** enrolBody posts a participant as the regulator. */
const enrolBody = (body: Record<string, unknown>) =>
  r.call('POST', '/v1/participants', { token: r.regulatorToken, body: { country: 'CN', roles: ['operator'], ...body } });

/** fileBody posts a model as maker. */
const fileBody = (body: Record<string, unknown>) =>
  r.call('POST', '/v1/models', {
    token: maker.token,
    body: {
      category: 'general-purpose humanoid',
      parameters: MODEL_PARAMETERS,
      componentTypes: ['main_controller', 'battery_pack'],
      ...body,
    },
  });

/** counts are the rows a refused request must not add, and the sequences it must not draw from. */
async function counts() {
  const [c] = await r.ctx.store.query<{ participants: number; models: number; next_model: number }>(
    `SELECT (SELECT count(*)::int FROM participants) AS participants, (SELECT count(*)::int FROM models) AS models,
            (SELECT next_model FROM participants WHERE id = $1) AS next_model`,
    [maker.id],
  );
  return c;
}

/** search lists participants or models whose name holds q. */
async function search(what: 'participants' | 'models', q: string): Promise<string[]> {
  const res = await r.call('GET', `/v1/${what}?q=${encodeURIComponent(q)}`, { token: r.regulatorToken });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items.map((i: { name: string }) => i.name).sort();
}

before(async () => {
  r = await testRegistry();
  const res = await r.call('POST', '/v1/participants', {
    token: r.regulatorToken,
    body: { name: `  ${NAME}\u3000`, nameEn: NAME_EN, country: 'CN', roles: ['manufacturer', 'seller'] },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  makerBody = res.body;
  const t = await r.call('POST', `/v1/participants/${res.body.id}/tokens`, { token: r.regulatorToken, body: {} });
  maker = { id: res.body.id, token: t.body.token, enterpriseCode: res.body.enterpriseCode };
  const m = await fileBody({ name: '灵犀 H1', nameEn: 'Lingxi H1' });
  assert.equal(m.status, 201, JSON.stringify(m.body));
  modelCode = m.body.modelCode;
  await r.call('POST', `/v1/models/${maker.enterpriseCode}/${modelCode}/approve`, { token: r.regulatorToken });
});
after(() => r.dispose());

test(`[${ENGINE}] a participant has its official name, trimmed, and its English name beside it`, async () => {
  assert.equal(makerBody.name, NAME);
  assert.equal(makerBody.nameEn, NAME_EN);
  const got = await r.call('GET', `/v1/participants/${maker.id}`, { token: maker.token });
  assert.deepEqual([got.body.name, got.body.nameEn], [NAME, NAME_EN]);
  const plain = await enrolBody({ name: '上海星河物流有限公司' });
  assert.equal(plain.status, 201);
  assert.equal(plain.body.nameEn, null, 'no English name is null');
});

test(`[${ENGINE}] names are stored NFC: a decomposed accent is one character`, async () => {
  const res = await enrolBody({ name: 'Cafe\u0301 Robots', nameEn: 'Cafe\u0301 Robots Ltd' });
  assert.equal(res.status, 201);
  assert.equal(res.body.name, 'Caf\u00e9 Robots');
  assert.equal(res.body.nameEn, 'Caf\u00e9 Robots Ltd');
});

test(`[${ENGINE}] emoji and Chinese beside Latin are names like any other`, async () => {
  for (const name of ['优必选UBTECH', '🤖 机器人之家', '👩‍🔬 Robot Lab']) {
    const res = await enrolBody({ name });
    assert.equal(res.status, 201, `${name}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.name, name);
  }
});

test(`[${ENGINE}] a model has both names; the passport, verification, accountability and standing acceptances show both`, async () => {
  const m = await r.call('GET', `/v1/models/${maker.enterpriseCode}/${modelCode}`);
  assert.deepEqual([m.body.name, m.body.nameEn], ['灵犀 H1', 'Lingxi H1']);
  const code = (await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(modelCode) })).body.code;
  const passport = (await r.call('GET', `/v1/robots/${code}`)).body;
  assert.deepEqual(passport.manufacturer, { name: NAME, nameEn: NAME_EN });
  assert.deepEqual([passport.model.name, passport.model.nameEn], ['灵犀 H1', 'Lingxi H1']);
  const verified = (await r.call('GET', `/v1/verify/${code}`)).body;
  assert.deepEqual(verified.manufacturer, { name: NAME, nameEn: NAME_EN });
  assert.deepEqual(verified.model, { name: '灵犀 H1', nameEn: 'Lingxi H1' });
  const acc = (await r.call('GET', `/v1/robots/${code}/accountability`, { token: r.regulatorToken })).body;
  assert.deepEqual(acc.maker, { id: maker.id, name: NAME, nameEn: NAME_EN });
  const buyer = await enrol(r, ['operator'], '杭州云启医院');
  const standing = await r.call('POST', `/v1/participants/${buyer.id}/standing-acceptances`, {
    token: buyer.token,
    body: { senders: [maker.id] },
  });
  assert.equal(standing.status, 200, JSON.stringify(standing.body));
  assert.deepEqual(
    standing.body.items.map((a: { senderName: string; senderNameEn: string | null }) => [a.senderName, a.senderNameEn]),
    [[NAME, NAME_EN]],
  );
  const stats = (await r.call('GET', '/v1/stats', { token: r.regulatorToken })).body;
  assert.deepEqual(stats.robots.byManufacturer[0], { enterprise: maker.enterpriseCode, name: NAME, nameEn: NAME_EN, count: 1 });
});

test(`[${ENGINE}] q finds a participant by either name, in any case or width, and wildcards match only themselves`, async () => {
  await enrolBody({ name: '北京百分百机器人有限公司', nameEn: '100% Robots_Beijing' });
  assert.deepEqual(await search('participants', '灵犀'), [NAME]);
  assert.deepEqual(await search('participants', 'lingxi intelligent'), [NAME]);
  assert.deepEqual(await search('participants', 'ＬＩＮＧＸＩ'), [NAME], 'full-width letters');
  assert.deepEqual(await search('participants', 'Ling-xi'), [NAME], 'punctuation');
  assert.deepEqual(await search('participants', '100%'), ['北京百分百机器人有限公司']);
  assert.deepEqual(await search('participants', '%'), ['北京百分百机器人有限公司'], '% is not a wildcard');
  assert.deepEqual(await search('participants', 's_B'), ['北京百分百机器人有限公司'], '_ is not a wildcard');
  assert.deepEqual(await search('participants', '不存在'), []);
  const withRole = await r.call('GET', `/v1/participants?role=operator&q=${encodeURIComponent('灵犀')}`, { token: r.regulatorToken });
  assert.deepEqual(withRole.body.items, [], 'q and role together');
  const stranger = await r.call('GET', `/v1/participants?q=x`, { token: maker.token });
  assert.equal(stranger.status, 403, 'listing participants stays the regulator’s');
});

test(`[${ENGINE}] q finds a model by either name`, async () => {
  await fileBody({ name: '星河 G2', nameEn: 'Xinghe G2' });
  assert.deepEqual(await search('models', '灵犀'), ['灵犀 H1']);
  assert.deepEqual(await search('models', 'LINGXI h1'), ['灵犀 H1']);
  assert.deepEqual(await search('models', 'xinghe'), ['星河 G2']);
  assert.deepEqual(await search('models', 'H'), ['星河 G2', '灵犀 H1'].sort());
  const bounded = await r.call('GET', `/v1/models?q=${'x'.repeat(201)}`);
  assert.equal(bounded.status, 400);
});

const UNSAFE: [what: string, name: string][] = [
  ['right-to-left override', 'Acme\u202eHCETBU'],
  ['left-to-right isolate', '\u2066Acme\u2069'],
  ['right-to-left mark', 'Acme\u200f'],
  ['Arabic letter mark', 'Acme\u061c'],
  ['zero-width space', 'Ac\u200bme'],
  ['zero-width joiner outside an emoji', 'Ac\u200dme'],
  ['control character', 'Acme\u0007'],
  ['line break', 'Acme\nRobotics'],
  ['Cyrillic е in a Latin word', 'Ubt\u0435ch'],
  ['Greek ο in a Latin word', 'R\u03bfbotics'],
];

test(`[${ENGINE}] unsafe participant names are refused with UNSAFE_NAME naming the field, and nothing is enrolled`, async () => {
  const before = await counts();
  for (const [what, name] of UNSAFE) {
    for (const [field, body] of [
      ['body.name', { name, roles: ['manufacturer'] }],
      ['body.nameEn', { name: '安全名称机器人', nameEn: name, roles: ['manufacturer'] }],
    ] as const) {
      const res = await enrolBody(body);
      assert.equal(res.status, 422, `${what} in ${field}`);
      assert.equal(res.body.code, 'UNSAFE_NAME');
      assert.equal(res.body.errors[0].field, field);
    }
  }
  assert.deepEqual(await counts(), before);
  // No enterprise number was drawn: the next manufacturer gets the code after the maker's.
  const next = await enrolBody({ name: '安全名称机器人', roles: ['manufacturer'] });
  assert.equal(next.status, 201);
  const [a, b] = [maker.enterpriseCode, next.body.enterpriseCode].map((c) => Number.parseInt(String(c), 36));
  assert.equal(b, (a ?? 0) + 1, `${maker.enterpriseCode} then ${next.body.enterpriseCode}`);
});

test(`[${ENGINE}] unsafe model names are refused with UNSAFE_NAME, and no model or model code is used up`, async () => {
  const before = await counts();
  for (const [what, name] of UNSAFE) {
    for (const [field, body] of [
      ['body.name', { name }],
      ['body.nameEn', { name: '安全型号', nameEn: name }],
    ] as const) {
      const res = await fileBody(body);
      assert.equal(res.status, 422, `${what} in ${field}`);
      assert.equal(res.body.code, 'UNSAFE_NAME');
      assert.equal(res.body.errors[0].field, field);
    }
  }
  assert.deepEqual(await counts(), before);
});

test(`[${ENGINE}] a name that reads as an enrolled participant's is refused with DUPLICATE naming it, and nothing is enrolled`, async () => {
  const ubtech = await enrolBody({ name: 'UBTECH', nameEn: 'Youbixuan' });
  assert.equal(ubtech.status, 201);
  const before = await counts();
  for (const body of [
    { name: 'UBTECH' },
    { name: 'ubtech ' },
    { name: 'ＵＢＴＥＣＨ' },
    { name: 'U.B.Tech' },
    { name: 'U B T E C H' },
    { name: '深圳其他机器人', nameEn: 'Ubtech' },
    { name: 'YOUBIXUAN' },
    { name: `${NAME}。` },
    { name: '另一个名字', nameEn: 'shenzhen lingxi intelligent technology co ltd' },
  ]) {
    const res = await enrolBody(body);
    assert.equal(res.status, 409, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.code, 'DUPLICATE');
    assert.ok([ubtech.body.id, maker.id].includes(res.body.confusableWith.id));
  }
  assert.deepEqual(await counts(), before);
});

test(`[${ENGINE}] a word all in Cyrillic passes the script rule, but not when it reads as an enrolled Latin name`, async () => {
  const acme = await enrolBody({ name: '艾克米机器人', nameEn: 'Acme' });
  assert.equal(acme.status, 201);
  const cyrillic = await enrolBody({ name: '\u0410\u0421\u041c\u0415' });
  assert.equal(cyrillic.status, 409, 'АСМЕ in Cyrillic reads as Acme');
  assert.deepEqual(cyrillic.body.confusableWith, { id: acme.body.id, name: '艾克米机器人', nameEn: 'Acme' });
  const russian = await enrolBody({ name: 'Робототехника' });
  assert.equal(russian.status, 201, 'a Russian name of its own is welcome');
});
