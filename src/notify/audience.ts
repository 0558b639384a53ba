import type { Role } from '../access/principal.ts';
import { EVENT_TYPES } from '../lifecycle/events.ts';

/** TOPICS lists the event types a webhook may subscribe to: registration, every lifecycle event and recall notices. */
export const TOPICS: readonly string[] = ['registered', ...EVENT_TYPES, 'recall_notified'];

/** DEFECT_TOPICS are what a manufacturer hears about units of its enterprise whoever owns them. */
export const DEFECT_TOPICS: readonly string[] = ['incident_reported', 'serviced', 'recall_notified'];

/** Subscriber is who a subscription belongs to, as far as the audience rule cares. */
export interface Subscriber {
  participantId: string;
  roles: readonly Role[];
  enterpriseCode: string | null;
}

/** OutboxEvent is what the audience rule reads of an outbox row. */
export interface OutboxEvent {
  topic: string;
  /** ownerId is the unit's owner once the event applied. */
  ownerId: string;
  /** enterpriseCode is the maker's code, taken from the unit's identity code. */
  enterpriseCode: string;
  /** recipientId is the participant a transfer offer names, when the event makes one. */
  recipientId?: string | null;
}

/**
 * mayReceive is the webhook audience rule: the regulator hears everything; an
 * owner hears every event of the units it owns at the time of the event; a
 * manufacturer hears defect reports and recall notices (DEFECT_TOPICS) of the
 * units of its enterprise, whoever owns them; the recipient of a transfer
 * offer hears the offer. Roles add up.
 */
export function mayReceive(s: Subscriber, e: OutboxEvent): boolean {
  if (s.roles.includes('regulator')) return true;
  if (e.ownerId === s.participantId) return true;
  if (e.recipientId === s.participantId) return true;
  return (
    s.roles.includes('manufacturer') &&
    s.enterpriseCode !== null &&
    s.enterpriseCode === e.enterpriseCode &&
    DEFECT_TOPICS.includes(e.topic)
  );
}

/** wants tells whether a subscription's topic filter (null: all) lets the event through. */
export function wants(topics: readonly string[] | null, topic: string): boolean {
  return topics === null || topics.includes(topic);
}
