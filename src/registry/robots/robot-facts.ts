import type { TransferOffer } from '../../lifecycle/decide.ts';
import type { Brand, UsageReading } from '../../lifecycle/condition.ts';
import type { ModelStatus, RobotStatus } from '../../lifecycle/status.ts';
import { marketAccess, type MarketAccess } from '../../lifecycle/market-access.ts';
import type { Tx } from '../../store/store.ts';

/** RobotFacts is one query's worth of what the registry knows about a unit. */
export interface RobotFacts {
  code: string;
  enterpriseCode: string;
  modelCode: string;
  productionDate: string;
  status: RobotStatus;
  ownerId: string;
  operatorId: string | null;
  recyclerId: string | null;
  site: Record<string, unknown> | null;
  firmware: string | null;
  /** softwareVersion is the installed software version's key (issue #15), null where none was reported. */
  softwareVersion: string | null;
  /** blockedSoftware: the regulator blocked the installed version. */
  blockedSoftware: boolean;
  suspended: boolean;
  stolen: boolean;
  version: number;
  /** resumeStatus is the status the unit returns to when its service ends. */
  resumeStatus: RobotStatus | null;
  /** offer is the transfer offer waiting for its recipient, lapsed or not. */
  offer: TransferOffer | null;
  registeredAt: string;
  updatedAt: string;
  manufacturerId: string;
  manufacturerName: string;
  manufacturerNameEn: string | null;
  modelName: string;
  modelNameEn: string | null;
  modelStatus: ModelStatus;
  scrappedComponents: number;
  openStopSaleRecalls: number;
  /** openRecalls counts open recalls reaching the unit, remedied or not. */
  openRecalls: number;
  /** revision is the model revision the unit was built to (1: the model as filed); revisionApproved whether it holds approval. */
  revision: number;
  revisionApproved: boolean;
  /** brands are the unit's permanent condition brands; usage its last usage reading (issue #15). */
  brands: Brand[];
  usage: UsageReading | null;
}

interface FactsRow {
  code: string;
  enterprise_code: string;
  model_code: string;
  production_date: string;
  status: RobotStatus;
  owner_id: string;
  operator_id: string | null;
  recycler_id: string | null;
  site: Record<string, unknown> | null;
  firmware: string | null;
  software_version: string | null;
  blocked_software: boolean;
  suspended: boolean;
  stolen: boolean;
  version: number;
  resume_status: RobotStatus | null;
  offer: TransferOffer | null;
  registered_at: Date;
  updated_at: Date;
  manufacturer_id: string;
  manufacturer_name: string;
  manufacturer_name_en: string | null;
  model_name: string;
  model_name_en: string | null;
  model_status: ModelStatus;
  scrapped_components: number;
  open_stop_sale: number;
  open_recalls: number;
  revision: number;
  revision_approved: boolean;
  brands: Brand[];
  usage_hours: string | null;
  usage_cycles: string | null;
  usage_at: Date | null;
}

