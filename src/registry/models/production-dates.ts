import type { ErrorCode } from '../../errors.ts';
import { productionDateProblem } from '../../lifecycle/production-window.ts';
import type { Tx } from '../../store/store.ts';

/**
 * productionDateProblems finds every unit of a production run whose
 * production date lies in the future or too long before its model was filed
 * (lifecycle/production-window.ts). Units of a model not filed by the
 * enterprise are left to the declaration check.
 */
export async function productionDateProblems(
  tx: Pick<Tx, 'query'>,
  enterprise: string,
  units: readonly { model: string; productionDate: string }[],
  now: Date,
): Promise<{ unit: number; code: ErrorCode; message: string }[]> {
  const rows = await tx.query<{ model_code: string; filed_at: Date }>(
    'SELECT model_code, filed_at FROM models WHERE enterprise_code = $1 AND model_code = ANY($2::text[])',
    [enterprise, [...new Set(units.map((u) => u.model))]],
  );
  const filed = new Map(rows.map((r) => [r.model_code, r.filed_at]));
  return units.flatMap((u, unit) => {
    const at = filed.get(u.model);
    const problem = at && productionDateProblem(u.productionDate, at, now);
    return problem ? [{ unit, ...problem }] : [];
  });
}
