import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_BACKOFF, retryDelay } from './backoff.ts';

test('backoff: doubles from the base, stays within [d/2, d], and is capped', () => {
  const p = { ...DEFAULT_BACKOFF };
  assert.equal(
    retryDelay(p, 1, () => 0),
    500,
  );
  assert.equal(
    retryDelay(p, 1, () => 1 - 1e-12),
    1000,
  );
  assert.equal(
    retryDelay(p, 4, () => 1 - 1e-12),
    8000,
  );
  assert.equal(
    retryDelay(p, 13, () => 1 - 1e-12),
    3_600_000,
  );
  assert.equal(
    retryDelay(p, 100, () => 1 - 1e-12),
    3_600_000,
  );
  for (let a = 1; a < 20; a++) {
    const d = retryDelay(p, a);
    const full = Math.min(p.capMs, p.baseMs * 2 ** (a - 1));
    assert.ok(d >= full / 2 && d <= full, `attempt ${a}: ${d}`);
  }
});
