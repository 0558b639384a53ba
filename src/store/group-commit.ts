import type pg from 'pg';
import { metrics } from '../metrics/metrics.ts';
import type { Tx } from './store.ts';

// Deadlocks and serialisation failures are safe to retry: the work left nothing behind.
const RETRYABLE = new Set(['40001', '40P01']);
/** MAX_ATTEMPTS bounds how often a transaction is retried after a deadlock or serialisation failure. */
export const MAX_ATTEMPTS = 5;

/** isRetryable tells whether a transaction that failed with err may simply run again. */
export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code !== undefined && RETRYABLE.has(code);
}

/** abandon rolls back the client's transaction and returns it to the pool, discarding it when the rollback itself fails. */
export async function abandon(client: pg.PoolClient, err: unknown): Promise<void> {
  let broken = false;
  try {
    await client.query('ROLLBACK');
  } catch {
    broken = true;
  }
  client.release(broken ? (err as Error) : undefined);
}

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  attempts: number;
}

/** GroupCommitOptions size the batches. */
export interface GroupCommitOptions {
  /** maxBatch is the most read-write transactions one commit carries. */
  maxBatch: number;
}

/**
 * groupCommit returns a readWrite that runs the transactions queued while the
 * previous commit was in flight as one PostgreSQL transaction, each inside its
 * own savepoint, and commits them with one WAL flush. A transaction that
 * throws is rolled back to its savepoint and fails alone; the others commit.
 * Callers see ordinary transactions: each result is returned only after the
 * shared commit. This is what lets appends, serialised by the log head lock,
 * share the disk flush instead of paying one each (DESIGN.md §7).
 */
export function groupCommit(
  pool: pg.Pool,
  asTx: (c: pg.PoolClient) => Tx,
  opts: GroupCommitOptions,
): <T>(fn: (tx: Tx) => Promise<T>) => Promise<T> {
  const queue: Job[] = [];
  let running = false;

  async function runBatch(batch: Job[]): Promise<void> {
    metrics.groupCommitSize.observe(batch.length);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      // The server cannot be reached (a primary down, docs/operations.md, Read replicas): nothing ran, so
      // each job fails on its own rather than waiting for ever.
      for (const job of batch) retryOrFail(job, err);
      return;
    }
    const tx = asTx(client);
    const only = batch.length === 1 ? batch[0] : undefined;
    const alone = only !== undefined;
    const committed: { job: Job; result: unknown }[] = [];
    try {
      await client.query('BEGIN');
      for (const job of batch) {
        if (!alone) await client.query('SAVEPOINT grouped');
        try {
          const result = await job.fn(tx);
          if (!alone) await client.query('RELEASE SAVEPOINT grouped');
          committed.push({ job, result });
        } catch (err) {
          if (alone) throw err;
          await client.query('ROLLBACK TO SAVEPOINT grouped');
          retryOrFail(job, err);
        }
      }
      await client.query('COMMIT');
      client.release();
      for (const c of committed) c.job.resolve(c.result);
    } catch (err) {
      await abandon(client, err);
      // Nothing of this batch committed: each job is retried or fails on its own.
      for (const c of committed) retryOrFail(c.job, err);
      if (only) retryOrFail(only, err);
    }
  }

  function retryOrFail(job: Job, err: unknown): void {
    if (isRetryable(err) && job.attempts < MAX_ATTEMPTS) {
      job.attempts++;
      queue.push(job);
    } else job.reject(err);
  }

  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (queue.length > 0) await runBatch(queue.splice(0, opts.maxBatch));
    } finally {
      running = false;
    }
  }

  return <T>(fn: (tx: Tx) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject, attempts: 1 });
      void drain();
    });
}
