import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_CONFIG } from '../../src/start-failure.ts';
import { programArgs } from '../compiled.ts';
import { ENGINE, freshDatabase, type TestDatabase } from '../harness.ts';

// The server started as `npm start` starts it, with one bad setting each: it must stop
// before opening anything, with one line naming the variable (in the operator's
// language) and exit status EX_CONFIG, and never repeat a secret.
const dataDir = mkdtempSync(join(tmpdir(), 'hreg-config-'));
let db: TestDatabase | undefined;
after(async () => {
  await db?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, programArgs('main'), {
    env: { PATH: process.env.PATH ?? '', HREG_DATA: dataDir, PORT: '0', HREG_DEMO: '0', LOG_LEVEL: 'silent', HREG_LANG: 'en', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

const shortToken = join(dataDir, 'short-token');
writeFileSync(shortToken, 'too-short\n');

/** CASES: each bad setting, and what its one line must say. */
const CASES: { env: Record<string, string>; says: RegExp; secret?: string }[] = [
  {
    env: { DATABASE_URL: 'mysql://hreg:s3cret-pw@db/hreg' },
    says: /DATABASE_URL must be a URL beginning postgres:\/\/, postgresql:\/\//,
    secret: 's3cret-pw',
  },
  { env: { DATABASE_URL: 'postgres://hreg:s3cret-pw@[db/hreg' }, says: /DATABASE_URL must be a URL/, secret: 's3cret-pw' },
  {
    env: { HREG_METRICS_TOKEN_FILE: join(dataDir, 'no-such-file') },
    says: /HREG_METRICS_TOKEN_FILE names .*no-such-file, which cannot be read \(ENOENT\)/,
  },
  {
    env: { HREG_METRICS_TOKEN_FILE: shortToken },
    says: /HREG_METRICS_TOKEN_FILE names .*short-token, whose first line is shorter than 16 characters/,
    secret: 'too-short',
  },
  {
    env: { HREG_SHUTDOWN_TIMEOUT_MS: 'ten seconds' },
    says: /HREG_SHUTDOWN_TIMEOUT_MS must be an integer from 100 to 600,?000, got "ten seconds"/,
  },
  { env: { PORT: '80.5' }, says: /PORT must be an integer from 0 to 65,?535, got "80.5"/ },
  { env: { HREG_PUBLIC_RATE_LIMIT: '1e3' }, says: /HREG_PUBLIC_RATE_LIMIT must be an integer/ },
  { env: { HREG_DEMO: 'yes' }, says: /HREG_DEMO must be 1 \(on\) or 0 \(off\), got "yes"/ },
  { env: { HREG_ALLOW_UNSAFE_DURABILITY: 'true' }, says: /HREG_ALLOW_UNSAFE_DURABILITY must be 1 \(on\) or 0 \(off\)/ },
  { env: { LOG_LEVEL: 'verbose' }, says: /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"/ },
  { env: { HREG_PUBLIC_URL: 'ftp://registry.example' }, says: /HREG_PUBLIC_URL must be a URL beginning http:\/\/, https:\/\// },
  { env: { NATS_URL: 'localhost:4222' }, says: /NATS_URL must be a URL beginning nats:\/\// },
  { env: { HREG_ORIGIN: 'my log' }, says: /HREG_ORIGIN must be printable characters without spaces/ },
  { env: { HREG_WEBHOOK_ALLOW_CIDRS: '10.0.0.0/33' }, says: /HREG_WEBHOOK_ALLOW_CIDRS must be comma-separated address\/prefix ranges/ },
];

test('an invalid configuration stops the server at start with one clear line and EX_CONFIG', { timeout: 180_000 }, async () => {
  // A few at a time: each is a Node process.
  for (let i = 0; i < CASES.length; i += 4) {
    await Promise.all(
      CASES.slice(i, i + 4).map(async ({ env, says, secret }) => {
        const { code, stdout, stderr } = await start(env);
        const what = JSON.stringify(env);
        assert.equal(code, EXIT_CONFIG, `${what}: ${stderr}`);
        assert.equal(stdout, '', `${what}: nothing started`);
        const lines = stderr.trimEnd().split('\n');
        assert.equal(lines.length, 1, `${what}: one line, got ${stderr}`);
        assert.match(lines[0] ?? '', /^The registry cannot start: /);
        assert.match(lines[0] ?? '', says, what);
        if (secret) assert.ok(!stderr.includes(secret), `${what}: the secret is not repeated`);
      }),
    );
  }
});

test("the line is in the operator's language (HREG_LANG, LANG)", async () => {
  const zh = await start({ HREG_LANG: 'zh-CN', HREG_SHUTDOWN_TIMEOUT_MS: '-1' });
  assert.equal(zh.code, EXIT_CONFIG);
  assert.match(zh.stderr.trim(), /^登记系统无法启动：HREG_SHUTDOWN_TIMEOUT_MS 须为 100 至 600,?000 之间的整数，实际为“-1”$/);
  const lang = await start({ HREG_LANG: '', LANG: 'zh_CN.UTF-8', HREG_DEMO: '2' });
  assert.match(lang.stderr.trim(), /^登记系统无法启动：HREG_DEMO 须为 1（开启）或 0（关闭），实际为“2”$/);
});

test('[postgres] a PostgreSQL that may lose acknowledged writes stops the server with one line (UNSAFE_DURABILITY)', {
  skip: ENGINE !== 'postgres',
  timeout: 120_000,
}, async () => {
  db = await freshDatabase();
  // This session's synchronous_commit off: an acknowledged commit may be lost in a crash.
  const url = new URL(db.url as string);
  url.searchParams.set('options', '-c synchronous_commit=off');
  const refused = await start({ DATABASE_URL: url.toString() });
  assert.equal(refused.code, EXIT_CONFIG, refused.stderr);
  assert.match(refused.stderr.trim(), /^The registry cannot start: UNSAFE_DURABILITY: .*synchronous_commit=off/);
  assert.equal(refused.stderr.trim().split('\n').length, 1);
});
