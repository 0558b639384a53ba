import type { Principal } from '../access/principal.ts';
import { RegistryError, type ErrorCode } from '../errors.ts';
import { checkWho, decide, type UnitState } from '../lifecycle/decide.ts';
import type { Tx } from '../store/store.ts';
import type { RegistryContext } from './context.ts';
import { recordDefectSignal } from './defects.ts';
import { splitPersonal, type EventRequest } from './event-data.ts';
import { applySideEffects, EventRefusal, eventFactsOf, loadEventLookups, type AcceptedEvent } from './event-effects.ts';
import { writeEvents, type PendingEvent } from './event-writer.ts';
import { claimKey, releaseKey, requestHash, storeResponse, type StoredResponse } from './idempotency.ts';
import { compactCode, type RobotEvent } from './passport.ts';
import { grantedUnits, grantKey, partiesOf } from './relation.ts';
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

/** Accepted is an event the rules accepted, with who recorded it and what its leaf and answer need. */
interface Accepted extends AcceptedEvent {
  caller: Principal;
  occurredAt: Date;
  pub: Record<string, unknown>;
  personal: Record<string, unknown> | undefined;
}

/** Submitted is one event to check: who records it, and the event. */
interface Submitted {
  caller: Principal;
  item: EventItem;
}

/** Checked is the rules' verdict on a set of events: those accepted, and those refused with the rule, by position. */
interface Checked {
  accepted: Accepted[];
  refused: { index: number; error: RegistryError }[];
}

/**
 * checkEvents applies the lifecycle rules to every event, on the units as
 * they are before any of them, reading what the rules need in one query per
 * kind of fact. Each event is judged alone; a unit may appear once. The
 * caller's standing is settled before the data checks, so a stranger learns
 * nothing from them.
 */
async function checkEvents(tx: Tx, events: readonly Submitted[], now: Date): Promise<Checked> {
  const codes = events.map((e) => e.item.code);
  const facts = await lockRobotFacts(tx, codes);
  const granted = await grantedUnits(tx, events.map((e) => e.caller), [...facts.keys()], now);
  const lookups = await loadEventLookups(tx, events.map((e) => ({ code: e.item.code, req: e.item.event })));
  const lastAt = await lastEventTimes(tx, events.filter((e) => e.item.event.occurredAt !== undefined).map((e) => e.item.code));
  const checked: Checked = { accepted: [], refused: [] };
  const first = new Map<string, number>();
  events.forEach(({ caller, item }, index) => {
    try {
      const f = facts.get(item.code);
      if (!f) throw new RegistryError('NOT_REGISTERED', `No robot is registered under ${item.code}.`, { code: item.code });
      if (first.has(item.code)) {
        throw new RegistryError('INVALID_ARGUMENT', `${item.code} is also event ${first.get(item.code)} of this batch; a batch records one event per unit.`, { errors: [{ field: `body.events/${index}/code`, message: 'repeats a unit of the batch' }] });
      }
      first.set(item.code, index);
      const req = item.event;
      const parties = partiesOf(caller, f, granted.has(grantKey(item.code, caller.participantId)));
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
      checked.accepted.push({ index, caller, f, req, next, seq: f.version + 1, occurredAt, pub, personal });
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      checked.refused.push({ index, error: err });
    }
  });
  return checked;
}

/** writeAccepted writes the accepted events: the units' new state, side tables, the events with their leaves, incidents and defect signals. */
async function writeAccepted(tx: Tx, ctx: RegistryContext, accepted: readonly Accepted[], now: Date): Promise<RecordedEvent[]> {
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
    robotCode: a.f.code, seq: a.seq, type: a.req.type, occurredAt: a.occurredAt, recordedAt: now, actorId: a.caller.participantId, ownerId: a.next.ownerId, data: a.pub, personal: a.personal,
  }));
  const logIndexes = await writeEvents(tx, ctx.signer, pending);
  for (const [i, a] of accepted.entries()) await recordIncident(tx, a, logIndexes[i]!);
  return accepted.map((a, i) => ({
    seq: a.seq,
    type: a.req.type,
    occurredAt: a.occurredAt.toISOString(),
    recordedAt: now.toISOString(),
    actorId: a.caller.participantId,
    data: a.pub,
    logIndex: logIndexes[i]!,
    robot: { code: a.f.code, status: a.next.status, ownerId: a.next.ownerId, version: a.seq, suspended: a.next.suspended, stolen: a.next.stolen },
  }));
}

