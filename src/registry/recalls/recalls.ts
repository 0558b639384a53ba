import type { RobotStatus } from '../../lifecycle/status.ts';
import { hasRole, requireRole, type Caller, type Principal } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import { amendTerms, checkClose, RECALL_TERMS, type SEVERITIES, type Amender, type RecallTerm } from '../../recall/amendment.ts';
import { isNarrow, type RecallScope } from '../../recall/scope.ts';
import type { Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';
import { resolveScope } from './recall-resolve.ts';
import { linkCampaign } from '../software/recall-campaign.ts';

/** Remedy is what fixes a recalled unit. */
export type Remedy = 'inspection' | 'repair' | 'part_replacement' | 'software_update' | 'stop_use';

/** NewRecall is what an issuer states. */
export interface NewRecall {
  scope: RecallScope;
  hazard: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  remedy: Remedy;
  stopSale: boolean;
  stopUse: boolean;
  /** campaignId names an OTA campaign of the recall's maker as its remedy (issue #15). */
  campaignId?: string;
}

/** RecallAmendment widens a recall's scope or changes its terms. */
export type RecallAmendment = Partial<Omit<NewRecall, 'campaignId'>>;

interface RecallRow {
  id: string;
  issuer_id: string;
  kind: 'voluntary' | 'ordered';
  enterprise_code: string | null;
  scope: RecallScope;
  hazard: string;
  severity: (typeof SEVERITIES)[number];
  remedy: Remedy;
  stop_sale: boolean;
  stop_use: boolean;
  issued_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  version: number;
  regulator_terms: RecallTerm[];
  campaign_id: string | null;
}

function toRecall(r: RecallRow) {
  return {
    id: r.id,
    issuerId: r.issuer_id,
    kind: r.kind,
    enterprise: r.enterprise_code,
    scope: r.scope,
    hazard: r.hazard,
    severity: r.severity,
    remedy: r.remedy,
    stopSale: r.stop_sale,
    stopUse: r.stop_use,
    issuedAt: r.issued_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
    version: r.version,
    /** regulatorTerms are the terms the regulator set: only the regulator lowers or lifts them. */
    regulatorTerms: r.regulator_terms,
    campaignId: r.campaign_id,
  };
}

/** Recall is a recall as the API shows it. */
export type Recall = ReturnType<typeof toRecall>;

/** checkScope normalises a scope for the issuer: a manufacturer recalls only its own units. */
function checkScope(issuer: Principal, s: RecallScope): RecallScope {
  const scope = { ...s };
  if (!hasRole(issuer, 'regulator')) {
    if (scope.enterprise && scope.enterprise !== issuer.enterpriseCode) {
      throw new RegistryError('FOREIGN_ENTERPRISE', msg('problem.recall.foreign', { enterprise: scope.enterprise }));
    }
    // Every manufacturer is enrolled with an enterprise code; without one it has no units of its own to recall.
    if (!issuer.enterpriseCode) throw new RegistryError('FORBIDDEN_ROLE', msg('problem.robots.noEnterprise'));
    scope.enterprise = issuer.enterpriseCode;
  }
  if ((scope.models?.length || scope.codes) && !scope.enterprise) {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.recall.needsEnterprise'), {
      errors: [{ field: 'body.scope.enterprise', message: 'required with models or codes' }],
    });
  }
  if (scope.codes && (scope.codes.from > scope.codes.to || scope.codes.from.slice(2, 6) !== scope.enterprise)) {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.recall.codeRange'), {
      errors: [{ field: 'body.scope.codes', message: 'empty or foreign range' }],
    });
  }
  if (scope.productionDate?.from && scope.productionDate.to && scope.productionDate.from > scope.productionDate.to) {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.recall.dateRange'), {
      errors: [{ field: 'body.scope.productionDate', message: 'from is after to' }],
    });
  }
  if (!isNarrow(scope)) throw new RegistryError('INVALID_ARGUMENT', msg('problem.recall.noCriterion'));
  return scope;
}

