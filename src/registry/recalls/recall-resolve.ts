import { canonicalLot, canonicalText } from '../../component/part-identity.ts';
import type { RecallScope } from '../../recall/scope.ts';
import type { Tx } from '../../store/store.ts';

/**
 * scopeConditions is the SQL twin of unitInScope's criteria over `robots r`:
 * one `AND …` per criterion the scope names, its values appended to params (so
 * placeholders follow those already there). Which statuses count is the
 * caller's rule. Only named criteria appear, so a plan prepared once for the
 * text has no `$n IS NULL OR …` branch to carry.
 */
export function scopeConditions(s: RecallScope, params: unknown[]): string {
  const p = (value: unknown) => `$${params.push(value)}`;
  let sql = '';
  if (s.enterprise) sql += ` AND r.enterprise_code = ${p(s.enterprise)}`;
  if (s.models?.length) sql += ` AND r.model_code = ANY(${p(s.models)}::text[])`;
  if (s.productionDate?.from) sql += ` AND r.production_date >= ${p(s.productionDate.from)}::date`;
  if (s.productionDate?.to) sql += ` AND r.production_date <= ${p(s.productionDate.to)}::date`;
  if (s.codes) sql += ` AND r.code >= ${p(s.codes.from)} AND r.code <= ${p(s.codes.to)}`;
  const c = s.component;
  if (c) {
    // Maker and lots match in canonical form, as the spec compares them.
    sql += ` AND r.code IN (SELECT k.robot_code FROM components k
                             WHERE k.component_type = ${p(c.type)} AND k.state = 'installed'`;
    if (c.maker) sql += ` AND k.canonical_maker = ${p(canonicalText(c.maker))}`;
    if (c.lots?.length) sql += ` AND k.canonical_lot = ANY(${p(c.lots.map(canonicalLot))}::text[])`;
    sql += ')';
  }
  return sql;
}

/**
 * resolveScope adds to a recall every unit its scope reaches that it does not
 * hold yet, optionally only among `among` (units registered or repaired just
 * now). It returns how many joined.
 */
export async function resolveScope(
  tx: Pick<Tx, 'query'>,
  recallId: string,
  s: RecallScope,
  now: Date,
  among?: readonly string[],
): Promise<number> {
  const params: unknown[] = [recallId, now];
  let where = scopeConditions(s, params);
  if (among) where += ` AND r.code = ANY($${params.push([...among])}::text[])`;
  const rows = await tx.query<{ n: number }>(
    `WITH hit AS (
       INSERT INTO recall_units (recall_id, robot_code, joined_at)
       SELECT $1, r.code, $2 FROM robots r
        WHERE r.status <> 'scrapped'${where}
       ON CONFLICT (recall_id, robot_code) DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM hit`,
    params,
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
