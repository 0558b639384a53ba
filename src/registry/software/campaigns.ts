/**
 * OTA campaigns (issue #15, item 2): a maker files a campaign on its own
 * models before pushing it; the campaign reaches, when filed, the units in
 * its scope that run one of its starting versions (campaign_units, as a
 * recall's units). A safety-relevant campaign waits for the regulator's
 * acknowledgement or the waiting period (software/campaign-rules.ts).
 */
import { hasRole, requireOwnEnterprise, requireRole, type Caller } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import type { RecallScope } from '../../recall/scope.ts';
import { checkPlannedStart, clearedAt } from '../../software/campaign-rules.ts';
import type { Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';
import { scopeConditions } from '../recalls/recall-resolve.ts';
import { filedVersionKeys } from './software-versions.ts';

/** CampaignScope narrows a campaign within its models, as a recall's scope does. */
export type CampaignScope = Pick<RecallScope, 'productionDate' | 'codes' | 'component'>;

/** NewCampaign is what a maker files. */
export interface NewCampaign {
  enterprise?: string;
  models: string[];
  fromVersions: string[];
  toVersion: string;
  scope?: CampaignScope;
  safetySummary: string;
  plannedStart: string;
}

interface CampaignRow {
  id: string;
  issuer_id: string;
  enterprise_code: string;
  models: string[];
  from_versions: string[];
  to_version: string;
  scope: CampaignScope;
  safety_relevant: boolean;
  safety_summary: string;
  planned_start: Date;
  filed_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

function toCampaign(r: CampaignRow) {
  const cleared = clearedAt(campaignFacts(r));
  return {
    id: r.id,
    issuerId: r.issuer_id,
    enterprise: r.enterprise_code,
    models: r.models,
    fromVersions: r.from_versions,
    toVersion: r.to_version,
    scope: r.scope,
    safetyRelevant: r.safety_relevant,
    safetySummary: r.safety_summary,
    plannedStart: r.planned_start.toISOString(),
    filedAt: r.filed_at.toISOString(),
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: r.acknowledged_by,
    clearedAt: cleared?.toISOString() ?? null,
  };
}

/** Campaign is a campaign as the API shows it. */
export type Campaign = ReturnType<typeof toCampaign>;

/** campaignFacts is what the pure rules read of a campaign row. */
export function campaignFacts(r: CampaignRow) {
  return {
    id: r.id,
    enterpriseCode: r.enterprise_code,
    models: r.models,
    fromVersions: r.from_versions,
    toVersion: r.to_version,
    safetyRelevant: r.safety_relevant,
    plannedStart: r.planned_start,
    filedAt: r.filed_at,
    acknowledgedAt: r.acknowledged_at,
  };
}

/** loadCampaigns reads campaigns by id, locked for share so an acknowledgement cannot change under a report. */
export async function loadCampaigns(tx: Pick<Tx, 'query'>, ids: readonly string[], lock = false): Promise<Map<string, CampaignRow>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query<CampaignRow>(`SELECT * FROM ota_campaigns WHERE id = ANY($1::uuid[])${lock ? ' FOR SHARE' : ''}`, [
    [...new Set(ids)],
  ]);
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * resolveCampaign adds every unit the campaign reaches now: its models, a
 * starting version installed, its scope, not out of use. It runs once, in the
 * transaction that filed the campaign, so no row can be there already: a plain
 * insert, without the cost of ON CONFLICT's speculative insertion.
 */
async function resolveCampaign(tx: Pick<Tx, 'query'>, c: CampaignRow): Promise<number> {
  const params: unknown[] = [c.id, c.from_versions];
  const where = scopeConditions({ ...c.scope, enterprise: c.enterprise_code, models: c.models }, params);
  const [row] = await tx.query<{ n: number }>(
    `WITH hit AS (
       INSERT INTO campaign_units (campaign_id, robot_code)
       SELECT $1, r.code FROM robots r
        WHERE r.software_version = ANY($2::text[]) AND r.status NOT IN ('scrapped', 'recycling', 'decommissioned')${where}
       RETURNING 1)
     SELECT count(*)::int AS n FROM hit`,
    params,
  );
  return row?.n ?? 0;
}

/**
 * fileCampaign files an OTA campaign on the maker's own models, checking that
 * every version is filed for the models (under any spelling, one key), the
 * target is not blocked and is not a starting version, and the planned start
 * is not before the filing. Whether it is safety-relevant is the target
 * version's flag, not the maker's say.
 */
export async function fileCampaign(
  ctx: RegistryContext,
  caller: Caller,
  input: NewCampaign,
): Promise<{ campaign: Campaign; units: number }> {
  const maker = requireRole(caller, 'manufacturer');
  const enterprise = input.enterprise ?? maker.enterpriseCode;
  if (!enterprise) throw new RegistryError('FORBIDDEN_ROLE', msg('problem.robots.noEnterprise'));
  requireOwnEnterprise(maker, enterprise);
  const now = ctx.now();
  const plannedStart = new Date(input.plannedStart);
  checkPlannedStart(plannedStart, now);
  const models = [...new Set(input.models)];
  const scope = input.scope ?? {};
  if (scope.codes && (scope.codes.from > scope.codes.to || scope.codes.from.slice(2, 6) !== enterprise)) {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.recall.codeRange'), {
      errors: [{ field: 'body.scope.codes', message: 'empty or foreign range' }],
    });
  }
  return ctx.store.readWrite(async (tx) => {
    const found = await tx.query<{ model_code: string }>(
      'SELECT model_code FROM models WHERE enterprise_code = $1 AND model_code = ANY($2::text[])',
      [enterprise, models],
    );
    const missing = models.find((m) => !found.some((f) => f.model_code === m));
    if (missing) throw new RegistryError('UNKNOWN_MODEL', msg('problem.models.notFound', { enterprise, model: missing }));
    const targets = await filedVersionKeys(
      tx,
      enterprise,
      models.map((model) => ({ model, version: input.toVersion, field: 'body.toVersion' })),
    );
    const to = [...targets.values()];
    const toKey = must(to[0], 'a campaign has at least one model').key;
    if (to.some((t) => t.blocked)) throw new RegistryError('SOFTWARE_VERSION_BLOCKED', msg('problem.software.blocked', { version: toKey }));
    // A starting version must be filed for at least one of the models.
    const fromKeys: string[] = [];
    for (const [i, version] of input.fromVersions.entries()) {
      let key: string | undefined;
      let first: unknown;
      for (const model of models) {
        try {
          key = must(
            (await filedVersionKeys(tx, enterprise, [{ model, version, field: `body.fromVersions.${i}` }])).get(`${model} ${version}`),
            'filedVersionKeys answers what it was asked',
          ).key;
          break;
        } catch (err) {
          first ??= err;
        }
      }
      if (key === undefined) throw first;
      if (key === toKey) {
        throw new RegistryError('INVALID_ARGUMENT', msg('problem.software.fromIsTo', { version: key }), {
          errors: [{ field: `body.fromVersions.${i}`, message: 'the target version' }],
        });
      }
      if (!fromKeys.includes(key)) fromKeys.push(key);
    }
    const [row] = await tx.query<CampaignRow>(
      `INSERT INTO ota_campaigns (issuer_id, enterprise_code, models, from_versions, to_version, scope, safety_relevant, safety_summary, planned_start, filed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [
        maker.participantId,
        enterprise,
        models,
        fromKeys,
        toKey,
        JSON.stringify(scope),
        to.some((t) => t.safetyRelevant),
        input.safetySummary,
        plannedStart,
        now,
      ],
    );
    const campaign = must(row, 'INSERT … RETURNING returns the campaign');
    const units = await resolveCampaign(tx, campaign);
    return { campaign: toCampaign(campaign), units };
  });
}

/** requireCampaignReader lets the regulator read any campaign and a maker its own. */
function requireCampaignReader(caller: Caller, r: CampaignRow): void {
  const p = requireRole(caller, 'manufacturer', 'regulator');
  if (hasRole(p, 'regulator')) return;
  if (p.enterpriseCode !== r.enterprise_code) throw new RegistryError('NOT_FOUND', msg('problem.software.campaignNotFound', { id: r.id }));
}

async function loadCampaign(tx: Pick<Tx, 'query'>, id: string, lock = false): Promise<CampaignRow> {
  const [row] = await tx.query<CampaignRow>(`SELECT * FROM ota_campaigns WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) throw new RegistryError('NOT_FOUND', msg('problem.software.campaignNotFound', { id }));
  return row;
}

/** acknowledgeCampaign records the regulator's acknowledgement of a safety-relevant campaign: its units may report it from its planned start. */
export async function acknowledgeCampaign(ctx: RegistryContext, caller: Caller, id: string): Promise<Campaign> {
  const regulator = requireRole(caller, 'regulator');
  return ctx.store.readWrite(async (tx) => {
    const r = await loadCampaign(tx, id, true);
    if (!r.safety_relevant || r.acknowledged_at) {
      throw new RegistryError('CAMPAIGN_STATE', msg('problem.software.ackState', { acknowledged: String(r.acknowledged_at !== null) }));
    }
    const [row] = await tx.query<CampaignRow>(
      'UPDATE ota_campaigns SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1 RETURNING *',
      [id, ctx.now(), regulator.participantId],
    );
    return toCampaign(must(row, 'UPDATE … RETURNING returns the locked campaign'));
  });
}

/** Progress is how far a campaign got among some of its units. */
export interface Progress {
  units: number;
  updated: number;
  completion: number;
}

/** getCampaign returns a campaign with its progress by model and by province (the regulator, or the maker for its own). */
export async function getCampaign(ctx: RegistryContext, caller: Caller, id: string) {
  return ctx.store.readOnly(async (tx) => {
    const r = await loadCampaign(tx, id);
    requireCampaignReader(caller, r);
    const stats = await tx.query<{ model: string; province: string; units: number; updated: number }>(
      `SELECT r.model_code AS model, COALESCE(r.site->>'province', 'unknown') AS province,
              count(*)::int AS units, count(u.updated_seq)::int AS updated
         FROM campaign_units u JOIN robots r ON r.code = u.robot_code
        WHERE u.campaign_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [id],
    );
    const sum = (key: 'model' | 'province') => {
      const m = new Map<string, { units: number; updated: number }>();
      for (const s of stats) {
        const acc = m.get(s[key]) ?? { units: 0, updated: 0 };
        acc.units += s.units;
        acc.updated += s.updated;
        m.set(s[key], acc);
      }
      return [...m].map(([k, v]) => ({ key: k, ...v, completion: v.units ? v.updated / v.units : 1 }));
    };
    const units = stats.reduce((a, s) => a + s.units, 0);
    const updated = stats.reduce((a, s) => a + s.updated, 0);
    return {
      ...toCampaign(r),
      totals: { units, updated, completion: units ? updated / units : 1 },
      byModel: sum('model').map(({ key, ...p }) => ({ model: key, ...p })),
      byProvince: sum('province').map(({ key, ...p }) => ({ province: key, ...p })),
    };
  });
}

/** listCampaigns lists campaigns newest first: all for the regulator, a maker's own for a maker. */
export async function listCampaigns(ctx: RegistryContext, caller: Caller, opts: { limit: number; before?: string }): Promise<Campaign[]> {
  const p = requireRole(caller, 'manufacturer', 'regulator');
  const own = hasRole(p, 'regulator') ? null : (p.enterpriseCode ?? '----');
  const rows = await ctx.store.query<CampaignRow>(
    `SELECT * FROM ota_campaigns WHERE ($1::text IS NULL OR enterprise_code = $1) AND ($3::timestamptz IS NULL OR filed_at < $3)
      ORDER BY filed_at DESC, id LIMIT $2`,
    [own, opts.limit, opts.before ?? null],
  );
  return rows.map(toCampaign);
}
