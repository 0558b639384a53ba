import type { RobotStatus } from './status.ts';

/** EventType names every event of a robot's life after registration (DESIGN.md §4). */
export type EventType =
  | 'transferred'
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
  | 'scrapped';

/**
 * Party is how a caller may stand to a unit when it records an event:
 * `owner` the current owner, `operator` the operator of its deployment,
 * `service` a service participant holding an active grant, `manufacturer` the
 * unit's maker, `regulator` any regulator, `recycler` a recycler that owns it.
 */
export type Party = 'owner' | 'operator' | 'service' | 'manufacturer' | 'regulator' | 'recycler';

/** EventRule is one row of the lifecycle table. */
export interface EventRule {
  /** who may record the event. */
  who: readonly Party[];
  /** from lists the statuses the event is allowed in. */
  from: readonly RobotStatus[];
  /** marketAccess: the event is refused when market access is denied ('sale': only for a sale). */
  marketAccess?: 'always' | 'sale';
}

const ALIVE: readonly RobotStatus[] = ['registered', 'in_use', 'deployed', 'in_service', 'decommissioned', 'recycling'];

/**
 * EVENT_RULES is the lifecycle table of DESIGN.md §4, with the choices the
 * design leaves open: a unit changes hands only when not deployed and not in
 * service, and a decommissioned unit only to a recycler.
 */
export const EVENT_RULES: Readonly<Record<EventType, EventRule>> = {
  transferred: { who: ['owner'], from: ['registered', 'in_use', 'decommissioned'], marketAccess: 'sale' },
  deployed: { who: ['owner', 'operator'], from: ['in_use'], marketAccess: 'always' },
  undeployed: { who: ['owner', 'operator'], from: ['deployed'] },
  service_granted: { who: ['owner'], from: ALIVE },
  service_revoked: { who: ['owner'], from: ALIVE },
  service_started: { who: ['service', 'manufacturer'], from: ['in_use', 'deployed'] },
  serviced: { who: ['service', 'manufacturer'], from: ALIVE },
  incident_reported: { who: ['owner', 'operator', 'service', 'regulator'], from: ALIVE },
  suspended: { who: ['regulator'], from: ALIVE },
  reinstated: { who: ['regulator'], from: ALIVE },
  stolen_reported: { who: ['owner'], from: ALIVE },
  recovered: { who: ['owner'], from: ALIVE },
  recall_remedied: { who: ['service', 'manufacturer'], from: ALIVE },
  decommissioned: { who: ['owner'], from: ['registered', 'in_use'] },
  recycling_received: { who: ['recycler'], from: ['decommissioned'] },
  scrapped: { who: ['recycler'], from: ['recycling'] },
};

/** EVENT_TYPES lists every recordable event type. */
export const EVENT_TYPES = Object.keys(EVENT_RULES) as EventType[];
