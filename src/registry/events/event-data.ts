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

/** UsageInput is a usage reading: operating hours and duty cycles, as the counters show them. */
export interface UsageInput {
  hours: number;
  cycles: number;
}

/** BatteryReading is a key battery's reported state of health (%) and charge cycles; serial picks one of several. */
export interface BatteryReading {
  type: string;
  serial?: string;
  stateOfHealth: number;
  cycleCount: number;
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
    /** usage is the unit's usage counters read at the service (issue #15, item 5). */
    usage?: UsageInput;
    /** battery reports key batteries' state of health (issue #15, item 7). */
    battery?: BatteryReading[];
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
  /** software_updated installs an OTA campaign's version (issue #15); versions in any spelling, recorded canonical. */
  software_updated: { campaignId: string; from: string; to: string; notes?: string; usage?: UsageInput };
  decommissioned: { reason?: string };
  recycling_received: { notes?: string };
  scrapped: { method?: string };
  // Issue #15, items 5–6: usage by the owner, condition brands, the owner's insurer.
  usage_reported: UsageInput & { notes?: string };
  brand_recorded: { brand: string; evidence: string; notes?: string };
  brand_corrected: { brand: string; correction: string };
  insurer_named: { insurer: string; expiresAt: string; policy?: string };
  insurer_revoked: { insurer: string };
  // Issue #16: the export's destination and declaration; a re-import's declaration (occurredAt is the customs clearance).
  exported: { destination: string; declaration: string };
  reimported: { declaration: string; origin?: string };
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
