import type { EventType } from '../../lifecycle/events.ts';

/** SiteInput is a deployment site: province, city and domain are public; address and coordinates are personal. */
export interface SiteInput {
  province: string;
  city: string;
  address?: string;
  latitude?: number;
  longitude?: number;
}

/** ReplacedComponent is one key component swapped during service. */
export interface ReplacedComponent {
  type: string;
  removed: { maker: string; serial: string };
  installed: { maker: string; serial: string; lot?: string };
}

/** EventData is the data each event type carries, as validated at the edge. */
export interface EventData {
  transferred: { to: string; sale: boolean; expiresAt?: string };
  transfer_accepted: { notes?: string };
  transfer_declined: { notes?: string };
  transfer_withdrawn: { notes?: string };
  deployed: { site: SiteInput; domain: string; operator?: string };
  undeployed: { notes?: string };
  service_granted: { service: string; expiresAt: string };
  service_revoked: { service: string };
  service_started: { notes?: string };
  serviced: {
    kind: 'inspection' | 'maintenance' | 'repair' | 'software_update';
    notes?: string;
    firmware?: string;
    replaced?: ReplacedComponent[];
    componentType?: string;
    failureMode?: string;
    recallId?: string;
  };
  incident_reported: {
    severity: 'minor' | 'serious' | 'critical' | 'fatal';
    kind: 'injury' | 'property_damage' | 'malfunction' | 'data_leak';
    description: string;
    componentType?: string;
    failureMode?: string;
  };
  suspended: { reason: string };
  reinstated: { reason: string };
  stolen_reported: { notes?: string };
  recovered: { notes?: string };
  recall_remedied: { recallId: string; notes?: string };
  decommissioned: { reason?: string };
  recycling_received: { notes?: string };
  scrapped: { method?: string };
}

/** EventRequest is an event as a client records it. */
export type EventRequest = { [K in EventType]: { type: K; occurredAt?: string; data: EventData[K] } }[EventType];

// Free text and exact places may name people: they stay outside the leaf.
const PERSONAL_FIELDS = new Set(['notes', 'description', 'address', 'latitude', 'longitude', 'reason']);

/** splitPersonal separates an event's public data (in the leaf) from its personal data (erasable, outside the leaf). */
export function splitPersonal(data: Record<string, unknown>): {
  pub: Record<string, unknown>;
  personal: Record<string, unknown> | undefined;
} {
  const pub: Record<string, unknown> = {};
  const personal: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (k === 'site' && v && typeof v === 'object') {
      const inner = splitPersonal(v as Record<string, unknown>);
      pub.site = inner.pub;
      if (inner.personal) personal.site = inner.personal;
    } else if (PERSONAL_FIELDS.has(k)) personal[k] = v;
    else pub[k] = v;
  }
  return { pub, personal: Object.keys(personal).length ? personal : undefined };
}
