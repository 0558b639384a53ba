import {
  auditPaths,
  cachedHashReader,
  proveRecord,
  proveTree,
  siblingsOf,
  UpperHashCache,
  warmUpperLevels,
  type HashReader,
  type LeafOpening,
} from '../../ledger/index.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
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

const warmings = new WeakMap<Store, Promise<void>>();

/**
 * warmHashCache starts, once per store and in the background, filling its upper-level cache with
 * every complete subtree of those levels in the tree of size t (ledger/hash-cache.ts,
 * warmUpperLevels), so a random proof reads only its ≤ 8 lowest siblings, all in one 256-record
 * subtree, instead of also probing the levels just above them wherever no proof looked before.
 * The returned promise settles when it is done; a failed warming is tried again by a later proof.
 */
export function warmHashCache(store: Store, t: number): Promise<void> {
  const warming = warmings.get(store);
  if (warming) return warming;
  const started = warmUpperLevels(logHashCache(store), storeHashReader(store), t).catch(() => {
    warmings.delete(store);
  });
  warmings.set(store, started);
  return started;
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
  void warmHashCache(ctx.store, t);
  const proof = await proveRecord(t, index, proofReader(ctx.store));
  return { index, size: t, proof: proof.map((h) => h.toString('base64')) };
}

/** consistencyProof proves the tree of size `from` is a prefix of the tree of size `to`, RFC 9162 §2.1.4.1. */
export async function consistencyProof(ctx: RegistryContext, from: number, to: number) {
  await treeSize(ctx, 'to', to);
  checkRange('from', from, to);
  if (from === 0) throw new RegistryError('LOG_PROOF_RANGE', msg('problem.ledger.consistencyFromEmpty'));
  void warmHashCache(ctx.store, to);
  const proof = await proveTree(to, from, proofReader(ctx.store));
  return { from, to, proof: proof.map((h) => h.toString('base64')) };
}

/** BundleParts is a passport bundle before it is written out: each distinct proof hash once, and every path as positions in them. */
interface BundleParts {
  code: string;
  checkpoint: string;
  rows: { index: number; leaf: Buffer; opening: LeafOpening | undefined }[];
  /** hashes holds each distinct sibling of the proofs once, as base64; path i is hashes[siblings[starts[i]]] … */
  hashes: string[];
  siblings: Int32Array;
  starts: Int32Array;
}

/**
 * bundleParts reads what a passport bundle holds: the current head, the unit's leaves (and the
 * openings the caller may read) and, from one read of the stored hashes they need (the upper
 * levels mostly from cache), every inclusion proof, each shared sibling read, folded and encoded
 * once. Four statements, none in a transaction: the leaves are those below the head's size, all
 * committed with it, and stored hashes never change. afterHead runs beside the other reads.
 */
async function bundleParts(
  ctx: RegistryContext,
  caller: Caller,
  input: string,
  afterHead?: (head: LogHeadView) => void,
): Promise<BundleParts> {
  const code = compactCode(input);
  const store = ctx.store;
  const head = await readHead(ctx);
  afterHead?.(head);
  void warmHashCache(store, head.size);
  let entitlement: Entitlement = { kind: 'public' };
  if (caller) {
    const f = await loadRobotFacts(store, code);
    if (f) entitlement = entitlementOf(caller, await relationOf(store, caller, f, ctx.now()));
  }
  const openUntil = entitlement.kind === 'full' ? Number.MAX_SAFE_INTEGER : entitlement.kind === 'until' ? entitlement.seq : 0;
  // The opening is not even read for a seq the caller may not see.
  const rows = await store.query<{ log_index: number; leaf: Buffer; opening: Buffer | null }>(
    'SELECT log_index, leaf, CASE WHEN seq <= $3 THEN opening END AS opening FROM events WHERE robot_code = $1 AND log_index < $2 ORDER BY seq',
    [code, head.size, Math.min(openUntil, 2_147_483_647)],
  );
  if (rows.length === 0) {
    // A registered robot always has events; an empty bundle lets the verifier report the loss.
    const known = await store.query('SELECT 1 FROM robots WHERE code = $1', [code]);
    if (known.length === 0) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
  }
  const paths = await auditPaths(
    head.size,
    rows.map((r) => r.log_index),
    proofReader(store),
  );
  return {
    code,
    checkpoint: head.checkpoint,
    rows: rows.map((r) => ({ index: r.log_index, leaf: r.leaf, opening: parseOpening(r.opening) })),
    hashes: paths.hashes.map((h) => h.toString('base64')),
    siblings: paths.siblings,
    starts: paths.starts,
  };
}

