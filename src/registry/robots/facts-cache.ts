import { LRUCache } from 'lru-cache';
import type { RobotFacts } from './robot-facts.ts';

/** FactsCacheOptions size the public read cache. */
export interface FactsCacheOptions {
  max?: number;
  /** ttlMs bounds how stale an entry may be when another process changed the robot. */
  ttlMs?: number;
}

const MISSING = Symbol('not registered');

/**
 * FactsCache keeps recent robot facts for the public verification and
 * market-access reads. Writers in this process invalidate after commit; a
 * write generation stops a read that raced a write from caching what it saw
 * before the commit. Other processes' writes show within ttlMs.
 */
export class FactsCache {
  private readonly lru: LRUCache<string, RobotFacts | typeof MISSING>;
  private generation = 0;

  constructor(opts: FactsCacheOptions = {}) {
    this.lru = new LRUCache({ max: opts.max ?? 100_000, ttl: opts.ttlMs ?? 1000 });
  }

  /** get returns cached facts, `null` for a cached "not registered", or undefined on a miss. */
  get(code: string): RobotFacts | null | undefined {
    const v = this.lru.get(code);
    return v === MISSING ? null : v;
  }

  /** load returns the facts for code through the cache, calling loader on a miss. */
  async load(code: string, loader: () => Promise<RobotFacts | undefined>): Promise<RobotFacts | undefined> {
    const hit = this.lru.get(code);
    if (hit !== undefined) return hit === MISSING ? undefined : hit;
    const gen = this.generation;
    const facts = await loader();
    if (gen === this.generation) this.lru.set(code, facts ?? MISSING);
    return facts;
  }

  /** invalidate drops codes after a committed write changed them. */
  invalidate(codes: Iterable<string>): void {
    this.generation++;
    for (const c of codes) this.lru.delete(c);
  }

  /** clear drops everything, e.g. after a model's approval changed. */
  clear(): void {
    this.generation++;
    this.lru.clear();
  }
}
