import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isConfigError } from './config-checks.ts';
import { loadConfig } from './config.ts';

const primary = 'postgres://registry@db-primary:5432/registry';

test('DATABASE_REPLICA_URLS: comma-separated PostgreSQL URLs beside a primary, the bound in ms', () => {
  const c = loadConfig({}, { DATABASE_URL: primary, DATABASE_REPLICA_URLS: ' postgres://r1/registry , postgresql://r2:5433/registry ,' });
  assert.deepEqual(c.replicaUrls, ['postgres://r1/registry', 'postgresql://r2:5433/registry']);
  assert.equal(c.replicaMaxLagMs, 5000, 'the default bound');
  assert.equal(loadConfig({}, { DATABASE_URL: primary, HREG_REPLICA_MAX_LAG_MS: '250' }).replicaMaxLagMs, 250);
  assert.deepEqual(loadConfig({}, {}).replicaUrls, [], 'none unless named');
  assert.deepEqual(loadConfig({ databaseUrl: primary }, { DATABASE_REPLICA_URLS: 'postgres://r1/x' }).replicaUrls, ['postgres://r1/x']);
});

test('a bad replica setting stops the start with one line that never repeats a password', () => {
  const refusals: [Record<string, string>, RegExp][] = [
    [{ DATABASE_REPLICA_URLS: 'postgres://r1/registry' }, /DATABASE_REPLICA_URLS needs DATABASE_URL/],
    [{ DATABASE_URL: primary, DATABASE_REPLICA_URLS: 'mysql://u:s3cret@r1/registry' }, /DATABASE_REPLICA_URLS must be a URL/],
    [{ DATABASE_URL: primary, DATABASE_REPLICA_URLS: 'postgres://r1/x,not a url s3cret' }, /DATABASE_REPLICA_URLS must be a URL/],
    [{ DATABASE_URL: primary, HREG_REPLICA_MAX_LAG_MS: '99' }, /HREG_REPLICA_MAX_LAG_MS/],
    [{ DATABASE_URL: primary, HREG_REPLICA_MAX_LAG_MS: '5s' }, /HREG_REPLICA_MAX_LAG_MS/],
  ];
  for (const [env, why] of refusals) {
    assert.throws(
      () => loadConfig({}, env),
      (err: unknown) => isConfigError(err) && why.test(err.message) && !err.message.includes('s3cret'),
      JSON.stringify(env),
    );
  }
});
