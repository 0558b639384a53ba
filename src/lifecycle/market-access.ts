import type { ModelStatus, RobotStatus } from './status.ts';

/** MarketAccessReason is one reason a code may not be sold or deployed (DESIGN.md §5). */
export type MarketAccessReason =
  | 'INVALID_CODE'
  | 'NOT_REGISTERED'
  | 'MODEL_NOT_APPROVED'
  | 'SCRAPPED'
  | 'RECYCLING'
  | 'DECOMMISSIONED'
  | 'SUSPENDED'
  | 'REPORTED_STOLEN'
  | 'OPEN_RECALL_STOP_SALE'
  | 'CONTAINS_SCRAPPED_COMPONENT'
  | 'EXPORTED'
  | 'REMANUFACTURED'
  | 'BLOCKED_SOFTWARE'
  | 'REVISION_NOT_APPROVED';

/** MARKET_ACCESS_TEXT says each reason in plain words for people and problem details. */
export const MARKET_ACCESS_TEXT: Record<MarketAccessReason, string> = {
  INVALID_CODE: 'The code is not a valid identity code.',
  NOT_REGISTERED: 'No robot is registered under this code.',
  MODEL_NOT_APPROVED: "The robot's model does not hold a current type approval.",
  SCRAPPED: 'The robot has been scrapped.',
  RECYCLING: 'The robot is with a recycler.',
  DECOMMISSIONED: 'The robot has been decommissioned.',
  SUSPENDED: 'The regulator has suspended the robot.',
  REPORTED_STOLEN: 'The robot has been reported stolen.',
  OPEN_RECALL_STOP_SALE: 'A recall that stops sale is open and not yet remedied on this robot.',
  CONTAINS_SCRAPPED_COMPONENT: 'The robot contains a key component from a scrapped robot.',
  EXPORTED: 'The robot has been exported: it left the domestic market.',
  REMANUFACTURED: 'The robot was remanufactured: its successor carries on under a new code.',
  BLOCKED_SOFTWARE: 'The robot runs a software version the regulator has blocked.',
  REVISION_NOT_APPROVED: 'The model revision this robot was built to is not approved.',
};

/** AccessFacts are the stored facts about a registered unit that market access depends on. */
export interface AccessFacts {
  status: RobotStatus;
  modelStatus: ModelStatus;
  suspended: boolean;
  stolen: boolean;
  openStopSaleRecalls: number;
  scrappedComponents: number;
  /** blockedSoftware: the unit's installed software version is one the regulator blocked (issue #15). */
  blockedSoftware: boolean;
  /** revisionApproved: false when the model revision the unit was built to (2 or later) is not approved (issue #15, item 4). */
  revisionApproved?: boolean;
}

/** MarketAccess is the answer to "may this unit be sold or deployed?". */
export interface MarketAccess {
  allowed: boolean;
  reasons: MarketAccessReason[];
}

/** marketAccess lists every reason that applies to a registered unit; allowed only when none does. */
export function marketAccess(f: AccessFacts): MarketAccess {
  const reasons: MarketAccessReason[] = [];
  if (f.modelStatus !== 'approved') reasons.push('MODEL_NOT_APPROVED');
  if (f.status === 'scrapped') reasons.push('SCRAPPED');
  if (f.status === 'recycling') reasons.push('RECYCLING');
  if (f.status === 'decommissioned') reasons.push('DECOMMISSIONED');
  if (f.status === 'exported') reasons.push('EXPORTED');
  if (f.status === 'remanufactured') reasons.push('REMANUFACTURED');
  if (f.suspended) reasons.push('SUSPENDED');
  if (f.stolen) reasons.push('REPORTED_STOLEN');
  if (f.openStopSaleRecalls > 0) reasons.push('OPEN_RECALL_STOP_SALE');
  if (f.scrappedComponents > 0) reasons.push('CONTAINS_SCRAPPED_COMPONENT');
  if (f.blockedSoftware) reasons.push('BLOCKED_SOFTWARE');
  if (f.revisionApproved === false) reasons.push('REVISION_NOT_APPROVED');
  return { allowed: reasons.length === 0, reasons };
}

/** deniedAccess is the answer for a code that is malformed or not registered. */
export function deniedAccess(reason: 'INVALID_CODE' | 'NOT_REGISTERED'): MarketAccess {
  return { allowed: false, reasons: [reason] };
}
