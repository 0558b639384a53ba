import assert from 'node:assert/strict';
import test from 'node:test';
import { languageTagOf, localeOfEnvironment, localeOfName } from './environment.ts';

test('the CLI picks its language from HREG_LANG, then LC_ALL, LC_MESSAGES, LANG; English otherwise', () => {
  const cases: [Record<string, string | undefined>, string][] = [
    [{}, 'en'],
    [{ LANG: '' }, 'en'],
    [{ LANG: 'C' }, 'en'],
    [{ LANG: 'POSIX' }, 'en'],
    [{ LANG: 'C.UTF-8' }, 'en'],
    [{ LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [{ LANG: 'zh_CN.GB18030' }, 'zh-CN'],
    [{ LANG: 'zh_SG.UTF-8' }, 'zh-CN'],
    [{ LANG: 'zh' }, 'zh-CN'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'en_GB.UTF-8@euro' }, 'en'],
    [{ LANG: 'fr_FR.UTF-8' }, 'en'],
    [{ LANG: 'not a locale!' }, 'en'],
    [{ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh-CN'],
    [{ LC_MESSAGES: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ LC_ALL: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8', LANG: 'en_US.UTF-8' }, 'zh-CN'],
    [{ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ LC_ALL: '', LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [{ HREG_LANG: 'zh-CN', LC_ALL: 'en_US.UTF-8' }, 'zh-CN'],
    [{ HREG_LANG: 'en', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ HREG_LANG: 'zh-Hans', LANG: 'C' }, 'zh-CN'],
    [{ HREG_LANG: ' ', LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [{ HREG_LANG: 'de', LANG: 'zh_CN.UTF-8' }, 'en'],
  ];
  for (const [env, want] of cases) assert.equal(localeOfEnvironment(env), want, JSON.stringify(env));
});

test('a POSIX locale name becomes a language tag; C and POSIX name no language', () => {
  assert.equal(languageTagOf('zh_CN.UTF-8'), 'zh-CN');
  assert.equal(languageTagOf('en_US@euro'), 'en-US');
  assert.equal(languageTagOf('C'), undefined);
  assert.equal(languageTagOf('POSIX'), undefined);
});

test('--lang accepts the registry languages and near spellings, and nothing else', () => {
  assert.equal(localeOfName('zh-CN'), 'zh-CN');
  assert.equal(localeOfName('zh'), 'zh-CN');
  assert.equal(localeOfName('zh_CN.UTF-8'), 'zh-CN');
  assert.equal(localeOfName('en'), 'en');
  assert.equal(localeOfName('en-US'), 'en');
  assert.equal(localeOfName('fr'), undefined);
  assert.equal(localeOfName('C'), undefined);
  assert.equal(localeOfName(''), undefined);
});
