import type { RobotStatus } from './status.ts';

/** EventType names every event of a robot's life after registration (DESIGN.md §4). */
export type EventType =
  | 'transferred'
  | 'transfer_accepted'
  | 'transfer_declined'
  | 'transfer_withdrawn'
  | 'deployed'
  | 'undeployed'
  | 'service_granted'
  | 'service_revoked'
  | 'service_started'
  | 'serviced'
  | 'incident_reported'
  | 'suspended'
  | 'reinstated'
  | 'stolen_reported'
  | 'recovered'
  | 'recall_remedied'
  | 'decommissioned'
  | 'recycling_received'
  | 'scrapped'
  | 'exported'
  | 'reimported'
  | 'software_updated'
  | 'usage_reported'
  | 'brand_recorded'
  | 'brand_corrected'
  | 'insurer_named'
  | 'insurer_revoked';

/**
 * Party is how a caller may stand to a unit when it records an event.
 * Custody decides (DESIGN.md §2): `owner` the current owner, `operator` the
 * operator of its deployment, `service` a participant holding an active grant
 * of the current owner, `manufacturer` the unit's maker while it still holds
 * the unit (once sold, its rights are a grant like any shop's), `regulator`
 * any regulator, `recycler` a recycler that owns it, `recipient` the
 * participant a pending transfer offer names, `maker` the unit's maker
 * whoever holds the unit — it may only record a recall's remedy (the recall's
 * remedy rule), which changes no custody; `importer` an importer facing an
 * exported unit (it may re-import it); `insurer` an insurer the owner
 * named (insurer_named) whose cover is live — it records condition brands.
 */
export type Party =
  | 'owner'
  | 'operator'
  | 'service'
  | 'manufacturer'
  | 'regulator'
  | 'recycler'
  | 'recipient'
  | 'maker'
  | 'importer'
  | 'insurer';

/** EventRule is one row of the lifecycle table. */
export interface EventRule {
  /** who may record the event. */
  who: readonly Party[];
  /** from lists the statuses the event is allowed in. */
  from: readonly RobotStatus[];
  /** marketAccess: the event is refused when market access is denied ('sale': only for a sale). */
  marketAccess?: 'always' | 'sale';
}

/** ACTIVE are the statuses of a unit still in the trade or in use: service and repairs happen only here. */
const ACTIVE: readonly RobotStatus[] = ['registered', 'in_use', 'deployed', 'in_service'];
const ALIVE: readonly RobotStatus[] = [...ACTIVE, 'decommissioned', 'recycling'];
const TRANSFERABLE: readonly RobotStatus[] = ['registered', 'in_use', 'decommissioned'];

/**
 * EVENT_RULES is the lifecycle table of DESIGN.md §4, with the choices the
 * design leaves open: a unit changes hands only when not deployed and not in
 * service, and a decommissioned unit only to a recycler; a transfer is an
 * offer its recipient accepts (or the regulator's order); once decommissioned,
 * no one services, repairs or remedies the unit (no part leaves it but by
 * scrapping).
 */
export const EVENT_RULES: Readonly<Record<EventType, EventRule>> = {
  transferred: { who: ['owner', 'regulator'], from: TRANSFERABLE, marketAccess: 'sale' },
  transfer_accepted: { who: ['recipient'], from: TRANSFERABLE, marketAccess: 'sale' },
  transfer_declined: { who: ['recipient'], from: ALIVE },
  transfer_withdrawn: { who: ['owner'], from: ALIVE },
  deployed: { who: ['owner', 'operator'], from: ['in_use'], marketAccess: 'always' },
  undeployed: { who: ['owner', 'operator'], from: ['deployed'] },
  service_granted: { who: ['owner'], from: ACTIVE },
  service_revoked: { who: ['owner'], from: ALIVE },
  service_started: { who: ['service', 'manufacturer'], from: ['in_use', 'deployed'] },
  serviced: { who: ['service', 'manufacturer'], from: ACTIVE },
  incident_reported: { who: ['owner', 'operator', 'service', 'regulator'], from: ALIVE },
  suspended: { who: ['regulator'], from: ALIVE },
  reinstated: { who: ['regulator'], from: ALIVE },
  stolen_reported: { who: ['owner'], from: ALIVE },
  recovered: { who: ['owner'], from: ALIVE },
  recall_remedied: { who: ['service', 'manufacturer', 'maker'], from: ACTIVE },
  decommissioned: { who: ['owner'], from: ['registered', 'in_use'] },
  recycling_received: { who: ['recycler'], from: ['decommissioned'] },
  scrapped: { who: ['recycler'], from: ['recycling'] },
  // Issue #16 (src/lifecycle/second-life.ts): a unit leaves the domestic
  // market with its code and history, and comes back only through an importer.
  exported: { who: ['owner'], from: ['registered', 'in_use'] },
  reimported: { who: ['importer'], from: ['exported'] },
  // Issue #15, item 2 (src/software/campaign-rules.ts): an update filed in an
  // OTA campaign, reported by the maker (over the air, whoever holds the unit)
  // or a shop under the owner's grant; never on a unit out of the working life.
  software_updated: { who: ['maker', 'manufacturer', 'service'], from: ACTIVE },
  // Issue #15, items 5–6 (src/lifecycle/condition.ts): usage that never goes
  // backwards, brands that are never removed (a correction annotates).
  usage_reported: { who: ['owner', 'operator'], from: ACTIVE },
  brand_recorded: { who: ['regulator', 'service', 'insurer'], from: ALIVE },
  brand_corrected: { who: ['regulator'], from: ALIVE },
  insurer_named: { who: ['owner'], from: ACTIVE },
  insurer_revoked: { who: ['owner'], from: ALIVE },
};

/** EVENT_TYPES lists every recordable event type. */
export const EVENT_TYPES = Object.keys(EVENT_RULES) as EventType[];
