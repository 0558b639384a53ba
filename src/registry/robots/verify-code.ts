import { createHash } from 'node:crypto';
import { parseCode, type IdentityCode } from '../../code/index.ts';
import { RegistryError, isRegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { Verification } from '../../contract/responses.ts';
import { deniedAccess, marketAccess, type MarketAccess } from '../../lifecycle/market-access.ts';
import type { ModelStatus, RobotStatus } from '../../lifecycle/status.ts';
import type { RegistryContext } from '../context.ts';
import { codeCandidates } from './code-candidates.ts';
import type { ModelFacts, PublicAnswers, Ready } from './facts-cache.ts';
import { must } from '../../must.ts';
import type { Tx } from '../../store/store.ts';
import type { Brand } from '../../lifecycle/condition.ts';
import { usageOf } from './robot-facts.ts';
import { currentSoftwareOf, unitSoftware } from '../software/unit-software.ts';

/** Verification is the public answer for a code (DESIGN.md §9 `GET /v1/verify/{code}`), as the contract describes it. */
export type { Verification };

function partsOf(c: IdentityCode) {
  return { country: c.country, enterprise: c.enterprise, model: c.model, serial: c.serial };
}

/**
 * withCandidates adds to an INVALID_CODE error its `candidates`: at most five of its
 * `suggestions`, registered codes first with their maker and model (one query).
 */
async function withCandidates(ctx: RegistryContext, err: unknown): Promise<unknown> {
  if (!isRegistryError(err) || err.code !== 'INVALID_CODE') return err;
  const suggestions = Array.isArray(err.extra.suggestions) ? err.extra.suggestions.map(String) : [];
  const normalised = typeof err.extra.normalised === 'string' ? err.extra.normalised : '';
  err.extra.candidates = await codeCandidates(ctx.store, normalised, suggestions);
  return err;
}

type OpenRecall = Verification['openRecalls'][number];

interface PublicRow {
  enterprise_code: string;
  model_code: string;
  production_date: string;
  status: RobotStatus;
  suspended: boolean;
  stolen: boolean;
  scrapped_component: boolean;
  open_recalls: OpenRecall[] | null;
  software_version: string | null;
  blocked_software: boolean;
  revision: number;
  revision_approved: boolean;
  brands: Brand[];
  usage_hours: string | null;
  usage_cycles: string | null;
  usage_at: Date | null;
  remanufactured_from: string[];
  remanufactured_into: string | null;
}

/** OPEN_RECALLS_SQL lists a unit's open recalls as JSON, oldest first; skipped while no recall is open anywhere. */
const OPEN_RECALLS_SQL = `(SELECT json_agg(json_build_object('id', rc.id, 'hazard', rc.hazard, 'severity', rc.severity, 'remedy', rc.remedy,
                   'stopSale', rc.stop_sale, 'stopUse', rc.stop_use,
                   'issuedAt', to_char(rc.issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                   'remedied', u.remedied_seq IS NOT NULL) ORDER BY rc.issued_at)
            FROM recall_units u JOIN recalls rc ON rc.id = u.recall_id
           WHERE u.robot_code = r.code AND rc.closed_at IS NULL)`;

/**
 * publicSql reads what both public answers show of a unit in one statement by primary
 * key: the unit, whether it holds a scrapped component (the fact migration 022 keeps on
 * the row), and, when `recalls` is set, its open recalls (as `openRecallsOf` lists them,
 * issue times formatted as toISOString does). Its model and maker come from MODEL_SQL
 * through the cache: joining them costs more than the rest.
 */
const publicSql = (recalls: boolean) => `
  SELECT r.enterprise_code, r.model_code, to_char(r.production_date, 'YYYY-MM-DD') AS production_date, r.status, r.suspended, r.stolen,
         r.software_version, EXISTS (SELECT 1 FROM software_versions v WHERE v.enterprise_code = r.enterprise_code
           AND v.model_code = r.model_code AND v.version_key = r.software_version AND v.blocked) AS blocked_software,
         r.status <> 'scrapped' AND r.holds_scrapped_part AS scrapped_component,
         ${recalls ? OPEN_RECALLS_SQL : 'NULL::json'} AS open_recalls,
         r.revision, r.revision = 1 OR EXISTS (SELECT 1 FROM model_revisions mr WHERE mr.enterprise_code = r.enterprise_code
           AND mr.model_code = r.model_code AND mr.revision = r.revision AND mr.status = 'approved') AS revision_approved,
         r.brands, r.usage_hours::text AS usage_hours, r.usage_cycles::text AS usage_cycles, r.usage_at,
         ARRAY(SELECT l.predecessor::text FROM remanufacture_lineage l WHERE l.successor = r.code ORDER BY l.predecessor) AS remanufactured_from,
         (SELECT l.successor FROM remanufacture_lineage l WHERE l.predecessor = r.code) AS remanufactured_into
    FROM robots r
   WHERE r.code = $1`;
const PUBLIC_SQL = publicSql(true);
const PUBLIC_SQL_NO_RECALLS = publicSql(false);

/** ANY_RECALL_OPEN_SQL asks the partial index of open recalls whether it holds anything. */
const ANY_RECALL_OPEN_SQL = 'SELECT EXISTS (SELECT 1 FROM recalls WHERE closed_at IS NULL) AS open';

const MODEL_SQL = `
  SELECT p.name AS manufacturer_name, p.name_en AS manufacturer_name_en, m.name AS model_name, m.name_en AS model_name_en, m.status
    FROM models m JOIN participants p ON p.enterprise_code = m.enterprise_code
   WHERE m.enterprise_code = $1 AND m.model_code = $2`;

/** loadModelFacts reads a model's names, its maker's and its approval status. */
async function loadModelFacts(tx: Pick<Tx, 'query'>, enterprise: string, model: string): Promise<ModelFacts> {
  const [m] = await tx.query<{
    manufacturer_name: string;
    manufacturer_name_en: string | null;
    model_name: string;
    model_name_en: string | null;
    status: ModelStatus;
  }>(MODEL_SQL, [enterprise, model]);
  const row = must(m, "a unit's model and maker exist (foreign keys)");
  return {
    manufacturer: { name: row.manufacturer_name, nameEn: row.manufacturer_name_en },
    model: { name: row.model_name, nameEn: row.model_name_en },
    status: row.status,
    currentSoftware: await currentSoftwareOf(tx, enterprise, model),
  };
}

/** ready serialises an answer once and tags it: the ETag is a digest of exactly the bytes sent. */
export function ready(answer: unknown): Ready {
  const body = Buffer.from(JSON.stringify(answer));
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

/**
 * loadPublicAnswers builds both public answers of a (well-formed) code from one read by
 * primary key, and its model's facts from the cache (one more read the first time). The
 * read asks for the unit's open recalls only while the cache knows some recall is open.
 */
export async function loadPublicAnswers(ctx: RegistryContext, parsed: IdentityCode): Promise<PublicAnswers> {
  const code = parsed.country + parsed.enterprise + parsed.model + parsed.serial;
  const recalls = await ctx.facts.recallsOpen(async () => {
    const [row] = await ctx.store.query<{ open: boolean }>(ANY_RECALL_OPEN_SQL);
    return row?.open === true;
  });
  const [r] = await ctx.store.query<PublicRow>(recalls ? PUBLIC_SQL : PUBLIC_SQL_NO_RECALLS, [code]);
  if (!r) return { verify: undefined, market: ready({ code, ...deniedAccess('NOT_REGISTERED') }) };
  const m = await ctx.facts.model(`${r.enterprise_code}/${r.model_code}`, () => loadModelFacts(ctx.store, r.enterprise_code, r.model_code));
  const openRecalls = r.open_recalls ?? [];
  const access = marketAccess({
    status: r.status,
    modelStatus: m.status,
    suspended: r.suspended,
    stolen: r.stolen,
    openStopSaleRecalls: openRecalls.filter((o) => o.stopSale && !o.remedied).length,
    scrappedComponents: r.scrapped_component ? 1 : 0,
    blockedSoftware: r.blocked_software,
    revisionApproved: r.revision_approved,
  });
  const verification: Verification = {
    code,
    parts: partsOf(parsed),
    manufacturer: m.manufacturer,
    model: m.model,
    productionDate: r.production_date,
    status: r.status,
    marketAccess: access,
    openRecalls,
    software: unitSoftware(r.software_version, m.currentSoftware, r.blocked_software),
    revision: r.revision,
    // A remanufactured unit's brand follows from its lineage (issue #16): permanent and public.
    brands: r.remanufactured_from.length > 0 ? [...r.brands, 'remanufactured'] : r.brands,
    usage: usageOf(r),
    remanufacturedFrom: r.remanufactured_from,
    remanufacturedInto: r.remanufactured_into,
  };
  return { verify: ready(verification), market: ready({ code, ...access }) };
}

/** answersFor returns the public answers of a parsed code, through the context's cache. */
function answersFor(ctx: RegistryContext, parsed: IdentityCode): Promise<PublicAnswers> {
  const code = parsed.country + parsed.enterprise + parsed.model + parsed.serial;
  return ctx.facts.load(code, () => loadPublicAnswers(ctx, parsed));
}

/**
 * verifyReady parses a code (throwing INVALID_CODE with `suggestions` and ranked `candidates`)
 * and returns its public verification ready to send, or throws NOT_REGISTERED.
 */
export async function verifyReady(ctx: RegistryContext, input: string): Promise<Ready> {
  let parsed: IdentityCode;
  try {
    parsed = parseCode(input);
  } catch (err) {
    throw await withCandidates(ctx, err);
  }
  const answers = await answersFor(ctx, parsed);
  if (answers.verify) return answers.verify;
  const code = parsed.country + parsed.enterprise + parsed.model + parsed.serial;
  throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
}

/** verifyCode is verifyReady's answer as an object (for the web UI). */
export async function verifyCode(ctx: RegistryContext, input: string): Promise<Verification> {
  return JSON.parse((await verifyReady(ctx, input)).body.toString()) as Verification;
}

/** marketAccessReady always answers: INVALID_CODE and NOT_REGISTERED are reasons, not errors (DESIGN.md §5). */
export async function marketAccessReady(ctx: RegistryContext, input: string): Promise<Ready> {
  let parsed: IdentityCode;
  try {
    parsed = parseCode(input);
  } catch (err) {
    if (isRegistryError(err) && err.code === 'INVALID_CODE') return ready({ code: input.slice(0, 64), ...deniedAccess('INVALID_CODE') });
    throw err;
  }
  return (await answersFor(ctx, parsed)).market;
}

/** marketAccessFor is marketAccessReady's answer as an object. */
export async function marketAccessFor(ctx: RegistryContext, input: string): Promise<MarketAccess & { code: string }> {
  return JSON.parse((await marketAccessReady(ctx, input)).body.toString()) as MarketAccess & { code: string };
}
