import { auditPaths, cachedHashReader, proveRecord, proveTree, UpperHashCache, type HashReader } from '../../ledger/index.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import type { Store, Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';
import type { Caller } from '../../access/principal.ts';
import { entitlementOf, type Entitlement } from '../../access/entitlement.ts';
import { compactCode, relationOf } from '../robots/passport.ts';
import { loadRobotFacts } from '../robots/robot-facts.ts';
import { parseOpening } from '../events/stored-event.ts';
import { storeHashReader } from './stored-hash-reader.ts';

export { storeHashReader };

/** MAX_ENTRIES_PAGE caps one page of log entries. */
export const MAX_ENTRIES_PAGE = 1000;

const hashCaches = new WeakMap<Store, UpperHashCache>();

/**
 * logHashCache is the store's cache of the upper levels of the stored tree
 * (ledger/hash-cache.ts), made on first use: one per database, shared by every
 * proof and bundle served from it. Only the read paths below fill it, from
 * committed hashes; the writer's transaction never does.
 */
export function logHashCache(store: Store): UpperHashCache {
  let cache = hashCaches.get(store);
  if (!cache) {
    cache = new UpperHashCache();
    hashCaches.set(store, cache);
  }
  return cache;
}

/** proofReader reads committed stored hashes through the store's upper-level cache: a proof queries only its lowest levels. */
export function proofReader(store: Store, tx: Pick<Tx, 'query'> = store): HashReader {
  return cachedHashReader(storeHashReader(tx), logHashCache(store));
}

/** LogHeadView is the current head with its signed checkpoint. */
export interface LogHeadView {
  size: number;
  root: Buffer;
  checkpoint: string;
}

/** readHead returns the current log head; an empty log gets a freshly signed checkpoint of size 0. */
export async function readHead(ctx: RegistryContext, tx: Pick<Tx, 'query'> = ctx.store): Promise<LogHeadView> {
  const [h] = await tx.query<{ size: number; root: Buffer; checkpoint: string | null }>(
    'SELECT size, root, checkpoint FROM log_head WHERE id = 1',
  );
  if (!h) throw new Error('log head missing: the database was not migrated');
  return { size: h.size, root: h.root, checkpoint: h.checkpoint ?? ctx.signer.sign(h.size, h.root) };
}

function checkRange(what: string, value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new RegistryError('LOG_PROOF_RANGE', msg('problem.ledger.outside', { what, value, max }), { max });
  }
}

/** logEntries returns up to limit leaves from start, each as base64 of its bytes. */
export async function logEntries(ctx: RegistryContext, start: number, limit: number) {
  const { size } = await readHead(ctx);
  checkRange('start', start, size);
  checkRange('limit', limit, MAX_ENTRIES_PAGE);
  const rows = await ctx.store.query<{ log_index: number; leaf: Buffer }>(
    'SELECT log_index, leaf FROM events WHERE log_index >= $1 AND log_index < $2 ORDER BY log_index',
    [start, Math.min(start + limit, size)],
  );
  return { entries: rows.map((r) => ({ index: r.log_index, leaf: r.leaf.toString('base64') })) };
}

const headSizes = new WeakMap<Store, number>();

/**
 * treeSize checks a proof's tree size against the log head (the head's size
 * when none is given). The log only grows, so a size at most one this store
 * has already read committed needs no new read of the head: a proof of a
 * given size is then one query.
 */
async function treeSize(ctx: RegistryContext, what: string, size: number | undefined): Promise<number> {
  if (size !== undefined && Number.isSafeInteger(size) && size >= 0 && size <= (headSizes.get(ctx.store) ?? 0)) return size;
  const head = await readHead(ctx);
  headSizes.set(ctx.store, Math.max(head.size, headSizes.get(ctx.store) ?? 0));
  const t = size ?? head.size;
  checkRange(what, t, head.size);
  return t;
}

/** inclusionProof proves leaf index is in the tree of the given size (default: the current size), RFC 9162 §2.1.3.1. */
export async function inclusionProof(ctx: RegistryContext, index: number, size?: number) {
  const t = await treeSize(ctx, 'size', size);
  if (t === 0) throw new RegistryError('LOG_PROOF_RANGE', msg('problem.ledger.emptyTree'));
  checkRange('index', index, t - 1);
  const proof = await proveRecord(t, index, proofReader(ctx.store));
  return { index, size: t, proof: proof.map((h) => h.toString('base64')) };
}

/** consistencyProof proves the tree of size `from` is a prefix of the tree of size `to`, RFC 9162 §2.1.4.1. */
export async function consistencyProof(ctx: RegistryContext, from: number, to: number) {
  await treeSize(ctx, 'to', to);
  checkRange('from', from, to);
  if (from === 0) throw new RegistryError('LOG_PROOF_RANGE', msg('problem.ledger.consistencyFromEmpty'));
  const proof = await proveTree(to, from, proofReader(ctx.store));
  return { from, to, proof: proof.map((h) => h.toString('base64')) };
}

/**
 * passportBundle returns a robot's events with inclusion proofs to the current
 * signed checkpoint, for offline verification (`hreg verify-bundle`). Every
 * caller gets the leaves, which prove the unit's public history; a caller
 * entitled to read the events (as for /events) also gets the opening of each
 * version 2 leaf it may read, to check the full event against the leaf.
 */
export async function passportBundle(ctx: RegistryContext, caller: Caller, input: string) {
  const code = compactCode(input);
  return ctx.store.readOnly(async (tx) => {
    const head = await readHead(ctx, tx);
    let entitlement: Entitlement = { kind: 'public' };
    if (caller) {
      const f = await loadRobotFacts(tx, code);
      if (f) entitlement = entitlementOf(caller, await relationOf(tx, caller, f, ctx.now()));
    }
    const openUntil = entitlement.kind === 'full' ? Number.MAX_SAFE_INTEGER : entitlement.kind === 'until' ? entitlement.seq : 0;
    // The opening is not even read for a seq the caller may not see.
    const rows = await tx.query<{ log_index: number; leaf: Buffer; opening: Buffer | null }>(
      'SELECT log_index, leaf, CASE WHEN seq <= $3 THEN opening END AS opening FROM events WHERE robot_code = $1 AND log_index < $2 ORDER BY seq',
      [code, head.size, Math.min(openUntil, 2_147_483_647)],
    );
    if (rows.length === 0) {
      // A registered robot always has events; an empty bundle lets the verifier report the loss.
      const known = await tx.query('SELECT 1 FROM robots WHERE code = $1', [code]);
      if (known.length === 0) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
    }
    // Every proof from one read of the stored hashes they need (the upper levels mostly from cache), each shared
    // sibling read, folded and base64-encoded once.
    const paths = await auditPaths(
      head.size,
      rows.map((r) => r.log_index),
      proofReader(ctx.store, tx),
    );
    const encoded = paths.hashes.map((h) => h.toString('base64'));
    const { siblings, starts } = paths;
    const entries = rows.map((r, i) => {
      const opening = parseOpening(r.opening);
      const proof: string[] = [];
      for (let k = starts[i] ?? 0, end = starts[i + 1] ?? 0; k < end; k++)
        proof.push(must(encoded[siblings[k] ?? -1], 'every sibling is encoded'));
      return {
        index: r.log_index,
        leaf: r.leaf.toString('base64'),
        proof,
        ...(opening ? { opening } : {}),
      };
    });
    return { version: 1 as const, code, checkpoint: head.checkpoint, entries };
  });
}
