/**
 * Recording lifecycle events: recordEvents for a batch of one caller's events
 * (all or none), recordEvent for one event, which shares a transaction with
 * the single events that arrive with it while keeping its own outcome. Both
 * run the set-based core in event-apply.ts.
 */
import type { Principal } from '../../access/principal.ts';
import { RegistryError, type ErrorCode } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import type { RegistryContext } from '../context.ts';
import type { EventRequest } from './event-data.ts';
import type { TransferOffer } from '../../lifecycle/decide.ts';
import { checkEvents, writeAccepted } from './event-apply.ts';
import { EventRefusal } from './event-effects.ts';
import { claimKey, releaseKey, requestHash, storeResponse, storeResponses, type StoredResponse } from './idempotency.ts';
import { compactCode } from '../robots/passport.ts';
import type { RobotEvent } from '../../contract/events.ts';
import { CoalescingQueue } from '../../store/coalescing-queue.ts';

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
  robot: {
    code: string;
    status: string;
    ownerId: string;
    version: number;
    suspended: boolean;
    stolen: boolean;
    offer: TransferOffer | null;
  };
};

/** statusOf is the HTTP status of a recorded event: 202 for a transfer that is an offer waiting for its recipient, else 201. */
export function statusOf(e: RecordedEvent): 201 | 202 {
  return e.type === 'transferred' && e.robot.offer ? 202 : 201;
}

/** runBatch records one caller's items in one transaction, all or none (claiming the Idempotency-Key first), and answers with answer(recorded). */
async function runBatch(
  ctx: RegistryContext,
  caller: Principal,
  items: readonly EventItem[],
  key: { value?: string; hash: Buffer },
  answer: (recorded: RecordedEvent[]) => StoredResponse,
): Promise<StoredResponse> {
  const result = await ctx.store.readWrite(async (tx) => {
    if (key.value) {
      const stored = await claimKey(tx, caller.participantId, key.value, key.hash);
      if (stored) return stored;
    }
    const now = ctx.now();
    const { accepted, refused } = await checkEvents(
      tx,
      items.map((item) => ({ caller, item })),
      now,
    );
    if (refused.length > 0) throw new EventRefusal(refused);
    const response = answer(await writeAccepted(tx, ctx, accepted, now));
    if (key.value) await storeResponse(tx, caller.participantId, key.value, response);
    return response;
  });
  ctx.facts.invalidate(items.map((i) => i.code));
  return result;
}

/** Single is one caller's single event waiting in the queue, with its Idempotency-Key and its promise. */
export interface Single {
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
            const stored = await claimKey(tx, s.caller.participantId, s.key, s.hash).catch((err: unknown) =>
              err instanceof RegistryError ? err : Promise.reject(err),
            );
            if (stored) outcome.set(s, stored);
            else checked.push(s);
          }
        }
        const { accepted, refused } = await checkEvents(
          tx,
          checked.map((s) => ({ caller: s.caller, item: s.item })),
          now,
        );
        for (const { index, error } of refused) {
          const s = must(checked[index], 'checkEvents refuses by position among the checked');
          outcome.set(s, error);
          if (s.key) await releaseKey(tx, s.caller.participantId, s.key);
        }
        const recorded = await writeAccepted(tx, ctx, accepted, now);
        // The keyed answers go in one statement: it runs under the log head lock.
        const keyed: { participantId: string; key: string; response: StoredResponse }[] = [];
        for (const [i, a] of accepted.entries()) {
          const s = must(checked[a.index], 'checkEvents accepts by position among the checked');
          const event = must(recorded[i], 'writeAccepted records each accepted event');
          const response: StoredResponse = { status: statusOf(event), body: event };
          if (s.key) keyed.push({ participantId: s.caller.participantId, key: s.key, response });
          outcome.set(s, response);
        }
        await storeResponses(tx, keyed);
      });
    } catch (err) {
      if (err instanceof EventRefusal) {
        const refused = err.refused.map((r) => ({ s: must(checked[r.index], 'a late refusal names a checked event'), error: r.error }));
        const late = new Set(refused.map((r) => r.s));
        for (const r of refused) r.s.reject(r.error);
        live = live.filter((s) => !late.has(s));
        continue;
      }
      // A failure no rule foresaw fails its own event only: each event of the
      // round runs again alone, so a neighbour's bad request cannot fail it.
      if (live.length > 1) {
        for (const s of live) await recordSingles(ctx, [s]);
        return;
      }
      must(live[0], 'a round has an event').reject(err);
      return;
    }
    ctx.facts.invalidate(live.map((s) => s.item.code));
    for (const s of live) {
      const o = must(outcome.get(s), 'every event of a committed round has an outcome');
      if (o instanceof RegistryError) s.reject(o);
      else s.resolve(o);
    }
    return;
  }
}

