import { gauge, metrics } from '../../metrics/metrics.ts';
import type { ReplicaReport } from './read-set.ts';

const inReadSet = gauge(
  'hreg_replica_in_read_set',
  '1 while a read replica answers public reads, 0 while it is out (behind, down or not a standby)',
  ['replica'],
);
const behindBytes = gauge('hreg_replica_behind_bytes', "WAL bytes between the primary's flush location and a replica's replay location", [
  'replica',
]);
const primaryReachable = gauge('hreg_primary_reachable', "1 while the primary answers the replica router's probes");

/**
 * recordReplicas sets the replica gauges after a probe: lag (how old a replica's view may be,
 * the figure the staleness bound is checked against; it keeps growing while a replica is down),
 * membership of the read set, WAL bytes behind, and whether the primary answered.
 */
export function recordReplicas(report: { primaryReachable: boolean; replicas: ReplicaReport[] }): void {
  primaryReachable.set(report.primaryReachable ? 1 : 0);
  for (const r of report.replicas) {
    const replica = r.name;
    if (r.stalenessMs !== undefined) metrics.replicaLagSeconds.set({ replica }, r.stalenessMs / 1000);
    inReadSet.set({ replica }, r.inReadSet ? 1 : 0);
    if (r.behindBytes !== undefined) behindBytes.set({ replica }, r.behindBytes);
  }
}
