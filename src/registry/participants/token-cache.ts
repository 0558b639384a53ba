import { LRUCache } from 'lru-cache';
import type { Principal } from '../../access/principal.ts';
import type { Store } from '../../store/store.ts';

/** TOKEN_CACHE_TTL_MS bounds how long another process may still accept a token revoked, or a participant's roles changed, elsewhere. */
export const TOKEN_CACHE_TTL_MS = 2_000;

/** CachedToken is an authenticated token: its principal, its id (for revocation) and when it expires. */
export interface CachedToken {
  tokenId: string;
  principal: Principal;
  expiresAtMs: number;
}

/**
 * TokenCache keeps recently authenticated tokens, keyed by the token's hash,
 * so a client's requests do not each cost a lookup. A revocation in this
 * process forgets the token at once (and a generation stops a lookup that
 * raced the revocation from caching what it read before); a revocation or a
 * roles change in another process shows within TOKEN_CACHE_TTL_MS. Expiry is
 * checked on every hit against the caller's clock.
 */
export class TokenCache {
  private readonly lru: LRUCache<string, CachedToken>;
  private generation = 0;
  private readonly off: boolean;

  /** ttlMs 0 turns the cache off: every request is looked up (the benchmark's control). */
  constructor(opts: { max?: number; ttlMs?: number } = {}) {
    const ttl = opts.ttlMs ?? TOKEN_CACHE_TTL_MS;
    this.off = ttl <= 0;
    this.lru = new LRUCache({ max: opts.max ?? 10_000, ttl: Math.max(ttl, 1) });
  }

  /** get returns the cached token if it is still unexpired at now. */
  get(hash: string, now: Date): CachedToken | undefined {
    const hit = this.lru.get(hash);
    if (hit === undefined) return undefined;
    if (hit.expiresAtMs <= now.getTime()) {
      this.lru.delete(hash);
      return undefined;
    }
    return hit;
  }

  /** load returns the token through the cache, calling loader on a miss; a revocation during the load keeps its result out. */
  async load(hash: string, now: Date, loader: () => Promise<CachedToken | undefined>): Promise<CachedToken | undefined> {
    const hit = this.get(hash, now);
    if (hit) return hit;
    const gen = this.generation;
    const found = await loader();
    if (found && gen === this.generation && !this.off) this.lru.set(hash, found);
    return found;
  }

  /** forgetToken drops a revoked token. */
  forgetToken(tokenId: string): void {
    this.generation++;
    for (const [hash, t] of this.lru.entries()) if (t.tokenId === tokenId) this.lru.delete(hash);
  }

  /** forgetParticipant drops every token of a participant whose roles or standing changed. */
  forgetParticipant(participantId: string): void {
    this.generation++;
    for (const [hash, t] of this.lru.entries()) if (t.principal.participantId === participantId) this.lru.delete(hash);
  }

  /** clear forgets everything. */
  clear(): void {
    this.generation++;
    this.lru.clear();
  }

  get size(): number {
    return this.lru.size;
  }
}

const caches = new WeakMap<Store, TokenCache>();

/** replaceTokenCache gives store another cache (a benchmark's control, a test's short lifetime). */
export function replaceTokenCache(store: Store, cache: TokenCache): void {
  caches.set(store, cache);
}

/** tokenCacheOf is the one token cache of a store in this process, shared by every context and server on it. */
export function tokenCacheOf(store: Store): TokenCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new TokenCache();
    caches.set(store, cache);
  }
  return cache;
}
