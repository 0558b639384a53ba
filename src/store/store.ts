/**
 * Tx is one open transaction (or one auto-committed statement): the only way
 * the registry talks to the database. Rows come back with int8 as number,
 * bytea as Buffer, timestamptz as Date, on both engines.
 */
export interface Tx {
  /** query runs one parameterised statement and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** script runs several statements without parameters and returns the last one's rows (migrations). */
  script(sql: string): Promise<Record<string, unknown>[]>;
}

/** Engine names the database engine behind a Store. */
export type Engine = 'pglite' | 'postgres';

/**
 * Store is the storage port: the registry opens transactions through its
 * callbacks and never sees a driver (the shape of sumdb's ReadWrite).
 */
export interface Store {
  readonly engine: Engine;
  /** readOnly runs fn in a read-only transaction. */
  readOnly<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** readWrite runs fn in a read-write transaction, committing when it returns and rolling back when it throws. */
  readWrite<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** query runs one auto-committed statement, the fast path for single reads. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * listen follows a notification channel (PostgreSQL LISTEN) on a connection of its own,
   * reconnecting when it drops: `message` gets each payload, `following` says whether
   * notifications are being heard now (false while disconnected, when some may be lost).
   * Absent on an engine only one process can open (PGlite).
   */
  listen?(channel: string, handlers: ChannelHandlers): Promise<void>;
  /** poolUse reports the connection pool's use (metrics); absent on an engine without a pool (PGlite). */
  poolUse?(): PoolUse;
  /** close releases the connections or the embedded database. */
  close(): Promise<void>;
}

/** PoolUse is a connection pool's state: connections open, idle, and callers waiting for one. */
export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
}

/** ChannelHandlers receive a followed channel's notifications and whether it is followed. */
export interface ChannelHandlers {
  message(payload: string): void;
  following(on: boolean): void;
}
