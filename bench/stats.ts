/** percentile returns the p-th percentile (0..100) of values by nearest rank; values are sorted in place. */
export function percentile(values: number[] | Float64Array, p: number): number {
  if (values.length === 0) return NaN;
  values.sort((a, b) => a - b);
  const rank = Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1));
  return values[rank]!;
}

/** summarise gives p50, p99 and max of latencies in milliseconds. */
export function summarise(latencies: number[]): { p50: number; p99: number; max: number; n: number } {
  const sorted = latencies.slice().sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN, n: sorted.length };
}

/** ratio divides two figures, NaN when the denominator is zero. */
export function ratio(a: number, b: number): number {
  return b === 0 ? NaN : a / b;
}

/** seededRandom is the demo plan's seeded PRNG (pure-rand), so datasets are reproducible run to run. */
export { seededRandom } from '../src/demo/demo-plan.ts';

/** sleep resolves after ms. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** median is the middle value (the mean of the two middle values for an even count). */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
