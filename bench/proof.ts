/**
 * proof: inclusion and consistency proof latency on a log of N leaves. The
 * log is built straight into log_hashes/log_head: leaves are streamed, only
 * the right frontier is kept in memory, and each leaf's new stored hashes —
 * which are exactly the next indexes, in order — are bulk-inserted in chunks.
 */
import pg from 'pg';
import {
  leafHash,
  nodeHash,
  proveRecord,
  proveTree,
  recordProofIndexes,
  storedHashCount,
  storedHashIndex,
  treeHash,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from '../src/ledger/index.ts';
import {
  consistencyProof,
  inclusionProof,
  logHashCache,
  passportBundle,
  passportBundleAnswer,
  readHead,
  storeHashReader,
  warmHashCache,
} from '../src/registry/log/log-read.ts';
import type { RegistryContext } from '../src/registry/context.ts';
import { migrate } from '../src/store/migrate.ts';
import { must } from '../src/must.ts';
import { openPostgresStore } from '../src/store/postgres-store.ts';
import { benchContext, benchSigner, databaseExists, recreateDatabase } from './database.ts';
import { scenarioDatabase, type Flags } from './flags.ts';
import { progress, type ResultTable } from './report.ts';
import { seededRandom, summarise } from './stats.ts';

const LEAF_BYTES = 200;
const CHUNK = 50_000;

/** syntheticLeaf is leaf i's 200 bytes: its index, then a fixed filler; proofs only read stored hashes. */
export function syntheticLeaf(i: number): Buffer {
  const b = Buffer.alloc(LEAF_BYTES, 0x61);
  b.writeDoubleBE(i, 0);
  return b;
}

interface Built {
  reused: boolean;
  /** seconds is the whole build: database, migration, hashing, inserts, VACUUM. */
  seconds: number;
  /** hashSeconds is hashing and inserting only. */
  hashSeconds: number;
  hashes: number;
  root: Hash;
}

/** buildLog streams n synthetic leaves into log_hashes and sets log_head to the signed tree of size n. */
async function buildLog(url: string, n: number, sign: (size: number, root: Hash) => string): Promise<Built> {
  const started = performance.now();
  progress(`recreating ${url}`);
  await recreateDatabase(url);
  const store = await openPostgresStore(url, { poolSize: 2 });
  await migrate(store);
  await store.close();
  const pool = new pg.Pool({ connectionString: url, max: 2, options: '-c synchronous_commit=off' });
  // frontier[l] is the hash of the complete level-l subtree still waiting for its right sibling.
  const frontier: (Hash | undefined)[] = [];
  let idx: number[] = [];
  let hashes: Buffer[] = [];
  let next = 0;
  const inFlight = new Set<Promise<unknown>>();
  const flush = async () => {
    const i = idx;
    const h = hashes;
    idx = [];
    hashes = [];
    while (inFlight.size >= 2) await Promise.race(inFlight);
    const p = pool
      .query('INSERT INTO log_hashes (idx, hash) SELECT * FROM unnest($1::bigint[], $2::bytea[])', [i, h])
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  let lastReport = performance.now();
  const hashing = performance.now();
  for (let leaf = 0; leaf < n; leaf++) {
    let h = leafHash(syntheticLeaf(leaf));
    idx.push(next++);
    hashes.push(h);
    // Each trailing 1 bit of leaf completes a subtree with the waiting left sibling (as storedHashesForLeafHash).
    let level = 0;
    for (let k = leaf; k % 2 === 1; k = (k - 1) / 2, level++) {
      h = nodeHash(must(frontier[level], 'the left sibling waits in the frontier'), h);
      frontier[level] = undefined;
      idx.push(next++);
      hashes.push(h);
    }
    frontier[level] = h;
    if (idx.length >= CHUNK) await flush();
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      progress(
        `proof build: ${leaf.toLocaleString('en-US')}/${n.toLocaleString('en-US')} leaves, ${Math.round(next / ((lastReport - started) / 1000)).toLocaleString('en-US')} hashes/s`,
      );
    }
  }
  if (idx.length > 0) await flush();
  await Promise.all(inFlight);
  const hashSeconds = (performance.now() - hashing) / 1000;
  if (next !== storedHashCount(n) || storedHashIndex(0, n - 1) > next)
    throw new Error(`built ${next} hashes, expected ${storedHashCount(n)}`);
  // The root folds the frontier from the smallest subtree up (RFC 6962 §2.1).
  let folded: Hash | undefined;
  for (const f of frontier) if (f) folded = folded ? nodeHash(f, folded) : f;
  const root = must(folded, 'a log of n ≥ 1 leaves has a root');
  await pool.query('UPDATE log_head SET size = $1, root = $2, checkpoint = $3, updated_at = now() WHERE id = 1', [n, root, sign(n, root)]);
  progress('proof build: VACUUM ANALYZE + CHECKPOINT');
  await pool.query('VACUUM (ANALYZE) log_hashes');
  await pool.query('CHECKPOINT');
  await pool.end();
  return { reused: false, seconds: (performance.now() - started) / 1000, hashSeconds, hashes: next, root };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** proofScenario builds (or with --reuse keeps) the log, then times and checks proofs. */
export async function proofScenario(flags: Flags): Promise<ResultTable[]> {
  const url = scenarioDatabase(flags, `_proof_${flags.leaves}`);
  let built: Built | undefined;
  if (flags.reuse && (await databaseExists(url))) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query('SELECT size::float8 AS size, root FROM log_head WHERE id = 1');
    await c.end();
    if (rows[0]?.size === flags.leaves)
      built = { reused: true, seconds: NaN, hashSeconds: NaN, hashes: storedHashCount(flags.leaves), root: rows[0].root };
  }
  const signed = benchSigner();
  built ??= await buildLog(url, flags.leaves, signed.signer.sign);

  const ctx = benchContext(await openPostgresStore(url, { poolSize: 4 }), signed);
  const n = flags.leaves;
  const head = await readHead(ctx);
  if (head.size !== n) throw new Error(`log_head.size is ${head.size}, expected ${n}`);
  const rand = seededRandom(7);
  const idx = () => Math.floor(rand() * n);

  // The served path warms the upper-level cache in the background on its first proof; the timing waits for it.
  const warming = performance.now();
  await warmHashCache(ctx.store, n);
  const warmedMs = performance.now() - warming;
  // Warm-up: plans, the upper levels of the tree's pages.
  for (let k = 0; k < Math.min(200, flags.proofs); k++) {
    const i = idx();
    await inclusionProof(ctx, i, n);
    await plainInclusion(ctx, i, n);
  }

  // The plain stored-hash path (one log_hashes read of every level, as before the cache) and the served,
  // cached path, interleaved on the same random indexes so both see the same machine load.
  progress(`timing ${flags.proofs} inclusion and ${flags.proofs} consistency proofs, plain and cached, interleaved`);
  const inclusion: number[] = [];
  const inclusionPlain: number[] = [];
  // The anchor: one primary-key read of one stored hash through the same store, in the same loop, so its
  // p99 shows what scheduling on this machine adds to any one round trip at the time.
  const anchor: number[] = [];
  const pkRead = (i: number) => ctx.store.query('SELECT hash FROM log_hashes WHERE idx = $1', [i]);
  const cache = logHashCache(ctx.store);
  const before = cache.stats;
  for (let k = 0; k < flags.proofs; k++) {
    const i = idx();
    if (k % 2 === 0) {
      inclusion.push(await time(() => inclusionProof(ctx, i, n)));
      inclusionPlain.push(await time(() => plainInclusion(ctx, i, n)));
      anchor.push(await time(() => pkRead(i)));
    } else {
      anchor.push(await time(() => pkRead(i)));
      inclusionPlain.push(await time(() => plainInclusion(ctx, i, n)));
      inclusion.push(await time(() => inclusionProof(ctx, i, n)));
    }
  }
  const consistency: number[] = [];
  const consistencyPlain: number[] = [];
  for (let k = 0; k < flags.proofs; k++) {
    const from = 1 + idx();
    consistency.push(await time(() => consistencyProof(ctx, from, n)));
    consistencyPlain.push(await time(() => plainConsistency(ctx, from, n)));
  }
  const after = cache.stats;
  const hitRate = (after.hits - before.hits) / Math.max(1, after.hits - before.hits + after.misses - before.misses);

  // Sanity: proofs verify against the root computed by the ledger's own treeHash.
  const reader = storeHashReader(ctx.store);
  const root = await treeHash(n, reader);
  if (!root.equals(head.root) || !root.equals(built.root)) throw new Error('treeHash over log_hashes does not match the built root');
  let verified = 0;
  for (let k = 0; k < 20; k++) {
    const i = k === 0 ? n - 1 : idx();
    const p = await inclusionProof(ctx, i, n);
    if (JSON.stringify(p) !== JSON.stringify(await plainInclusion(ctx, i, n)))
      throw new Error(`cached proof of ${i} differs from the plain one`);
    verifyInclusion(
      i,
      n,
      leafHash(syntheticLeaf(i)),
      p.proof.map((s) => Buffer.from(s, 'base64')),
      root,
    );
    const from = 1 + idx();
    const c = await consistencyProof(ctx, from, n);
    if (JSON.stringify(c) !== JSON.stringify(await plainConsistency(ctx, from, n))) throw new Error(`cached proof from ${from} differs`);
    verifyConsistency(
      from,
      n,
      c.proof.map((s) => Buffer.from(s, 'base64')),
      await treeHash(from, reader),
      root,
    );
    verified += 2;
  }
  // A unit's events clustered (every other leaf of a window in the middle, as a busy unit among a few others)
  // and scattered (at random over the whole log, as a long-lived unit among millions).
  const bundleRounds = Math.max(5, Math.min(40, Math.floor(flags.proofs / 20)));
  const rand2 = seededRandom(11);
  const scattered = new Set<number>();
  while (scattered.size < Math.min(BUNDLE_EVENTS, n)) scattered.add(Math.floor(rand2() * n));
  const start = Math.max(0, Math.floor(n / 2) - BUNDLE_EVENTS);
  const clustered = Array.from({ length: Math.min(BUNDLE_EVENTS, Math.floor(n / 2)) }, (_, k) => start + 2 * k);
  // Consecutive: the unit's events logged one after another (lifecycle's long-history unit, built by one writer).
  const from = Math.max(0, Math.floor(n / 4));
  const consecutive = Array.from({ length: Math.min(BUNDLE_EVENTS, n - from) }, (_, k) => from + k);
  const bundles = [
    { layout: 'consecutive', ...(await bundleTimes(ctx, url, n, root, consecutive, bundleRounds)) },
    { layout: 'clustered', ...(await bundleTimes(ctx, url, n, root, clustered, bundleRounds)) },
    {
      layout: 'scattered',
      ...(await bundleTimes(
        ctx,
        url,
        n,
        root,
        [...scattered].sort((a, b) => a - b),
        bundleRounds,
      )),
    },
  ];
  await ctx.store.close();

  const pk = summarise(anchor);
  const inc = summarise(inclusion);
  const con = summarise(consistency);
  const incPlain = summarise(inclusionPlain);
  const conPlain = summarise(consistencyPlain);
  const bundleRows = bundles.flatMap((b) => {
    const old = summarise(b.before);
    const now = summarise(b.after);
    const bytes = summarise(b.answer);
    return [
      {
        measure: `bundle, ${BUNDLE_EVENTS} events ${b.layout}: before (per-event proveRecord)`,
        value: `${old.n} bundles, ${b.hashes.toLocaleString('en-US')} hashes`,
        'hashes/s': null,
        'p50 ms': old.p50,
        'p99 ms': old.p99,
        'max ms': old.max,
      },
      {
        measure: `passportBundle, ${BUNDLE_EVENTS} events ${b.layout} (proveRecords + cache)`,
        value: `${now.n} bundles`,
        'hashes/s': null,
        'p50 ms': now.p50,
        'p99 ms': now.p99,
        'max ms': now.max,
      },
      {
        measure: `passportBundleAnswer, ${BUNDLE_EVENTS} events ${b.layout} (the route's bytes)`,
        value: `${bytes.n} bundles`,
        'hashes/s': null,
        'p50 ms': bytes.p50,
        'p99 ms': bytes.p99,
        'max ms': bytes.max,
      },
    ];
  });
  return [
    {
      title: `proof — ${n.toLocaleString('en-US')} leaves (${built.hashes.toLocaleString('en-US')} stored hashes), ${flags.proofs} random proofs each, sequential (goal: inclusion < 2 ms)`,
      rows: [
        {
          measure: 'build: hash + insert (stream leaves → log_hashes)',
          value: built.reused ? 'reused' : `${built.hashSeconds.toFixed(1)} s`,
          'hashes/s': built.reused ? null : built.hashes / built.hashSeconds,
          'p50 ms': null,
          'p99 ms': null,
          'max ms': null,
        },
        {
          measure: 'build: total incl. create, migrate, VACUUM, CHECKPOINT',
          value: built.reused ? 'reused' : `${built.seconds.toFixed(1)} s`,
          'hashes/s': built.reused ? null : built.hashes / built.seconds,
          'p50 ms': null,
          'p99 ms': null,
          'max ms': null,
        },
        {
          measure: 'anchor: one log_hashes primary-key read (same store, same loop)',
          value: `${pk.n} reads`,
          'hashes/s': null,
          'p50 ms': pk.p50,
          'p99 ms': pk.p99,
          'max ms': pk.max,
        },
        {
          measure: 'inclusion, plain stored-hash path (before)',
          value: `${incPlain.n} proofs`,
          'hashes/s': null,
          'p50 ms': incPlain.p50,
          'p99 ms': incPlain.p99,
          'max ms': incPlain.max,
        },
        {
          measure: 'inclusionProof(ctx, index, size), cached upper levels',
          value: `${inc.n} proofs`,
          'hashes/s': null,
          'p50 ms': inc.p50,
          'p99 ms': inc.p99,
          'max ms': inc.max,
        },
        {
          measure: 'consistency, plain stored-hash path (before)',
          value: `${conPlain.n} proofs`,
          'hashes/s': null,
          'p50 ms': conPlain.p50,
          'p99 ms': conPlain.p99,
          'max ms': conPlain.max,
        },
        {
          measure: 'consistencyProof(ctx, from, size), cached upper levels',
          value: `${con.n} proofs`,
          'hashes/s': null,
          'p50 ms': con.p50,
          'p99 ms': con.p99,
          'max ms': con.max,
        },
        ...bundleRows,
        {
          measure: 'verified with verifyInclusion/verifyConsistency',
          value: `${verified} ok`,
          'hashes/s': null,
          'p50 ms': null,
          'p99 ms': null,
          'max ms': null,
        },
      ],
      notes: [
        'plain (before): readHead + one log_hashes ANY($1) read of every level; cached: no head read for a size already seen, one log_hashes read of the levels below the cache and its misses; synthetic 200-byte leaves',
        "bundle 'before' is the old algorithm (row-by-row read, proveRecord per event) on today's closed-form index arithmetic, so it understates the old cost",
        `inclusion (cached) ÷ anchor: p50 ${(inc.p50 / pk.p50).toFixed(2)}, p99 ${(inc.p99 / pk.p99).toFixed(2)}`,
        `hash cache (levels ≥ ${cache.minLevel}, warmed before timing in ${warmedMs.toFixed(0)} ms) during the timed proofs: ${(hitRate * 100).toFixed(1)} % of the hashes a proof needs served from memory (the rest are the levels below the cache); holds ${after.held.toLocaleString('en-US')} hashes in ${(after.bytes / 1e6).toFixed(2)} MB`,
        `bundle: one unit's ${BUNDLE_EVENTS} events (events rows written with FK checks off); hashes = distinct stored hashes its proofs need; each bundle equals the one built before and every proof verifies against the root`,
        'build: hashing in JS with src/ledger leafHash/nodeHash, unnest() inserts of 50k hashes, 2 in flight, synchronous_commit=off for the build only',
      ],
    },
  ];
}

/** plainInclusion is inclusionProof as it was before the hash cache: readHead, then every level from log_hashes. */
async function plainInclusion(ctx: RegistryContext, index: number, size: number) {
  await readHead(ctx);
  const proof = await proveRecord(size, index, storeHashReader(ctx.store));
  return { index, size, proof: proof.map((h) => h.toString('base64')) };
}

/** plainConsistency is consistencyProof as it was before the hash cache. */
async function plainConsistency(ctx: RegistryContext, from: number, to: number) {
  await readHead(ctx);
  const proof = await proveTree(to, from, storeHashReader(ctx.store));
  return { from, to, proof: proof.map((h) => h.toString('base64')) };
}

const BUNDLE_EVENTS = 1000;
const BUNDLE_CODE = 'CN00040000012412140000000008O';

/** bundleBefore is passportBundle for a public caller as it was before proveRecords: one read, then proveRecord per event. */
async function bundleBefore(ctx: RegistryContext, code: string) {
  return ctx.store.readOnly(async (tx) => {
    const head = await readHead(ctx, tx);
    const rows = await tx.query<{ log_index: number; leaf: Buffer; opening: Buffer | null }>(
      'SELECT log_index, leaf, CASE WHEN seq <= $3 THEN opening END AS opening FROM events WHERE robot_code = $1 AND log_index < $2 ORDER BY seq',
      [code, head.size, 0],
    );
    const needed = [...new Set(rows.flatMap((r) => recordProofIndexes(head.size, r.log_index)))];
    // The row-by-row read it used (storeHashReader now reads this many as one row).
    const read = await tx.query<{ idx: number; hash: Buffer }>('SELECT idx, hash FROM log_hashes WHERE idx = ANY($1::bigint[])', [needed]);
    const hashes = new Map(read.map((r) => [r.idx, r.hash]));
    const reader = {
      readHashes: async (indexes: number[]) =>
        indexes.map((i) => {
          const h = hashes.get(i);
          if (!h) throw new Error(`hash ${i} was read for the proofs`);
          return h;
        }),
    };
    const entries = [];
    for (const r of rows) {
      const proof = await proveRecord(head.size, r.log_index, reader);
      entries.push({ index: r.log_index, leaf: r.leaf.toString('base64'), proof: proof.map((h) => h.toString('base64')) });
    }
    return { version: 1 as const, code, checkpoint: head.checkpoint, entries, hashes: needed.length };
  });
}

/**
 * bundleTimes gives one unit events at the given indexes of the built log (their leaves are the synthetic
 * leaves there, so every proof verifies), then times the bundle before and after, interleaved.
 */
async function bundleTimes(ctx: RegistryContext, url: string, n: number, root: Hash, indexes: number[], rounds: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  // A bench database: the unit, its maker and its actor need not exist for a public bundle.
  await c.query("SET session_replication_role = 'replica'");
  await c.query('DELETE FROM events WHERE robot_code = $1', [BUNDLE_CODE]);
  await c.query(
    `INSERT INTO events (log_index, robot_code, seq, type, occurred_at, recorded_at, actor_id, data, leaf)
     SELECT i, $1, s, 'serviced', now(), now(), '00000000-0000-4000-8000-000000000000', '{}', l
     FROM unnest($2::bigint[], $3::int[], $4::bytea[]) AS x(i, s, l)`,
    [BUNDLE_CODE, indexes, indexes.map((_, k) => k + 1), indexes.map((i) => syntheticLeaf(i))],
  );
  await c.query('ANALYZE events');
  await c.end();
  progress(`timing ${rounds} bundles of ${indexes.length} events, before and after, interleaved`);
  const before: number[] = [];
  const after: number[] = [];
  const answer: number[] = [];
  let hashes = 0;
  for (let k = 0; k < rounds + 2; k++) {
    const t0 = performance.now();
    const old = await bundleBefore(ctx, BUNDLE_CODE);
    const t1 = performance.now();
    const now = await passportBundle(ctx, undefined, BUNDLE_CODE);
    const t2 = performance.now();
    const bytes = await passportBundleAnswer(ctx, undefined, BUNDLE_CODE, async () => undefined);
    const t3 = performance.now();
    hashes = old.hashes;
    if (k < 2) {
      // Warm-up rounds check the new bundle against the old and every proof against the root.
      if (JSON.stringify(now.entries) !== JSON.stringify(old.entries)) throw new Error('the bundle differs from the one built before');
      if (!('json' in bytes) || JSON.stringify(JSON.parse(bytes.json.toString('utf8')).entries) !== JSON.stringify(old.entries))
        throw new Error("the route's bytes differ from the bundle built before");
      for (const e of now.entries)
        verifyInclusion(
          e.index,
          n,
          leafHash(syntheticLeaf(e.index)),
          e.proof.map((s) => Buffer.from(s, 'base64')),
          root,
        );
      continue;
    }
    before.push(t1 - t0);
    after.push(t2 - t1);
    answer.push(t3 - t2);
  }
  return { before, after, answer, hashes };
}
