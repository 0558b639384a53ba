import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { isRegistryError } from '../src/errors.ts';
import { openRegistry } from '../src/registry/open.ts';
import { openPostgresStore } from '../src/store/postgres-store.ts';
import { ENGINE, freshDatabase } from './harness.ts';

test(`[${ENGINE}] the server refuses a PostgreSQL that may lose acknowledged writes, unless told to accept it`, {
  skip: ENGINE !== 'postgres' && 'durability settings are PostgreSQL settings',
}, async () => {
  const db = await freshDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'hreg-dur-'));
  try {
    const dbName = new URL(db.url!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${dbName} SET synchronous_commit = off`);
    await admin.end();
    const config = { dataDir, databaseUrl: db.url, origin: 'test.local/log' };
    await assert.rejects(
      openRegistry(config),
      (e) => isRegistryError(e) && e.code === 'UNSAFE_DURABILITY' && /synchronous_commit=off/.test(e.message),
    );
    const ctx = await openRegistry({ ...config, allowUnsafeDurability: true });
    await ctx.store.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await db.dispose();
  }
});

test(`[${ENGINE}] the local test server is durable`, { skip: ENGINE !== 'postgres' && 'PostgreSQL only' }, async () => {
  const db = await freshDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'hreg-dur-'));
  try {
    const ctx = await openRegistry({ dataDir, databaseUrl: db.url, origin: 'test.local/log' });
    await ctx.store.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await db.dispose();
  }
});

test(`[${ENGINE}] the registry's connections run without JIT compilation, keeping options the URL names`, {
  skip: ENGINE !== 'postgres' && 'PostgreSQL only',
}, async () => {
  const db = await freshDatabase();
  try {
    const url = new URL(db.url as string);
    url.searchParams.set('options', '-c work_mem=7MB');
    const store = await openPostgresStore(url.toString(), { poolSize: 1 });
    try {
      const [row] = await store.query<{ jit: string; work_mem: string }>(
        "SELECT current_setting('jit') AS jit, current_setting('work_mem') AS work_mem",
      );
      assert.deepEqual(row, { jit: 'off', work_mem: '7MB' });
    } finally {
      await store.close();
    }
  } finally {
    await db.dispose();
  }
});
