import assert from 'node:assert/strict';
import test from 'node:test';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { CATALOGUES } from './catalogue.ts';
import { LOCALES } from './locale.ts';
import { translator } from './translator.ts';

/** argumentsOf lists a message's ICU argument names with their kinds, sorted. */
function argumentsOf(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (el.type === TYPE.tag) {
      argumentsOf(el.children, out);
      continue;
    }
    out.add(`${el.value}:${TYPE[el.type]}`);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      for (const option of Object.values(el.options)) argumentsOf(option.value, out);
    }
  }
  return out;
}

test('both languages hold exactly the same keys', () => {
  const zh = Object.keys(CATALOGUES['zh-CN']);
  const en = Object.keys(CATALOGUES.en);
  assert.deepEqual(
    zh.filter((k) => !en.includes(k)),
    [],
    'keys only in zh-CN',
  );
  assert.deepEqual(
    en.filter((k) => !zh.includes(k)),
    [],
    'keys only in en',
  );
  assert.ok(en.length > 0);
});

test('every message parses as ICU MessageFormat and takes the same arguments in both languages', () => {
  const problems: string[] = [];
  for (const key of Object.keys(CATALOGUES.en) as (keyof typeof CATALOGUES.en)[]) {
    const args = LOCALES.map((l) => {
      const text = CATALOGUES[l][key];
      assert.ok(text.trim().length > 0, `${l} ${key} is empty`);
      return [...argumentsOf(parse(text))].sort().join(',');
    });
    const [zhArgs, enArgs] = args;
    if (zhArgs !== enArgs) problems.push(`${key}: zh-CN {${zhArgs}} vs en {${enArgs}}`);
  }
  assert.deepEqual(problems, []);
});

test('a Chinese message is not left in English', () => {
  // Keys whose Chinese text has no CJK character and differs from nothing but a
  // proper name are allowed only when listed here.
  const sameInBoth = new Set(['locale.name.zh-CN', 'locale.name.en']);
  const untranslated = Object.entries(CATALOGUES['zh-CN']).filter(
    ([k, v]) => !sameInBoth.has(k) && !/\p{Script=Han}/u.test(v) && /[a-z]{3,}/i.test(v.replace(/\{[^}]*\}/g, '')),
  );
  assert.deepEqual(
    untranslated.map(([k]) => k),
    [],
  );
});

test('plurals, numbers, dates and lists follow the language', () => {
  const zh = translator('zh-CN');
  const en = translator('en');
  assert.equal(en.t('count.robots', { count: 1 }), '1 robot');
  assert.equal(en.t('count.robots', { count: 28000 }), '28,000 robots');
  assert.equal(zh.t('count.robots', { count: 28000 }), '28,000 台机器人');
  assert.equal(en.list(['a', 'b', 'c']), 'a, b, and c');
  assert.equal(zh.list(['甲', '乙', '丙']), '甲、乙和丙');
  assert.equal(zh.date('2026-11-30T12:00:00Z', { timeZone: 'UTC', dateStyle: 'long' }), '2026年11月30日');
  assert.equal(en.date('2026-11-30T12:00:00Z', { timeZone: 'UTC', dateStyle: 'long' }), 'November 30, 2026');
  assert.equal(zh.number(0.25, { style: 'percent' }), '25%');
});

test('a key built from data is checked before use', () => {
  const en = translator('en');
  assert.equal(en.has('app.name'), true);
  assert.equal(en.has('no.such.key'), false);
  assert.throws(() => en.t('no.such.key' as 'app.name'));
});
