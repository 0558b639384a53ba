import { RegistryError } from '../errors.ts';
import { EVENT_RULES, type EventType, type Party } from './events.ts';
import type { MarketAccess } from './market-access.ts';
import type { RobotStatus } from './status.ts';

/** PublicSite is the part of a deployment site that is public: province, city and domain. */
export interface PublicSite {
  province: string;
  city: string;
  domain: string;
}

/** UnitState is the part of a robot the lifecycle rules read and change. */
export interface UnitState {
  status: RobotStatus;
  ownerId: string;
  operatorId: string | null;
  site: PublicSite | null;
  firmware: string | null;
  suspended: boolean;
  stolen: boolean;
  /** resumeStatus is the status a unit returns to when its service ends. */
  resumeStatus: RobotStatus | null;
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
  /** recipient is the new owner of a transfer, with its roles. */
  recipient?: { id: string; roles: readonly string[] };
  site?: PublicSite;
  operatorId?: string;
  firmware?: string;
  /** stopUse: an open recall stops use of this unit (refuses deployment). */
  stopUse?: boolean;
}

function refuse(code: 'NOT_ENTITLED' | 'INVALID_TRANSITION' | 'MARKET_ACCESS_DENIED', detail: string, extra: Record<string, unknown>): never {
  throw new RegistryError(code, detail, extra);
}

/** checkFlags refuses setting a flag that is set or clearing one that is clear. */
function checkFlags(s: UnitState, type: EventType): void {
  const flag = { suspended: [s.suspended, true], reinstated: [s.suspended, false], stolen_reported: [s.stolen, true], recovered: [s.stolen, false] } as const;
  const f = (flag as Record<string, readonly [boolean, boolean]>)[type];
  if (f && f[0] === f[1]) {
    refuse('INVALID_TRANSITION', `${type} is refused: the unit is ${f[1] ? 'already' : 'not'} ${type === 'suspended' || type === 'reinstated' ? 'suspended' : 'reported stolen'}.`, { unitStatus: s.status, rule: 'flag' });
  }
}

/** checkWho refuses an event the caller's standing does not allow (the table's "who"), before anything else is looked at. */
export function checkWho(type: EventType, parties: readonly Party[]): void {
  const rule = EVENT_RULES[type];
  if (!rule.who.some((p) => parties.includes(p))) {
    refuse('NOT_ENTITLED', `Only the ${rule.who.join(' or ')} may record ${type}; the caller is ${parties.length ? `the ${parties.join(', ')}` : 'not related to this unit'}.`, { rule: 'who', allowed: rule.who });
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
    refuse('INVALID_TRANSITION', `${e.type} is not allowed while the unit is ${s.status}; it needs ${rule.from.join(', ')}.`, { unitStatus: s.status, allowedFrom: rule.from, rule: 'status' });
  }
  checkFlags(s, e.type);
  if ((rule.marketAccess === 'always' || (rule.marketAccess === 'sale' && e.sale)) && !e.access.allowed) {
    refuse('MARKET_ACCESS_DENIED', `${e.type === 'deployed' ? 'Deployment' : 'Sale'} refused: ${e.access.reasons.join(', ')}.`, { reasons: e.access.reasons, unitStatus: s.status, rule: 'market-access' });
  }
  switch (e.type) {
    case 'transferred': {
      const to = e.recipient!;
      if (to.id === s.ownerId) refuse('INVALID_TRANSITION', 'A unit cannot be transferred to its current owner.', { unitStatus: s.status, rule: 'recipient' });
      if (s.status === 'decommissioned') {
        if (!to.roles.includes('recycler')) refuse('INVALID_TRANSITION', 'A decommissioned unit may only be handed to a recycler.', { unitStatus: s.status, rule: 'recipient' });
        return { ...s, ownerId: to.id, operatorId: null };
      }
      return { ...s, ownerId: to.id, operatorId: null, status: to.roles.includes('operator') ? 'in_use' : 'registered' };
    }
    case 'deployed':
      if (e.stopUse) refuse('MARKET_ACCESS_DENIED', 'Deployment refused: an open recall stops use of this unit.', { reasons: ['OPEN_RECALL_STOP_USE'], unitStatus: s.status, rule: 'stop-use' });
      return { ...s, status: 'deployed', site: e.site!, operatorId: e.operatorId ?? e.actorId };
    case 'undeployed':
      return { ...s, status: 'in_use', site: null, operatorId: null };
    case 'service_started':
      return { ...s, status: 'in_service', resumeStatus: s.status };
    case 'serviced':
      return {
        ...s,
        firmware: e.firmware ?? s.firmware,
        ...(s.status === 'in_service' ? { status: s.resumeStatus ?? 'in_use', resumeStatus: null } : {}),
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
    case 'service_granted':
    case 'service_revoked':
    case 'incident_reported':
    case 'recall_remedied':
      return s;
  }
}