async function loadRecall(tx: Pick<Tx, 'query'>, id: string, lock = false): Promise<RecallRow> {
  const [row] = await tx.query<RecallRow>(`SELECT * FROM recalls WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) throw new RegistryError('NOT_FOUND', msg('problem.recall.notFound', { id }));
  return row;
}

function requireIssuerOrRegulator(caller: Caller, r: RecallRow): { p: Principal; by: Amender } {
  const p = requireRole(caller, 'manufacturer', 'regulator');
  if (hasRole(p, 'regulator')) return { p, by: 'regulator' };
  if (p.participantId !== r.issuer_id) throw new RegistryError('NOT_ENTITLED', msg('problem.recall.notIssuer'));
  return { p, by: 'issuer' };
}

/**
 * issueRecall records a recall — voluntary by a manufacturer for its own units,
 * or ordered by the regulator — and resolves the units it reaches now. The
 * owners are told by per-unit `recall_notified` events that the notifier
 * writes right after.
 */
export async function issueRecall(ctx: RegistryContext, caller: Caller, input: NewRecall): Promise<{ recall: Recall; affected: number }> {
  const issuer = requireRole(caller, 'manufacturer', 'regulator');
  const scope = checkScope(issuer, input.scope);
  const ordered = hasRole(issuer, 'regulator');
  const now = ctx.now();
  const out = await ctx.store.readWrite(async (tx) => {
    const [row] = await tx.query<RecallRow>(
      `INSERT INTO recalls (issuer_id, kind, enterprise_code, scope, hazard, severity, remedy, stop_sale, stop_use, issued_at, updated_at, regulator_terms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING *`,
      [
        issuer.participantId,
        ordered ? 'ordered' : 'voluntary',
        scope.enterprise ?? null,
        JSON.stringify(scope),
        input.hazard,
        input.severity,
        input.remedy,
        input.stopSale,
        input.stopUse,
        now,
        ordered ? [...RECALL_TERMS] : [],
      ],
    );
    const inserted = must(row, 'INSERT … RETURNING returns the recall');
    const issued = input.campaignId ? await linkCampaign(tx, inserted, input.campaignId) : inserted;
    const affected = await resolveScope(tx, issued.id, scope, now);
    return { recall: toRecall(issued), affected };
  });
  ctx.facts.clear();
  return out;
}

/**
 * amendRecall widens a recall's scope (never narrows it) or changes its terms;
 * newly reached units join. The issuer may widen and raise, but only the
 * regulator lowers or lifts a term the regulator set (recall/amendment.ts).
 */
export async function amendRecall(
  ctx: RegistryContext,
  caller: Caller,
  id: string,
  change: RecallAmendment,
): Promise<{ recall: Recall; joined: number }> {
  const now = ctx.now();
  const out = await ctx.store.readWrite(async (tx) => {
    const r = await loadRecall(tx, id, true);
    const { p, by } = requireIssuerOrRegulator(caller, r);
    if (r.closed_at) throw new RegistryError('INVALID_TRANSITION', msg('problem.recall.closedAmend'));
    const current = {
      scope: r.scope,
      hazard: r.hazard,
      severity: r.severity as NewRecall['severity'],
      remedy: r.remedy,
      stopSale: r.stop_sale,
      stopUse: r.stop_use,
    };
    const { terms, regulatorSet } = amendTerms(
      current,
      { ...change, ...(change.scope ? { scope: checkScope(p, change.scope) } : {}) },
      r.regulator_terms,
      by,
    );
    const [row] = await tx.query<RecallRow>(
      `UPDATE recalls SET scope = $2, hazard = $3, severity = $4, remedy = $5, stop_sale = $6, stop_use = $7, updated_at = $8, regulator_terms = $9, version = version + 1
        WHERE id = $1 RETURNING *`,
      [id, JSON.stringify(terms.scope), terms.hazard, terms.severity, terms.remedy, terms.stopSale, terms.stopUse, now, regulatorSet],
    );
    const joined = await resolveScope(tx, id, terms.scope, now);
    return { recall: toRecall(must(row, 'UPDATE … RETURNING returns the locked recall')), joined };
  });
  ctx.facts.clear();
  return out;
}

/** closeRecall ends a recall: it no longer blocks sale or use. Closing a recall the regulator escalated is the regulator's. */
export async function closeRecall(ctx: RegistryContext, caller: Caller, id: string): Promise<Recall> {
  const now = ctx.now();
  const out = await ctx.store.readWrite(async (tx) => {
    const r = await loadRecall(tx, id, true);
    const { by } = requireIssuerOrRegulator(caller, r);
    if (r.closed_at) throw new RegistryError('INVALID_TRANSITION', msg('problem.recall.alreadyClosed'));
    checkClose(r.regulator_terms, by);
    const [row] = await tx.query<RecallRow>(
      'UPDATE recalls SET closed_at = $2, updated_at = $2, version = version + 1 WHERE id = $1 RETURNING *',
      [id, now],
    );
    return toRecall(must(row, 'UPDATE … RETURNING returns the locked recall'));
  });
  ctx.facts.clear();
  return out;
}

/** getRecall returns a recall (public) with its completion by model and by province. */
export async function getRecall(ctx: RegistryContext, id: string) {
  return ctx.store.readOnly(async (tx) => {
    const r = await loadRecall(tx, id);
    const stats = await tx.query<{ model: string; province: string; units: number; notified: number; remedied: number }>(
      `SELECT r.enterprise_code || r.model_code AS model, COALESCE(r.site->>'province', 'unknown') AS province,
              count(*)::int AS units, count(u.notified_seq)::int AS notified, count(u.remedied_seq)::int AS remedied
         FROM recall_units u JOIN robots r ON r.code = u.robot_code
        WHERE u.recall_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [id],
    );
    const sum = (rows: typeof stats, key: 'model' | 'province') => {
      const m = new Map<string, { units: number; notified: number; remedied: number }>();
      for (const s of rows) {
        const acc = m.get(s[key]) ?? { units: 0, notified: 0, remedied: 0 };
        acc.units += s.units;
        acc.notified += s.notified;
        acc.remedied += s.remedied;
        m.set(s[key], acc);
      }
      return [...m].map(([k, v]) => ({ key: k, ...v, completion: v.units ? v.remedied / v.units : 1 }));
    };
    const total = stats.reduce(
      (a, s) => ({ units: a.units + s.units, notified: a.notified + s.notified, remedied: a.remedied + s.remedied }),
      { units: 0, notified: 0, remedied: 0 },
    );
    return {
      ...toRecall(r),
      totals: { ...total, completion: total.units ? total.remedied / total.units : 1 },
      byModel: sum(stats, 'model').map(({ key, ...c }) => ({ model: key, ...c })),
      byProvince: sum(stats, 'province').map(({ key, ...c }) => ({ province: key, ...c })),
    };
  });
}

