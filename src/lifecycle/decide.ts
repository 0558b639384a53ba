import { RegistryError } from '../errors.ts';
import { allOf, anyOf, type Message, msg, oneOf, term } from '../i18n/message.ts';
import { must } from '../must.ts';
import { EVENT_RULES, type EventType, type Party } from './events.ts';
import { brandOf, checkBrandParty, checkCorrection, nextUsage, withBrand, type Brand, type UsageReading } from './condition.ts';
import type { MarketAccess } from './market-access.ts';
import { checkExport, checkTaker, takesDecommissioned } from './second-life.ts';
import type { RobotStatus } from './status.ts';

/** PublicSite is the part of a deployment site that is public: province, city and domain. */
export interface PublicSite {
  province: string;
  city: string;
  domain: string;
}

/** TransferOffer is a transfer waiting for its recipient's acceptance; the owner does not change until then. */
export interface TransferOffer {
  to: string;
  sale: boolean;
  /** expiresAt is when the offer lapses unanswered (RFC 3339). */
  expiresAt: string;
}

/** UnitState is the part of a robot the lifecycle rules read and change. */
export interface UnitState {
  status: RobotStatus;
  ownerId: string;
  operatorId: string | null;
  site: PublicSite | null;
  firmware: string | null;
  /** softwareVersion is the installed software version's canonical key (issue #15); absent or null where none was reported. */
  softwareVersion?: string | null;
  suspended: boolean;
  stolen: boolean;
  /** resumeStatus is the status a unit returns to when its service ends. */
  resumeStatus: RobotStatus | null;
  /** offer is the pending transfer offer, if any (an expired one counts as none). */
  offer: TransferOffer | null;
  /** brands are the unit's permanent condition brands (none when absent). */
  brands?: readonly Brand[];
  /** usage is the unit's last usage reading, if any. */
  usage?: UsageReading | null;
}

/** EventFacts are the facts beyond the unit that an event's rules need. */
export interface EventFacts {
  type: EventType;
  actorId: string;
  /** parties are how the caller stands to the unit. */
  parties: readonly Party[];
  access: MarketAccess;
  /** sale marks a transfer as a sale. */
  sale?: boolean;
  /** at is when the event happens (the registry's clock): offers lapse against it. */
  at: Date;
  /**
   * recipient is the new owner of a transfer (or the acceptor of an offer):
   * its roles, whether it made the unit, and whether it accepts transfers from
   * the sender without an offer (standing acceptance).
   */
  recipient?: { id: string; roles: readonly string[]; makesUnit: boolean; standing: boolean; unlisted?: boolean };
  /** offerExpiresAt is when an offer this transfer makes lapses. */
  offerExpiresAt?: string;
  site?: PublicSite;
  operatorId?: string;
  firmware?: string;
  /** softwareTo is the canonical key of the version a `software_updated` installs (checked against its campaign before decide). */
  softwareTo?: string;
  /** stopUse: an open recall stops use of this unit (refuses deployment). */
  stopUse?: boolean;
  /** usage is a usage reading the event carries (usage_reported, serviced), taken at occurredAt. */
  usage?: { hours: number; cycles: number };
  /** brand is the condition brand a brand_recorded or brand_corrected names, as sent. */
  brand?: string;
  /** occurredAt is when the event happened (a usage reading's time); `at` when absent. */
  occurredAt?: Date;
}

function refuse(
  code: 'NOT_ENTITLED' | 'INVALID_TRANSITION' | 'MARKET_ACCESS_DENIED' | 'OFFER_PENDING' | 'NO_PENDING_OFFER',
  detail: Message,
  extra: Record<string, unknown>,
): never {
  throw new RegistryError(code, detail, extra);
}

/** liveOffer is the unit's offer unless it has lapsed at `at`. */
export function liveOffer(s: Pick<UnitState, 'offer'>, at: Date): TransferOffer | null {
  return s.offer && Date.parse(s.offer.expiresAt) > at.getTime() ? s.offer : null;
}

/**
 * checkHandover refuses moving a unit that may not be sold to anyone but its
 * manufacturer (a return for remedy) or, once decommissioned, a recycler;
 * the regulator's order moves it anywhere (DESIGN.md §2).
 */
