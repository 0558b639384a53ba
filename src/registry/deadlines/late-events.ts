/**
 * Late events (issue #16, item 5): every event written to the log is measured against
 * the deadline table as it is written (writeEvents calls flagLateEvents), so no route,
 * batch or writer added later can skip it. A late event is accepted and flagged here.
 */
import { DEFAULT_DEADLINES, latenessOf, SHORTEST_DEADLINE_MS, type DeadlineRule } from '../../lifecycle/deadlines.ts';
import type { Tx } from '../../store/store.ts';

let table: readonly DeadlineRule[] = DEFAULT_DEADLINES;

/** configureDeadlines puts configured rows (config.ts, HREG_DEADLINES) before the defaults, for this process. */
export function configureDeadlines(rows: readonly DeadlineRule[]): void {
  table = [...rows, ...DEFAULT_DEADLINES];
}

/** deadlineTable is the table this process measures events against. */
export function deadlineTable(): readonly DeadlineRule[] {
  return table;
}

/** LateCandidate is what flagLateEvents needs of an event being written. */
export interface LateCandidate {
  robotCode: string;
  type: string;
  actorId: string;
  party?: string;
  occurredAt: Date;
  recordedAt: Date;
  data: Record<string, unknown>;
}

/** flagLateEvents stores the late ones among events being written at logIndexes; events recorded within an hour of happening cost nothing. */
export async function flagLateEvents(tx: Tx, events: readonly LateCandidate[], logIndexes: readonly number[]): Promise<void> {
  const late = events.flatMap((e, i) => {
    if (e.recordedAt.getTime() - e.occurredAt.getTime() <= SHORTEST_DEADLINE_MS) return [];
    const l = latenessOf(table, e);
    return l ? [{ e, dueAt: l.dueAt, logIndex: logIndexes[i] }] : [];
  });
  if (late.length === 0) return;
  await tx.query(
    `INSERT INTO late_events (log_index, robot_code, type, actor_id, party, occurred_at, recorded_at, due_at)
     SELECT * FROM unnest($1::bigint[], $2::char(29)[], $3::text[], $4::uuid[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[])`,
    [
      late.map((l) => l.logIndex),
      late.map((l) => l.e.robotCode),
      late.map((l) => l.e.type),
      late.map((l) => l.e.actorId),
      late.map((l) => l.e.party ?? null),
      late.map((l) => l.e.occurredAt),
      late.map((l) => l.e.recordedAt),
      late.map((l) => l.dueAt),
    ],
  );
}
