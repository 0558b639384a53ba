import { requireRole, hasRole, type Caller } from '../../access/principal.ts';
import { findClusters, type SignalCount } from '../../recall/clusters.ts';
import type { Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';

/** recordDefectSignal counts an incident or service record that names a component and a failure mode. */
export async function recordDefectSignal(
  tx: Tx,
  s: {
    logIndex: number;
    code: string;
    enterprise: string;
    model: string;
    componentType: string;
    failureMode: string;
    source: 'incident' | 'service' | 'public_report';
    occurredAt: Date;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO defect_signals (log_index, robot_code, enterprise_code, model_code, component_type, failure_mode, lot, source, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6,
             (SELECT lot FROM components WHERE robot_code = $2 AND component_type = $5 ORDER BY state = 'installed' DESC, updated_at DESC LIMIT 1),
             $7, $8)`,
    [s.logIndex, s.code, s.enterprise, s.model, s.componentType, s.failureMode, s.source, s.occurredAt],
  );
}

/** defectCounts counts signals per model, component, failure mode and month (regulator: all; a manufacturer: its own). */
export async function defectCounts(ctx: RegistryContext, caller: Caller, since: Date) {
  const p = requireRole(caller, 'regulator', 'manufacturer');
  const rows = await ctx.store.query<{
    enterprise_code: string;
    model_code: string;
    component_type: string;
    failure_mode: string;
    month: string;
    signals: number;
  }>(
    `SELECT enterprise_code, model_code, component_type, failure_mode, to_char(date_trunc('month', occurred_at), 'YYYY-MM') AS month, count(*)::int AS signals
       FROM defect_signals WHERE occurred_at >= $1 AND ($2::text IS NULL OR enterprise_code = $2)
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 5, 1, 2, 3, 4`,
    [since, hasRole(p, 'regulator') ? null : p.enterpriseCode],
  );
  return rows.map((r) => ({
    enterprise: r.enterprise_code,
    model: r.model_code,
    componentType: r.component_type,
    failureMode: r.failure_mode,
    month: r.month,
    signals: r.signals,
  }));
}

/**
 * defectClusters finds models, and component lots, whose defect signals per
 * unit since `since` stand out; each comes with the recall scope that would
 * reach it, so the regulator can open a recall from it.
 */
export async function defectClusters(ctx: RegistryContext, caller: Caller, since: Date) {
  requireRole(caller, 'regulator');
  const byModel = await ctx.store.query<{
    enterprise_code: string;
    model_code: string;
    component_type: string;
    signals: number;
    units: number;
  }>(
    `WITH s AS (SELECT enterprise_code, model_code, component_type, count(*)::int AS signals FROM defect_signals WHERE occurred_at >= $1 GROUP BY 1, 2, 3),
          m AS (SELECT DISTINCT enterprise_code, model_code, t AS component_type FROM models, unnest(component_types) AS t)
     SELECT m.enterprise_code, m.model_code, m.component_type, COALESCE(s.signals, 0) AS signals,
            (SELECT count(*)::int FROM robots r WHERE r.enterprise_code = m.enterprise_code AND r.model_code = m.model_code) AS units
       FROM m LEFT JOIN s USING (enterprise_code, model_code, component_type)`,
    [since],
  );
  const byLot = await ctx.store.query<{
    enterprise_code: string;
    model_code: string;
    component_type: string;
    lot: string;
    signals: number;
    units: number;
  }>(
    `WITH s AS (SELECT enterprise_code, model_code, component_type, lot, count(*)::int AS signals FROM defect_signals WHERE occurred_at >= $1 AND lot IS NOT NULL GROUP BY 1, 2, 3, 4)
     SELECT s.*, (SELECT count(*)::int FROM components c WHERE c.component_type = s.component_type AND c.lot = s.lot AND substr(c.robot_code, 3, 4) = s.enterprise_code) AS units FROM s`,
    [since],
  );
  const models: SignalCount[] = byModel.map((r) => ({
    enterprise: r.enterprise_code,
    model: r.model_code,
    componentType: r.component_type,
    lot: null,
    signals: r.signals,
    units: r.units,
  }));
  const lots: SignalCount[] = byLot.map((r) => ({
    enterprise: r.enterprise_code,
    model: r.model_code,
    componentType: r.component_type,
    lot: r.lot,
    signals: r.signals,
    units: r.units,
  }));
  return { since: since.toISOString(), models: findClusters(models), lots: findClusters(lots) };
}
