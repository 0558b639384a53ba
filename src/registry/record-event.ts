import type { Principal } from '../access/principal.ts';
import { RegistryError, type ErrorCode } from '../errors.ts';
import { checkWho, decide, type UnitState } from '../lifecycle/decide.ts';
import type { Tx } from '../store/store.ts';
import type { RegistryContext } from './context.ts';
import { recordDefectSignal } from './defects.ts';
import { splitPersonal, type EventRequest } from './event-data.ts';
import { applySideEffects, EventRefusal, eventFactsOf, loadEventLookups, type AcceptedEvent } from './event-effects.ts';
import { writeEvents, type PendingEvent } from './event-writer.ts';
import { claimKey, requestHash, storeResponse, type StoredResponse } from './idempotency.ts';
import { compactCode, type RobotEvent } from './passport.ts';
import { grantedUnits, partiesOf } from './relation.ts';
import { accessOf, lockRobotFacts, type RobotFacts } from './robot-facts.ts';

/** CLOCK_SKEW_MS is how far in the future a client's occurredAt may lie. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** MAX_EVENT_BATCH is the most events one batch may record at once. */
export const MAX_EVENT_BATCH = 1_000;

/** RecordOptions carry the retry and concurrency headers. */
export interface RecordOptions {
  idempotencyKey?: string;
  /** ifMatch is the robot version the caller saw; a different current version is refused. */
  ifMatch?: number;
}

/** EventItem is one event of a batch: the unit, the event, and optionally the unit version the caller saw. */
export interface EventItem {
  code: string;
  event: EventRequest;
  ifMatch?: number;
}

/** EventProblem is one refused event of a batch, named by its position. */
export interface EventProblem {
  event: number;
  robot: string;
  code: ErrorCode;
  message: string;
  [member: string]: unknown;
}

/** RecordedEvent is the answer for one recorded event: the event, without personal data, and the unit after it. */
export type RecordedEvent = Omit<RobotEvent, 'personal'> & {
  robot: { code: string; status: string; ownerId: string; version: number; suspended: boolean; stolen: boolean };
};

/** currentState is what a 409 tells the caller about the unit now. */
export function currentState(f: RobotFacts) {
  return { code: f.code, status: f.status, ownerId: f.ownerId, version: f.version, suspended: f.suspended, stolen: f.stolen };
}

function unitStateOf(f: RobotFacts): UnitState {
  return {
    status: f.status,
    ownerId: f.ownerId,
    operatorId: f.operatorId,
    site: f.site as UnitState['site'],
    firmware: f.firmware,
    suspended: f.suspended,
    stolen: f.stolen,
    resumeStatus: f.resumeStatus,
  };
}

/** claimedTime checks a client's occurredAt: not in the future, not before the unit's last event. */
function claimedTime(req: EventRequest, now: Date, lastAt: Date | undefined): Date {
  if (req.occurredAt === undefined) return now;
  const at = new Date(req.occurredAt);
  if (Number.isNaN(at.getTime()) || at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new RegistryError('INVALID_ARGUMENT', `occurredAt ${req.occurredAt} lies in the future.`, { errors: [{ field: 'body.occurredAt', message: 'in the future' }] });
  }
  if (lastAt && at < lastAt) {
    throw new RegistryError('INVALID_ARGUMENT', `occurredAt ${req.occurredAt} is before the unit's last event (${lastAt.toISOString()}); a unit's events are recorded in order.`, { errors: [{ field: 'body.occurredAt', message: 'before the last event' }] });
  }
  return at;
}

/** lastEventTimes reads when the last event of each unit happened (for events that claim their own time). */
async function lastEventTimes(tx: Tx, codes: readonly string[]): Promise<Map<string, Date>> {
  if (codes.length === 0) return new Map();
  const rows = await tx.query<{ robot_code: string; at: Date }>('SELECT robot_code, max(occurred_at) AS at FROM events WHERE robot_code = ANY($1::char(29)[]) GROUP BY robot_code', [codes]);
  return new Map(rows.map((r) => [r.robot_code, r.at]));
}

/** Accepted is an event the rules accepted, with what its leaf and answer need. */
interface Accepted extends AcceptedEvent {
  occurredAt: Date;
  pub: Record<string, unknown>;
  personal: Record<string, unknown> | undefined;
}

/**
 * checkEvents applies the lifecycle rules to every event of a batch, on the
 * units as they are before the batch, and returns the accepted events or
 * throws EventRefusal naming every refused one. The caller's standing is
 * settled before the data checks, so a stranger learns nothing from them.
 */
