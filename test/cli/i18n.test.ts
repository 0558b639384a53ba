// hreg speaks Simplified Chinese or English (issue #13): the language comes from HREG_LANG, LC_ALL,
// LC_MESSAGES or LANG, or --lang; help, tables, status words and the registry's problem details
// follow it, and --json never does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { enrol, fileModel, testRegistry, unitBody, type TestRegistry } from '../harness.ts';
import { runCli } from './run-cli.ts';

const HAN = /\p{Script=Han}/u;
const ZH = { LANG: 'zh_CN.UTF-8' };

let r: TestRegistry;
let url = '';
let code = '';
let makerToken = '';

before(async () => {
  r = await testRegistry();
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  const maker = await enrol(r, ['manufacturer']);
  const model = await fileModel(r, maker);
  const unit = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
  assert.equal(unit.status, 201, JSON.stringify(unit.body));
  code = unit.body.code;
  makerToken = maker.token;
});
after(() => r?.dispose());

test('robots show: Chinese headers and status words under zh_CN.UTF-8, English under LANG=C and with no language set', async () => {
  const zh = await runCli(['robots', 'show', code], { url, token: makerToken, env: ZH });
  assert.equal(zh.code, 0, zh.stderr);
  for (const label of ['身份码', '制造商', '型号', '生产日期', '状态', '准入', '关键部件：']) assert.ok(zh.stdout.includes(label), label);
  assert.match(zh.stdout, /│ 状态 +│ 已登记 +│/);
  assert.match(zh.stdout, /主控制器|main_controller/);

  const englishEnvs: Record<string, string>[] = [{ LANG: 'C' }, {}];
  for (const env of englishEnvs) {
    const en = await runCli(['robots', 'show', code], { url, token: makerToken, env });
    assert.equal(en.code, 0, en.stderr);
    assert.match(en.stdout, /│ Status +│ registered +│/);
    assert.ok(en.stdout.includes('Key components:'));
    assert.ok(!HAN.test(en.stdout.replace(/│ (Manufacturer|Model) .*│/g, '')), 'no Chinese beyond names');
  }
});

test("a refused request shows the registry's problem detail in the CLI's language, under the same stable code", async () => {
  const bad = `${code.slice(0, -1)}${code.endsWith('0') ? '1' : '0'}`;
  const zh = await runCli(['robots', 'show', bad], { url, token: makerToken, env: ZH });
  assert.equal(zh.code, 1);
  const zhLine = zh.stderr.split('\n')[0] ?? '';
  assert.match(zhLine, /^错误：INVALID_CODE：/);
  assert.ok(HAN.test(zhLine.slice('错误：INVALID_CODE：'.length)), `the detail is Chinese: ${zhLine}`);

  const en = await runCli(['robots', 'show', bad], { url, token: makerToken });
  assert.equal(en.code, 1);
  const enLine = en.stderr.split('\n')[0] ?? '';
  assert.match(enLine, /^error: INVALID_CODE: /);
  assert.ok(!HAN.test(enLine), enLine);

  // "did you mean" speaks the language too.
  const verify = await runCli(['verify', bad], { url, env: ZH });
  assert.equal(verify.code, 1);
  assert.match(verify.stderr, /^您是否要找/m);
});

test('--json is the same in both languages: English keys and raw values', async () => {
  for (const args of [
    ['robots', 'show', code, '--json'],
    ['verify', code, '--json'],
    ['market-access', code, '--json'],
  ]) {
    const en = await runCli(args, { url, token: makerToken });
    const zh = await runCli(args, { url, token: makerToken, env: ZH });
    assert.equal(en.code, 0, en.stderr);
    assert.equal(zh.stdout, en.stdout, args.join(' '));
    assert.equal(JSON.parse(zh.stdout).status ?? 'registered', 'registered');
  }
});
