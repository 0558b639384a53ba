/**
 * The lifecycle events of issue #16 as the event pipeline records them
 * (event-apply.ts, event-effects.ts): which recipients are listed takers, an
 * export's checked destination, and each export's or re-import's customs
 * crossing.
 */
import { isAssignedCountry } from '../../code/index.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { Tx } from '../../store/store.ts';
import type { EventRequest } from '../events/event-data.ts';
import { listedRoles } from './certifications.ts';
import { REGISTRY_COUNTRY } from './mandates.ts';

/** loadListed reads which recipients of transfers and acceptors of offers in a batch hold a current certification. */
export async function loadListed(tx: Pick<Tx, 'query'>, events: readonly { req: EventRequest; senderId?: string }[]): Promise<Set<string>> {
  const ids = events.flatMap((e) =>
    e.req.type === 'transferred' ? [e.req.data.to] : e.req.type === 'transfer_accepted' && e.senderId ? [e.senderId] : [],
  );
  return listedRoles(tx, ids);
}

/**
 * customsCountry checks a country a unit crosses the border to or from — an
 * assigned ISO 3166-1 alpha-2 code other than the registry's own, in any
 * case — and gives it in upper case, the one spelling the log and customs
 * crossings keep.
 */
export function customsCountry(country: string, field: string): string {
  const upper = country.toUpperCase();
  if (!isAssignedCountry(upper) || upper === REGISTRY_COUNTRY) {
    throw new RegistryError('UNKNOWN_COUNTRY', msg('problem.secondLife.customsCountry', { country: JSON.stringify(country) }), {
      errors: [{ field, message: 'an assigned ISO 3166-1 alpha-2 code other than the registry’s own' }],
    });
  }
  return upper;
}

/** exportDerived checks an export's destination (an assigned country, not the registry's own) and gives it in upper case. */
export function exportDerived(data: { destination: string }): Record<string, unknown> {
  return { destination: customsCountry(data.destination, 'body.data.destination') };
}

/** reimportDerived checks a re-import's country of origin, when given, as an export's destination is checked. */
export function reimportDerived(data: { origin?: string }): Record<string, unknown> {
  return data.origin === undefined ? {} : { origin: customsCountry(data.origin, 'body.data.origin') };
}

/** Crossing is what a recorded export or re-import leaves for customs. */
interface CrossingEvent {
  f: { code: string };
  req: EventRequest;
  seq: number;
  occurredAt: Date;
  caller: { participantId: string };
}

/** recordCrossings writes the customs crossing of every export and re-import of a batch (dated at occurredAt, the clearance). */
export async function recordCrossings(tx: Pick<Tx, 'query'>, events: readonly CrossingEvent[]): Promise<void> {
  const rows = events.flatMap((a) => {
    if (a.req.type === 'exported')
      return [{ a, direction: 'export', country: a.req.data.destination.toUpperCase(), declaration: a.req.data.declaration }];
    if (a.req.type === 'reimported')
      return [{ a, direction: 'import', country: (a.req.data.origin ?? 'ZZ').toUpperCase(), declaration: a.req.data.declaration }];
    return [];
  });
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO customs_crossings (robot_code, seq, direction, party_id, country, declaration, cleared_at)
     SELECT * FROM unnest($1::char(29)[], $2::int[], $3::text[], $4::uuid[], $5::char(2)[], $6::text[], $7::timestamptz[])`,
    [
      rows.map((r) => r.a.f.code),
      rows.map((r) => r.a.seq),
      rows.map((r) => r.direction),
      rows.map((r) => r.a.caller.participantId),
      rows.map((r) => r.country),
      rows.map((r) => r.declaration),
      rows.map((r) => r.a.occurredAt),
    ],
  );
}