async function checkEvents(tx: Tx, caller: Principal, items: readonly EventItem[], now: Date): Promise<Accepted[]> {
  const codes = items.map((i) => i.code);
  const facts = await lockRobotFacts(tx, codes);
  const granted = await grantedUnits(tx, caller, [...facts.keys()], now);
  const lookups = await loadEventLookups(tx, items.map((i) => ({ code: i.code, req: i.event })));
  const lastAt = await lastEventTimes(tx, items.filter((i) => i.event.occurredAt !== undefined).map((i) => i.code));
  const accepted: Accepted[] = [];
  const refused: { index: number; error: RegistryError }[] = [];
  const first = new Map<string, number>();
  items.forEach((item, index) => {
    try {
      const f = facts.get(item.code);
      if (!f) throw new RegistryError('NOT_REGISTERED', `No robot is registered under ${item.code}.`, { code: item.code });
      if (first.has(item.code)) {
        throw new RegistryError('INVALID_ARGUMENT', `${item.code} is also event ${first.get(item.code)} of this batch; a batch records one event per unit.`, { errors: [{ field: `body.events/${index}/code`, message: 'repeats a unit of the batch' }] });
      }
      first.set(item.code, index);
      const req = item.event;
      const parties = partiesOf(caller, f, granted.has(item.code));
      // A stranger is refused before anything else; a party with a stale view learns the unit's current state.
      if (parties.length === 0) checkWho(req.type, parties);
      if (item.ifMatch !== undefined && item.ifMatch !== f.version) {
        throw new RegistryError('VERSION_MISMATCH', `The unit is at version ${f.version}, not ${item.ifMatch}: it changed since you read it.`, { current: currentState(f) });
      }
      checkWho(req.type, parties);
      const occurredAt = claimedTime(req, now, lastAt.get(item.code));
      const extra = eventFactsOf(f, req, now, lookups);
      const next = decide(unitStateOf(f), { type: req.type, actorId: caller.participantId, parties, access: accessOf(f), ...extra.facts });
      const { pub, personal } = splitPersonal({ ...(req.data as Record<string, unknown>), ...extra.derived });
      accepted.push({ index, f, req, next, seq: f.version + 1, occurredAt, pub, personal });
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      refused.push({ index, error: err });
    }
  });
  if (refused.length > 0) throw new EventRefusal(refused);
  return accepted;
}

/** writeAccepted writes the accepted events: the units' new state, side tables, the events with their leaves, incidents and defect signals. */
async function writeAccepted(tx: Tx, ctx: RegistryContext, caller: Principal, accepted: readonly Accepted[], now: Date): Promise<RecordedEvent[]> {
  await tx.query(
    `UPDATE robots r SET status = x.status, owner_id = x.owner_id, operator_id = x.operator_id, site = x.site, firmware = x.firmware,
            suspended = x.suspended, stolen = x.stolen, resume_status = x.resume_status, version = x.version, updated_at = $11
       FROM unnest($1::char(29)[], $2::text[], $3::uuid[], $4::uuid[], $5::jsonb[], $6::text[], $7::bool[], $8::bool[], $9::text[], $10::int[])
            AS x(code, status, owner_id, operator_id, site, firmware, suspended, stolen, resume_status, version)
      WHERE r.code = x.code`,
    [
      accepted.map((a) => a.f.code),
      accepted.map((a) => a.next.status),
      accepted.map((a) => a.next.ownerId),
      accepted.map((a) => a.next.operatorId),
      accepted.map((a) => (a.next.site ? JSON.stringify(a.next.site) : null)),
      accepted.map((a) => a.next.firmware),
      accepted.map((a) => a.next.suspended),
      accepted.map((a) => a.next.stolen),
      accepted.map((a) => a.next.resumeStatus),
      accepted.map((a) => a.seq),
      now,
    ],
  );
  await applySideEffects(tx, accepted, now);
  const pending: PendingEvent[] = accepted.map((a) => ({
    robotCode: a.f.code, seq: a.seq, type: a.req.type, occurredAt: a.occurredAt, recordedAt: now, actorId: caller.participantId, ownerId: a.next.ownerId, data: a.pub, personal: a.personal,
  }));
  const logIndexes = await writeEvents(tx, ctx.signer, pending);
  for (const [i, a] of accepted.entries()) await recordIncident(tx, caller, a, logIndexes[i]!);
  return accepted.map((a, i) => ({
    seq: a.seq,
    type: a.req.type,
    occurredAt: a.occurredAt.toISOString(),
    recordedAt: now.toISOString(),
    actorId: caller.participantId,
    data: a.pub,
    logIndex: logIndexes[i]!,
    robot: { code: a.f.code, status: a.next.status, ownerId: a.next.ownerId, version: a.seq, suspended: a.next.suspended, stolen: a.next.stolen },
  }));
}

