import assert from 'node:assert/strict';
import test from 'node:test';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { errorCatalogue, type ErrorCode, RegistryError } from '../errors.ts';
import { problemOf } from '../http/problem.ts';
import { CATALOGUES } from './catalogue.ts';
import { msg } from './message.ts';
import { translator } from './translator.ts';

const han = /\p{Script=Han}/u;

test('every problem code has a title in both languages; the English is the error catalogue’s, byte for byte', () => {
  for (const [code, { title }] of Object.entries(errorCatalogue)) {
    const key = `problem.${code}.title` as const;
    assert.equal(translator('en').t(key as `problem.${ErrorCode}.title`), title, code);
    const zh = CATALOGUES['zh-CN'][key as `problem.${ErrorCode}.title`];
    assert.ok(zh && han.test(zh), `${code} has a Chinese title`);
  }
});

/** sample gives each argument of a message a value: a number for plurals, the first option for selects, text otherwise. */
function sample(elements: MessageFormatElement[], out: Record<string, string | number> = {}): Record<string, string | number> {
  for (const el of elements) {
    if (el.type === TYPE.plural) out[el.value] = 2;
    else if (el.type === TYPE.select) out[el.value] = Object.keys(el.options)[0] ?? 'other';
    else if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date) out[el.value] ??= 'x';
    if (el.type === TYPE.plural || el.type === TYPE.select) for (const o of Object.values(el.options)) sample(o.value, out);
  }
  return out;
}

test('every problem message formats in both languages, and the Chinese one reads as Chinese', () => {
  const keys = Object.keys(CATALOGUES.en).filter((k) => k.startsWith('problem.')) as (keyof typeof CATALOGUES.en)[];
  assert.ok(keys.length > 150, `${keys.length} problem messages`);
  for (const key of keys) {
    const values = sample(parse(CATALOGUES.en[key]));
    assert.ok(translator('en').t(key, values).length > 0, key);
    assert.match(translator('zh-CN').t(key, values), han, key);
  }
});

test('err.message is English; the problem document renders the detail in the language asked for', () => {
  const err = new RegistryError('INVALID_ARGUMENT', msg('problem.tokens.days', { max: 3650, days: 9999 }));
  assert.equal(err.message, 'A token lives from 1 to 3650 days, not 9999.');
  assert.equal(problemOf(err).detail, err.message);
  const zh = problemOf(err, '/x', 'zh-CN');
  assert.equal(zh.detail, '令牌有效期为 1 至 3650 天，而不是 9999 天。');
  assert.equal(zh.title, '参数超出允许范围');
  assert.equal(zh.code, 'INVALID_ARGUMENT');
  assert.equal(zh.type, problemOf(err).type);
});

test('plain text and a missing detail still work: text as is, the title otherwise', () => {
  const plain = new RegistryError('INTERNAL', 'stored hash index out of step');
  assert.equal(problemOf(plain, undefined, 'zh-CN').detail, 'stored hash index out of step');
  const bare = new RegistryError('UNAUTHENTICATED');
  assert.equal(bare.message, 'A valid bearer token is required');
  assert.equal(problemOf(bare, undefined, 'zh-CN').detail, 'A valid bearer token is required');
});

test('a nested message (a refused event of a batch) renders in the reader’s language all through', () => {
  const inner = msg('problem.lifecycle.toOwner');
  const err = new RegistryError('INVALID_TRANSITION', msg('problem.events.refused', { event: 2, robot: 'CN…', detail: inner, more: 1 }));
  assert.equal(err.message, 'Event 2 (CN…): A unit cannot be transferred to its current owner. (and 1 more refused events)');
  assert.equal(problemOf(err, undefined, 'zh-CN').detail, '第 2 个事件（CN…）：机器人不能转让给其当前所有者。（另有 1 个事件被拒绝）');
});

test('Ajv-style field counts are pluralised in English', () => {
  assert.equal(translator('en').t('problem.http.invalidFields', { count: 1, list: 'a b' }), '1 field is invalid: a b');
  assert.equal(translator('en').t('problem.http.invalidFields', { count: 3, list: 'a b' }), '3 fields are invalid: a b');
});