function checkHandover(s: UnitState, e: EventFacts, to: NonNullable<EventFacts['recipient']>, byOrder: boolean): void {
  if (e.access.allowed || byOrder || to.makesUnit) return;
  if (s.status === 'decommissioned' && takesDecommissioned(to)) return;
  refuse(
    'MARKET_ACCESS_DENIED',
    msg('problem.lifecycle.handover', { reasons: allOf(e.access.reasons.map((r) => term('accessReason', r))) }),
    {
      reasons: e.access.reasons,
      unitStatus: s.status,
      rule: 'handover',
    },
  );
}

/** handOver makes to the unit's owner: an end owner puts it in use, the trade holds it registered, a decommissioned unit stays so. */
function handOver(s: UnitState, to: NonNullable<EventFacts['recipient']>): UnitState {
  const base = { ...s, ownerId: to.id, operatorId: null, offer: null };
  if (s.status === 'decommissioned') return base;
  return { ...base, status: to.roles.includes('operator') ? 'in_use' : 'registered' };
}

/** checkFlags refuses setting a flag that is set or clearing one that is clear. */
function checkFlags(s: UnitState, type: EventType): void {
  const flag = {
    suspended: [s.suspended, true],
    reinstated: [s.suspended, false],
    stolen_reported: [s.stolen, true],
    recovered: [s.stolen, false],
  } as const;
  const f = (flag as Record<string, readonly [boolean, boolean]>)[type];
  if (f && f[0] === f[1]) {
    refuse('INVALID_TRANSITION', msg('problem.lifecycle.flag', { type }), { unitStatus: s.status, rule: 'flag' });
  }
}

/** checkWho refuses an event the caller's standing does not allow (the table's "who"), before anything else is looked at. */
export function checkWho(type: EventType, parties: readonly Party[]): void {
  const rule = EVENT_RULES[type];
  if (!rule.who.some((p) => parties.includes(p))) {
    refuse(
      'NOT_ENTITLED',
      parties.length
        ? msg('problem.lifecycle.who', {
            who: anyOf(rule.who.map((p) => term('party', p))),
            type: term('event', type),
            parties: allOf(parties.map((p) => term('party', p))),
          })
        : msg('problem.lifecycle.whoUnrelated', { who: anyOf(rule.who.map((p) => term('party', p))), type: term('event', type) }),
      { rule: 'who', allowed: rule.who },
    );
  }
}

/**
 * decide applies the lifecycle table to one event: it refuses the event with
 * the rule that forbids it and the unit's state, or returns the unit's next
 * state. Pure: every fact it needs is passed in.
 */
