import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, freshDatabase } from './harness.ts';

test(`[${ENGINE}] group commit: concurrent transactions share a commit, and one that fails fails alone`, {
  skip: ENGINE !== 'postgres' && "group commit is the PostgreSQL store's",
}, async () => {
  const db = await freshDatabase();
  try {
    const { store } = db;
    const jobs = Array.from({ length: 40 }, (_, i) =>
      store.readWrite(async (tx) => {
        await tx.query('INSERT INTO registry_meta (key, value) VALUES ($1, $2)', [`gc-${i}`, String(i)]);
        if (i % 3 === 1) throw new Error(`job ${i} refuses`);
        // A SQL error inside a job: a duplicate key.
        if (i % 3 === 2) await tx.query('INSERT INTO registry_meta (key, value) VALUES ($1, $2)', [`gc-${i}`, 'again']);
        return i;
      }),
    );
    const results = await Promise.allSettled(jobs);
    results.forEach((r, i) => {
      if (i % 3 === 0) assert.deepEqual(r, { status: 'fulfilled', value: i });
      else if (i % 3 === 1) assert.equal(r.status === 'rejected' && (r.reason as Error).message, `job ${i} refuses`);
      else assert.equal(r.status === 'rejected' && (r.reason as { code?: string }).code, '23505');
    });
    const rows = await store.query<{ key: string }>("SELECT key FROM registry_meta WHERE key LIKE 'gc-%' ORDER BY key");
    const kept = rows.map((r) => Number(r.key.slice(3))).sort((a, b) => a - b);
    assert.deepEqual(
      kept,
      Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 3 === 0),
      'only the jobs that succeeded left rows',
    );
  } finally {
    await db.dispose();
  }
});
