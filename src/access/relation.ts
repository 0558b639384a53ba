import type { Party } from '../lifecycle/events.ts';
import type { Principal } from './principal.ts';

/** UnitHolders are the facts about one unit that say who stands to it: its maker, owner, operator and pending offer's recipient. */
export interface UnitHolders {
  enterpriseCode: string;
  ownerId: string;
  operatorId: string | null;
  /** offerTo is the recipient of the unit's pending transfer offer, if any. */
  offerTo?: string | null;
  /** status is where the unit stands; an exported unit faces every importer (it may re-import it). */
  status?: string;
}

/** Relation is how the caller stands to one robot; both read rights (entitlementOf) and event rights (partiesOf) follow from it. */
export interface Relation {
  isRegulator: boolean;
  /** isManufacturer tells whether the caller's enterprise makes the unit, whoever holds it now. */
  isManufacturer: boolean;
  isOwner: boolean;
  isOperator: boolean;
  /** isRecipient tells whether the unit's pending transfer offer is made to the caller. */
  isRecipient: boolean;
  /** pastOwnerUntilSeq is the last event a past owner may read (its handover), or null. */
  pastOwnerUntilSeq: number | null;
  /** activeServiceGrant tells whether the caller holds an unexpired, unrevoked service grant. */
  activeServiceGrant: boolean;
  /** insures tells whether the caller is an insurer the owner named, its cover live (issue #15): it reads the unit and records brands. */
  insures?: boolean;
  /** reimports tells whether the caller is an importer and the unit is exported: it may clear the unit back in. */
  reimports?: boolean;
}

/** relationTo works out how caller stands to unit from its holders, the caller's active grant on it and its past ownership. */
export function relationTo(
  caller: Principal,
  unit: UnitHolders,
  held: { activeServiceGrant: boolean; pastOwnerUntilSeq: number | null; insures?: boolean },
): Relation {
  const id = caller.participantId;
  return {
    isRegulator: caller.roles.includes('regulator'),
    isManufacturer: caller.enterpriseCode === unit.enterpriseCode,
    isOwner: unit.ownerId === id,
    isOperator: unit.operatorId === id,
    isRecipient: unit.offerTo === id,
    pastOwnerUntilSeq: held.pastOwnerUntilSeq,
    activeServiceGrant: held.activeServiceGrant,
    insures: held.insures === true && caller.roles.includes('insurer'),
    reimports: caller.roles.includes('importer') && unit.status === 'exported',
  };
}

/**
 * partiesOf lists how caller stands to the unit for recording events
 * (lifecycle table "who"). Custody decides: the maker acts as manufacturer
 * only while it holds the unit; once sold, a grant gives it a shop's rights.
 */
export function partiesOf(caller: Principal, r: Relation): Party[] {
  const parties: Party[] = [];
  if (r.isOwner) parties.push('owner');
  if (r.isOwner && caller.roles.includes('recycler')) parties.push('recycler');
  if (r.isOperator) parties.push('operator');
  if (r.isManufacturer && r.isOwner) parties.push('manufacturer');
  if (r.isRegulator) parties.push('regulator');
  if (r.activeServiceGrant && (caller.roles.includes('service') || r.isManufacturer)) parties.push('service');
  if (r.isRecipient) parties.push('recipient');
  if (r.isManufacturer) parties.push('maker');
  if (r.reimports) parties.push('importer');
  if (r.insures) parties.push('insurer');
  return parties;
}
