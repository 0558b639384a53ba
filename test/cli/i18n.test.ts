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

// `hreg tokens issue --help` as it read before the CLI spoke Chinese: English must not change.
const TOKENS_ISSUE_HELP = `Usage: hreg tokens issue PARTICIPANT_ID [options]

Issue an API token for a participant; its secret is printed once (regulator)

Options:
      --days N       lifetime in days, 1 to 3650 (default 365)
      --label LABEL  a note saying what the token is for
      --url URL      registry base URL (default: $HREG_URL, else http://127.0.0.1:8080)
      --token TOKEN  bearer API token (default: $HREG_TOKEN)
      --json         print machine-readable JSON on stdout (errors still go to stderr)
  -h, --help         show this help

Example:
  hreg tokens issue 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f --days 90 --label "factory line 3"

Exit codes: 0 ok, 1 refused by the registry, 2 usage error, 3 cannot reach the registry or internal error.
`;

test('hreg --help: English by default and under LANG=C, Chinese under zh_CN.UTF-8, with the same command names', async () => {
  const plain = await runCli(['--help'], { url, env: {} });
  const c = await runCli(['--help'], { url, env: { LANG: 'C' } });
  const zh = await runCli(['--help'], { url, env: ZH });
  for (const run of [plain, c, zh]) assert.equal(run.code, 0, run.stderr);
  assert.equal(plain.stdout, c.stdout);
  assert.ok(!HAN.test(c.stdout), 'English help holds no Chinese');
  assert.match(c.stdout, /^Usage: hreg <command> \[options\]$/m);
  assert.match(c.stdout, /^ {2}verify +Verify an identity code \(public\)/m);
  assert.match(c.stdout, /^Exit codes: 0 ok, 1 refused by the registry/m);

  assert.match(zh.stdout, /^用法：hreg <命令> \[选项\]$/m);
  assert.match(zh.stdout, /^ {2}verify +核验身份码（公开）/m);
  assert.match(zh.stdout, /^退出码：0 成功/m);
  // Every command is listed under its own (English) name in both languages.
  const names = (s: string) => [...s.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]);
  assert.deepEqual(names(zh.stdout), names(c.stdout));
  assert.ok(names(c.stdout).length > 30);
});

test("a subcommand's --help: English unchanged, Chinese with the same flag names and examples", async () => {
  const en = await runCli(['tokens', 'issue', '--help'], { url });
  assert.equal(en.code, 0);
  assert.equal(en.stdout, TOKENS_ISSUE_HELP);

  const zh = await runCli(['tokens', 'issue', '--help'], { url, env: ZH });
  assert.equal(zh.code, 0);
  assert.match(zh.stdout, /^用法：hreg tokens issue PARTICIPANT_ID \[选项\]$/m);
  assert.match(zh.stdout, /^为参与方签发 API 令牌/m);
  for (const flag of ['--days N', '--label LABEL', '--url URL', '--token TOKEN', '--json', '-h, --help'])
    assert.ok(zh.stdout.includes(flag), `${flag} in the Chinese help`);
  assert.match(zh.stdout, /--days N {7}有效天数，1 到 3650（默认 365）/);
  assert.ok(zh.stdout.includes('hreg tokens issue 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f --days 90 --label "factory line 3"'));

  // A group's help, and a required flag's note.
  const group = await runCli(['recalls', '--help'], { url, env: ZH });
  assert.match(group.stdout, /^命令：$/m);
  assert.match(group.stdout, /^ {2}issue +发布召回/m);
  const required = await runCli(['transfer', '--help'], { url, env: ZH });
  assert.match(required.stdout, /--to PARTICIPANT_ID +新所有者的参与方 ID（必填）/);
});

test('the language: HREG_LANG over LC_ALL over LANG, --lang over all; a language hreg lacks is a usage error', async () => {
  const usage = async (env: Record<string, string>, args: string[] = []) =>
    (await runCli([...args, 'tokens', 'issue', '--help'], { url, env })).stdout.split('\n')[0];
  assert.equal(await usage({ HREG_LANG: 'zh-CN' }), '用法：hreg tokens issue PARTICIPANT_ID [选项]');
  assert.equal(await usage({ HREG_LANG: 'en', LC_ALL: 'zh_CN.UTF-8' }), 'Usage: hreg tokens issue PARTICIPANT_ID [options]');
  assert.equal(await usage({ LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }), '用法：hreg tokens issue PARTICIPANT_ID [选项]');
  assert.equal(await usage({ LANG: 'fr_FR.UTF-8' }), 'Usage: hreg tokens issue PARTICIPANT_ID [options]');
  assert.equal(await usage(ZH, ['--lang', 'en']), 'Usage: hreg tokens issue PARTICIPANT_ID [options]');
  assert.equal(await usage({}, ['--lang=zh-CN']), '用法：hreg tokens issue PARTICIPANT_ID [选项]');
  // --lang may also follow the command.
  const late = await runCli(['tokens', 'issue', '--help', '--lang', 'zh-CN'], { url });
  assert.match(late.stdout, /^用法：/);

  const bad = await runCli(['--lang', 'fr', '--help'], { url });
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'error: USAGE: --lang must be zh-CN or en, not "fr"\n');
  const badZh = await runCli(['tokens', 'list'], { url, env: ZH });
  assert.equal(badZh.code, 2);
  assert.match(badZh.stderr, /^错误：USAGE：需要 PARTICIPANT_ID，却给了 0 个参数；参见 `hreg tokens list --help`$/m);
});

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
