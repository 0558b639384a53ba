/**
 * PgliteSession speaks PostgreSQL's extended protocol to embedded PGlite
 * itself, for two costs PGlite's own query() pays on every statement: it sends
 * the statement unnamed, so PostgreSQL parses and plans it again each time,
 * and it calls into the WASM backend six times (Parse, Describe, Bind,
 * Describe, Execute, Sync). Here a data statement is parsed once under a name
 * and then runs as one call (Bind, Execute, Sync), and a transaction's BEGIN
 * goes with its first statement (bench/README.md, issue #14 item 4).
 *
 * The caller holds PGlite's query lock (db.runExclusive) around each
 * transaction or statement; inside, the session runs one call at a time.
 */
import { parse, type PGlite, protocol, types, TransactionAbortedError } from '@electric-sql/pglite';
import type { Tx } from './store.ts';

const { CommandCompleteMessage, DataRowMessage, ParameterDescriptionMessage, RowDescriptionMessage } = protocol.messages;
type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];
type Field = { name: string; dataTypeID: number };

/** Prepared is a named statement: its parameter types and result columns, and how often it ran since it was planned. */
interface Prepared {
  name: string;
  params: number[];
  fields: Field[];
  runs: number;
}

/**
 * REPLAN_AFTER is how many runs a named statement keeps its plans. PGlite runs
 * no ANALYZE, so the planner knows little but each table's current size; a
 * plan made while a table was small is dropped after this many runs and made
 * again on the table as it is then.
 */
const REPLAN_AFTER = 256;

/** MAX_PREPARED bounds the named statements a session keeps (a few statements are built with constants). */
const MAX_PREPARED = 256;

/** DATA_STATEMENT is a statement worth naming: reads and writes of rows, not DDL or session commands. */
const DATA_STATEMENT = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i;

