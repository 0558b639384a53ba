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
  | 'CONTAINS_SCRAPPED_COMPONENT';

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
};

/** AccessFacts are the stored facts about a registered unit that market access depends on. */
export interface AccessFacts {
  status: RobotStatus;
  modelStatus: ModelStatus;
  suspended: boolean;
  stolen: boolean;
  openStopSaleRecalls: number;
  scrappedComponents: number;
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
  if (f.suspended) reasons.push('SUSPENDED');
  if (f.stolen) reasons.push('REPORTED_STOLEN');
  if (f.openStopSaleRecalls > 0) reasons.push('OPEN_RECALL_STOP_SALE');
  if (f.scrappedComponents > 0) reasons.push('CONTAINS_SCRAPPED_COMPONENT');
  return { allowed: reasons.length === 0, reasons };
}

/** deniedAccess is the answer for a code that is malformed or not registered. */
export function deniedAccess(reason: 'INVALID_CODE' | 'NOT_REGISTERED'): MarketAccess {
  return { allowed: false, reasons: [reason] };
}
