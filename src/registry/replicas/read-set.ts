import {
  keepSamples,
  type PrimarySample,
  type ReadNeeds,
  type ReplicaView,
  servable,
  stalenessMs,
  visibleAsOf,
} from '../../replica/freshness.ts';
import type { Store } from '../../store/store.ts';
import { registryContext, type RegistryContext } from '../context.ts';
import { FactsCache } from '../robots/facts-cache.ts';
import { primaryPosition, replicaPosition } from './probe.ts';
import { recordReplicas } from './replica-metrics.ts';

/** DEFAULT_REPLICA_MAX_LAG_MS is the staleness bound when HREG_REPLICA_MAX_LAG_MS does not set one. */
export const DEFAULT_REPLICA_MAX_LAG_MS = 5_000;

/** ReadTarget is the server one read goes to: its context, whether it is a replica, and the log size its answer reflects at least. */
export interface ReadTarget {
  ctx: RegistryContext;
  /** name is "primary" or "replica-N" (N from 1, in configuration order): never a URL, which may hold a password. */
  name: string;
  replica: boolean;
  /** logSize: every event below it is in the answer; undefined before the first probe. */
  logSize: number | undefined;
}

/** ReplicaReport is one replica's state as operators (and metrics) see it. */
export interface ReplicaReport {
  name: string;
  reachable: boolean;
  inRecovery: boolean;
  inReadSet: boolean;
  /** stalenessMs: how old its view may be now; undefined when it was never seen current. */
  stalenessMs: number | undefined;
  /** behindBytes: WAL bytes between the primary's last sampled flush location and its replay location. */
  behindBytes: number | undefined;
  replayedAt: Date | null;
  logSize: number;
  /** served counts the reads it answered. */
  served: number;
}

interface Replica extends ReplicaView {
  name: string;
  ctx: RegistryContext;
  replayLsn: bigint | undefined;
  replayedAt: Date | null;
  served: number;
}

/** ReadSetOptions set the staleness bound and how often the servers are probed. */
export interface ReadSetOptions {
  /** maxLagMs is the staleness bound: a replica further behind leaves the read set. */
  maxLagMs: number;
  /** probeMs is the time between probes (default a fifth of the bound, at least 50 ms). */
  probeMs?: number;
  /** clock gives the local time in ms (tests). */
  clock?: () => number;
}

/**
 * ReadSet sends public reads to streaming replicas that are within the
 * staleness bound, and everything else to the primary (docs/operations.md,
 * Read replicas). It probes the primary's WAL flush location and each
 * replica's replay location every `probeMs`; a replica further behind than
 * `maxLagMs`, unreachable, or not a standby leaves the set until a probe finds
 * it current again. Each replica has its own public-answer cache, cleared
 * whenever its replay location moves, so a cached answer is never newer or
 * older than the log size its replica reported; the primary's cache (kept
 * current by NOTIFY) only ever holds answers read from the primary, so a
 * writer's follow-up reads there see its writes.
 */
export class ReadSet {
  readonly maxLagMs: number;
  readonly probeMs: number;
  private readonly replicas: Replica[];
  private samples: PrimarySample[] = [];
  private primaryReachable = true;
  private primarySize: number | undefined;
  private primaryServed = 0;
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  private readonly clock: () => number;

  constructor(
    private readonly primaryCtx: RegistryContext,
    replicaStores: Store[],
    opts: ReadSetOptions,
  ) {
    this.maxLagMs = opts.maxLagMs;
    this.probeMs = opts.probeMs ?? Math.max(50, Math.floor(opts.maxLagMs / 5));
    this.clock = opts.clock ?? Date.now;
    const { singles: _singles, reads: _reads, ...parts } = primaryCtx;
    this.replicas = replicaStores.map((store, i) => ({
      name: `replica-${i + 1}`,
      ctx: registryContext({ ...parts, store, facts: new FactsCache({ ttlMs: Math.min(1000, opts.maxLagMs) }) }),
      reachable: false,
      inRecovery: false,
      visibleAsOf: undefined,
      logSize: 0,
      replayLsn: undefined,
      replayedAt: null,
      served: 0,
    }));
  }

