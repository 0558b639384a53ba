/**
 * The set-based core of recording lifecycle events: checkEvents judges a set
 * of events (each by its own caller, at most one per unit) on the units as they
 * are, reading what the rules need in one query per kind of fact; writeAccepted
 * writes the accepted ones with one statement per kind of change and one append
 * to the log. record-event.ts runs it for batches and for single events that
 * arrive together.
 */
import type { Principal } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import { claimedTime } from '../../lifecycle/claimed-time.ts';
import { checkWho, decide, type UnitState } from '../../lifecycle/decide.ts';
import type { Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';
import { recordIncidents } from './incident-rows.ts';
import { splitPersonal } from './event-data.ts';
import { applySideEffects, eventFactsOf, loadEventLookups, type AcceptedEvent } from './event-effects.ts';
import { writeEvents, type PendingEvent } from './event-writer.ts';
import type { RecordedEvent, EventItem } from './record-event.ts';
import { partiesOf, relationTo } from '../../access/relation.ts';
import { grantedUnits, grantKey } from '../robots/service-grants.ts';
import { coverKey, insuredUnits } from './condition-effects.ts';
import { accessOf, lockRobotFacts, type RobotFacts } from '../robots/robot-facts.ts';
import { recordCrossings } from '../second-life/second-life-events.ts';
import { applySoftwareUpdates, loadSoftwareLookups, lockedFacts, softwareFactsOf, softwareTarget } from '../software/software-events.ts';

/** currentState is what a 409 tells the caller about the unit now. */
export function currentState(f: RobotFacts) {
  return {
    code: f.code,
    status: f.status,
    ownerId: f.ownerId,
    version: f.version,
    suspended: f.suspended,
    stolen: f.stolen,
    offer: f.offer,
  };
}

function unitStateOf(f: RobotFacts): UnitState {
  return {
    status: f.status,
    ownerId: f.ownerId,
    operatorId: f.operatorId,
    site: f.site as UnitState['site'],
    firmware: f.firmware,
    softwareVersion: f.softwareVersion,
    suspended: f.suspended,
    stolen: f.stolen,
    resumeStatus: f.resumeStatus,
    offer: f.offer,
    brands: f.brands,
    usage: f.usage,
  };
}

/** madeOffer is the transfer offer an event made: one on the unit's next state that it did not hold before. */
function madeOffer(before: Pick<RobotFacts, 'offer'>, next: Pick<UnitState, 'offer'>): UnitState['offer'] {
  return next.offer !== before.offer ? next.offer : null;
}

/** lastEventTimes reads when the last event of each unit happened (for events that claim their own time). */
async function lastEventTimes(tx: Tx, codes: readonly string[]): Promise<Map<string, Date>> {
  if (codes.length === 0) return new Map();
  const rows = await tx.query<{ robot_code: string; at: Date }>(
    'SELECT robot_code, max(occurred_at) AS at FROM events WHERE robot_code = ANY($1::char(29)[]) GROUP BY robot_code',
    [codes],
  );
  return new Map(rows.map((r) => [r.robot_code, r.at]));
}

/** Accepted is an event the rules accepted, with who recorded it and what its leaf and answer need. */
export interface Accepted extends AcceptedEvent {
  caller: Principal;
  occurredAt: Date;
  pub: Record<string, unknown>;
  personal: Record<string, unknown> | undefined;
  /** party is the caller's first standing to the unit: the deadline table may differ by party. */
  party?: string;
}

/** Submitted is one event to check: who records it, and the event. */
export interface Submitted {
  caller: Principal;
  item: EventItem;
}

/** Checked is the rules' verdict on a set of events: those accepted, and those refused with the rule, by position. */
export interface Checked {
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
export async function checkEvents(tx: Tx, events: readonly Submitted[], now: Date): Promise<Checked> {
  if (events.length === 0) return { accepted: [], refused: [] };
  const codes = events.map((e) => e.item.code);
  const facts = await lockRobotFacts(tx, codes);
  const granted = await grantedUnits(
    tx,
    events.map((e) => e.caller),
    [...facts.keys()],
    now,
  );
  const insured = await insuredUnits(
    tx,
    events.map((e) => e.caller),
    [...facts.keys()],
    now,
  );
  const lookups = await loadEventLookups(
    tx,
    events.map((e) => ({ code: e.item.code, req: e.item.event, senderId: e.caller.participantId })),
  );
  const software = await loadSoftwareLookups(
    tx,
    events.map((e) => ({ code: e.item.code, req: e.item.event })),
    facts,
  );
  const lastAt = await lastEventTimes(
    tx,
    events.filter((e) => e.item.event.occurredAt !== undefined).map((e) => e.item.code),
  );
  const checked: Checked = { accepted: [], refused: [] };
  const first = new Map<string, number>();
  events.forEach(({ caller, item }, index) => {
    try {
      const f = facts.get(item.code);
      if (!f) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code: item.code }), { code: item.code });
      if (first.has(item.code)) {
        throw new RegistryError('INVALID_ARGUMENT', msg('problem.events.repeated', { code: item.code, first: first.get(item.code) }), {
          errors: [{ field: `body.events/${index}/code`, message: 'repeats a unit of the batch' }],
        });
      }
      first.set(item.code, index);
      const req = item.event;
      const relation = relationTo(
        caller,
        { ...f, offerTo: f.offer?.to },
        {
          activeServiceGrant: granted.has(grantKey(item.code, caller.participantId)),
          pastOwnerUntilSeq: null,
          insures: insured.has(coverKey(item.code, caller.participantId)),
        },
      );
      const parties = partiesOf(caller, relation);
      // A stranger is refused before anything else; a party with a stale view learns the unit's current state.
      if (parties.length === 0) checkWho(req.type, parties);
      if (item.ifMatch !== undefined && item.ifMatch !== f.version) {
        throw new RegistryError('VERSION_MISMATCH', msg('problem.events.version', { version: f.version, ifMatch: item.ifMatch }), {
          current: currentState(f),
        });
      }
      checkWho(req.type, parties);
      const occurredAt = claimedTime(req.occurredAt, now, lastAt.get(item.code));
      const extra = eventFactsOf(caller, f, req, now, lookups);
      const next = decide(unitStateOf(f), {
        type: req.type,
        actorId: caller.participantId,
        parties,
        access: accessOf(lockedFacts(f, software)),
        ...softwareTarget(req),
        at: now,
        occurredAt,
        ...extra.facts,
      });
      // The campaign's rules, after the table's: a unit out of the working life is refused for its status first.
      const soft = softwareFactsOf(f, req, software, now);
      const offer = madeOffer(f, next);
      if (offer) extra.derived.offerExpiresAt = offer.expiresAt;
      const { pub, personal } = splitPersonal({ ...(req.data as Record<string, unknown>), ...extra.derived, ...soft.derived });
      checked.accepted.push({ index, caller, f, req, next, seq: f.version + 1, occurredAt, pub, personal, party: parties[0] });
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      checked.refused.push({ index, error: err });
    }
  });
  return checked;
}