/** recordIncident files an incident report, and a defect signal for an incident or service record that names a component and failure mode. */
async function recordIncident(tx: Tx, a: Accepted, logIndex: number): Promise<void> {
  const { f, req, occurredAt, caller } = a;
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

/** runBatch records one caller's items in one transaction, all or none (claiming the Idempotency-Key first), and answers with answer(recorded). */
async function runBatch(ctx: RegistryContext, caller: Principal, items: readonly EventItem[], key: { value?: string; hash: Buffer }, answer: (recorded: RecordedEvent[]) => StoredResponse): Promise<StoredResponse> {
  const result = await ctx.store.readWrite(async (tx) => {
    if (key.value) {
      const stored = await claimKey(tx, caller.participantId, key.value, key.hash);
      if (stored) return stored;
    }
    const now = ctx.now();
    const { accepted, refused } = await checkEvents(tx, items.map((item) => ({ caller, item })), now);
    if (refused.length > 0) throw new EventRefusal(refused);
    const response = answer(await writeAccepted(tx, ctx, accepted, now));
    if (key.value) await storeResponse(tx, caller.participantId, key.value, response);
    return response;
  });
  ctx.facts.invalidate(items.map((i) => i.code));
  return result;
}

/** Single is one caller's single event waiting in the queue, with its Idempotency-Key and its promise. */
interface Single {
  caller: Principal;
  item: EventItem;
  key: string | undefined;
  hash: Buffer;
  resolve(response: StoredResponse): void;
  reject(err: unknown): void;
}

/**
 * recordSingles records queued single events of any callers in one
 * transaction, each with its own outcome: an event the rules refuse fails
 * alone (its Idempotency-Key claim is released, so a retry runs again), the
 * others commit together with one append to the log. A side effect refused
 * late fails its event, and the rest run again without it.
 */
async function recordSingles(ctx: RegistryContext, singles: readonly Single[]): Promise<void> {
  let live = singles;
  while (live.length > 0) {
    const outcome = new Map<Single, StoredResponse | RegistryError>();
    let checked: Single[] = [];
    try {
      await ctx.store.readWrite(async (tx) => {
        outcome.clear();
        const now = ctx.now();
        checked = [];
        for (const s of live) {
          if (!s.key) checked.push(s);
          else {
            const stored = await claimKey(tx, s.caller.participantId, s.key, s.hash).catch((err: unknown) => (err instanceof RegistryError ? err : Promise.reject(err)));
            if (stored) outcome.set(s, stored);
            else checked.push(s);
          }
        }
        const { accepted, refused } = await checkEvents(tx, checked.map((s) => ({ caller: s.caller, item: s.item })), now);
        for (const { index, error } of refused) {
          const s = checked[index]!;
          outcome.set(s, error);
          if (s.key) await releaseKey(tx, s.caller.participantId, s.key);
        }
        const recorded = await writeAccepted(tx, ctx, accepted, now);
        for (const [i, a] of accepted.entries()) {
          const s = checked[a.index]!;
          const response: StoredResponse = { status: 201, body: recorded[i] };
          if (s.key) await storeResponse(tx, s.caller.participantId, s.key, response);
          outcome.set(s, response);
        }
      });
    } catch (err) {
      if (err instanceof EventRefusal) {
        const late = new Set(err.refused.map((r) => checked[r.index]!));
        for (const r of err.refused) checked[r.index]!.reject(r.error);
        live = live.filter((s) => !late.has(s));
        continue;
      }
      for (const s of live) s.reject(err);
      return;
    }
    ctx.facts.invalidate(live.map((s) => s.item.code));
    for (const s of live) {
      const o = outcome.get(s)!;
      if (o instanceof RegistryError) s.reject(o);
      else s.resolve(o);
    }
    return;
  }
}

/** MAX_COALESCED is the most queued single events one transaction records. */
const MAX_COALESCED = 100;

/**
 * SingleQueue records single events as they arrive: while one transaction is
 * in flight, the events that arrive queue up, and the next transaction takes
 * them all (up to MAX_COALESCED, one per unit; a second event on a unit waits
 * for the next round, so it sees the first). A lone request waits for nothing.
 */
class SingleQueue {
  private queue: Single[] = [];
  private running = false;

  constructor(private readonly ctx: RegistryContext) {}

  submit(s: Single): void {
    this.queue.push(s);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // Let requests already received reach the queue first: on PGlite a whole
      // transaction runs without yielding to the event loop, so without this
      // each request would find the queue empty and commit alone.
      for (await yieldTurn(); this.queue.length > 0; await yieldTurn()) await recordSingles(this.ctx, this.take());
    } finally {
      this.running = false;
    }
  }

  private take(): Single[] {
    const units = new Set<string>();
    const batch: Single[] = [];
    const rest: Single[] = [];
    for (const s of this.queue) {
      if (batch.length < MAX_COALESCED && !units.has(s.item.code)) {
        units.add(s.item.code);
        batch.push(s);
      } else rest.push(s);
    }
    this.queue = rest;
    return batch;
  }
}

/** yieldTurn waits for the event loop's next turn, after pending I/O callbacks. */
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const queues = new WeakMap<RegistryContext, SingleQueue>();

/**
 * recordEvent records one lifecycle event on a unit and returns the answer
 * (201, or the stored first answer for a retried Idempotency-Key). The unit is
 * locked, the lifecycle table applied, and the new state, side tables and the
 * event with its leaf written in one transaction, which concurrent single
 * events share (SingleQueue) while each keeps its own outcome.
 */
export async function recordEvent(ctx: RegistryContext, caller: Principal | undefined, codeInput: string, req: EventRequest, opts: RecordOptions = {}): Promise<StoredResponse> {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  const code = compactCode(codeInput);
  let queue = queues.get(ctx);
  if (!queue) queues.set(ctx, (queue = new SingleQueue(ctx)));
  const q = queue;
  return new Promise<StoredResponse>((resolve, reject) => {
    q.submit({ caller, item: { code, event: req, ifMatch: opts.ifMatch }, key: opts.idempotencyKey, hash: requestHash([code, req]), resolve, reject });
  });
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
