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
  storedHashCount,
  storedHashIndex,
  treeHash,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from '../src/ledger/index.ts';
import { consistencyProof, inclusionProof, readHead, storeHashReader } from '../src/registry/log/log-read.ts';
import { migrate } from '../src/store/migrate.ts';
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
      h = nodeHash(frontier[level]!, h);
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
  let root: Hash | undefined;
  for (const f of frontier) if (f) root = root ? nodeHash(f, root) : f;
  await pool.query('UPDATE log_head SET size = $1, root = $2, checkpoint = $3, updated_at = now() WHERE id = 1', [
    n,
    root!,
    sign(n, root!),
  ]);
  progress('proof build: VACUUM ANALYZE + CHECKPOINT');
  await pool.query('VACUUM (ANALYZE) log_hashes');
  await pool.query('CHECKPOINT');
  await pool.end();
  return { reused: false, seconds: (performance.now() - started) / 1000, hashSeconds, hashes: next, root: root! };
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

  // Warm-up: plans and the upper levels of the tree's pages.
  for (let k = 0; k < Math.min(200, flags.proofs); k++) await inclusionProof(ctx, idx(), n);

  progress(`timing ${flags.proofs} inclusion and ${flags.proofs} consistency proofs`);
  const inclusion: number[] = [];
  for (let k = 0; k < flags.proofs; k++) {
    const i = idx();
    inclusion.push(await time(() => inclusionProof(ctx, i, n)));
  }
  const consistency: number[] = [];
  for (let k = 0; k < flags.proofs; k++) {
    const from = 1 + idx();
    consistency.push(await time(() => consistencyProof(ctx, from, n)));
  }

  // Sanity: proofs verify against the root computed by the ledger's own treeHash.
  const reader = storeHashReader(ctx.store);
  const root = await treeHash(n, reader);
  if (!root.equals(head.root) || !root.equals(built.root)) throw new Error('treeHash over log_hashes does not match the built root');
  let verified = 0;
  for (let k = 0; k < 20; k++) {
    const i = k === 0 ? n - 1 : idx();
    const p = await inclusionProof(ctx, i, n);
    verifyInclusion(
      i,
      n,
      leafHash(syntheticLeaf(i)),
      p.proof.map((s) => Buffer.from(s, 'base64')),
      root,
    );
    const from = 1 + idx();
    const c = await consistencyProof(ctx, from, n);
    verifyConsistency(
      from,
      n,
      c.proof.map((s) => Buffer.from(s, 'base64')),
      await treeHash(from, reader),
      root,
    );
    verified += 2;
  }
  await ctx.store.close();

  const inc = summarise(inclusion);
  const con = summarise(consistency);
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
          measure: 'inclusionProof(ctx, index, size)',
          value: `${inc.n} proofs`,
          'hashes/s': null,
          'p50 ms': inc.p50,
          'p99 ms': inc.p99,
          'max ms': inc.max,
        },
        {
          measure: 'consistencyProof(ctx, from, size)',
          value: `${con.n} proofs`,
          'hashes/s': null,
          'p50 ms': con.p50,
          'p99 ms': con.p99,
          'max ms': con.max,
        },
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
        'each proof = readHead (1 query) + one log_hashes ANY($1) read; no events table rows are needed (synthetic 200-byte leaves)',
        'build: hashing in JS with src/ledger leafHash/nodeHash, unnest() inserts of 50k hashes, 2 in flight, synchronous_commit=off for the build only',
      ],
    },
  ];
}
