// hreg as a user meets it before any registry answers: help for every command in both languages,
// the version, the language it speaks, usage errors (exit 2) and an unreachable registry (exit 3).
// No registry runs: URL is a port nothing listens on, so an answer here that needed one would fail.
// The engine under test cannot change these, so scripts/test.ts runs this file once (ONCE).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, runCli } from './run-cli.ts';
import { COMMANDS } from '../../src/cli/commands.ts';
import type { Command } from '../../src/cli/command.ts';
import { speak } from '../../src/cli/lang.ts';

/** URL is where no registry listens. */
const url = 'http://127.0.0.1:1';
const HAN = /\p{Script=Han}/u;
const ZH = { LANG: 'zh_CN.UTF-8' };

/** hreg runs the CLI. */
const hreg = (args: string[], opts: { token?: string; url?: string } = {}) => runCli(args, { url: opts.url ?? url, token: opts.token });

describe('hreg usage', () => {
  test('--help for every command and subcommand exits 0 and mentions each of its flags and an example', async () => {
    const all: [string, Command][] = [];
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const c = await entry.load();
      // The table's summary (what `hreg --help` lists without loading the module) is the module's own.
      assert.equal(entry.summary, c.summary, `${name}: the command table's summary is not the module's`);
      all.push([name, c]);
      for (const [sub, s] of Object.entries(c.subcommands ?? {})) all.push([`${name} ${sub}`, s]);
    }
    const top = await hreg(['--help']);
    assert.equal(top.code, 0);
    for (const name of Object.keys(COMMANDS)) assert.match(top.stdout, new RegExp(`^  ${name} `, 'm'));
    // Every command's help is read from the command itself (what its --help prints: one process
    // per command would cost 129 Node start-ups); a sample of groups and leaves, at both depths,
    // is run as a user runs it, and must print exactly that text.
    speak('en');
    const helps = all.map(([, c]) => `${c.help()}\n`);
    const sample = ['recalls', 'robots register', 'verify', 'participants create', 'models file', 'serve'];
    const spawned = await Promise.all(sample.map((name) => hreg([...name.split(' '), '--help'])));
    sample.forEach((name, i) => {
      const run = spawned[i];
      assert.ok(run, name);
      assert.equal(run.code, 0, `${name} --help exited ${run.code}: ${run.stderr}`);
      assert.equal(run.stdout, helps[all.findIndex(([n]) => n === name)], `${name} --help prints the command's help`);
    });
    const runs = helps.map((stdout) => ({ stdout }));
    all.forEach(([name, c], i) => {
      const run = runs[i];
      assert.ok(run, name);
      assert.match(run.stdout, new RegExp(`Usage: hreg ${name}`));
      assert.match(run.stdout, /Example/);
      for (const flag of c.flags) assert.ok(run.stdout.includes(`--${flag}`), `${name} --help does not mention --${flag}`);
      if (c.subcommands) for (const sub of Object.keys(c.subcommands)) assert.match(run.stdout, new RegExp(`^  ${sub} `, 'm'));
      else for (const flag of ['--json', '--help']) assert.ok(run.stdout.includes(flag), `${name} --help lacks ${flag}`);
    });
    const key: Record<string, string[]> = {
      'participants create': ['--name', '--country', '--roles', '--uscc'],
      'tokens issue': ['--days', '--label'],
      'models file': [
        '--params',
        '--height-cm',
        '--mass-kg',
        '--dof',
        '--payload-kg',
        '--top-speed-kmh',
        '--battery-chemistry',
        '--battery-wh',
        '--autonomy',
        '--applications',
      ],
      'robots register': ['--model', '--date', '--component', '--firmware', '--csv', '--chunk', '--out'],
      serve: ['--port', '--host', '--data', '--database-url'],
      init: ['--data', '--database-url', '--json'],
    };
    for (const [name, flags] of Object.entries(key)) {
      const run = runs[all.findIndex(([n]) => n === name)];
      assert.ok(run, name);
      for (const f of flags) assert.ok(run.stdout.includes(f), `${name} --help lacks ${f}`);
    }
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const run = await hreg(['--version']);
    assert.equal(run.code, 0);
    assert.equal(run.stdout.trim(), pkg.version);
  });

  test('unknown flags, bad flag values, unknown commands and missing arguments exit 2', async () => {
    const runs = await Promise.all([
      hreg(['participants', 'list', '--frobnicate']),
      hreg(['robots', 'events', 'CN0000000000000000000000000000', '--limit', 'many']),
      hreg(['teleport']),
      hreg(['tokens', 'revoke', 'only-one-id']),
      hreg(['participants', 'create', '--name', 'X']),
    ]);
    for (const run of runs) {
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^error: USAGE: /m);
      assert.equal(run.stdout, '');
    }
    assert.match(runs[4]?.stderr ?? '', /--country, --roles/);
  });

  test('an unreachable registry exits 3', async () => {
    const run = await hreg(['participants', 'list'], { url: 'http://127.0.0.1:1', token: 'hreg_unused' });
    assert.equal(run.code, 3);
    assert.match(run.stderr, /^error: UNREACHABLE: /m);
  });
});

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
