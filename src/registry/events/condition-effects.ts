/**
 * What usage readings, condition brands, insurers and battery readings
 * (issue #15, items 5–7) need beyond the lifecycle table: the facts their
 * rules read (conditionFacts), the rows they write (applyCondition), and
 * which units a caller insures (insuredUnits).
 */
import type { Principal } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { EventFacts } from '../../lifecycle/decide.ts';
import { isBatteryType } from '../../lifecycle/condition.ts';
import { needRole, rolesOf } from '../../lifecycle/named-roles.ts';
import { canonicalText } from '../../component/part-identity.ts';
import type { Tx } from '../../store/store.ts';
import type { EventRequest } from './event-data.ts';
import { EventRefusal, type AcceptedEvent } from './event-effects.ts';

/** coverKey names an insurer's live cover of a unit. */
export function coverKey(code: string, insurerId: string): string {
  return `${code} ${insurerId}`;
}

/** insuredUnits returns the live covers (as coverKeys) that callers holding the insurer role have on codes at now. */
export async function insuredUnits(
  tx: Pick<Tx, 'query'>,
  callers: readonly Principal[],
  codes: readonly string[],
  now: Date,
): Promise<Set<string>> {
  const insurers = [...new Set(callers.filter((c) => c.roles.includes('insurer')).map((c) => c.participantId))];
  if (insurers.length === 0 || codes.length === 0) return new Set();
  const rows = await tx.query<{ robot_code: string; insurer_id: string }>(
    `SELECT DISTINCT robot_code, insurer_id FROM insurance_covers
      WHERE robot_code = ANY($1::char(29)[]) AND insurer_id = ANY($2::uuid[]) AND revoked_at IS NULL AND expires_at > $3`,
    [codes, insurers, now],
  );
  return new Set(rows.map((r) => coverKey(r.robot_code, r.insurer_id)));
}

/**
 * conditionFacts gives decide what these events need: the usage reading, the
 * brand as sent, and for a named insurer its role and a cover end in the
 * future. Pure over the batch's role lookups.
 */
export function conditionFacts(req: EventRequest, now: Date, roles: ReadonlyMap<string, string[]>): Partial<EventFacts> {
  switch (req.type) {
    case 'usage_reported':
      return { usage: { hours: req.data.hours, cycles: req.data.cycles } };
    case 'serviced':
    case 'software_updated':
      return req.data.usage ? { usage: req.data.usage } : {};
    case 'brand_recorded':
    case 'brand_corrected':
      return { brand: req.data.brand };
    case 'insurer_named':
      needRole(rolesOf(roles, req.data.insurer, 'insurer'), 'insurer', 'insurer', req.data.insurer);
      if (new Date(req.data.expiresAt) <= now) {
        throw new RegistryError('INVALID_ARGUMENT', msg('problem.events.grantPast'), {
          errors: [{ field: 'body.data.expiresAt', message: 'in the past' }],
        });
      }
      return {};
    default:
      return {};
  }
}

type Of<T extends EventRequest['type']> = AcceptedEvent & { req: Extract<EventRequest, { type: T }> };

/**
 * applyCondition writes what accepted events change beyond the lifecycle
 * columns: the unit's brands and usage reading, each brand's row, a
 * correction's annotation, insurance covers (ended, like service grants, when
 * the unit changes owner) and battery readings.
 */
