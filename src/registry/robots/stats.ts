import { requireRole, type Caller } from '../../access/principal.ts';
import type { RegistryContext } from '../context.ts';
import { defectClusters } from '../recalls/defects.ts';

/** FleetStats are the regulator dashboard figures (DESIGN.md §9 `GET /v1/stats`). */
export interface FleetStats {
  generatedAt: string;
  robots: {
    total: number;
    byStatus: { status: string; count: number }[];
    byManufacturer: { enterprise: string; name: string; nameEn: string | null; count: number }[];
    byModel: { enterprise: string; model: string; name: string; nameEn: string | null; count: number }[];
    /** byProvince counts units deployed now, by their site's province. */
    byProvince: { province: string; count: number }[];
  };
  registrationsPerMonth: { month: string; count: number }[];
  recalls: {
    id: string;
    hazard: string;
    severity: string;
    kind: string;
    issuedAt: string;
    open: boolean;
    affected: number;
    remedied: number;
  }[];
  incidentsPerModel: { enterprise: string; model: string; name: string; nameEn: string | null; count: number }[];
  defectClusters: Awaited<ReturnType<typeof defectClusters>>;
}

/** fleetStats computes the dashboard figures in one read-only transaction (regulator only). */
export async function fleetStats(ctx: RegistryContext, caller: Caller): Promise<FleetStats> {
  requireRole(caller, 'regulator');
  const now = ctx.now();
  const figures = await ctx.store.readOnly(async (tx) => {
    const byStatus = await tx.query<{ status: string; count: number }>(
      'SELECT status, count(*)::int AS count FROM robots GROUP BY status ORDER BY count DESC, status',
    );
    const byManufacturer = await tx.query<{ enterprise: string; name: string; nameEn: string | null; count: number }>(
      `SELECT r.enterprise_code AS enterprise, p.name, p.name_en AS "nameEn", count(*)::int AS count
         FROM robots r JOIN participants p ON p.enterprise_code = r.enterprise_code
        GROUP BY r.enterprise_code, p.name, p.name_en ORDER BY count DESC, enterprise`,
    );
    const byModel = await tx.query<{ enterprise: string; model: string; name: string; nameEn: string | null; count: number }>(
      `SELECT r.enterprise_code AS enterprise, r.model_code AS model, m.name, m.name_en AS "nameEn", count(*)::int AS count
         FROM robots r JOIN models m USING (enterprise_code, model_code)
        GROUP BY r.enterprise_code, r.model_code, m.name, m.name_en ORDER BY count DESC, enterprise, model`,
    );
    const byProvince = await tx.query<{ province: string; count: number }>(
      `SELECT site->>'province' AS province, count(*)::int AS count FROM robots
        WHERE site IS NOT NULL AND site->>'province' IS NOT NULL GROUP BY 1 ORDER BY count DESC, province`,
    );
    const perMonth = await tx.query<{ month: string; count: number }>(
      `SELECT to_char(date_trunc('month', registered_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*)::int AS count
         FROM robots GROUP BY 1 ORDER BY 1`,
    );
    const recalls = await tx.query<{
      id: string;
      hazard: string;
      severity: string;
      kind: string;
      issued_at: Date;
      closed_at: Date | null;
      affected: number;
      remedied: number;
    }>(
      `SELECT r.id, r.hazard, r.severity, r.kind, r.issued_at, r.closed_at,
              count(u.robot_code)::int AS affected, count(u.remedied_seq)::int AS remedied
         FROM recalls r LEFT JOIN recall_units u ON u.recall_id = r.id
        GROUP BY r.id ORDER BY r.issued_at DESC, r.id`,
    );
    const incidents = await tx.query<{ enterprise: string; model: string; name: string; nameEn: string | null; count: number }>(
      `SELECT i.enterprise_code AS enterprise, i.model_code AS model, m.name, m.name_en AS "nameEn", count(*)::int AS count
         FROM incidents i JOIN models m USING (enterprise_code, model_code)
        GROUP BY i.enterprise_code, i.model_code, m.name, m.name_en ORDER BY count DESC, enterprise, model`,
    );
    return { byStatus, byManufacturer, byModel, byProvince, perMonth, recalls, incidents };
  });
  const clusters = await defectClusters(ctx, caller, new Date(now.getTime() - 365 * 86_400_000));
  const f = figures;
  return {
    generatedAt: now.toISOString(),
    robots: {
      total: f.byStatus.reduce((n, r) => n + r.count, 0),
      byStatus: f.byStatus,
      byManufacturer: f.byManufacturer.map((r) => ({ ...r, enterprise: r.enterprise.trim() })),
      byModel: f.byModel.map((r) => ({ ...r, enterprise: r.enterprise.trim() })),
      byProvince: f.byProvince,
    },
    registrationsPerMonth: f.perMonth,
    recalls: f.recalls.map((r) => ({
      id: r.id,
      hazard: r.hazard,
      severity: r.severity,
      kind: r.kind,
      issuedAt: r.issued_at.toISOString(),
      open: r.closed_at === null,
      affected: r.affected,
      remedied: r.remedied,
    })),
    incidentsPerModel: f.incidents.map((r) => ({ ...r, enterprise: r.enterprise.trim() })),
    defectClusters: clusters,
  };
}