/**
 * passportBundle returns a robot's events with inclusion proofs to the current
 * signed checkpoint, for offline verification (`hreg verify-bundle`). Every
 * caller gets the leaves, which prove the unit's public history; a caller
 * entitled to read the events (as for /events) also gets the opening of each
 * version 2 leaf it may read, to check the full event against the leaf.
 */
export async function passportBundle(ctx: RegistryContext, caller: Caller, input: string) {
  return bundleObject(await bundleParts(ctx, caller, input));
}

function bundleObject(b: BundleParts) {
  const entries = b.rows.map((r, i) => ({
    index: r.index,
    leaf: r.leaf.toString('base64'),
    proof: siblingsOf(b, i, b.hashes),
    ...(r.opening ? { opening: r.opening } : {}),
  }));
  return { version: 1 as const, code: b.code, checkpoint: b.checkpoint, entries };
}

/** WitnessedView is the witnesses' checkpoint a bundle's tree extends, with the consistency proof to it. */
export interface WitnessedView {
  checkpoint: string;
  proof: string[];
}

/**
 * passportBundleAnswer is the bundle as GET /robots/{code}/bundle answers it, with the witnesses'
 * view of its checkpoint (witnessedOf, read beside the bundle). A bundle without openings (the
 * public one, and any holding only version 1 leaves) comes written out as the UTF-8 JSON the
 * route's schema serializer would make of it — the same bytes, in the serializer's member order —
 * from each distinct proof hash written once, without an object per entry; a bundle with
 * openings comes as the object, for the serializer.
 */
export async function passportBundleAnswer(
  ctx: RegistryContext,
  caller: Caller,
  input: string,
  witnessedOf: (checkpoint: string) => Promise<WitnessedView | undefined>,
): Promise<{ json: Buffer } | { bundle: ReturnType<typeof bundleObject> & { witnessed?: WitnessedView } }> {
  let witnessed: Promise<WitnessedView | undefined> | undefined;
  const b = await bundleParts(ctx, caller, input, (head) => {
    witnessed = witnessedOf(head.checkpoint);
    // Awaited below; a bundle that fails first must not leave it unhandled.
    witnessed.catch(() => {});
  });
  const w = await witnessed;
  if (b.rows.some((r) => r.opening)) return { bundle: { ...bundleObject(b), ...(w ? { witnessed: w } : {}) } };
  // Base64 needs no escaping: a hash or leaf goes between quotes as it is; the rest through JSON.stringify, as the serializer
  // does, and the members in the order it writes them (witnessed last); test/ledger-mixed.test.ts compares the bytes.
  const quoted = b.hashes.map((h) => `"${h}"`);
  const entries: string[] = new Array(b.rows.length);
  let length = Math.max(0, b.rows.length - 1);
  b.rows.forEach((r, i) => {
    const entry = `{"index":${r.index},"leaf":"${r.leaf.toString('base64')}","proof":[${siblingsOf(b, i, quoted).join(',')}]}`;
    entries[i] = entry;
    length += entry.length;
  });
  // The entries are ASCII (digits and base64), one byte a character; the rest may not be (a checkpoint's signature line).
  const witnessedJson = w ? `,"witnessed":{"checkpoint":${JSON.stringify(w.checkpoint)},"proof":${JSON.stringify(w.proof)}}` : '';
  const head = Buffer.from(`{"version":1,"code":${JSON.stringify(b.code)},"checkpoint":${JSON.stringify(b.checkpoint)},"entries":[`);
  const tail = Buffer.from(`]${witnessedJson}}`);
  // Written straight into the bytes sent: no 1 MB string to join, flatten and encode again.
  const json = Buffer.allocUnsafe(head.length + length + tail.length);
  let at = head.copy(json, 0);
  entries.forEach((entry, i) => {
    if (i > 0) at = json.writeUInt8(0x2c, at);
    at += json.write(entry, at, 'latin1');
  });
  at += tail.copy(json, at);
  if (at !== json.length) throw new Error('invariant broken: the bundle fills the bytes counted for it');
  return { json };
}
