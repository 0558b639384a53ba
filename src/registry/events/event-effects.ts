import type { Principal } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import type { EventFacts, UnitState } from '../../lifecycle/decide.ts';
import { needRole, rolesOf } from '../../lifecycle/named-roles.ts';
import type { Tx } from '../../store/store.ts';
import type { EventRequest } from './event-data.ts';
import type { RobotFacts } from '../robots/robot-facts.ts';
import { joinOpenRecalls } from '../recalls/recall-resolve.ts';
import { canonicalLot, describePart, partIdentity } from '../../component/part-identity.ts';
import { clashRefusals } from '../components/component-clash.ts';
import { REINSTALL_REMOVED } from '../components/reinstall-removed.ts';
import { certifiedRoles } from '../second-life/certifications.ts';
import { exportDerived, loadListed, reimportDerived } from '../second-life/second-life-events.ts';
import { applyCondition, conditionFacts } from './condition-effects.ts';

/** EventLookups are the facts beyond the units that a batch's rules need, read in one query each. */
export interface EventLookups {
  /** roles of every participant an event names (recipient, operator, service). */
  roles: Map<string, string[]>;
  /** enterprise holds the enterprise code of every named participant that has one. */
  enterprise: Map<string, string>;
  /** standing holds `recipient sender` for every standing acceptance a transfer of the batch meets. */
  standing: Set<string>;
  /** stopUse holds the units with an open, unremedied stop-use recall. */
  stopUse: Set<string>;
  /** listed holds `id role` for every recipient or acceptor certified as a recycler or remanufacturer (issue #16). */
  listed: Set<string>;
}

/** namedParticipant is the participant an event's data names, if any. */
function namedParticipant(req: EventRequest): string | undefined {
  switch (req.type) {
    case 'transferred':
      return req.data.to;
    case 'deployed':
      return req.data.operator;
    case 'service_granted':
      return req.data.service;
    case 'insurer_named':
      return req.data.insurer;
    default:
      return undefined;
  }
}

/** loadEventLookups reads, for a batch of events on locked units, the participants they name and the units a stop-use recall stops. */
export async function loadEventLookups(
  tx: Pick<Tx, 'query'>,
  events: readonly { code: string; req: EventRequest; senderId?: string }[],
): Promise<EventLookups> {
  const ids = [...new Set(events.map((e) => namedParticipant(e.req)).filter((id): id is string => id !== undefined))];
  const deploying = events.filter((e) => e.req.type === 'deployed').map((e) => e.code);
  const roles =
    ids.length === 0
      ? []
      : await tx.query<{ id: string; roles: string[]; enterprise_code: string | null }>(
          'SELECT id, roles, enterprise_code FROM participants WHERE id = ANY($1::uuid[])',
          [ids],
        );
  const offers = events.flatMap((e) => (e.req.type === 'transferred' && e.senderId ? [[e.req.data.to, e.senderId] as const] : []));
  const standing =
    offers.length === 0
      ? []
      : await tx.query<{ participant_id: string; sender_id: string }>(
          'SELECT participant_id, sender_id FROM standing_acceptances s JOIN unnest($1::uuid[], $2::uuid[]) AS x(p, q) ON s.participant_id = x.p AND s.sender_id = x.q',
          [offers.map((o) => o[0]), offers.map((o) => o[1])],
        );
  const stopped =
    deploying.length === 0
      ? []
      : await tx.query<{ robot_code: string }>(
          `SELECT DISTINCT u.robot_code FROM recall_units u JOIN recalls r ON r.id = u.recall_id
      WHERE u.robot_code = ANY($1::char(29)[]) AND u.remedied_seq IS NULL AND r.closed_at IS NULL AND r.stop_use`,
          [deploying],
        );
  return {
    roles: new Map(roles.map((p) => [p.id, p.roles])),
    enterprise: new Map(roles.flatMap((p) => (p.enterprise_code ? [[p.id, p.enterprise_code] as const] : []))),
    standing: new Set(standing.map((s) => `${s.participant_id} ${s.sender_id}`)),
    stopUse: new Set(stopped.map((r) => r.robot_code)),
    listed: await loadListed(tx, events),
  };
}

/** OFFER_DAYS is how long a transfer offer waits for its recipient unless the sender says otherwise; OFFER_MAX_DAYS the longest it may wait. */
export const OFFER_DAYS = 14;
export const OFFER_MAX_DAYS = 90;
const DAY_MS = 86_400_000;

