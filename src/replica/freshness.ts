/**
 * Replica freshness: which streaming replicas may answer a public read, and
 * how stale their answer may be. Pure: the registry feeds it WAL positions it
 * read from PostgreSQL (registry/replicas/probe.ts) and the local clock.
 *
 * The rule (docs/operations.md, Read replicas): a replica answers only while
 * every commit acknowledged more than `maxLagMs` ago is replayed on it. The
 * primary's WAL flush location is sampled with the local time read before the
 * query was sent; a commit acknowledged before that time is flushed at or
 * below that location (synchronous_commit on). A replica that has replayed a
 * sample's location therefore shows every commit acknowledged before the
 * sample's time: that time is what the replica is `visibleAsOf`. Only the
 * registry's own clock is compared with itself, so clock skew between hosts
 * does not enter the bound.
 */

/** PrimarySample is where the primary's WAL was flushed (bytes) at local time `at` (ms). */
export interface PrimarySample {
  at: number;
  lsn: bigint;
}

/** parseLsn reads PostgreSQL's text form of a pg_lsn ('16/B374D848') as a byte position; undefined for anything else. */
export function parseLsn(text: unknown): bigint | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/** visibleAsOf is the time of the latest sample whose location a replica at replayLsn has replayed, or undefined when it is behind them all. */
export function visibleAsOf(samples: readonly PrimarySample[], replayLsn: bigint): number | undefined {
  let best: number | undefined;
  for (const s of samples) if (s.lsn <= replayLsn && (best === undefined || s.at > best)) best = s.at;
  return best;
}

/** keepSamples drops the samples no replica could still need: those older than twice the bound, keeping the newest always. */
export function keepSamples(samples: readonly PrimarySample[], now: number, maxLagMs: number): PrimarySample[] {
  const newest = samples.reduce<PrimarySample | undefined>((a, s) => (a === undefined || s.at > a.at ? s : a), undefined);
  return samples.filter((s) => s === newest || now - s.at <= 2 * maxLagMs);
}

/** ReplicaView is what the last probe of a replica found. */
export interface ReplicaView {
  /** reachable: the last probe got an answer. */
  reachable: boolean;
  /** inRecovery: the server is a standby (pg_is_in_recovery()); a promoted or misnamed server never answers as a replica. */
  inRecovery: boolean;
  /** visibleAsOf: local time (ms) before which every acknowledged commit is replayed there; undefined when unknown. */
  visibleAsOf: number | undefined;
  /** logSize: the log's size there at the last probe (every event below it is visible there). */
  logSize: number;
}

/** ReadNeeds are what one read asks of the server that answers it. */
export interface ReadNeeds {
  /** atLeastSize: the read names a tree of this size (a proof, entries from an index), so the answerer's log must be that long. */
  atLeastSize?: number;
}

/**
 * servable says whether a replica may answer a public read now. While the
 * primary answers its probes the staleness bound holds; while it does not, no
 * commit can be acknowledged, so a reachable standby answers with what it has.
 */
export function servable(r: ReplicaView, now: number, maxLagMs: number, primaryReachable: boolean, needs: ReadNeeds = {}): boolean {
  if (!r.reachable || !r.inRecovery) return false;
  if (needs.atLeastSize !== undefined && r.logSize < needs.atLeastSize) return false;
  if (!primaryReachable) return true;
  return r.visibleAsOf !== undefined && now - r.visibleAsOf <= maxLagMs;
}

/** stalenessMs is how old a replica's view may be now (ms): the bound its answers carry; undefined when unknown. */
export function stalenessMs(r: ReplicaView, now: number): number | undefined {
  return r.visibleAsOf === undefined ? undefined : Math.max(0, now - r.visibleAsOf);
}
