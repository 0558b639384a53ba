/**
 * Late reports in the demo fleet (issue #16, item 5): a few batches of each
 * kind below are recorded after their reporting deadline
 * (src/lifecycle/deadlines.ts), so the regulator's late-reports page shows
 * something. A late batch keeps its place in its units' lives: its occurredAt
 * never lies before a unit's previous event, and when there is no room for
 * the delay before it, the recording moves later instead, never past a unit's
 * next event nor the plan's end. Chosen newest first (the page shows 90 days
 * by default), at most two units of a batch, the rest of it on time; no
 * draws, so the rest of the plan stays as it was. Pure.
 */
import { DEFAULT_DEADLINES, deadlineOf } from '../lifecycle/deadlines.ts';
import { must } from '../must.ts';
import { DAY, HOUR, timesOf, type EventsStep, type Fleet } from './demo-lives.ts';

/** LATE_KINDS are the events reported late, and in how many batches. */
const LATE_KINDS: readonly { type: string; sale?: boolean; batches: number }[] = [
  { type: 'transferred', sale: true, batches: 3 },
  { type: 'incident_reported', batches: 3 },
  { type: 'serviced', batches: 2 },
  { type: 'scrapped', batches: 3 },
];

/** LATE_UNITS is how many units of a batch are reported late: the rest of it stays on time. */
const LATE_UNITS = 2;

/** reportSomeLate makes a few events of each of LATE_KINDS late: they get an occurredAt before their recording by more than the deadline. */
export function reportSomeLate(f: Fleet): void {
  const late = new Set<number>();
  const newestFirst = [...f.batches].sort((a, b) => b.at.getTime() - a.at.getTime());
  for (const kind of LATE_KINDS) {
    let chosen = 0;
    for (const batch of newestFirst) {
      if (chosen === kind.batches) break;
      // A batch whose every unit was moved out is gone.
      const first = batch.items[0];
      if (!first || first.type !== kind.type || (kind.sale !== undefined && first.data.sale !== kind.sale)) continue;
      // One late event per unit, and none of the recalled model (its recall notice is an event the plan's times do not hold).
      const units = batch.items.map((i) => i.unit).filter((u) => !late.has(u) && f.unitModel[u] !== f.recallModel);
      const moved = makeLate(f, batch, units.slice(0, LATE_UNITS), chosen + 1);
      if (!moved) continue;
      chosen++;
      for (const u of moved) late.add(u);
    }
  }
}

/**
 * makeLate reports units of a batch `days` days and 5 hours past their
 * deadline, in a batch of their own, if that fits between their neighbouring
 * events; it returns the units it moved.
 */
function makeLate(f: Fleet, batch: EventsStep, units: readonly number[], days: number): readonly number[] | undefined {
  const first = must(batch.items[0], 'a batch has items');
  const limit = deadlineOf(DEFAULT_DEADLINES, { type: first.type, data: first.data });
  if (units.length === 0 || !limit || !('hours' in limit)) return undefined;
  const lateMs = limit.hours * HOUR + days * DAY + 5 * HOUR;
  const at = batch.at.getTime();
  const prev = Math.max(...units.flatMap((u) => timesOf(f, u).filter((t) => t < at)));
  const next = Math.min(f.endMs, ...units.flatMap((u) => timesOf(f, u).filter((t) => t > at)));
  const occurredAt = Math.max(prev + HOUR, at - lateMs);
  const recordedAt = occurredAt + lateMs;
  if (recordedAt > next - HOUR) return undefined;
  const moving = new Set(units);
  const items = batch.items.filter((i) => moving.has(i.unit)).map((i) => ({ ...i, occurredAt: new Date(occurredAt) }));
  batch.items = batch.items.filter((i) => !moving.has(i.unit));
  if (batch.items.length === 0) f.batches.splice(f.batches.indexOf(batch), 1);
  f.batches.push({ ...batch, at: new Date(recordedAt), items });
  for (const u of units) {
    const times = timesOf(f, u);
    times[times.indexOf(at)] = recordedAt;
  }
  return units;
}
