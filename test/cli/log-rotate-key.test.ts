// hreg log rotate-key start|finish, the operator's commands, run as a user would on the registry's
// data directory (and database on PostgreSQL): the files move, the keys are recorded, the help exists.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINE, freshDatabase, type TestDatabase } from '../harness.ts';
import { json, runCli } from './run-cli.ts';

let db: TestDatabase | undefined;
after(async () => {
  await db?.dispose();
});

test(`[${ENGINE}] hreg log rotate-key start then finish: both keys, then the new one alone`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hreg-rotate-cli-'));
  const where = ['--data', dir];
  if (ENGINE === 'postgres') {
    db = await freshDatabase();
    where.push('--database-url', db.url ?? '');
  }
  const url = 'http://127.0.0.1:9';
  json(await runCli(['init', ...where, '--json'], { url }));
  const oldKey = readFileSync(join(dir, 'log-signer.key'), 'utf8');
  const help = await runCli(['log', 'rotate-key', '--help'], { url });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /start/);
  assert.match(help.stdout, /finish/);
  const early = await runCli(['log', 'rotate-key', 'finish', ...where], { url });
  assert.equal(early.code, 1, early.stderr);
  assert.match(early.stderr, /no key rotation is under way/);

  const started = json(await runCli(['log', 'rotate-key', 'start', ...where, '--json'], { url }));
  assert.ok(existsSync(join(dir, 'log-signer.next.key')));
  assert.equal(readFileSync(join(dir, 'log-signer.key'), 'utf8'), oldKey, 'the old key stays in charge until finish');
  assert.match(started.checkpoint, /\nhreg\/next-key /);
  const twice = await runCli(['log', 'rotate-key', 'start', ...where], { url });
  assert.equal(twice.code, 1, twice.stderr);
  assert.match(twice.stderr, /a key rotation is already under way/);

  const finished = await runCli(['log', 'rotate-key', 'finish', ...where], { url });
  assert.equal(finished.code, 0, finished.stderr);
  assert.match(finished.stdout, /Rotation finished at tree size 0/);
  assert.ok(!existsSync(join(dir, 'log-signer.next.key')));
  assert.notEqual(readFileSync(join(dir, 'log-signer.key'), 'utf8'), oldKey);
  const retired = readdirSync(dir).filter((f) => f.startsWith('log-signer.retired-'));
  assert.equal(retired.length, 1);
  assert.equal(readFileSync(join(dir, retired[0] ?? ''), 'utf8'), oldKey);
  // The registry opens on the new key (init again is refused as initialised, not as a key mismatch).
  const reopened = await runCli(['init', ...where], { url });
  assert.doesNotMatch(reopened.stderr, /log signing key files/);
});