export function decide(s: UnitState, e: EventFacts): UnitState {
  const rule = EVENT_RULES[e.type];
  checkWho(e.type, e.parties);
  if (!rule.from.includes(s.status)) {
    refuse(
      'INVALID_TRANSITION',
      msg('problem.lifecycle.status', {
        type: term('event', e.type),
        status: term('status', s.status),
        from: oneOf(rule.from.map((f) => term('status', f))),
      }),
      {
        unitStatus: s.status,
        allowedFrom: rule.from,
        rule: 'status',
      },
    );
  }
  checkFlags(s, e.type);
  if ((rule.marketAccess === 'always' || (rule.marketAccess === 'sale' && e.sale)) && !e.access.allowed) {
    refuse(
      'MARKET_ACCESS_DENIED',
      msg('problem.lifecycle.marketAccess', {
        deployed: String(e.type === 'deployed'),
        reasons: allOf(e.access.reasons.map((r) => term('accessReason', r))),
      }),
      {
        reasons: e.access.reasons,
        unitStatus: s.status,
        rule: 'market-access',
      },
    );
  }
  switch (e.type) {
    case 'transferred': {
      const to = must(e.recipient, 'a transfer is decided with its recipient');
      // The regulator's order: a regulator that is not the owner moves the unit, not as a sale.
      const byOrder = !e.parties.includes('owner');
      if (byOrder && e.sale)
        refuse('INVALID_TRANSITION', msg('problem.lifecycle.orderNotSale'), {
          unitStatus: s.status,
          rule: 'order',
        });
      if (to.id === s.ownerId) refuse('INVALID_TRANSITION', msg('problem.lifecycle.toOwner'), { unitStatus: s.status, rule: 'recipient' });
      const pending = liveOffer(s, e.at);
      if (pending && !byOrder)
        refuse('OFFER_PENDING', msg('problem.lifecycle.offerPending', { until: pending.expiresAt }), {
          unitStatus: s.status,
          offer: pending,
          rule: 'offer',
        });
      if (s.status === 'decommissioned') checkTaker(s.status, to);
      checkHandover(s, e, to, byOrder);
      if (byOrder || to.standing) return handOver(s, to);
      const expiresAt = must(e.offerExpiresAt, 'an offering transfer is decided with offerExpiresAt');
      return { ...s, offer: { to: to.id, sale: e.sale === true, expiresAt } };
    }
    case 'transfer_accepted': {
      if (!liveOffer(s, e.at))
        refuse(
          'NO_PENDING_OFFER',
          s.offer ? msg('problem.lifecycle.offerLapsed', { at: s.offer.expiresAt }) : msg('problem.lifecycle.noOffer'),
          {
            unitStatus: s.status,
            rule: 'offer',
          },
        );
      const to = must(e.recipient, 'an acceptance is decided with its acceptor');
      if (s.status === 'decommissioned') checkTaker(s.status, to);
      checkHandover(s, e, to, false);
      return handOver(s, to);
    }
    case 'transfer_declined':
    case 'transfer_withdrawn':
      if (!liveOffer(s, e.at)) refuse('NO_PENDING_OFFER', msg('problem.lifecycle.noOffer'), { unitStatus: s.status, rule: 'offer' });
      return { ...s, offer: null };
    case 'deployed':
      if (e.stopUse)
        refuse('MARKET_ACCESS_DENIED', msg('problem.lifecycle.stopUse'), {
          reasons: ['OPEN_RECALL_STOP_USE'],
          unitStatus: s.status,
          rule: 'stop-use',
        });
      return {
        ...s,
        status: 'deployed',
        site: must(e.site, 'a deployment is decided with its site'),
        operatorId: e.operatorId ?? e.actorId,
      };
    case 'undeployed':
      return { ...s, status: 'in_use', site: null, operatorId: null };
    case 'service_started':
      return { ...s, status: 'in_service', resumeStatus: s.status };
    case 'serviced':
      return {
        ...s,
        ...(e.usage ? { usage: nextUsage(s.usage, e.usage, e.occurredAt ?? e.at) } : {}),
        firmware: e.firmware ?? s.firmware,
        ...(s.status === 'in_service' ? { status: s.resumeStatus ?? 'in_use', resumeStatus: null } : {}),
      };
    case 'software_updated':
      return {
        ...s,
        softwareVersion: must(e.softwareTo, 'an update is decided with its target version'),
        ...(e.usage ? { usage: nextUsage(s.usage, e.usage, e.occurredAt ?? e.at) } : {}),
      };
    case 'suspended':
      return { ...s, suspended: true };
    case 'reinstated':
      return { ...s, suspended: false };
    case 'stolen_reported':
      return { ...s, stolen: true };
    case 'recovered':
      return { ...s, stolen: false };
    case 'decommissioned':
      return { ...s, status: 'decommissioned', site: null, operatorId: null };
    case 'recycling_received':
      return { ...s, status: 'recycling' };
    case 'scrapped':
      return { ...s, status: 'scrapped', site: null, operatorId: null };
    case 'exported':
      checkExport(s, e.access, liveOffer(s, e.at) !== null);
      return { ...s, status: 'exported', site: null, operatorId: null, offer: null, resumeStatus: null };
    case 'reimported':
      // The importer that clears it through customs holds it, as the trade holds a new unit.
      return { ...s, status: 'registered', ownerId: e.actorId, site: null, operatorId: null, offer: null };
    case 'usage_reported':
      return { ...s, usage: nextUsage(s.usage, must(e.usage, 'a usage report carries a reading'), e.occurredAt ?? e.at) };
    case 'brand_recorded': {
      const brand = brandOf(must(e.brand, 'a brand record names its brand'));
      checkBrandParty(brand, e.parties);
      return { ...s, brands: withBrand(s.brands ?? [], brand) };
    }
    case 'brand_corrected':
      // A correction annotates a recorded brand; it never takes one away.
      checkCorrection(s.brands ?? [], brandOf(must(e.brand, 'a correction names its brand')));
      return s;
    case 'insurer_named':
    case 'insurer_revoked':
    case 'service_granted':
    case 'service_revoked':
    case 'incident_reported':
    case 'recall_remedied':
      return s;
  }
}
