import type { PublicSite } from './decide.ts';

/** LoggedEvent is an event as the log holds it (a decoded leaf). */
export interface LoggedEvent {
  seq: number;
  type: string;
  occurredAt: string;
  actor: string;
  data: Record<string, unknown>;
}

/** Accountability names who stood where around a unit at one moment (DESIGN.md §6). */
export interface Accountability {
  at: string;
  makerId: string | null;
  sellerId: string | null;
  ownerId: string | null;
  operatorId: string | null;
  site: PublicSite | null;
  lastService: { seq: number; at: string; kind: string; byId: string } | null;
  firmware: string | null;
  /** software is the software version the unit ran (issue #15): its key, since which event, and the campaign that installed it. */
  software: { version: string; sinceSeq: number; since: string; campaignId: string | null } | null;
  /** pendingOffer is a transfer offered and not yet answered at the moment: the owner has not changed. */
  pendingOffer: { to: string; sale: boolean; expiresAt: string; fromId: string } | null;
  eventsConsidered: number;
}

/**
 * accountabilityAt replays a unit's events in order up to and including the
 * moment `at` and answers who made it, who sold it last, who owned and
 * operated it and where, who serviced it last and which software it ran.
 */
export function accountabilityAt(events: readonly LoggedEvent[], at: Date): Accountability {
  const a: Accountability = {
    at: at.toISOString(),
    makerId: null,
    sellerId: null,
    ownerId: null,
    operatorId: null,
    site: null,
    lastService: null,
    firmware: null,
    software: null,
    pendingOffer: null,
    eventsConsidered: 0,
  };
  for (const e of events) {
    if (new Date(e.occurredAt) > at) break;
    a.eventsConsidered++;
    const d = e.data;
    if (e.type === 'registered' && typeof d.softwareVersion === 'string') {
      a.software = { version: d.softwareVersion, sinceSeq: e.seq, since: e.occurredAt, campaignId: null };
    }
    if (e.type === 'software_updated' && typeof d.to === 'string') {
      a.software = {
        version: d.to,
        sinceSeq: e.seq,
        since: e.occurredAt,
        campaignId: typeof d.campaignId === 'string' ? d.campaignId : null,
      };
    }
    switch (e.type) {
      case 'registered':
        a.makerId = e.actor;
        a.ownerId = e.actor;
        a.firmware = (d.firmware as string | null) ?? null;
        break;
      case 'transferred':
        // An offer (it carries its lapse time) changes no owner until the recipient accepts it.
        if (typeof d.offerExpiresAt === 'string') {
          a.pendingOffer = { to: d.to as string, sale: d.sale === true, expiresAt: d.offerExpiresAt, fromId: e.actor };
          break;
        }
        if (d.sale) a.sellerId = e.actor;
        a.ownerId = d.to as string;
        a.operatorId = null;
        a.pendingOffer = null;
        break;
      case 'transfer_accepted':
        if (d.sale) a.sellerId = (d.from as string | undefined) ?? a.ownerId;
        a.ownerId = e.actor;
        a.operatorId = null;
        a.pendingOffer = null;
        break;
      case 'transfer_declined':
      case 'transfer_withdrawn':
        a.pendingOffer = null;
        break;
      case 'deployed':
        a.operatorId = (d.operator as string | undefined) ?? e.actor;
        a.site = { ...(d.site as { province: string; city: string }), domain: d.domain as string };
        break;
      // Issue #16: an import's maker is the foreign maker the importer acts for; the importer holds the unit.
      case 'imported':
        a.makerId = (d.maker as string | undefined) ?? null;
        a.ownerId = e.actor;
        a.firmware = (d.firmware as string | null) ?? null;
        break;
      case 'reimported':
        a.ownerId = e.actor;
        a.operatorId = null;
        a.site = null;
        a.pendingOffer = null;
        break;
      case 'undeployed':
      case 'decommissioned':
      case 'scrapped':
      case 'exported':
      case 'remanufactured':
        a.operatorId = null;
        a.site = null;
        break;
      case 'serviced':
        a.lastService = { seq: e.seq, at: e.occurredAt, kind: d.kind as string, byId: e.actor };
        if (typeof d.firmware === 'string') a.firmware = d.firmware;
        break;
    }
  }
  if (a.pendingOffer && Date.parse(a.pendingOffer.expiresAt) <= at.getTime()) a.pendingOffer = null;
  return a;
}