/** offerExpiry is when an offer made now lapses: the sender's expiresAt (in the future, at most OFFER_MAX_DAYS ahead) or OFFER_DAYS from now. */
function offerExpiry(expiresAt: string | undefined, now: Date): string {
  if (expiresAt === undefined) return new Date(now.getTime() + OFFER_DAYS * DAY_MS).toISOString();
  const t = Date.parse(expiresAt);
  if (!(t > now.getTime()) || t > now.getTime() + OFFER_MAX_DAYS * DAY_MS) {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.events.offerLapse', { max: OFFER_MAX_DAYS }), {
      errors: [{ field: 'body.data.expiresAt', message: `in the future, at most ${OFFER_MAX_DAYS} days ahead` }],
    });
  }
  return new Date(t).toISOString();
}

/**
 * eventFactsOf gives what an event's rules need beyond the unit (the
 * recipient of a transfer, the operator of a deployment, …) and the derived
 * public data the leaf records, from the batch's lookups. Pure.
 */
export function eventFactsOf(
  caller: Principal,
  f: RobotFacts,
  req: EventRequest,
  now: Date,
  lookups: EventLookups,
): { facts: Partial<EventFacts>; derived: Record<string, unknown> } {
  switch (req.type) {
    case 'transferred': {
      const to = req.data.to;
      const { roles, unlisted } = certifiedRoles(to, rolesOf(lookups.roles, to, 'to'), lookups.listed);
      const recipient = {
        id: to,
        roles,
        unlisted,
        makesUnit: lookups.enterprise.get(to) === f.enterpriseCode,
        standing: lookups.standing.has(`${to} ${caller.participantId}`),
      };
      const offerExpiresAt = offerExpiry(req.data.expiresAt, now);
      return { facts: { recipient, sale: req.data.sale, offerExpiresAt }, derived: { from: f.ownerId } };
    }
    case 'transfer_accepted': {
      const recipient = {
        id: caller.participantId,
        ...certifiedRoles(caller.participantId, caller.roles, lookups.listed),
        makesUnit: caller.enterpriseCode === f.enterpriseCode,
        standing: true,
      };
      return { facts: { recipient, sale: f.offer?.sale === true }, derived: { from: f.ownerId, sale: f.offer?.sale === true } };
    }
    case 'deployed': {
      if (req.data.operator) needRole(rolesOf(lookups.roles, req.data.operator, 'operator'), 'operator', 'operator', req.data.operator);
      const site = { province: req.data.site.province, city: req.data.site.city, domain: req.data.domain };
      return { facts: { site, operatorId: req.data.operator, stopUse: lookups.stopUse.has(f.code) }, derived: {} };
    }
    case 'service_granted': {
      // A maker services units it sold under the owner's grant, like any shop.
      const service = req.data.service;
      if (lookups.enterprise.get(service) !== f.enterpriseCode)
        needRole(rolesOf(lookups.roles, service, 'service'), 'service', 'service', service);
      if (new Date(req.data.expiresAt) <= now) {
        throw new RegistryError('INVALID_ARGUMENT', msg('problem.events.grantPast'), {
          errors: [{ field: 'body.data.expiresAt', message: 'in the past' }],
        });
      }
      return { facts: {}, derived: {} };
    }
    case 'exported':
      return { facts: {}, derived: exportDerived(req.data) };
    case 'reimported':
      return { facts: {}, derived: reimportDerived(req.data) };
    case 'serviced':
      return { facts: { firmware: req.data.firmware, ...conditionFacts(req, now, lookups.roles) }, derived: {} };
    default:
      return { facts: conditionFacts(req, now, lookups.roles), derived: {} };
  }
}

/**
 * replaceComponents swaps key components during service, matching parts by
 * their canonical identity (docs/components.md): the removed part must be in
 * this unit under any spelling; the fitted one may be neither in another unit
 * nor scrapped, under any spelling. Each swap closes and opens a holding.
 */
