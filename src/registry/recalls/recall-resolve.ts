import { canonicalLot, canonicalText } from '../../component/part-identity.ts';
import type { RecallScope } from '../../recall/scope.ts';
import type { Tx } from '../../store/store.ts';

/**
 * resolveScope adds to a recall every unit its scope reaches that it does not
 * hold yet — the SQL twin of unitInScope — optionally only among `among`
 * (units registered or repaired just now). It returns how many joined.
 */
export async function resolveScope(
  tx: Pick<Tx, 'query'>,
  recallId: string,
  s: RecallScope,
  now: Date,
  among?: readonly string[],
): Promise<number> {
  const rows = await tx.query<{ n: number }>(
    `WITH hit AS (
       INSERT INTO recall_units (recall_id, robot_code, joined_at)
       SELECT $1, r.code, $2 FROM robots r
        WHERE r.status <> 'scrapped'
          AND ($3::text IS NULL OR r.enterprise_code = $3)
          AND ($4::text[] IS NULL OR r.model_code = ANY($4::text[]))
          AND ($5::date IS NULL OR r.production_date >= $5::date)
          AND ($6::date IS NULL OR r.production_date <= $6::date)
          AND ($7::text IS NULL OR r.code >= $7)
          AND ($8::text IS NULL OR r.code <= $8)
          AND ($9::text IS NULL OR r.code IN (
                SELECT c.robot_code FROM components c
                 WHERE c.component_type = $9 AND c.state = 'installed'
                   AND ($10::text IS NULL OR c.canonical_maker = $10)
                   AND ($11::text[] IS NULL OR c.canonical_lot = ANY($11::text[]))))
          AND ($12::text[] IS NULL OR r.code = ANY($12::text[]))
       ON CONFLICT (recall_id, robot_code) DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM hit`,
    [
      recallId,
      now,
      s.enterprise ?? null,
      s.models?.length ? s.models : null,
      s.productionDate?.from ?? null,
      s.productionDate?.to ?? null,
      s.codes?.from ?? null,
      s.codes?.to ?? null,
      s.component?.type ?? null,
      // Maker and lots match in canonical form, as the spec compares them.
      s.component?.maker ? canonicalText(s.component.maker) : null,
      s.component?.lots?.length ? s.component.lots.map(canonicalLot) : null,
      among ? [...among] : null,
    ],
  );
  return rows[0]?.n ?? 0;
}

/** joinOpenRecalls brings units just registered or repaired into every open recall whose scope now reaches them. */
export async function joinOpenRecalls(tx: Pick<Tx, 'query'>, codes: readonly string[], now: Date): Promise<void> {
  if (codes.length === 0) return;
  const enterprises = [...new Set(codes.map((c) => c.slice(2, 6)))];
  const open = await tx.query<{ id: string; scope: RecallScope }>(
    'SELECT id, scope FROM recalls WHERE closed_at IS NULL AND (enterprise_code IS NULL OR enterprise_code = ANY($1::text[]))',
    [enterprises],
  );
  for (const r of open) await resolveScope(tx, r.id, r.scope, now, codes);
}