/** recordIncident files an incident report, and a defect signal for an incident or service record that names a component and failure mode. */
async function recordIncident(tx: Tx, caller: Principal, a: Accepted, logIndex: number): Promise<void> {
  const { f, req, occurredAt } = a;
  if (req.type === 'incident_reported') {
    const d = req.data;
    await tx.query(
      `INSERT INTO incidents (log_index, robot_code, enterprise_code, model_code, severity, kind, component_type, failure_mode, occurred_at, reporter_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [logIndex, f.code, f.enterpriseCode, f.modelCode, d.severity, d.kind, d.componentType ?? null, d.failureMode ?? null, occurredAt, caller.participantId],
    );
  }
  if (req.type !== 'incident_reported' && req.type !== 'serviced') return;
  const { componentType, failureMode } = req.data;
  if (!componentType || !failureMode) return;
  await recordDefectSignal(tx, {
    logIndex, code: f.code, enterprise: f.enterpriseCode, model: f.modelCode, componentType, failureMode,
    source: req.type === 'incident_reported' ? 'incident' : 'service', occurredAt,
  });
}

/** runBatch records items in one transaction (claiming the Idempotency-Key first) and answers with answer(recorded). */
async function runBatch(ctx: RegistryContext, caller: Principal, items: readonly EventItem[], key: { value?: string; hash: Buffer }, answer: (recorded: RecordedEvent[]) => StoredResponse): Promise<StoredResponse> {
  const result = await ctx.store.readWrite(async (tx) => {
    if (key.value) {
      const stored = await claimKey(tx, caller.participantId, key.value, key.hash);
      if (stored) return stored;
    }
    const now = ctx.now();
    const accepted = await checkEvents(tx, caller, items, now);
    const response = answer(await writeAccepted(tx, ctx, caller, accepted, now));
    if (key.value) await storeResponse(tx, caller.participantId, key.value, response);
    return response;
  });
  ctx.facts.invalidate(items.map((i) => i.code));
  return result;
}

/**
 * recordEvent records one lifecycle event on a unit: it locks the unit,
 * applies the lifecycle table, writes the new state, its side tables and the
 * event with its leaf in one transaction, and returns the answer (201, or the
 * stored first answer for a retried Idempotency-Key).
 */
export async function recordEvent(ctx: RegistryContext, caller: Principal | undefined, codeInput: string, req: EventRequest, opts: RecordOptions = {}): Promise<StoredResponse> {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  const code = compactCode(codeInput);
  try {
    return await runBatch(ctx, caller, [{ code, event: req, ifMatch: opts.ifMatch }], { value: opts.idempotencyKey, hash: requestHash([code, req]) }, ([recorded]) => ({ status: 201, body: recorded }));
  } catch (err) {
    // One event: the rule's own error, as if there were no batch.
    if (err instanceof EventRefusal) throw err.refused[0]!.error;
    throw err;
  }
}

/**
 * recordEvents records a batch of 1 to MAX_EVENT_BATCH events by one caller,
 * at most one per unit, all or none, in one transaction with one append to the
 * log. Every event meets the same rules as alone; a refused batch changes
 * nothing and names every event the rules refuse.
 */
export async function recordEvents(ctx: RegistryContext, caller: Principal | undefined, items: readonly EventItem[], opts: Pick<RecordOptions, 'idempotencyKey'> = {}): Promise<StoredResponse> {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  if (items.length === 0) throw new RegistryError('INVALID_REQUEST', 'A batch needs at least one event.');
  if (items.length > MAX_EVENT_BATCH) throw new RegistryError('BATCH_TOO_LARGE', `A batch holds at most ${MAX_EVENT_BATCH} events, not ${items.length}.`, { limit: MAX_EVENT_BATCH });
  const compact = items.map((i, index) => {
    try {
      return { ...i, code: compactCode(i.code) };
    } catch (err) {
      if (err instanceof RegistryError) throw refusal(items, [{ index, error: err }]);
      throw err;
    }
  });
  try {
    return await runBatch(ctx, caller, compact, { value: opts.idempotencyKey, hash: requestHash(['events', compact]) }, (events) => ({ status: 201, body: { events } }));
  } catch (err) {
    if (err instanceof EventRefusal) throw refusal(compact, err.refused);
    throw err;
  }
}

/** refusal is the problem for a refused batch: the first refused event's rule, and every refused event by position. */
function refusal(items: readonly EventItem[], refused: readonly { index: number; error: RegistryError }[]): RegistryError {
  const problems: EventProblem[] = refused.map(({ index, error }) => ({ ...error.extra, event: index, robot: items[index]!.code, code: error.code, message: error.message }));
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more refused events)` : '';
  return new RegistryError(first.code, `Event ${first.event} (${first.robot}): ${first.message}${more}`, { errors: problems });
}