async function replaceComponents(tx: Tx, a: AcceptedEvent, now: Date): Promise<void> {
  const { f, seq, caller } = a;
  const replaced = a.req.type === 'serviced' ? (a.req.data.replaced ?? []) : [];
  const [model] = await tx.query<{ component_types: string[] }>(
    'SELECT component_types FROM models WHERE enterprise_code = $1 AND model_code = $2',
    [f.enterpriseCode, f.modelCode],
  );
  for (const [i, r] of replaced.entries()) {
    if (!must(model, "a registered robot's model is filed").component_types.includes(r.type)) {
      throw new RegistryError('UNKNOWN_COMPONENT_TYPE', msg('problem.events.unknownType', { type: r.type, model: f.modelCode }));
    }
    const out = partIdentity({ type: r.type, ...r.removed }, `body.data.replaced.${i}.removed`);
    const fit = partIdentity({ type: r.type, ...r.installed }, `body.data.replaced.${i}.installed`);
    const removed = await tx.query(
      `UPDATE components SET state = 'removed', updated_at = $5
        WHERE component_type = $1 AND canonical_maker = $2 AND canonical_serial = $3 AND robot_code = $4 AND state = 'installed' RETURNING serial`,
      [out.type, out.maker, out.serial, f.code, now],
    );
    if (removed.length === 0) {
      throw new RegistryError(
        'INVALID_ARGUMENT',
        msg('problem.events.notInstalled', { part: describePart(out, { type: r.type, ...r.removed }), code: f.code }),
        {
          errors: [{ field: 'body.data.replaced.removed', message: 'not installed in this unit' }],
        },
      );
    }
    await tx.query(
      `UPDATE component_holdings SET removed_seq = $5, removed_at = $6
        WHERE component_type = $1 AND canonical_maker = $2 AND canonical_serial = $3 AND robot_code = $4 AND removed_at IS NULL`,
      [out.type, out.maker, out.serial, f.code, seq, now],
    );
    const installed = await tx.query(
      `INSERT INTO components (component_type, maker, serial, lot, robot_code, state, updated_at, canonical_maker, canonical_serial, canonical_lot)
       VALUES ($1, $2, $3, $4, $5, 'installed', $6, $7, $8, $9)
       ${REINSTALL_REMOVED}
       RETURNING serial`,
      [
        r.type,
        r.installed.maker,
        r.installed.serial,
        r.installed.lot ?? null,
        f.code,
        now,
        fit.maker,
        fit.serial,
        canonicalLot(r.installed.lot),
      ],
    );
    if (installed.length === 0) {
      const [why] = await clashRefusals(tx, caller, [{ id: fit, spelled: { type: r.type, ...r.installed } }], now);
      const { code, message, part } = must(why, 'clashRefusals answers the clash');
      throw new RegistryError(code, message, { part });
    }
    await tx.query(
      `INSERT INTO component_holdings (component_type, canonical_maker, canonical_serial, robot_code, maker, serial, lot, installed_seq, installed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [fit.type, fit.maker, fit.serial, f.code, r.installed.maker, r.installed.serial, r.installed.lot ?? null, seq, now],
    );
  }
}

/** EventRefusal refuses a batch of events: each refused event's position in the batch and the rule's error. */
export class EventRefusal extends Error {
  readonly refused: readonly { index: number; error: RegistryError }[];

  constructor(refused: readonly { index: number; error: RegistryError }[]) {
    super(refused[0]?.error.message ?? 'refused');
    this.name = 'EventRefusal';
    this.refused = refused;
  }
}

/** AcceptedEvent is an event the rules accepted: its position in the batch, the unit before it, and the unit's next state and version. */
export interface AcceptedEvent {
  index: number;
  /** caller recorded the event; a refusal names another unit only if the caller may read it. */
  caller: Principal;
  f: RobotFacts;
  req: EventRequest;
  next: UnitState;
  seq: number;
}

/** each runs one event's side effect, naming the event when it is refused. */
async function each<A extends AcceptedEvent>(events: readonly A[], run: (a: A) => Promise<void>): Promise<void> {
  for (const a of events) {
    try {
      await run(a);
    } catch (err) {
      if (err instanceof RegistryError) throw new EventRefusal([{ index: a.index, error: err }]);
      throw err;
    }
  }
}

/** remedy marks each unit remedied in the open recall its event names. */
async function remedy(tx: Tx, remedies: readonly (AcceptedEvent & { recallId: string })[]): Promise<void> {
  if (remedies.length === 0) return;
  const rows = await tx.query<{ robot_code: string }>(
    `UPDATE recall_units u SET remedied_seq = x.seq FROM unnest($1::uuid[], $2::char(29)[], $3::int[]) AS x(recall_id, code, seq), recalls r
      WHERE u.recall_id = x.recall_id AND u.robot_code = x.code AND u.remedied_seq IS NULL AND r.id = u.recall_id AND r.closed_at IS NULL
      RETURNING u.robot_code`,
    [remedies.map((a) => a.recallId), remedies.map((a) => a.f.code), remedies.map((a) => a.seq)],
  );
  const done = new Set(rows.map((r) => r.robot_code));
  const missed = remedies.filter((a) => !done.has(a.f.code));
  if (missed.length > 0) {
    throw new EventRefusal(
      missed.map((a) => ({
        index: a.index,
        error: new RegistryError('INVALID_ARGUMENT', msg('problem.events.recallNotOpen', { recall: a.recallId, code: a.f.code }), {
          errors: [{ field: 'body.data.recallId', message: 'not an open, unremedied recall of this unit' }],
        }),
      })),
    );
  }
}

/**
 * applySideEffects updates the side tables accepted events change (ownership
 * history, service grants, components, recall remedies), a statement per kind
 * of change for the whole batch. A refused side effect throws EventRefusal.
 */
export async function applySideEffects(tx: Tx, events: readonly AcceptedEvent[], now: Date): Promise<void> {
  const of = <T extends EventRequest['type']>(type: T) =>
    events.filter((a): a is AcceptedEvent & { req: Extract<EventRequest, { type: T }> } => a.req.type === type);
  // A transfer that only makes an offer changes no owner; an accepted offer does.
  const transfers = events.filter((a) => a.next.ownerId !== a.f.ownerId);
  if (transfers.length > 0) {
    // Grants end when the unit changes owner (DESIGN.md §2).
    await tx.query('UPDATE service_grants SET revoked_at = $2 WHERE robot_code = ANY($1::char(29)[]) AND revoked_at IS NULL', [
      transfers.map((a) => a.f.code),
      now,
    ]);
    await tx.query(
      'UPDATE ownerships o SET to_seq = x.seq FROM unnest($1::char(29)[], $2::int[]) AS x(code, seq) WHERE o.robot_code = x.code AND o.to_seq IS NULL',
      [transfers.map((a) => a.f.code), transfers.map((a) => a.seq)],
    );
    await tx.query('INSERT INTO ownerships (robot_code, owner_id, from_seq) SELECT * FROM unnest($1::char(29)[], $2::uuid[], $3::int[])', [
      transfers.map((a) => a.f.code),
      transfers.map((a) => a.next.ownerId),
      transfers.map((a) => a.seq),
    ]);
  }
  const grants = of('service_granted');
  if (grants.length > 0) {
    await tx.query(
      'INSERT INTO service_grants (robot_code, service_id, granted_seq, expires_at) SELECT * FROM unnest($1::char(29)[], $2::uuid[], $3::int[], $4::timestamptz[])',
      [
        grants.map((a) => a.f.code),
        grants.map((a) => a.req.data.service),
        grants.map((a) => a.seq),
        grants.map((a) => a.req.data.expiresAt),
      ],
    );
  }
  await each(of('service_revoked'), async (a) => {
    const revoked = await tx.query(
      'UPDATE service_grants SET revoked_at = $3 WHERE robot_code = $1 AND service_id = $2 AND revoked_at IS NULL AND expires_at > $3 RETURNING granted_seq',
      [a.f.code, a.req.data.service, now],
    );
    if (revoked.length === 0)
      throw new RegistryError('INVALID_ARGUMENT', msg('problem.events.noGrant', { service: a.req.data.service, code: a.f.code }));
  });
  const services = of('serviced');
  await each(
    services.filter((a) => a.req.data.replaced?.length),
    async (a) => {
      await replaceComponents(tx, a, now);
      // A part fitted from a recalled lot brings its robot into that recall.
      await joinOpenRecalls(tx, [a.f.code], now);
    },
  );
  await remedy(tx, [
    ...services.flatMap((a) => (a.req.data.recallId ? [{ ...a, recallId: a.req.data.recallId }] : [])),
    ...of('recall_remedied').map((a) => ({ ...a, recallId: a.req.data.recallId })),
  ]);
  await applyCondition(tx, events, now);
  const scrapped = of('scrapped');
  if (scrapped.length > 0) {
    // Refurbished units cannot carry these parts back to market (DESIGN.md §5).
    await tx.query(
      `UPDATE components SET state = 'scrapped', updated_at = $2 WHERE robot_code = ANY($1::char(29)[]) AND state = 'installed'`,
      [scrapped.map((a) => a.f.code), now],
    );
  }
}
