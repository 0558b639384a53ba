import { parseLsn } from '../../replica/freshness.ts';
import type { Store } from '../../store/store.ts';

/** PrimaryPosition is the primary's WAL flush location and the log's size there. */
export interface PrimaryPosition {
  lsn: bigint;
  logSize: number;
}

/** ReplicaPosition is what a standby has replayed and the log's size it shows. */
export interface ReplicaPosition {
  inRecovery: boolean;
  /** replayLsn is undefined on a server that is not a standby. */
  replayLsn: bigint | undefined;
  logSize: number;
  /** replayedAt is the commit time of the last transaction replayed (pg_last_xact_replay_timestamp()), for operators. */
  replayedAt: Date | null;
}

/** withTimeout rejects when p takes longer than ms: a probe must not wait on a silent host. */
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('probe timed out'), { code: 'ETIMEDOUT' })), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** primaryPosition reads the primary's WAL flush location and log size. */
export async function primaryPosition(store: Store, timeoutMs: number): Promise<PrimaryPosition> {
  const [row] = await withTimeout(
    store.query<{ lsn: string; size: number }>(
      'SELECT pg_current_wal_flush_lsn()::text AS lsn, (SELECT size FROM log_head WHERE id = 1) AS size',
    ),
    timeoutMs,
  );
  const lsn = parseLsn(row?.lsn);
  if (lsn === undefined) throw new Error(`the primary reported no WAL location (${row?.lsn})`);
  return { lsn, logSize: row?.size ?? 0 };
}

/** replicaPosition reads a standby's replayed location and the log size it shows, in one statement. */
export async function replicaPosition(store: Store, timeoutMs: number): Promise<ReplicaPosition> {
  const [row] = await withTimeout(
    store.query<{ recovery: boolean; replay: string | null; size: number | null; replayed_at: Date | null }>(
      `SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replay,
              pg_last_xact_replay_timestamp() AS replayed_at, (SELECT size FROM log_head WHERE id = 1) AS size`,
    ),
    timeoutMs,
  );
  return {
    inRecovery: row?.recovery === true,
    replayLsn: parseLsn(row?.replay),
    logSize: row?.size ?? 0,
    replayedAt: row?.replayed_at ?? null,
  };
}
