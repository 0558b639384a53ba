/** BackoffPolicy is how long to wait between webhook attempts and when to give up. */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

/** DEFAULT_BACKOFF is 1 s doubling to a 1 h cap; 15 attempts span about four hours. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 3_600_000, maxAttempts: 15 };

/**
 * retryDelay is the wait after failed attempt number `attempts` (1-based):
 * exponential, capped, with "equal jitter" (half fixed, half random) so
 * receivers that failed together do not retry in lockstep, yet never at once.
 * random is injectable for tests and returns a number in [0, 1).
 */
export function retryDelay(policy: BackoffPolicy, attempts: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40));
  return Math.round(exp / 2 + random() * (exp / 2));
}
