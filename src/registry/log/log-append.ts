import { hashEqual, leafHash, storedHashIndex, storedHashesForLeafHash, treeHash, type Hash, type HashReader } from '../../ledger/index.ts';
import { subTreeIndex } from '../../ledger/stored-hashes.ts';
import type { Tx } from '../../store/store.ts';
import { metrics } from '../../metrics/metrics.ts';
import { must } from '../../must.ts';
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
  return (await lockLogHeadRoot(tx)).size;
}

/** LockedHead is the log head as an append found it under its row lock. */
export interface LockedHead {
  size: number;
  root: Hash;
}

/** lockLogHeadRoot is lockLogHead with the head's root, so that planAppend can use a frontier this process already knows. */
export async function lockLogHeadRoot(tx: Tx): Promise<LockedHead> {
  const rows = await tx.query<{ size: number; root: Buffer }>('SELECT size, root FROM log_head WHERE id = 1 FOR UPDATE');
  const head = rows[0];
  if (!head) throw new Error('log head missing: the database was not migrated');
  return head;
}

/**
 * Frontiers are the frontier hashes (the roots of the complete subtrees) of
 * the last trees this process appended, keyed by size and root. A root
 * commits to every leaf, so any tree of that size and root has exactly these
 * hashes, whichever transaction, process or database wrote it, and whether or
 * not the append that computed them committed: an append that finds the head
 * it (or a neighbour round) just wrote reads no log_hashes at all.
 */
const frontiers = new Map<string, Map<number, Hash>>();
/** FRONTIERS_KEPT bounds the trees remembered: rounds in flight at once, with room to spare. */
const FRONTIERS_KEPT = 8;

function frontierKey(size: number, root: Hash): string {
  return `${size}:${Buffer.from(root).toString('hex')}`;
}

/** AppendPlan is what an append writes under the head lock: the new stored hashes by index, and the new head with its signed checkpoint. */
export interface AppendPlan {
  idx: number[];
  hashes: Buffer[];
  size: number;
  root: Hash;
  checkpoint: string;
}

/**
 * planAppend computes the stored hashes, root and signed checkpoint for
 * appending leaves with leafHashes to the locked head, in order. It reads the
 * head's frontier (one query) only when this process does not know it, and
 * then checks that the frontier folds to the head's root. The caller writes
 * the plan (APPEND_PLAN_SQL or its own statement) in the transaction that
 * holds the lock.
 */
export async function planAppend(tx: Tx, head: LockedHead, leafHashes: readonly Hash[], signer: LogSigner): Promise<AppendPlan> {
  const reader = new TxHashReader(tx);
  const start = head.size;
  const known = frontiers.get(frontierKey(start, head.root));
  if (known) for (const [i, h] of known) reader.remember(i, h);
  else if (start > 0) {
    // One read for the frontier: every left sibling the new leaves need, and every old subtree root
    // of the new tree, is one of them; the rest this append computes (bench/README.md, issue #14).
    await reader.readHashes(subTreeIndex(0, start, []));
    if (!hashEqual(await treeHash(start, reader), head.root))
      throw new Error('the stored frontier does not give the log head root: the log is damaged');
  }
  const idx: number[] = [];
  const hashes: Buffer[] = [];
  for (const [i, lh] of leafHashes.entries()) {
    const n = start + i;
    const fresh = await storedHashesForLeafHash(n, lh, reader);
    const first = storedHashIndex(0, n);
    fresh.forEach((h, k) => {
      reader.remember(first + k, h);
      idx.push(first + k);
      hashes.push(h);
    });
  }
  const size = start + leafHashes.length;
  const root = await treeHash(size, reader);
  const frontier = subTreeIndex(0, size, []);
  const next = new Map<number, Hash>((await reader.readHashes(frontier)).map((h, k) => [must(frontier[k], 'a hash per index'), h]));
  if (frontiers.size >= FRONTIERS_KEPT) frontiers.delete(must(frontiers.keys().next().value, 'a full map has a first key'));
  frontiers.set(frontierKey(size, root), next);
  metrics.eventsAppended.inc(leafHashes.length);
  return { idx, hashes, size, root, checkpoint: signer.sign(size, root) };
}

/**
 * appendLeaves stores the Merkle hashes for leaves at indexes head.size,
 * head.size+1, … (head as lockLogHeadRoot locked it), moves the head and signs
 * the new checkpoint — all inside the caller's transaction, so an event and
 * its leaf commit or vanish together.
 */
export async function appendLeaves(tx: Tx, head: LockedHead, leaves: readonly Uint8Array[], signer: LogSigner): Promise<LogHead> {
  const plan = await planAppend(
    tx,
    head,
    leaves.map((l) => leafHash(l)),
    signer,
  );
  await tx.query(
    `WITH h AS (INSERT INTO log_hashes (idx, hash) SELECT * FROM unnest($1::bigint[], $2::bytea[]))
     UPDATE log_head SET size = $3, root = $4, checkpoint = $5, updated_at = now() WHERE id = 1`,
    [plan.idx, plan.hashes, plan.size, plan.root, plan.checkpoint],
  );
  return { size: plan.size, root: plan.root };
}