const BEGIN = protocol.serialize.query('BEGIN');
const COMMIT = protocol.serialize.query('COMMIT');
const ROLLBACK = protocol.serialize.query('ROLLBACK');
const SYNC = protocol.serialize.sync();
const EXECUTE = protocol.serialize.execute({});

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export class PgliteSession {
  private readonly prepared = new Map<string, Prepared>();
  private next = 0;
  /** beginPending says a transaction was opened and its BEGIN waits to go with the first statement. */
  private beginPending = false;
  private begun = false;
  /** tail orders the calls of statements a transaction's callback starts together. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: PGlite) {}

  /** transaction runs fn in one transaction: committed when it returns, rolled back when it throws. */
  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    this.beginPending = true;
    this.begun = false;
    let closed = false;
    const open = () => {
      if (closed) throw new Error('Transaction is closed');
    };
    const tx: Tx = {
      query: async (sql, params) => {
        open();
        return this.serial(() => this.query(sql, params));
      },
      script: async (sql) => {
        open();
        return this.serial(() => this.script(sql));
      },
    };
    try {
      const result = await fn(tx);
      closed = true;
      await this.tail;
      if (this.begun) {
        // A COMMIT that fails ends the transaction too: nothing is left to roll back.
        this.begun = false;
        const done = await this.send([COMMIT]);
        // COMMIT of a transaction an error aborted answers ROLLBACK, as PGlite's transaction() checks.
        if (done.some((m) => m instanceof CommandCompleteMessage && m.text === 'ROLLBACK')) throw new TransactionAbortedError();
      }
      return result;
    } catch (err) {
      if (!closed) {
        closed = true;
        await this.tail.catch(() => undefined);
      }
      if (this.begun) {
        this.begun = false;
        await this.send([ROLLBACK]);
      }
      throw err;
    } finally {
      this.beginPending = false;
      this.begun = false;
    }
  }

  /** query runs one parameterised statement (in the open transaction, if any) and returns its rows. */
  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    if (!DATA_STATEMENT.test(sql)) return this.unnamed<T>(sql, params);
    const p = await this.prepare(sql);
    const values = this.serialise(p.params, params);
    const messages = await this.run([protocol.serialize.bind({ statement: p.name, values }), EXECUTE, SYNC], sql, params);
    p.runs += 1;
    return this.rows<T>(messages, p.fields);
  }

  /** script runs several statements without parameters and returns the last one's rows; named statements are dropped after it (it may change the schema). */
  async script(sql: string): Promise<Record<string, unknown>[]> {
    try {
      const messages = await this.run([protocol.serialize.query(sql)], sql, []);
      return (parse.parseResults(messages, this.db.parsers).at(-1)?.rows ?? []) as Record<string, unknown>[];
    } finally {
      await this.forgetAll();
    }
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const result = this.tail.then(op, op);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** prepare names sql on first use (and again after REPLAN_AFTER runs), learning its parameter and column types. */
  private async prepare(sql: string): Promise<Prepared> {
    const known = this.prepared.get(sql);
    if (known && known.runs < REPLAN_AFTER) {
      // Most recently used last, so eviction drops the longest unused.
      this.prepared.delete(sql);
      this.prepared.set(sql, known);
      return known;
    }
    if (known) await this.close(sql, known);
    const [oldest] = this.prepared.size >= MAX_PREPARED ? this.prepared : [];
    if (oldest) await this.close(oldest[0], oldest[1]);
    const name = `hreg_${(this.next++).toString(36)}`;
    const messages = await this.run(
      [protocol.serialize.parse({ name, text: sql }), protocol.serialize.describe({ type: 'S', name }), SYNC],
      sql,
      [],
    );
    let params: number[] = [];
    let fields: Field[] = [];
    for (const m of messages) {
      if (m instanceof ParameterDescriptionMessage) params = m.dataTypeIDs;
      if (m instanceof RowDescriptionMessage) fields = m.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    }
    const p: Prepared = { name, params, fields, runs: 0 };
    this.prepared.set(sql, p);
    return p;
  }

  private async close(sql: string, p: Prepared): Promise<void> {
    this.prepared.delete(sql);
    await this.send([protocol.serialize.close({ type: 'S', name: p.name }), SYNC]);
  }

  private async forgetAll(): Promise<void> {
    if (this.prepared.size === 0) return;
    this.prepared.clear();
    // In a transaction a failed script aborted, this fails too: the unused names then stay until the next script.
    await this.send([protocol.serialize.query('DEALLOCATE ALL')]).catch(() => undefined);
  }

  /** unnamed runs a statement as PGlite's query() does (utility statements, SET, …). */
  private async unnamed<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    const described = await this.run(
      [protocol.serialize.parse({ text: sql }), protocol.serialize.describe({ type: 'S' }), SYNC],
      sql,
      params,
    );
    const desc = described.find((m) => m instanceof ParameterDescriptionMessage);
    const values = this.serialise(desc instanceof ParameterDescriptionMessage ? desc.dataTypeIDs : [], params);
    const messages = await this.run(
      [protocol.serialize.bind({ values }), protocol.serialize.describe({ type: 'P' }), EXECUTE, SYNC],
      sql,
      params,
    );
    const rd = messages.find((m) => m instanceof RowDescriptionMessage);
    return this.rows<T>(messages, rd instanceof RowDescriptionMessage ? rd.fields : []);
  }

  /** serialise turns parameters into their text forms with PGlite's serializers, as its query() does. */
  private serialise(oids: readonly number[], params: readonly unknown[]): (string | null)[] {
    return params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const s = this.db.serializers[oids[i] ?? 0];
      return s ? s(v) : String(v);
    });
  }

  private rows<T>(messages: readonly BackendMessage[], fields: readonly Field[]): T[] {
    const out: T[] = [];
    for (const m of messages) {
      if (!(m instanceof DataRowMessage)) continue;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i] as Field;
        row[f.name] = types.parseType(m.fields[i] ?? null, f.dataTypeID, this.db.parsers);
      }
      out.push(row as T);
    }
    return out;
  }

  /** run sends messages, naming the statement and its parameters in an error as PGlite does. */
  private async run(parts: Uint8Array[], sql: string, params: readonly unknown[]): Promise<BackendMessage[]> {
    try {
      return await this.send(parts);
    } catch (err) {
      if (err instanceof Error && 'severity' in err) Object.assign(err, { query: sql, params });
      throw err;
    }
  }

  /** send makes one call into the backend with parts, after BEGIN when the transaction has not begun. */
  private async send(parts: Uint8Array[]): Promise<BackendMessage[]> {
    if (this.db.closed) throw new Error('PGlite is closed');
    const begin = this.beginPending;
    if (begin) {
      this.beginPending = false;
      this.begun = true;
    }
    return this.db.execProtocolStream(concat(begin ? [BEGIN, ...parts] : parts), { syncToFs: false });
  }
}
