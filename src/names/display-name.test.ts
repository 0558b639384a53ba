import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayName, nameKey, nameKeys } from './display-name.ts';
import { RegistryError } from '../errors.ts';

/** refusal is the problem displayName throws for raw, or undefined when it takes it. */
function refusal(raw: string): { code: string; message: string } | undefined {
  try {
    displayName(raw);
    return undefined;
  } catch (err) {
    assert.ok(err instanceof RegistryError);
    const [e] = err.extra.errors as { field: string; message: string }[];
    assert.equal(e?.field, 'body.name');
    return { code: err.code, message: e.message };
  }
}

test('names in any script, mixed Chinese and Latin, and emoji display as they are', () => {
  for (const name of [
    '深圳灵犀智能科技股份有限公司',
    '优必选UBTECH',
    'Lingxi Intelligent Technology Co., Ltd.',
    'Zhìyuǎn Jīqìrén',
    'Робототехника',
    'Ρομποτική',
    '灵犀 H1-001 🤖',
    '👩‍🔬 Lab',
    '🏳️‍🌈 Robotics',
    '👍🏽‍🤖',
    'ＵＢＴＥＣＨ',
    'Jean\u00a0Dupont',
    '北京\u3000机器人',
    '☺︎ text presentation',
  ]) {
    assert.equal(refusal(name), undefined, JSON.stringify(name));
    assert.equal(displayName(name), name);
  }
});

test('a name is stored NFC and trimmed (every kind of space, the ideographic space too)', () => {
  assert.equal(displayName('  深圳灵犀 \u3000'), '深圳灵犀');
  assert.equal(displayName('Caf\u0065\u0301 Robots\n'), 'Caf\u00e9 Robots');
  assert.equal(displayName('\tAcme'), 'Acme');
});

test('one refusal per rule: empty, bidi controls, invisible, control and unassigned characters, look-alike scripts in a word', () => {
  for (const [raw, message] of [
    ['   ', 'empty'],
    ['\u3000', 'empty'],
    ['Acme\u202eHCETBU', 'bidirectional control U+202E'],
    ['\u202aAcme', 'bidirectional control U+202A'],
    ['Acme\u202c', 'bidirectional control U+202C'],
    ['Acme\u2066x\u2069', 'bidirectional control U+2066'],
    ['Acme\u2067x', 'bidirectional control U+2067'],
    ['Acme\u2068x', 'bidirectional control U+2068'],
    ['Ac\u200eme', 'bidirectional control U+200E'],
    ['Ac\u200fme', 'bidirectional control U+200F'],
    ['Ac\u061cme', 'bidirectional control U+061C'],
    ['Ac\u200bme', 'invisible or control character U+200B'],
    ['Ac\u200cme', 'invisible or control character U+200C'],
    ['Ac\u200dme', 'invisible or control character U+200D'],
    ['Acme\u200d🤖', 'invisible or control character U+200D'],
    ['Ac\u2060me', 'invisible or control character U+2060'],
    ['Ac\ufeffme', 'invisible or control character U+FEFF'],
    ['Ac\u00adme', 'invisible or control character U+00AD'],
    ['Acme\u{e0041}', 'invisible or control character U+E0041'],
    ['Acme\u3164', 'invisible or control character U+3164'],
    ['Ac\u0000me', 'invisible or control character U+0000'],
    ['Ac\u0007me', 'invisible or control character U+0007'],
    ['Acme\nRobotics', 'invisible or control character U+000A'],
    ['Ac\u0085me', 'invisible or control character U+0085'],
    ['Acme\u2028Robotics', 'invisible or control character U+2028'],
    ['Acme\ue000', 'invisible or control character U+E000'],
    ['Acme\u{10ffff}', 'invisible or control character U+10FFFF'],
    ['Ubt\u0435ch', 'mixes Latin and Cyrillic letters in one word'],
    ['\u0410cme Robotics', 'mixes Latin and Cyrillic letters in one word'],
    ['Robotics Ac\u03bce', 'mixes Latin and Greek letters in one word'],
    ['\u0410\u03b2\u0432', 'mixes Cyrillic and Greek letters in one word'],
    ['优必选Ubt\u0435ch', 'mixes Latin and Cyrillic letters in one word'],
  ] as const) {
    assert.deepEqual(refusal(raw), { code: 'UNSAFE_NAME', message }, JSON.stringify(raw));
  }
});

test('scripts may sit side by side in separate words; only a word mixing look-alike scripts is refused', () => {
  assert.equal(refusal('Acme Робот'), undefined);
  assert.equal(refusal('Acme-Робот'), undefined, 'a hyphen ends a word');
  assert.deepEqual(refusal('AcmeРобот'), { code: 'UNSAFE_NAME', message: 'mixes Latin and Cyrillic letters in one word' });
});

test('the field named in the refusal is the one given', () => {
  try {
    displayName('x\u202e', 'body.nameEn');
    assert.fail('refused');
  } catch (err) {
    assert.ok(err instanceof RegistryError);
    assert.deepEqual(err.extra.errors, [{ field: 'body.nameEn', message: 'bidirectional control U+202E' }]);
  }
});

test('confusable names share one key: width, case, spaces, punctuation and whole-word look-alikes', () => {
  for (const [variants, key] of [
    [['UBTECH', 'ubtech ', 'ＵＢＴＥＣＨ', 'U B T E C H', 'U.B.Tech'], 'ubtech'],
    [['ACME', '\u0410\u0421\u041c\u0415'], 'acme'],
    [['KOBE', '\u039a\u039f\u0392\u0395'], 'kobe'],
    [['深圳灵犀智能', '深圳 灵犀 智能', '深圳灵犀智能。'], '深圳灵犀智能'],
    [['优必选UBTECH', '优必选 ubtech'], '优必选ubtech'],
    [['🤖', '🤖 '], '🤖'],
  ] as const) {
    for (const v of variants) assert.equal(nameKey(v), key, JSON.stringify(v));
  }
  assert.notEqual(nameKey('Maker A'), nameKey('Maker B'));
  assert.notEqual(nameKey('灵犀'), nameKey('灵溪'));
});

test('nameKeys holds the keys of both names, once each', () => {
  assert.deepEqual(nameKeys('灵犀智能', 'Lingxi'), ['灵犀智能', 'lingxi']);
  assert.deepEqual(nameKeys('Lingxi', 'LINGXI'), ['lingxi']);
  assert.deepEqual(nameKeys('灵犀智能', null), ['灵犀智能']);
});
