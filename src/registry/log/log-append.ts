import { leafHash, storedHashIndex, storedHashesForLeafHash, treeHash, type Hash, type HashReader } from '../../ledger/index.ts';
import { subTreeIndex } from '../../ledger/stored-hashes.ts';
import type { Tx } from '../../store/store.ts';
import { metrics } from '../../metrics/metrics.ts';
import type { LogSigner } from './log-signer.ts';

/** LogHead is the log's size and root after an append. */
export interface LogHead {
  size: number;
  root: Hash;
}

/**
 * TxHashReader reads stored hashes from the open transaction and keeps the
 * ones an append computes, so a batch reads each frontier hash once.
 */
export class TxHashReader implements HashReader {
  private readonly cache = new Map<number, Hash>();
  constructor(private readonly tx: Tx) {}

  /** readHashes returns the stored hashes at indexes, from the cache or the database. */
  async readHashes(indexes: number[]): Promise<Hash[]> {
    const missing = indexes.filter((i) => !this.cache.has(i));
    if (missing.length > 0) {
      const rows = await this.tx.query<{ idx: number; hash: Buffer }>('SELECT idx, hash FROM log_hashes WHERE idx = ANY($1::bigint[])', [
        missing,
      ]);
      for (const r of rows) this.cache.set(r.idx, r.hash);
    }
    return indexes.map((i) => {
      const h = this.cache.get(i);
      if (!h) throw new Error(`stored hash ${i} is missing: the log is damaged`);
      return h;
    });
  }

  /** remember keeps hashes computed by this transaction. */
  remember(index: number, hash: Hash): void {
    this.cache.set(index, hash);
  }
}

/**
 * lockLogHead takes the log head's row lock and returns its size: every
 * append holds it until commit, which serialises appends explicitly and keeps
 * the sequence gap-free (DESIGN.md §7). Call it as late as possible in a
 * transaction, after every check that may refuse the request.
 */
export async function lockLogHead(tx: Tx): Promise<number> {
  const rows = await tx.query<{ size: number }>('SELECT size FROM log_head WHERE id = 1 FOR UPDATE');
  const head = rows[0];
  if (!head) throw new Error('log head missing: the database was not migrated');
  return head.size;
}

/**
 * appendLeaves stores the Merkle hashes for leaves at indexes start,
 * start+1, … (start must be the locked head size), moves the head and signs
 * the new checkpoint — all inside the caller's transaction, so an event and
 * its leaf commit or vanish together.
 */
export async function appendLeaves(tx: Tx, start: number, leaves: readonly Uint8Array[], signer: LogSigner): Promise<LogHead> {
  const reader = new TxHashReader(tx);
  // One read for the frontier (the roots of the complete subtrees of the tree of size start): every left
  // sibling the new leaves need, and every old subtree root of the new tree, is one of them; the rest this
  // append computes. Without it, appends read about twice per batch (bench/README.md, issue #14).
  if (start > 0) await reader.readHashes(subTreeIndex(0, start, []));
  const idx: number[] = [];
  const hashes: Buffer[] = [];
  for (const [i, leaf] of leaves.entries()) {
    const n = start + i;
    const fresh = await storedHashesForLeafHash(n, leafHash(leaf), reader);
    const first = storedHashIndex(0, n);
    fresh.forEach((h, k) => {
      reader.remember(first + k, h);
      idx.push(first + k);
      hashes.push(h);
    });
  }
  metrics.eventsAppended.inc(leaves.length);
  const size = start + leaves.length;
  const root = await treeHash(size, reader);
  const checkpoint = signer.sign(size, root);
  await tx.query(
    `WITH h AS (INSERT INTO log_hashes (idx, hash) SELECT * FROM unnest($1::bigint[], $2::bytea[]))
     UPDATE log_head SET size = $3, root = $4, checkpoint = $5, updated_at = now() WHERE id = 1`,
    [idx, hashes, size, root, checkpoint],
  );
  return { size, root };
}
