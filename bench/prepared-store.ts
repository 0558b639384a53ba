/**
 * preparedStore is a what-if Store for the verify breakdown: the same pg pool
 * and int8 parsing as src/store/postgres-store.ts, but every query is sent as a
 * named prepared statement (named by a hash of its text), so PostgreSQL parses
 * and plans it once per connection instead of once per call.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Store, Tx } from '../src/store/store.ts';

const INT8 = 20;

/** openPreparedStore connects a pool of poolSize to url. */
export function openPreparedStore(url: string, poolSize: number): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let n = names.get(sql);
    if (!n) {
      n = 'b' + createHash('sha1').update(sql).digest('hex').slice(0, 20);
      names.set(sql, n);
    }
    return n;
  };
  const asTx = (c: pg.Pool | pg.PoolClient): Tx => ({
    async query<T>(sql: string, params?: unknown[]) {
      const res = await c.query({ name: nameOf(sql), text: sql, values: params as unknown[] });
      return res.rows as T[];
    },
    async script(sql: string) {
      return (await c.query(sql)).rows as Record<string, unknown>[];
    },
  });
  const transaction = async <T>(mode: string, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query(mode);
      const result = await fn(asTx(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };
  return {
    engine: 'postgres',
    readOnly: (fn) => transaction('BEGIN READ ONLY', fn),
    readWrite: (fn) => transaction('BEGIN', fn),
    query: (sql, params) => asTx(pool).query(sql, params),
    close: () => pool.end(),
  };
}
