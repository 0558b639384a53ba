import { LRUCache } from 'lru-cache';
import type { ModelStatus } from '../../lifecycle/status.ts';
import type { Store } from '../../store/store.ts';

/** Ready is one public answer as sent: its JSON bytes and their strong entity tag. */
export interface Ready {
  body: Buffer;
  etag: string;
}

/** PublicAnswers are a unit's two public answers, kept ready; `verify` is undefined for a code no unit has. */
export interface PublicAnswers {
  verify: Ready | undefined;
  market: Ready;
}

/** ModelFacts are what the public answers show of a unit's model and maker: few rows, read by every answer. */
export interface ModelFacts {
  manufacturer: { name: string; nameEn: string | null };
  model: { name: string; nameEn: string | null };
  status: ModelStatus;
  /** currentSoftware is the model's latest unblocked software version (issue #15); a filing or block drops every cached model. */
  currentSoftware: string | null;
}

/** FactsCacheOptions size the public read cache. */
export interface FactsCacheOptions {
  max?: number;
  /** ttlMs bounds how stale an entry may be when writes of other processes are not followed (default 1 s). */
  ttlMs?: number;
  /** followedTtlMs bounds an entry's life while every write is heard (default 60 s; a backstop, not the bound). */
  followedTtlMs?: number;
}

/** PUBLIC_CHANNEL is the PostgreSQL notification channel of migration 013's triggers. */
export const PUBLIC_CHANNEL = 'hreg_public';

/**
 * FactsCache keeps the public answers (verification and market access) of
 * recent codes ready to send. Writers in this process invalidate after
 * commit, so the next read here sees their write; a write generation stops a
 * read that raced a write from keeping what it saw before the commit.
 *
 * Writes of other processes reach it through `follow`: migration 013's
 * triggers notify the codes every committed write touched, and the listener
 * drops them. While the channel is followed (or on PGlite, which one process
 * owns) entries live up to `followedTtlMs`; while it is not (before the
 * listener connects, or after it dropped, when notifications may have been
 * lost) everything is dropped and entries live only `ttlMs`.
 */
export class FactsCache {
  private readonly lru: LRUCache<string, PublicAnswers>;
  /** models holds ModelFacts by enterprise and model code; only clear() drops them (a model's or maker's change notifies '*'). */
  private readonly models = new LRUCache<string, ModelFacts>({ max: 10_000 });
  /** openRecalls says whether any recall is open, and until when that may be kept; only clear() drops it (an opened recall notifies '*'). */
  private openRecalls: { open: Promise<boolean>; until: number } | undefined;
  private generation = 0;
  private following = false;
  private readonly ttlMs: number;
  private readonly followedTtlMs: number;

  constructor(opts: FactsCacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 1000;
    this.followedTtlMs = opts.followedTtlMs ?? 60_000;
    this.lru = new LRUCache({ max: opts.max ?? 100_000, ttl: this.ttlMs });
  }

  /** get returns a code's cached answers, or undefined on a miss. */
  get(code: string): PublicAnswers | undefined {
    return this.lru.get(code);
  }

  /** load returns the answers for code through the cache, calling loader on a miss. */
  async load(code: string, loader: () => Promise<PublicAnswers>): Promise<PublicAnswers> {
    const hit = this.lru.get(code);
    if (hit !== undefined) return hit;
    const gen = this.generation;
    const answers = await loader();
    if (gen === this.generation) this.lru.set(code, answers, { ttl: this.following ? this.followedTtlMs : this.ttlMs });
    return answers;
  }

  /** model returns a model's facts through the cache, calling loader on a miss. */
  async model(key: string, loader: () => Promise<ModelFacts>): Promise<ModelFacts> {
    const hit = this.models.get(key);
    if (hit !== undefined) return hit;
    const gen = this.generation;
    const facts = await loader();
    if (gen === this.generation) this.models.set(key, facts, { ttl: this.following ? this.followedTtlMs : this.ttlMs });
    return facts;
  }

  /**
   * recallsOpen says whether any recall is open, calling loader when the cache does not
   * know; concurrent misses share one load. While none is, a verify miss need not ask
   * for the unit's open recalls. Opening, closing or reopening a recall clears it.
   */
  recallsOpen(loader: () => Promise<boolean>): Promise<boolean> {
    const kept = this.openRecalls;
    if (kept !== undefined && kept.until > Date.now()) return kept.open;
    // Kept from before the load starts, so a clear() heard while it runs drops it (its callers still get what it read).
    const entry = { open: loader(), until: Date.now() + (this.following ? this.followedTtlMs : this.ttlMs) };
    this.openRecalls = entry;
    entry.open.catch(() => {
      if (this.openRecalls === entry) this.openRecalls = undefined;
    });
    return entry.open;
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
    this.models.clear();
    this.openRecalls = undefined;
  }

  /** soleWriter says no other process writes the store (PGlite): this process's invalidations are all there are. */
  soleWriter(): void {
    this.clear();
    this.following = true;
  }

  /** follow hears the writes of every process on store through PUBLIC_CHANNEL; a no-op on a store that cannot listen. */
  async follow(store: Store): Promise<void> {
    if (!store.listen) return;
    await store.listen(PUBLIC_CHANNEL, {
      message: (payload) => {
        if (payload === '*') this.clear();
        else this.invalidate(payload.split(','));
      },
      following: (on) => {
        // Either way what is kept may have missed a notification (or outlive the short bound).
        this.clear();
        this.following = on;
      },
    });
  }
}