/** MAX_COALESCED is the most queued single events one transaction records. */
const MAX_COALESCED = 100;

/** SingleQueue records single events as they arrive, sharing a transaction among those that arrive together. */
export type SingleQueue = CoalescingQueue<Single>;

/**
 * singleQueue makes ctx's queue of single events: a round records at most
 * MAX_COALESCED events, one per unit, one round at a time. Two rounds at once
 * (CoalescingQueue's parallel, as single registrations use) were measured and
 * not kept here: a round's statements are mostly one per kind of fact or side
 * table whatever its size, so halving the rounds nearly doubled the statements
 * and PostgreSQL CPU per event (0.88 → 1.51 statements, 0.48 → 0.76 ms), and
 * the mix over HTTP is bound by CPU, not by the head lock (bench/README.md,
 * issue #14).
 */
export function singleQueue(ctx: RegistryContext): SingleQueue {
  return new CoalescingQueue<Single>(
    (round) => recordSingles(ctx, round),
    (s) => s.item.code,
    MAX_COALESCED,
  );
}

/**
 * recordEvent records one lifecycle event on a unit and returns the answer
 * (201, or the stored first answer for a retried Idempotency-Key). The unit is
 * locked, the lifecycle table applied, and the new state, side tables and the
 * event with its leaf written in one transaction, which concurrent single
 * events share (ctx.singles) while each keeps its own outcome.
 */
export async function recordEvent(
  ctx: RegistryContext,
  caller: Principal | undefined,
  codeInput: string,
  req: EventRequest,
  opts: RecordOptions = {},
): Promise<StoredResponse> {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  const code = compactCode(codeInput);
  return new Promise<StoredResponse>((resolve, reject) => {
    ctx.singles.submit({
      caller,
      item: { code, event: req, ifMatch: opts.ifMatch },
      key: opts.idempotencyKey,
      hash: requestHash([code, req]),
      resolve,
      reject,
    });
  });
}

/**
 * recordEvents records a batch of 1 to MAX_EVENT_BATCH events by one caller,
 * at most one per unit, all or none, in one transaction with one append to the
 * log. Every event meets the same rules as alone; a refused batch changes
 * nothing and names every event the rules refuse.
 */
export async function recordEvents(
  ctx: RegistryContext,
  caller: Principal | undefined,
  items: readonly EventItem[],
  opts: Pick<RecordOptions, 'idempotencyKey'> = {},
): Promise<StoredResponse> {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  if (items.length === 0) throw new RegistryError('INVALID_REQUEST', msg('problem.events.emptyBatch'));
  if (items.length > MAX_EVENT_BATCH)
    throw new RegistryError('BATCH_TOO_LARGE', msg('problem.events.batchLimit', { max: MAX_EVENT_BATCH, n: items.length }), {
      limit: MAX_EVENT_BATCH,
    });
  const compact = items.map((i, index) => {
    try {
      return { ...i, code: compactCode(i.code) };
    } catch (err) {
      if (err instanceof RegistryError) throw refusal(items, [{ index, error: err }]);
      throw err;
    }
  });
  try {
    return await runBatch(ctx, caller, compact, { value: opts.idempotencyKey, hash: requestHash(['events', compact]) }, (events) => ({
      status: 201,
      body: { events },
    }));
  } catch (err) {
    if (err instanceof EventRefusal) throw refusal(compact, err.refused);
    throw err;
  }
}

/** refusal is the problem for a refused batch: the first refused event's rule, and every refused event by position. */
function refusal(items: readonly EventItem[], refused: readonly { index: number; error: RegistryError }[]): RegistryError {
  const problems: EventProblem[] = refused.map(({ index, error }) => ({
    ...error.extra,
    event: index,
    robot: must(items[index], 'a refusal names an item of the batch').code,
    code: error.code,
    message: error.message,
  }));
  const first = must(problems[0], 'a refused batch has a refused event');
  const detail = refused[0]?.error.detail ?? first.message;
  const more = problems.length - 1;
  return new RegistryError(first.code, msg('problem.events.refused', { event: first.event, robot: first.robot, detail, more }), {
    errors: problems,
  });
}