export async function applyCondition(tx: Tx, events: readonly AcceptedEvent[], now: Date): Promise<void> {
  const of = <T extends EventRequest['type']>(type: T) => events.filter((a): a is Of<T> => a.req.type === type);
  const changed = events.filter((a) => a.next.brands !== undefined || a.next.usage !== undefined);
  const touched = changed.filter((a) => a.next.brands !== a.f.brands || a.next.usage !== a.f.usage);
  if (touched.length > 0) {
    await tx.query(
      `UPDATE robots r SET brands = x.brands, usage_hours = x.hours, usage_cycles = x.cycles, usage_at = x.at
         FROM (SELECT c AS code, string_to_array(b, ',') AS brands, h AS hours, y AS cycles, t AS at
                 FROM unnest($1::char(29)[], $2::text[], $3::numeric[], $4::bigint[], $5::timestamptz[]) AS u(c, b, h, y, t)) x
        WHERE r.code = x.code`,
      [
        touched.map((a) => a.f.code),
        touched.map((a) => (a.next.brands ?? []).join(',')),
        touched.map((a) => a.next.usage?.hours ?? null),
        touched.map((a) => a.next.usage?.cycles ?? null),
        touched.map((a) => a.next.usage?.at ?? null),
      ],
    );
  }
  const brands = of('brand_recorded');
  if (brands.length > 0) {
    await tx.query(
      `INSERT INTO condition_brands (robot_code, seq, brand, recorded_by, recorded_at)
       SELECT c, s, b, p, $5 FROM unnest($1::char(29)[], $2::int[], $3::text[], $4::uuid[]) AS x(c, s, b, p)`,
      [
        brands.map((a) => a.f.code),
        brands.map((a) => a.seq),
        brands.map((a) => a.req.data.brand),
        brands.map((a) => a.caller.participantId),
        now,
      ],
    );
  }
  for (const a of of('brand_corrected')) {
    // The annotation points at the brand's rows; the brand itself stays on the unit.
    await tx.query('UPDATE condition_brands SET corrected_seq = $3 WHERE robot_code = $1 AND brand = $2 AND corrected_seq IS NULL', [
      a.f.code,
      a.req.data.brand,
      a.seq,
    ]);
  }
  // Covers end when the unit changes owner, as service grants do (DESIGN.md §2).
  const transfers = events.filter((a) => a.next.ownerId !== a.f.ownerId);
  if (transfers.length > 0) {
    await tx.query('UPDATE insurance_covers SET revoked_at = $2 WHERE robot_code = ANY($1::char(29)[]) AND revoked_at IS NULL', [
      transfers.map((a) => a.f.code),
      now,
    ]);
  }
  const named = of('insurer_named');
  if (named.length > 0) {
    await tx.query(
      `INSERT INTO insurance_covers (robot_code, insurer_id, named_seq, expires_at)
       SELECT * FROM unnest($1::char(29)[], $2::uuid[], $3::int[], $4::timestamptz[])`,
      [named.map((a) => a.f.code), named.map((a) => a.req.data.insurer), named.map((a) => a.seq), named.map((a) => a.req.data.expiresAt)],
    );
  }
  for (const a of of('insurer_revoked')) {
    const revoked = await tx.query(
      'UPDATE insurance_covers SET revoked_at = $3 WHERE robot_code = $1 AND insurer_id = $2 AND revoked_at IS NULL AND expires_at > $3 RETURNING named_seq',
      [a.f.code, a.req.data.insurer, now],
    );
    if (revoked.length === 0)
      throw refusal(
        a,
        new RegistryError('INVALID_ARGUMENT', msg('problem.condition.noCover', { insurer: a.req.data.insurer, code: a.f.code })),
      );
  }
  for (const a of of('serviced')) {
    for (const b of a.req.data.battery ?? []) await reportBattery(tx, a, b, now);
  }
}

/** reportBattery records one key battery's reading: the type must be a battery of the unit, the part one installed in it. */
async function reportBattery(
  tx: Tx,
  a: Of<'serviced'>,
  b: NonNullable<Of<'serviced'>['req']['data']['battery']>[number],
  now: Date,
): Promise<void> {
  if (!isBatteryType(b.type)) {
    throw refusal(
      a,
      new RegistryError('INVALID_ARGUMENT', msg('problem.condition.notBattery', { type: b.type }), {
        errors: [{ field: 'body.data.battery.type', message: 'not a battery component type' }],
      }),
    );
  }
  // The part by any spelling of its serial (docs/components.md), or the one battery of that type.
  const serial = b.serial === undefined ? null : canonicalText(b.serial);
  const parts = await tx.query<{ canonical_maker: string; canonical_serial: string; identity_rank: number }>(
    `SELECT canonical_maker, canonical_serial, identity_rank FROM components
      WHERE robot_code = $1 AND component_type = $2 AND state = 'installed' AND ($3::text IS NULL OR canonical_serial = $3)`,
    [a.f.code, b.type, serial],
  );
  const [part] = parts;
  const rows =
    parts.length !== 1 || !part
      ? []
      : await tx.query(
          `UPDATE components SET state_of_health = $5, cycle_count = $6, health_reported_at = $7
            WHERE component_type = $1 AND canonical_maker = $2 AND canonical_serial = $3 AND identity_rank = $4 RETURNING serial`,
          [b.type, part.canonical_maker, part.canonical_serial, part.identity_rank, b.stateOfHealth, b.cycleCount, now],
        );
  if (rows.length !== 1) {
    throw refusal(
      a,
      new RegistryError('INVALID_ARGUMENT', msg('problem.condition.batteryPart', { type: b.type, code: a.f.code }), {
        errors: [{ field: 'body.data.battery.serial', message: 'names no single installed part of this type' }],
      }),
    );
  }
}

function refusal(a: AcceptedEvent, error: RegistryError): EventRefusal {
  return new EventRefusal([{ index: a.index, error }]);
}
