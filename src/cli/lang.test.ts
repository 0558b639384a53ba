import assert from 'node:assert/strict';
import test from 'node:test';
import { checkCharacter, displayCode } from '../code/index.ts';
import { msg } from '../i18n/message.ts';
import { say, speak, t, word } from './lang.ts';
import { candidateLines, candidatesOf } from './output.ts';

const A = ((body: string) => body + checkCharacter(body))('CN0A1B00002X2611200000000012');

test('values from the API: Chinese words under zh-CN, the raw value in English, unknown values as they came', () => {
  try {
    speak('zh-CN');
    assert.equal(word('lifecycle.status', 'in_use'), '使用中');
    assert.equal(word('lifecycle.event', 'registered'), '登记');
    assert.equal(word('lifecycle.status', 'not_a_status'), 'not_a_status');
    assert.equal(word('lifecycle.status', null), null);
    speak('en');
    assert.equal(word('lifecycle.status', 'in_use'), 'in_use');
  } finally {
    speak('en');
  }
});

test('say renders a key or a message, and t checks its arguments, in the run language', () => {
  try {
    speak('zh-CN');
    assert.equal(say('cli.help.options'), '选项：');
    assert.equal(say(msg('cli.flag.limit', { max: 500 })), '每页条数，1 到 500（默认 100）');
    assert.equal(t('cli.output.error', { code: 'USAGE', detail: '缺少 --name' }), '错误：USAGE：缺少 --name');
    speak('en');
    assert.equal(say(msg('cli.flag.limit', { max: 500 })), 'page size, 1 to 500 (default 100)');
    assert.equal(t('cli.output.error', { code: 'USAGE', detail: 'missing --name' }), 'error: USAGE: missing --name');
  } finally {
    speak('en');
  }
});

test('"did you mean" in Chinese keeps the codes and names and counts the rest', () => {
  try {
    speak('zh-CN');
    const lines = candidateLines(
      candidatesOf([
        { code: A, registered: true, maker: { name: '杭州宇树科技股份有限公司' }, model: { name: '宇树 H1', nameEn: 'Unitree H1' } },
      ]),
      3,
    );
    assert.deepEqual(lines, [
      '您是否要找：',
      `  ${displayCode(A)}  已登记：杭州宇树科技股份有限公司，型号 宇树 H1 (Unitree H1)`,
      '  （另有 2 个只差一个字符的有效身份码，均未登记；--json 列出全部）',
    ]);
  } finally {
    speak('en');
  }
});