/** listRecallUnits pages through a recall's units with their remedy state; the issuer and the regulator also see owner and site. */
export async function listRecallUnits(ctx: RegistryContext, caller: Caller, id: string, opts: { after?: string; limit: number }) {
  return ctx.store.readOnly(async (tx) => {
    const r = await loadRecall(tx, id);
    const privileged = !!caller && (hasRole(caller, 'regulator') || caller.participantId === r.issuer_id);
    const rows = await tx.query<{
      robot_code: string;
      joined_at: Date;
      notified_seq: number | null;
      remedied_seq: number | null;
      owner_id: string;
      site: Record<string, unknown> | null;
      status: RobotStatus;
    }>(
      `SELECT u.robot_code, u.joined_at, u.notified_seq, u.remedied_seq, r.owner_id, r.site, r.status
         FROM recall_units u JOIN robots r ON r.code = u.robot_code
        WHERE u.recall_id = $1 AND ($2::text IS NULL OR u.robot_code > $2) ORDER BY u.robot_code LIMIT $3`,
      [id, opts.after ?? null, opts.limit],
    );
    return rows.map((u) => ({
      code: u.robot_code,
      status: u.status,
      joinedAt: u.joined_at.toISOString(),
      notified: u.notified_seq !== null,
      remedied: u.remedied_seq !== null,
      ...(privileged ? { ownerId: u.owner_id, site: u.site } : {}),
    }));
  });
}

/** openRecallsOf lists the open recalls reaching a unit, with whether it is remedied (public). */
export async function openRecallsOf(tx: Pick<Tx, 'query'>, code: string) {
  const rows = await tx.query<{
    id: string;
    hazard: string;
    severity: string;
    remedy: string;
    stop_sale: boolean;
    stop_use: boolean;
    issued_at: Date;
    remedied_seq: number | null;
  }>(
    `SELECT rc.id, rc.hazard, rc.severity, rc.remedy, rc.stop_sale, rc.stop_use, rc.issued_at, u.remedied_seq
       FROM recall_units u JOIN recalls rc ON rc.id = u.recall_id
      WHERE u.robot_code = $1 AND rc.closed_at IS NULL ORDER BY rc.issued_at`,
    [code],
  );
  return rows.map((r) => ({
    id: r.id,
    hazard: r.hazard,
    severity: r.severity,
    remedy: r.remedy,
    stopSale: r.stop_sale,
    stopUse: r.stop_use,
    issuedAt: r.issued_at.toISOString(),
    remedied: r.remedied_seq !== null,
  }));
}
