/**
 * Reporting deadlines (issue #16, item 5): how long after an event happened
 * (`occurredAt`) each party has to record it. A late event is accepted and
 * flagged, never refused. The table is data: a row per event type, optionally
 * narrowed to a party and to a value of one data field; the first row that
 * matches decides. Pure.
 */

/** Limit is a deadline: a number of hours, or of working days (Monday to Friday in China Standard Time). */
export type Limit = { hours: number } | { workingDays: number };

/** DeadlineRule is one row of the deadline table. */
export interface DeadlineRule {
  /** type is the event type the row is for. */
  type: string;
  /** party narrows the row to one standing of the recorder (owner, service, recycler, …); absent, any party. */
  party?: string;
  /** when narrows the row to events whose data field equals a value (e.g. an incident's kind `injury`). */
  when?: { field: string; equals: string | boolean };
  /** limit is the deadline, or null: no deadline (the registry records it itself, or the regulator does). */
  limit: Limit | null;
}

const days = (n: number): Limit => ({ hours: 24 * n });

/**
 * DEFAULT_DEADLINES are the documented defaults (docs/api.md, Reporting deadlines): a sale
 * within 15 days, an incident with injury within 24 hours (others 72 hours), a scrapping
 * within 30 days, an import within 7 working days of customs clearance. Types the registry
 * records itself (registration, recall notices, triage) and the regulator's own orders have none.
 */
export const DEFAULT_DEADLINES: readonly DeadlineRule[] = [
  { type: 'registered', limit: null },
  { type: 'transferred', party: 'regulator', limit: null },
  { type: 'transferred', when: { field: 'sale', equals: true }, limit: days(15) },
  { type: 'transferred', limit: days(15) },
  { type: 'transfer_accepted', limit: days(15) },
  { type: 'transfer_declined', limit: null },
  { type: 'transfer_withdrawn', limit: null },
  { type: 'deployed', limit: days(7) },
  { type: 'undeployed', limit: days(7) },
  { type: 'service_granted', limit: days(7) },
  { type: 'service_revoked', limit: days(7) },
  { type: 'service_started', limit: days(3) },
  { type: 'serviced', limit: days(15) },
  { type: 'incident_reported', party: 'regulator', limit: null },
  { type: 'incident_reported', when: { field: 'kind', equals: 'injury' }, limit: { hours: 24 } },
  { type: 'incident_reported', limit: { hours: 72 } },
  { type: 'suspended', limit: null },
  { type: 'reinstated', limit: null },
  { type: 'stolen_reported', limit: { hours: 48 } },
  { type: 'recovered', limit: days(7) },
  { type: 'recall_notified', limit: null },
  { type: 'recall_remedied', limit: days(30) },
  { type: 'decommissioned', limit: days(30) },
  { type: 'recycling_received', limit: days(7) },
  { type: 'scrapped', limit: days(30) },
  { type: 'public_report_triaged', limit: null },
  // Issue #16 items 1–3 and issue #15: imports, exports, remanufacture, software.
  { type: 'imported', limit: { workingDays: 7 } },
  { type: 'exported', limit: days(15) },
  { type: 'reimported', limit: { workingDays: 7 } },
  { type: 'remanufactured', limit: days(30) },
  { type: 'software_updated', limit: days(7) },
  { type: 'usage_reported', limit: days(30) },
  { type: 'brand_recorded', limit: days(15) },
  { type: 'brand_corrected', limit: days(15) },
  { type: 'insurer_named', limit: days(7) },
  { type: 'insurer_revoked', limit: days(7) },
];

/** deadlineOf is the deadline of an event recorded by party, or null when it has none (or no row names its type). */
export function deadlineOf(
  table: readonly DeadlineRule[],
  event: { type: string; party?: string; data?: Record<string, unknown> },
): Limit | null {
  for (const rule of table) {
    if (rule.type !== event.type) continue;
    if (rule.party !== undefined && rule.party !== event.party) continue;
    if (rule.when && event.data?.[rule.when.field] !== rule.when.equals) continue;
    return rule.limit;
  }
  return null;
}

/** CST_OFFSET_MS is China Standard Time's offset from UTC: working days are counted on its calendar. */
const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * dueAt is when an event that happened at occurredAt had to be recorded. Working days
 * count whole days after the event's day, skipping Saturdays and Sundays, and end at
 * the last moment of the last one (public holidays are not known to the registry).
 */
export function dueAt(occurredAt: Date, limit: Limit): Date {
  if ('hours' in limit) return new Date(occurredAt.getTime() + limit.hours * 3_600_000);
  let day = Math.floor((occurredAt.getTime() + CST_OFFSET_MS) / DAY_MS);
  for (let left = limit.workingDays; left > 0; ) {
    day += 1;
    const weekday = (day + 4) % 7; // day 0 (1970-01-01) was a Thursday: 0 = Sunday
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return new Date((day + 1) * DAY_MS - CST_OFFSET_MS - 1);
}

/** Lateness is how late an event was recorded: when it was due, and by how many whole minutes it missed that. */
export interface Lateness {
  dueAt: Date;
  lateByMinutes: number;
}

/** latenessOf is an event's lateness, or null when it met its deadline or has none. */
export function latenessOf(
  table: readonly DeadlineRule[],
  event: { type: string; party?: string; data?: Record<string, unknown>; occurredAt: Date; recordedAt: Date },
): Lateness | null {
  const limit = deadlineOf(table, event);
  if (!limit) return null;
  const due = dueAt(event.occurredAt, limit);
  if (event.recordedAt.getTime() <= due.getTime()) return null;
  return { dueAt: due, lateByMinutes: Math.max(1, Math.floor((event.recordedAt.getTime() - due.getTime()) / 60_000)) };
}

/** SHORTEST_DEADLINE_MS is the shortest deadline a table may hold: an event recorded sooner after it happened is never late. */
export const SHORTEST_DEADLINE_MS = 3_600_000;

/**
 * parseDeadlines reads configured rows (JSON, e.g. from HREG_DEADLINES) that go before the
 * defaults; it refuses anything that is not a list of rules, or a limit under an hour.
 */
export function parseDeadlines(json: string): DeadlineRule[] {
  const rows: unknown = JSON.parse(json);
  if (!Array.isArray(rows)) throw new Error('HREG_DEADLINES must be a JSON array of deadline rules');
  return rows.map((r, i) => {
    const row = r as Partial<DeadlineRule> & { limit?: unknown };
    if (typeof row !== 'object' || row === null || typeof row.type !== 'string' || row.limit === undefined)
      throw new Error(`HREG_DEADLINES[${i}]: needs a type and a limit`);
    const limit = row.limit as Record<string, unknown> | null;
    if (limit !== null) {
      const hours = typeof limit.hours === 'number' ? limit.hours : undefined;
      const wd = typeof limit.workingDays === 'number' ? limit.workingDays : undefined;
      if (!((hours !== undefined && hours >= 1) || (wd !== undefined && Number.isInteger(wd) && wd >= 1)))
        throw new Error(`HREG_DEADLINES[${i}]: limit is {hours ≥ 1}, {workingDays ≥ 1} or null`);
    }
    return row as DeadlineRule;
  });
}