/** FACTS_SQL selects units with their models and makers; the caller appends the WHERE clause. */
const FACTS_SQL = `
  SELECT r.code, r.enterprise_code, r.model_code, to_char(r.production_date, 'YYYY-MM-DD') AS production_date,
         r.status, r.owner_id, r.operator_id, r.recycler_id, r.site, r.firmware, r.software_version,
         EXISTS (SELECT 1 FROM software_versions v WHERE v.enterprise_code = r.enterprise_code AND v.model_code = r.model_code
                    AND v.version_key = r.software_version AND v.blocked) AS blocked_software, r.suspended, r.stolen, r.version, r.resume_status, r.offer,
         r.registered_at, r.updated_at, p.id AS manufacturer_id, p.name AS manufacturer_name,
         p.name_en AS manufacturer_name_en, m.name AS model_name, m.name_en AS model_name_en, m.status AS model_status,
         (SELECT count(*)::int FROM components c WHERE c.robot_code = r.code AND c.state = 'scrapped' AND r.status <> 'scrapped') AS scrapped_components,
         (SELECT count(*)::int FROM recall_units u JOIN recalls rc ON rc.id = u.recall_id
           WHERE u.robot_code = r.code AND u.remedied_seq IS NULL AND rc.closed_at IS NULL AND rc.stop_sale) AS open_stop_sale,
         (SELECT count(*)::int FROM recall_units u JOIN recalls rc ON rc.id = u.recall_id
           WHERE u.robot_code = r.code AND rc.closed_at IS NULL) AS open_recalls,
         r.revision, r.revision = 1 OR EXISTS (SELECT 1 FROM model_revisions mr WHERE mr.enterprise_code = r.enterprise_code
           AND mr.model_code = r.model_code AND mr.revision = r.revision AND mr.status = 'approved') AS revision_approved,
         r.brands, r.usage_hours::text AS usage_hours, r.usage_cycles::text AS usage_cycles, r.usage_at
    FROM robots r
    JOIN models m ON m.enterprise_code = r.enterprise_code AND m.model_code = r.model_code
    JOIN participants p ON p.enterprise_code = r.enterprise_code`;

/** loadRobotFacts reads a unit's facts, or undefined when no unit has that code; lock takes its row lock. */
export async function loadRobotFacts(tx: Pick<Tx, 'query'>, code: string, lock = false): Promise<RobotFacts | undefined> {
  const rows = await tx.query<FactsRow>(`${FACTS_SQL} WHERE r.code = $1${lock ? ' FOR UPDATE OF r' : ''}`, [code]);
  return rows[0] && factsOf(rows[0]);
}

/**
 * lockRobotFacts reads and row-locks the units among codes, keyed by code
 * (unknown codes are absent). Rows are locked in code order, so two writers
 * locking overlapping sets cannot deadlock.
 */
export async function lockRobotFacts(tx: Pick<Tx, 'query'>, codes: readonly string[]): Promise<Map<string, RobotFacts>> {
  const rows = await tx.query<FactsRow>(`${FACTS_SQL} WHERE r.code = ANY($1::char(29)[]) ORDER BY r.code FOR UPDATE OF r`, [
    [...new Set(codes)],
  ]);
  return new Map(rows.map((r) => [r.code, factsOf(r)]));
}

function factsOf(r: FactsRow): RobotFacts {
  return {
    code: r.code,
    enterpriseCode: r.enterprise_code,
    modelCode: r.model_code,
    productionDate: r.production_date,
    status: r.status,
    ownerId: r.owner_id,
    operatorId: r.operator_id,
    recyclerId: r.recycler_id,
    site: r.site,
    firmware: r.firmware,
    softwareVersion: r.software_version,
    blockedSoftware: r.blocked_software,
    suspended: r.suspended,
    stolen: r.stolen,
    version: r.version,
    resumeStatus: r.resume_status,
    offer: r.offer,
    registeredAt: r.registered_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    manufacturerId: r.manufacturer_id,
    manufacturerName: r.manufacturer_name,
    manufacturerNameEn: r.manufacturer_name_en,
    modelName: r.model_name,
    modelNameEn: r.model_name_en,
    modelStatus: r.model_status,
    scrappedComponents: r.scrapped_components,
    openStopSaleRecalls: r.open_stop_sale,
    openRecalls: r.open_recalls,
    revision: r.revision,
    revisionApproved: r.revision_approved,
    brands: r.brands,
    usage: usageOf(r),
  };
}

/** usageOf reads a unit's last usage reading from its row (numeric and bigint arrive as text). */
export function usageOf(r: { usage_hours: string | null; usage_cycles: string | null; usage_at: Date | null }): UsageReading | null {
  if (r.usage_hours === null || r.usage_cycles === null || r.usage_at === null) return null;
  return { hours: Number(r.usage_hours), cycles: Number(r.usage_cycles), at: r.usage_at.toISOString() };
}

/** accessOf applies the market-access rules to a unit's facts. */
export function accessOf(f: RobotFacts): MarketAccess {
  return marketAccess(f);
}
