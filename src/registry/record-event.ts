import type { Principal } from '../access/principal.ts';
import { RegistryError } from '../errors.ts';
import { checkWho, decide, type EventFacts, type UnitState } from '../lifecycle/decide.ts';
import type { Tx } from '../store/store.ts';
import type { RegistryContext } from './context.ts';
import { splitPersonal, type EventRequest } from './event-data.ts';
import { writeEvents } from './event-writer.ts';
import { claimKey, requestHash, storeResponse, type StoredResponse } from './idempotency.ts';
import { compactCode } from './passport.ts';
import { partiesOf } from './relation.ts';
import { accessOf, loadRobotFacts, type RobotFacts } from './robot-facts.ts';
import { applySideEffects, loadEventFacts } from './event-effects.ts';
import { recordDefectSignal } from './defects.ts';

/** CLOCK_SKEW_MS is how far in the future a client's occurredAt may lie. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** RecordOptions carry the retry and concurrency headers. */
export interface RecordOptions {
  idempotencyKey?: string;
  /** ifMatch is the robot version the caller saw; a different current version is refused. */
  ifMatch?: number;
}

/** currentState is what a 409 tells the caller about the unit now. */
export function currentState(f: RobotFacts) {
  return { code: f.code, status: f.status, ownerId: f.ownerId, version: f.version, suspended: f.suspended, stolen: f.stolen };
}

function unitStateOf(f: RobotFacts, resumeStatus: UnitState['resumeStatus']): UnitState {
  return {
    status: f.status,
    ownerId: f.ownerId,
    operatorId: f.operatorId,
    site: f.site as UnitState['site'],
    firmware: f.firmware,
    suspended: f.suspended,
    stolen: f.stolen,
    resumeStatus,
  };
}

async function occurredAtOf(tx: Tx, code: string, req: EventRequest, now: Date): Promise<Date> {
  if (req.occurredAt === undefined) return now;
  const at = new Date(req.occurredAt);
  if (Number.isNaN(at.getTime()) || at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new RegistryError('INVALID_ARGUMENT', `occurredAt ${req.occurredAt} lies in the future.`, { errors: [{ field: 'body.occurredAt', message: 'in the future' }] });
  }
  const [last] = await tx.query<{ at: Date }>('SELECT max(occurred_at) AS at FROM events WHERE robot_code = $1', [code]);
  if (last?.at && at < last.at) {
    throw new RegistryError('INVALID_ARGUMENT', `occurredAt ${req.occurredAt} is before the unit's last event (${last.at.toISOString()}); a unit's events are recorded in order.`, { errors: [{ field: 'body.occurredAt', message: 'before the last event' }] });
  }
  return at;
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
  const result = await ctx.store.readWrite(async (tx) => {
    const hash = requestHash([code, req]);
    if (opts.idempotencyKey) {
      const stored = await claimKey(tx, caller.participantId, opts.idempotencyKey, hash);
      if (stored) return stored;
    }
    const f = await loadRobotFacts(tx, code, true);
    if (!f) throw new RegistryError('NOT_REGISTERED', `No robot is registered under ${code}.`, { code });
    if (opts.ifMatch !== undefined && opts.ifMatch !== f.version) {
      throw new RegistryError('VERSION_MISMATCH', `The unit is at version ${f.version}, not ${opts.ifMatch}: it changed since you read it.`, { current: currentState(f) });
    }
    const now = ctx.now();
    const occurredAt = await occurredAtOf(tx, code, req, now);
    // Who may record it is settled first, so a stranger learns nothing from the data checks.
    const parties = await partiesOf(tx, caller, f, now);
    checkWho(req.type, parties);
    const extra = await loadEventFacts(tx, f, req, now);
    const [row] = await tx.query<{ resume_status: UnitState['resumeStatus'] }>('SELECT resume_status FROM robots WHERE code = $1', [code]);
    const facts: EventFacts = {
      type: req.type,
      actorId: caller.participantId,
      parties,
      access: accessOf(f),
      ...extra.facts,
    };
    const before = unitStateOf(f, row?.resume_status ?? null);
    const next = decide(before, facts);
    const seq = f.version + 1;
    await tx.query(
      `UPDATE robots SET status = $2, owner_id = $3, operator_id = $4, site = $5, firmware = $6, suspended = $7, stolen = $8,
              resume_status = $9, version = $10, updated_at = $11 WHERE code = $1`,
      [code, next.status, next.ownerId, next.operatorId, next.site ? JSON.stringify(next.site) : null, next.firmware, next.suspended, next.stolen, next.resumeStatus, seq, now],
    );
    await applySideEffects(tx, f, req, next, seq, now);
    const { pub, personal } = splitPersonal({ ...(req.data as Record<string, unknown>), ...extra.derived });
    const [logIndex] = await writeEvents(tx, ctx.signer, [
      { robotCode: code, seq, type: req.type, occurredAt, recordedAt: now, actorId: caller.participantId, ownerId: next.ownerId, data: pub, personal },
    ]);
    if (req.type === 'incident_reported') {
      const d = req.data;
      await tx.query(
        `INSERT INTO incidents (log_index, robot_code, enterprise_code, model_code, severity, kind, component_type, failure_mode, occurred_at, reporter_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [logIndex, code, f.enterpriseCode, f.modelCode, d.severity, d.kind, d.componentType ?? null, d.failureMode ?? null, occurredAt, caller.participantId],
      );
    }
    const d = req.data as { componentType?: string; failureMode?: string };
    if ((req.type === 'incident_reported' || req.type === 'serviced') && d.componentType && d.failureMode) {
      await recordDefectSignal(tx, {
        logIndex: logIndex!, code, enterprise: f.enterpriseCode, model: f.modelCode, componentType: d.componentType, failureMode: d.failureMode,
        source: req.type === 'incident_reported' ? 'incident' : 'service', occurredAt,
      });
    }
    const response: StoredResponse = {
      status: 201,
      body: {
        seq,
        type: req.type,
        occurredAt: occurredAt.toISOString(),
        recordedAt: now.toISOString(),
        actorId: caller.participantId,
        data: pub,
        logIndex: logIndex!,
        robot: { code, status: next.status, ownerId: next.ownerId, version: seq, suspended: next.suspended, stolen: next.stolen },
      },
    };
    if (opts.idempotencyKey) await storeResponse(tx, caller.participantId, opts.idempotencyKey, response);
    return response;
  });
  ctx.facts.invalidate([code]);
  return result;
}
