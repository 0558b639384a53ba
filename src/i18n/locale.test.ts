import assert from 'node:assert/strict';
import test from 'node:test';
import { localeOfAcceptLanguage } from './accept-language.ts';
import { matchLocale } from './locale.ts';

test('Accept-Language picks the language; English when absent, unsupported or junk', () => {
  const cases: [string | undefined, string][] = [
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-CN,zh;q=0.9', 'zh-CN'],
    ['en-GB', 'en'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['fr-FR,zh-CN;q=0.5', 'zh-CN'],
    ['en;q=0.1, zh-CN;q=0.9', 'zh-CN'],
    ['fr, de', 'en'],
    ['*', 'en'],
    ['a b c;;;q=x', 'en'],
    ['zh-CN;q=0', 'en'],
    ['\u202ezh-CN', 'en'],
    ['x'.repeat(5000), 'en'],
  ];
  for (const [header, want] of cases) assert.equal(localeOfAcceptLanguage(header), want, String(header).slice(0, 40));
});

test("the web UI's default is Simplified Chinese when no language of the reader's matches", () => {
  assert.equal(matchLocale([], 'zh-CN'), 'zh-CN');
  assert.equal(matchLocale(['fr-FR', 'de'], 'zh-CN'), 'zh-CN');
  assert.equal(matchLocale(['en-US', 'zh-CN'], 'zh-CN'), 'en');
  assert.equal(matchLocale(['not a tag', 'zh-SG'], 'zh-CN'), 'zh-CN');
});