  /** primary is the target of writes, of an authenticated caller's reads and of every read no replica can take. */
  primary(): ReadTarget {
    this.primaryServed++;
    return { ctx: this.primaryCtx, name: 'primary', replica: false, logSize: this.primarySize };
  }

  /** pick chooses the server for one public read: the next replica in the set, in turn, else the primary. */
  pick(needs: ReadNeeds = {}): ReadTarget {
    const now = this.clock();
    const set = this.replicas.filter((r) => servable(r, now, this.maxLagMs, this.primaryReachable, needs));
    const r = set[this.next++ % Math.max(1, set.length)];
    if (r === undefined) return this.primary();
    r.served++;
    return { ctx: r.ctx, name: r.name, replica: true, logSize: r.logSize };
  }

  /** unreachable takes a replica that failed a read out of the set until a probe reaches it again. */
  unreachable(target: ReadTarget): void {
    const r = this.replicas.find((x) => x.name === target.name);
    if (r) r.reachable = false;
  }

  /** probe reads the primary's position, then each replica's, and updates the read set. */
  probe(): Promise<void> {
    // One probe at a time: a slow server must not pile them up.
    this.probing ??= this.probeOnce().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private async probeOnce(): Promise<void> {
    const timeout = Math.max(100, this.maxLagMs);
    const at = this.clock();
    try {
      const p = await primaryPosition(this.primaryCtx.store, timeout);
      this.samples = keepSamples([...this.samples, { at, lsn: p.lsn }], this.clock(), this.maxLagMs);
      this.primaryReachable = true;
      this.primarySize = p.logSize;
    } catch {
      this.primaryReachable = false;
    }
    await Promise.all(
      this.replicas.map(async (r) => {
        try {
          const pos = await replicaPosition(r.ctx.store, timeout);
          // What the cache holds was read at the previous location: a new one may have changed any answer.
          if (pos.replayLsn !== r.replayLsn) r.ctx.facts.clear();
          r.replayLsn = pos.replayLsn;
          r.inRecovery = pos.inRecovery;
          r.logSize = pos.logSize;
          r.replayedAt = pos.replayedAt;
          const seen = pos.replayLsn === undefined ? undefined : visibleAsOf(this.samples, pos.replayLsn);
          if (seen !== undefined && (r.visibleAsOf === undefined || seen > r.visibleAsOf)) r.visibleAsOf = seen;
          r.reachable = true;
        } catch {
          r.reachable = false;
        }
      }),
    );
    recordReplicas(this.report());
  }

  /** start probes now and then every probeMs, in the background. */
  async start(): Promise<void> {
    await this.probe();
    this.timer = setInterval(() => void this.probe(), this.probeMs);
    this.timer.unref();
  }

  /** report describes each replica and the primary's share of reads, for operators and metrics. */
  report(): { primaryReachable: boolean; primaryServed: number; replicas: ReplicaReport[] } {
    const now = this.clock();
    const newest = this.samples.at(-1);
    return {
      primaryReachable: this.primaryReachable,
      primaryServed: this.primaryServed,
      replicas: this.replicas.map((r) => ({
        name: r.name,
        reachable: r.reachable,
        inRecovery: r.inRecovery,
        inReadSet: servable(r, now, this.maxLagMs, this.primaryReachable),
        stalenessMs: stalenessMs(r, now),
        behindBytes: newest === undefined || r.replayLsn === undefined ? undefined : Math.max(0, Number(newest.lsn - r.replayLsn)),
        replayedAt: r.replayedAt,
        logSize: r.logSize,
        served: r.served,
      })),
    };
  }

  /** close stops probing and closes the replicas' connections (the primary's store is its owner's to close). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.probing?.catch(() => {});
    await Promise.all(this.replicas.map((r) => r.ctx.store.close().catch(() => {})));
  }
}
