import assert from 'node:assert/strict';
import test from 'node:test';
import { allOf, anyOf, english, msg, oneOf, renderIn, term } from './message.ts';
import { translator } from './translator.ts';

const zh = translator('zh-CN');

test('API terms stay identifiers in English and become words in Chinese', () => {
  const m = msg('problem.lifecycle.status', {
    type: term('event', 'transferred'),
    status: term('status', 'deployed'),
    from: oneOf([term('status', 'registered'), term('status', 'in_use')]),
  });
  assert.equal(english(m), 'transferred is not allowed while the unit is deployed; it needs registered, in_use.');
  assert.equal(renderIn(zh, m), '机器人处于“已部署”状态时不允许“转让”；须处于以下状态之一：已登记或使用中。');
});

test('lists join the English way the API always has and the Chinese way in Chinese', () => {
  const who = msg('problem.lifecycle.who', {
    who: anyOf([term('party', 'owner'), term('party', 'regulator')]),
    type: term('event', 'suspended'),
    parties: allOf([term('party', 'maker'), term('party', 'operator')]),
  });
  assert.equal(english(who), 'Only the owner or regulator may record suspended; the caller is the maker, operator.');
  assert.equal(renderIn(zh, who), '只有所有者或监管部门可以记录“被监管部门暂停”；调用方是本机制造商和使用单位。');
});

test('a term the catalogue has no word for shows its identifier in every language', () => {
  const m = msg('problem.models.state', { status: term('modelStatus', 'no_such_status'), action: 'approve' });
  assert.match(renderIn(zh, m), /no_such_status/);
});

test('market-access reasons read as short phrases inside a sentence', () => {
  const m = msg('problem.lifecycle.marketAccess', {
    deployed: 'false',
    reasons: allOf([term('accessReason', 'SCRAPPED'), term('accessReason', 'REPORTED_STOLEN')]),
  });
  assert.equal(english(m), 'Sale refused: SCRAPPED, REPORTED_STOLEN.');
  assert.equal(renderIn(zh, m), '销售被拒绝：已报废和已报告被盗。');
});
