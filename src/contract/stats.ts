import { Type, type Static } from 'typebox';
import { NameEn } from './schemas.ts';

const Count = Type.Integer({ minimum: 0 });

/** ClusterSchema is a group of units whose defect rate stands out, with the recall scope that would reach it. */
export const ClusterSchema = Type.Object({
  enterprise: Type.String(),
  model: Type.String(),
  componentType: Type.String(),
  lot: Type.Union([Type.String(), Type.Null()], { description: 'The component lot, or null when grouping by model only' }),
  signals: Count,
  units: Count,
  rate: Type.Number(),
  baseline: Type.Number(),
  ratio: Type.Union([Type.Number(), Type.Null()], {
    description: 'rate / baseline; null when the baseline is zero (every rate stands out)',
  }),
  suggestedScope: Type.Object({
    enterprise: Type.String(),
    models: Type.Array(Type.String()),
    component: Type.Object({ type: Type.String(), lots: Type.Optional(Type.Array(Type.String())) }),
  }),
});
/** Cluster is a defect cluster as the API shows it. */
export type Cluster = Static<typeof ClusterSchema>;

/** DefectClustersSchema are the defect clusters since a time, grouped by model and by lot. */
export const DefectClustersSchema = Type.Object({
  since: Type.String({ format: 'date-time' }),
  models: Type.Array(ClusterSchema),
  lots: Type.Array(ClusterSchema),
});

/** FleetStatsSchema are the regulator dashboard figures (DESIGN.md §9 `GET /v1/stats`). */
export const FleetStatsSchema = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  robots: Type.Object({
    total: Count,
    byStatus: Type.Array(Type.Object({ status: Type.String(), count: Count })),
    byManufacturer: Type.Array(Type.Object({ enterprise: Type.String(), name: Type.String(), nameEn: NameEn, count: Count })),
    byModel: Type.Array(
      Type.Object({ enterprise: Type.String(), model: Type.String(), name: Type.String(), nameEn: NameEn, count: Count }),
    ),
    byProvince: Type.Array(Type.Object({ province: Type.String(), count: Count }), {
      description: "Units deployed now, by their site's province",
    }),
  }),
  registrationsPerMonth: Type.Array(Type.Object({ month: Type.String(), count: Count })),
  recalls: Type.Array(
    Type.Object({
      id: Type.String(),
      hazard: Type.String(),
      severity: Type.String(),
      kind: Type.String(),
      issuedAt: Type.String({ format: 'date-time' }),
      open: Type.Boolean(),
      affected: Count,
      remedied: Count,
    }),
  ),
  incidentsPerModel: Type.Array(
    Type.Object({ enterprise: Type.String(), model: Type.String(), name: Type.String(), nameEn: NameEn, count: Count }),
  ),
  defectClusters: DefectClustersSchema,
});
/** FleetStats are the regulator dashboard figures. */
export type FleetStats = Static<typeof FleetStatsSchema>;
