import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  UpperHashCache,
  cachedHashReader,
  proveRecord,
  proveRecords,
  proveTree,
  storedHashCount,
  type PassportBundle,
} from '../src/ledger/index.ts';
import { writeEvents } from '../src/registry/events/event-writer.ts';
import { logHashCache, readHead, storeHashReader } from '../src/registry/log/log-read.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from './harness.ts';

let r: TestRegistry;
let maker: Enrolled;
let model: string;
const b64 = (hashes: Buffer[]) => hashes.map((h) => h.toString('base64'));

before(async () => {
  r = await testRegistry();
  maker = await enrol(r, ['manufacturer']);
  model = await fileModel(r, maker);
});
after(() => r.dispose());

async function grow(units: number): Promise<number> {
  const res = await r.call('POST', '/v1/robots/batch', {
    token: maker.token,
    body: { units: Array.from({ length: units }, () => unitBody(model)) },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return (await readHead(r.ctx)).size;
}

// Sizes where the right edge is complete and one record either side of it.
const edges = (size: number) =>
  [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, size - 1, size].filter((t) => t >= 1 && t <= size);

test(`[${ENGINE}] proofs through the upper-level cache equal the plain stored-hash proofs as the log grows`, async () => {
  const plain = storeHashReader(r.ctx.store);
  // Caches kept across the growth, at low levels so a small log exercises them.
  const caches = [0, 1, 2, 4].map((l) => new UpperHashCache(l));
  let checked = 0;
  for (const units of [3, 6, 13, 20, 29]) {
    const size = await grow(units);
    for (const cache of caches) {
      const cached = cachedHashReader(plain, cache);
      for (const t of edges(size)) {
        const ns = [...new Set([0, 1, Math.floor(t / 2), t - 2, t - 1])].filter((n) => n >= 0 && n < t);
        for (const n of ns) {
          assert.deepEqual(await proveRecord(t, n, cached), await proveRecord(t, n, plain), `inclusion ${n} in ${t}`);
          checked++;
        }
        const all = await proveRecords(t, ns, cached);
        for (const [j, n] of ns.entries()) assert.deepEqual(all[j], await proveRecord(t, n, plain), `proveRecords ${n} in ${t}`);
        for (const m of [1, Math.ceil(t / 2), t])
          assert.deepEqual(await proveTree(t, m, cached), await proveTree(t, m, plain), `consistency ${m} → ${t}`);
      }
    }
  }
  assert.ok(checked > 500);
  for (const cache of caches) assert.ok(cache.stats.hits > 0, `level ${cache.minLevel} served hashes`);
});

test(`[${ENGINE}] the served proofs and bundles equal the plain stored-hash proofs`, async () => {
  const size = await grow(5);
  const plain = storeHashReader(r.ctx.store);
  for (const t of edges(size)) {
    for (const n of [0, Math.floor(t / 2), t - 1]) {
      const res = await r.call('GET', `/v1/log/proof/inclusion?index=${n}&size=${t}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.proof, b64(await proveRecord(t, n, plain)), `served inclusion ${n} in ${t}`);
    }
    const c = await r.call('GET', `/v1/log/proof/consistency?from=${Math.ceil(t / 2)}&to=${t}`);
    assert.deepEqual(c.body.proof, b64(await proveTree(t, Math.ceil(t / 2), plain)));
  }
  // A unit with several events spread over the log, its bundle against the plain path.
  const reg = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
  const code: string = reg.body.code;
  await grow(4);
  for (const seq of [2, 3, 4]) {
    await r.ctx.store.readWrite((tx) =>
      writeEvents(tx, r.ctx.signer, [
        {
          robotCode: code,
          seq,
          type: 'serviced',
          occurredAt: new Date('2026-11-21T08:00:00Z'),
          recordedAt: new Date('2026-11-21T08:00:01Z'),
          actorId: maker.id,
          ownerId: maker.id,
          data: { kind: 'inspection', firmware: `cached-${seq}` },
        },
      ]),
    );
    await grow(3);
  }
  const head = await readHead(r.ctx);
  const bundle = (await r.call('GET', `/v1/robots/${code}/bundle`)).body as PassportBundle;
  assert.equal(bundle.entries.length, 4);
  for (const e of bundle.entries) assert.deepEqual(e.proof, b64(await proveRecord(head.size, e.index, plain)), `bundle entry ${e.index}`);
  assert.ok(logHashCache(r.ctx.store).stats.misses > 0, "the registry's cache was used");
});

test(`[${ENGINE}] a size beyond the head is refused until the log reaches it, though known sizes skip the head read`, async () => {
  const size = (await readHead(r.ctx)).size;
  assert.equal((await r.call('GET', `/v1/log/proof/inclusion?index=0&size=${size}`)).status, 200);
  const beyond = await r.call('GET', `/v1/log/proof/inclusion?index=0&size=${size + 1}`);
  assert.equal(beyond.status, 400);
  assert.equal(beyond.body.code, 'LOG_PROOF_RANGE');
  assert.equal((await r.call('GET', `/v1/log/proof/consistency?from=1&to=${size + 1}`)).status, 400);
  await grow(1);
  const now = await r.call('GET', `/v1/log/proof/inclusion?index=0&size=${size + 1}`);
  assert.equal(now.status, 200);
  assert.deepEqual(now.body.proof, b64(await proveRecord(size + 1, 0, storeHashReader(r.ctx.store))));
});

test(`[${ENGINE}] a large hash read (one row) equals the row-by-row read, in the order asked, and refuses a missing index`, async () => {
  const size = (await readHead(r.ctx)).size;
  const reader = storeHashReader(r.ctx.store);
  const count = storedHashCount(size);
  assert.ok(count >= 100);
  // Unsorted, with repeats: the order asked is the order returned.
  const indexes = Array.from({ length: 150 }, (_, k) => (k * 37) % count);
  let queries = 0;
  const counted = storeHashReader({
    query: (sql, params) => {
      queries++;
      return r.ctx.store.query(sql, params);
    },
  });
  const many = await counted.readHashes(indexes);
  assert.equal(queries, 1, 'one query, one row');
  assert.equal(many.length, indexes.length);
  for (const [k, index] of indexes.entries()) assert.deepEqual(many[k], (await reader.readHashes([index]))[0], `hash ${index}`);
  await assert.rejects(reader.readHashes([...indexes, count]), { code: 'INTERNAL' });
});

test(`[${ENGINE}] a read of dense runs (a unit's events logged together) reads them as ranges: the same hashes in the order asked, one query, and a missing index is refused`, async () => {
  const size = (await readHead(r.ctx)).size;
  const count = storedHashCount(size);
  assert.ok(count >= 120, `count ${count}`);
  const plain = storeHashReader(r.ctx.store);
  const expected = async (indexes: number[]) => Promise.all(indexes.map(async (i) => (await plain.readHashes([i]))[0]));
  // Two dense runs (gaps up to 16), some lone indexes between and after them, unsorted, with repeats.
  const dense = [
    ...Array.from({ length: 40 }, (_, k) => 2 + 2 * k),
    ...Array.from({ length: 20 }, (_, k) => 100 + k),
    5,
    97,
    count - 1,
    count - 1,
  ].sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101));
  let queries = 0;
  let sql = '';
  const counted = storeHashReader({
    query: (text, params) => {
      queries++;
      sql = text;
      return r.ctx.store.query(text, params);
    },
  });
  assert.deepEqual(await counted.readHashes(dense), await expected(dense));
  assert.equal(queries, 1, 'one query');
  assert.match(sql, /BETWEEN/, 'the dense runs were read as ranges');
  // A range that runs past the stored hashes is refused, as a missing probe is.
  const past = Array.from({ length: 20 }, (_, k) => count - 10 + k);
  await assert.rejects(plain.readHashes(past), { code: 'INTERNAL' });
  // Lone indexes stay probes.
  queries = 0;
  const lone = [0, 40, 80, count - 1];
  assert.deepEqual(await counted.readHashes(lone), await expected(lone));
  assert.doesNotMatch(sql, /BETWEEN/);
});

test(`[${ENGINE}] a proof's few hashes are read with scalar parameters (a statement the store prepares once), equal to the array read, and a missing index is refused`, async () => {
  const size = (await readHead(r.ctx)).size;
  const count = storedHashCount(size);
  const reader = storeHashReader(r.ctx.store);
  let last: { sql: string; params: unknown[] | undefined } = { sql: '', params: undefined };
  const counted = storeHashReader({
    query: (sql, params) => {
      last = { sql, params };
      return r.ctx.store.query(sql, params);
    },
  });
  // 1, 2, 5 and 32 indexes (the most sent as scalars) and 33, which go as one array; far apart (no dense run to read as a
  // range), unsorted and repeated.
  const apart = [count - 1, 0, Math.floor(count / 2), 40, Math.floor(count / 3)];
  for (const n of [1, 2, 5, 32, 33]) {
    const indexes = Array.from({ length: n }, (_, k) => apart[(k * 3) % apart.length] ?? 0);
    const scalar = await counted.readHashes(indexes);
    assert.doesNotMatch(last.sql, /BETWEEN/);
    assert.equal(last.params?.some(Array.isArray), n > 32, `${n} indexes: ${n > 32 ? 'one array' : 'scalars'}`);
    for (const [k, index] of indexes.entries()) assert.deepEqual(scalar[k], (await reader.readHashes([index, index]))[0], `hash ${index}`);
  }
  await assert.rejects(reader.readHashes([0, count]), { code: 'INTERNAL' });
  await assert.rejects(reader.readHashes([count + 5]), { code: 'INTERNAL' });
});
