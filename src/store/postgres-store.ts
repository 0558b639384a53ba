import { createHash } from 'node:crypto';
import pg from 'pg';
import type { ChannelHandlers, Store, Tx } from './store.ts';
import { abandon, groupCommit, isRetryable, MAX_ATTEMPTS } from './group-commit.ts';

const INT8 = 20;

const names = new Map<string, string>();

/** statementName is a stable prepared-statement name for a SQL text. */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = 'h' + createHash('sha1').update(sql).digest('hex').slice(0, 20);
    names.set(sql, name);
  }
  return name;
}

/** PostgresOptions tunes the connection pool. */
export interface PostgresOptions {
  poolSize?: number;
  /** groupCommit batches concurrent read-write transactions into one commit (default on). */
  groupCommit?: boolean;
  /** maxBatch caps the transactions one group commit carries (default 64). */
  maxBatch?: number;
  /** connectTimeoutMs gives up a connection attempt after this long (default: wait as long as the network does). */
  connectTimeoutMs?: number;
  /** lazy skips the first query at open: a read replica may be down when the registry starts, and is probed later. */
  lazy?: boolean;
}

/**
 * withoutJit adds `-c jit=off` to the server options a connection URL names (keeping any it
 * names). The registry's statements are short and indexed: JIT compilation only ever adds
 * latency to them (a stored-hash read over ~18,000 indexes crosses jit_above_cost and spent
 * ~0.5 s compiling, issue #14).
 */
function withoutJit(url: string): string {
  const u = new URL(url);
  u.searchParams.set('options', [u.searchParams.get('options'), '-c jit=off'].filter(Boolean).join(' '));
  return u.toString();
}

/**
 * openPostgresStore connects a pool to the PostgreSQL server at url. Log
 * indexes and counters stay below 2^53, so int8 is parsed as a number.
 */
export async function openPostgresStore(url: string, opts: PostgresOptions = {}): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: withoutJit(url),
    max: opts.poolSize ?? 20,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 0,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  pool.on('connect', (client) => {
    // A client in use whose server goes away (a primary stopped mid-transaction) emits 'error' besides
    // failing its query; unheard, that event would end the process. The query's failure is the report.
    client.on('error', () => {});
  });
  const asTx = (c: pg.Pool | pg.PoolClient): Tx => ({
    async query<T>(sql: string, params?: unknown[]) {
      // Named statements are parsed once per connection, then reused: the registry's
      // SQL is a fixed set of texts, so the names stay few. A statement over arrays
      // (a batch: `= ANY($1)`, `unnest(...)`) stays unnamed and is planned for each
      // execution, for the array it gets: a cached generic plan assumes a few rows,
      // and one cached while the tables were small keeps scanning them whole as they
      // grow (a demo seeded into a fresh database ran 3.3x slower).
      const res =
        params === undefined
          ? await c.query(sql)
          : await c.query(
              params.some(Array.isArray) ? { text: sql, values: params } : { name: statementName(sql), text: sql, values: params },
            );
      return res.rows as T[];
    },
    async script(sql: string) {
      // Without parameters pg uses the simple protocol: one result per statement.
      const res = (await c.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
      return (Array.isArray(res) ? (res.at(-1)?.rows ?? []) : res.rows) as Record<string, unknown>[];
    },
  });
  async function transaction<T>(mode: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      try {
        await client.query(mode);
        const result = await fn(asTx(client));
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (err) {
        await abandon(client, err);
        if (!isRetryable(err) || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }
  if (!opts.lazy) await pool.query('SELECT 1');
  const listeners = new Set<pg.Client>();
  let closed = false;
  /** follow keeps one client listening on channel, reconnecting a second after it drops. */
  async function follow(channel: string, h: ChannelHandlers): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    let lost = false;
    const drop = () => {
      if (lost) return;
      lost = true;
      listeners.delete(client);
      h.following(false);
      client.end().catch(() => {});
      if (!closed) setTimeout(() => follow(channel, h).catch(() => {}), 1000).unref();
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', (n) => h.message(n.payload ?? ''));
    listeners.add(client);
    try {
      await client.connect();
      await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    } catch (err) {
      drop();
      throw err;
    }
    if (!lost) h.following(true);
  }
  return {
    engine: 'postgres',
    readOnly: (fn) => transaction('BEGIN READ ONLY', fn),
    readWrite: opts.groupCommit === false ? (fn) => transaction('BEGIN', fn) : groupCommit(pool, asTx, { maxBatch: opts.maxBatch ?? 64 }),
    query: (sql, params) => asTx(pool).query(sql, params),
    listen: follow,
    poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      closed = true;
      await Promise.all([...listeners].map((c) => c.end().catch(() => {})));
      await pool.end();
    },
  };
}