/** writeAccepted writes the accepted events: the units' new state, side tables, the events with their leaves, incidents and defect signals. */
export async function writeAccepted(tx: Tx, ctx: RegistryContext, accepted: readonly Accepted[], now: Date): Promise<RecordedEvent[]> {
  // Single events that were all refused, or all retries answered from their Idempotency-Keys, write nothing.
  if (accepted.length === 0) return [];
  await tx.query(
    `UPDATE robots r SET status = x.status, owner_id = x.owner_id, operator_id = x.operator_id, site = x.site, firmware = x.firmware,
            suspended = x.suspended, stolen = x.stolen, resume_status = x.resume_status, version = x.version, offer = x.offer, updated_at = $11
       FROM unnest($1::char(29)[], $2::text[], $3::uuid[], $4::uuid[], $5::jsonb[], $6::text[], $7::bool[], $8::bool[], $9::text[], $10::int[], $12::jsonb[])
            AS x(code, status, owner_id, operator_id, site, firmware, suspended, stolen, resume_status, version, offer)
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
      accepted.map((a) => (a.next.offer ? JSON.stringify(a.next.offer) : null)),
    ],
  );
  await applySideEffects(tx, accepted, now);
  await recordCrossings(tx, accepted);
  await applySoftwareUpdates(
    tx,
    accepted.flatMap((a) =>
      a.req.type === 'software_updated' ? [{ code: a.f.code, seq: a.seq, campaignId: String(a.pub.campaignId), to: String(a.pub.to) }] : [],
    ),
  );
  const pending: PendingEvent[] = accepted.map((a) => ({
    robotCode: a.f.code,
    seq: a.seq,
    type: a.req.type,
    occurredAt: a.occurredAt,
    recordedAt: now,
    actorId: a.caller.participantId,
    ownerId: a.next.ownerId,
    data: a.pub,
    personal: a.personal,
    recipientId: madeOffer(a.f, a.next)?.to ?? null,
    party: a.party,
  }));
  const logIndexes = await writeEvents(tx, ctx.signer, pending);
  const logged = accepted.map((a, i) => ({ a, logIndex: must(logIndexes[i], 'writeEvents gives a log index per event') }));
  await recordIncidents(tx, logged);
  return logged.map(({ a, logIndex }) => ({
    seq: a.seq,
    type: a.req.type,
    occurredAt: a.occurredAt.toISOString(),
    recordedAt: now.toISOString(),
    actorId: a.caller.participantId,
    data: a.pub,
    logIndex,
    robot: {
      code: a.f.code,
      status: a.next.status,
      ownerId: a.next.ownerId,
      version: a.seq,
      suspended: a.next.suspended,
      stolen: a.next.stolen,
      offer: a.next.offer,
    },
  }));
}
