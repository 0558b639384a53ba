import type { Caller } from './principal.ts';
import type { Relation } from './relation.ts';

/** Entitlement is what a caller may read of a robot: the public projection, everything, or events up to a sequence number. */
export type Entitlement = { kind: 'public' } | { kind: 'full' } | { kind: 'until'; seq: number };

/** entitlementOf decides what caller may read of a robot from its relation to it. */
export function entitlementOf(caller: Caller, r: Relation): Entitlement {
  if (!caller) return { kind: 'public' };
  if (r.isRegulator || r.isManufacturer || r.isOwner || r.isOperator || r.activeServiceGrant || r.insures) return { kind: 'full' };
  if (r.pastOwnerUntilSeq !== null) return { kind: 'until', seq: r.pastOwnerUntilSeq };
  return { kind: 'public' };
}
