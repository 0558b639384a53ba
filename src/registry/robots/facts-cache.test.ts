import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FactsCache } from './facts-cache.ts';

test('recallsOpen loads once for concurrent misses and keeps the answer until a clear', async () => {
  const cache = new FactsCache();
  let loads = 0;
  const loader = async () => {
    loads++;
    return false;
  };
  assert.deepEqual(await Promise.all([cache.recallsOpen(loader), cache.recallsOpen(loader)]), [false, false]);
  assert.equal(await cache.recallsOpen(loader), false);
  assert.equal(loads, 1);
  cache.clear();
  assert.equal(await cache.recallsOpen(async () => true), true);
});

test('recallsOpen: a clear heard while loading drops what the load read; a per-code invalidation does not', async () => {
  const cache = new FactsCache();
  let release: (open: boolean) => void = () => {};
  const slow = cache.recallsOpen(() => new Promise<boolean>((res) => (release = res)));
  cache.invalidate(['CN0001000001260101000000001Z']);
  cache.clear();
  release(false);
  assert.equal(await slow, false, 'the caller that started the load gets what it read');
  assert.equal(await cache.recallsOpen(async () => true), true, 'but it was not kept');
  let asked = false;
  cache.invalidate(['CN0001000001260101000000001Z']);
  assert.equal(
    await cache.recallsOpen(async () => {
      asked = true;
      return false;
    }),
    true,
  );
  assert.equal(asked, false);
});

test('recallsOpen: a failed load is not kept', async () => {
  const cache = new FactsCache();
  await assert.rejects(cache.recallsOpen(async () => Promise.reject(new Error('down'))));
  assert.equal(await cache.recallsOpen(async () => true), true);
});

test('recallsOpen: without followed writes the answer lives the short bound only', async () => {
  const cache = new FactsCache({ ttlMs: 20 });
  assert.equal(await cache.recallsOpen(async () => false), false);
  await new Promise((res) => setTimeout(res, 40));
  assert.equal(await cache.recallsOpen(async () => true), true);
});
