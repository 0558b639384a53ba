import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { PgliteSession } from './pglite-session.ts';
import type { Store } from './store.ts';

const BYTEA = 17;

/** byteaHex is bytea's text form, as PGlite's serializer writes it, refusing what is not bytes as it does. */
export function byteaHex(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}

/** PgliteStore is a Store on embedded PGlite, which can also write its whole data directory as a tarball. */
export interface PgliteStore extends Store {
  /** dumpDataDir is the database's data directory as an uncompressed tarball, which `from` can open again. */
  dumpDataDir(): Promise<Blob>;
}

/**
 * openPgliteStore opens (creating if needed) the embedded PostgreSQL in dir, or
 * an in-memory one when dir is undefined; `from` starts it from a data directory
 * dumped by dumpDataDir instead of an empty one (a tenth of the CPU of initdb).
 * PGlite runs one query at a time, so transactions are serialised by the engine itself (its query lock).
 */
export async function openPgliteStore(dir?: string, opts: { from?: Blob } = {}): Promise<PgliteStore> {
  if (dir) mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir, {
    loadDataDir: opts.from,
    // bytea arrives as text '\x..'; hand callers a Buffer as pg does.
    parsers: { [BYTEA]: (text: string) => Buffer.from(text.slice(2), 'hex') },
    // It leaves as hex encoded natively: PGlite's own encoder builds a string per byte, a large share of the demo
    // seeding's CPU (leaves, openings, Merkle hashes); bytea[] elements go through this serializer too.
    serializers: { [BYTEA]: byteaHex },
  });
  // Every statement goes through one session that keeps statements prepared (pglite-session.ts); PGlite's
  // query lock, held for a whole transaction, keeps other callers out meanwhile.
  const session = new PgliteSession(db);
  return {
    engine: 'pglite',
    readOnly: (fn) => db.runExclusive(() => session.transaction(fn)),
    readWrite: (fn) => db.runExclusive(() => session.transaction(fn)),
    query: (sql, params) => db.runExclusive(() => session.query(sql, params)),
    dumpDataDir: () => db.dumpDataDir('none'),
    async close() {
      await db.close();
    },
  };
}
