/**
 * The late-reports dashboard (issue #16, item 5): the regulator sees late events by
 * participant and event type; any other participant sees only its own.
 */
import { hasRole, type Caller } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import type { RegistryContext } from '../context.ts';

/** LateByParticipant is one participant's late events of one type since a time. */
export interface LateByParticipant {
  participantId: string;
  name: string;
  nameEn: string | null;
  type: string;
  late: number;
  /** worstLateByHours is how late the latest of them was recorded, in whole hours. */
  worstLateByHours: number;
}

/** LateEvent is one late event as the dashboard lists it. */
export interface LateEvent {
  logIndex: number;
  code: string;
  type: string;
  actorId: string;
  party: string | null;
  occurredAt: string;
  recordedAt: string;
  dueAt: string;
}

/** lateReports are the late events since a time: by participant and type, and the latest ones (regulator: all; others: their own). */
export async function lateReports(ctx: RegistryContext, caller: Caller, since: Date, limit = 50) {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  const p = caller;
  const own = hasRole(p, 'regulator') ? null : p.participantId;
  const groups = await ctx.store.query<LateByParticipant>(
    `SELECT l.actor_id AS "participantId", p.name, p.name_en AS "nameEn", l.type, count(*)::int AS late,
            floor(max(extract(epoch FROM l.recorded_at - l.due_at)) / 3600)::int AS "worstLateByHours"
       FROM late_events l JOIN participants p ON p.id = l.actor_id
      WHERE l.recorded_at >= $1 AND ($2::uuid IS NULL OR l.actor_id = $2)
      GROUP BY l.actor_id, p.name, p.name_en, l.type ORDER BY late DESC, p.name, l.type`,
    [since, own],
  );
  const rows = await ctx.store.query<{
    log_index: string;
    robot_code: string;
    type: string;
    actor_id: string;
    party: string | null;
    occurred_at: Date;
    recorded_at: Date;
    due_at: Date;
  }>(
    `SELECT log_index::text, robot_code, type, actor_id, party, occurred_at, recorded_at, due_at FROM late_events
      WHERE recorded_at >= $1 AND ($2::uuid IS NULL OR actor_id = $2) ORDER BY log_index DESC LIMIT $3`,
    [since, own, limit],
  );
  const latest: LateEvent[] = rows.map((r) => ({
    logIndex: Number(r.log_index),
    code: r.robot_code,
    type: r.type,
    actorId: r.actor_id,
    party: r.party,
    occurredAt: r.occurred_at.toISOString(),
    recordedAt: r.recorded_at.toISOString(),
    dueAt: r.due_at.toISOString(),
  }));
  const total = groups.reduce((n, g) => n + g.late, 0);
  return { since: since.toISOString(), scope: own ? ('own' as const) : ('all' as const), total, byParticipant: groups, latest };
}
