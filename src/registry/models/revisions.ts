/**
 * Model revisions (issue #15, item 4): a manufacturer files a significant
 * change to its approved model as a new revision; the regulator approves or
 * refuses it; units record the revision they were built to, and units of a
 * revision that is not approved are refused sale (REVISION_NOT_APPROVED).
 * Revision 1 is the model as filed; its approval is the model's status.
 */
import { requireOwnEnterprise, requireRole, type Principal } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { english, msg, term } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import { checkRevision, nextRevisionStatus, type RevisionChange, type RevisionStatus } from '../../lifecycle/revisions.ts';
import type { Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';
import type { ModelParameters } from './models.ts';

/** NewRevision is what a manufacturer files: the model's parameters and key component types as they will be. */
export interface NewRevision {
  parameters: ModelParameters;
  componentTypes: string[];
  /** summary says what changes and why, in the maker's words. */
  summary: string;
}

/** Revision is one revision of a model, as the model page lists it. */
export interface Revision {
  revision: number;
  status: RevisionStatus | 'model';
  parameters: ModelParameters;
  componentTypes: string[];
  changes: RevisionChange[];
  summary: string | null;
  filedAt: string;
  decidedAt: string | null;
}

interface RevisionRow {
  revision: number;
  status: RevisionStatus;
  parameters: ModelParameters;
  component_types: string[];
  changes: RevisionChange[];
  summary: string;
  filed_at: Date;
  decided_at: Date | null;
}

const COLUMNS = 'revision, status, parameters, component_types, changes, summary, filed_at, decided_at';

function toRevision(r: RevisionRow): Revision {
  return {
    revision: r.revision,
    status: r.status,
    parameters: r.parameters,
    componentTypes: r.component_types,
    changes: r.changes,
    summary: r.summary,
    filedAt: r.filed_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
  };
}

interface ModelLineRow {
  status: string;
  parameters: ModelParameters;
  component_types: string[];
  filed_at: Date;
}

/** lockModel reads a model's line (its filing) with a row lock, so revisions of one model are numbered one at a time. */
async function lockModel(tx: Pick<Tx, 'query'>, enterprise: string, model: string): Promise<ModelLineRow> {
  const [m] = await tx.query<ModelLineRow>(
    'SELECT status, parameters, component_types, filed_at FROM models WHERE enterprise_code = $1 AND model_code = $2 FOR UPDATE',
    [enterprise, model],
  );
  if (!m) throw new RegistryError('UNKNOWN_MODEL', msg('problem.models.notFound', { enterprise, model }));
  return m;
}

/**
 * fileRevision files a significant change to the maker's own approved model:
 * compared with the latest approved revision (or the model as approved), at
 * least one parameter the approval rests on must change
 * (REVISION_NOT_SIGNIFICANT otherwise). It starts `filed`.
 */
export async function fileRevision(
  ctx: RegistryContext,
  caller: Principal | undefined,
  enterprise: string,
  model: string,
  r: NewRevision,
): Promise<Revision> {
  const maker = requireRole(caller, 'manufacturer');
  requireOwnEnterprise(maker, enterprise);
  const types = [...new Set(r.componentTypes)];
  if (types.length !== r.componentTypes.length) {
    throw new RegistryError('INVALID_REQUEST', msg('problem.models.distinctTypes'), {
      errors: [{ field: 'componentTypes', message: 'duplicate type' }],
    });
  }
  return ctx.store.readWrite(async (tx) => {
    const m = await lockModel(tx, enterprise, model);
    if (m.status !== 'approved') {
      throw new RegistryError(
        'MODEL_STATE',
        msg('problem.revisions.modelNotApproved', { enterprise, model, status: term('modelStatus', m.status) }),
        {
          modelStatus: m.status,
        },
      );
    }
    const [latest] = await tx.query<{ parameters: ModelParameters; component_types: string[] }>(
      `SELECT parameters, component_types FROM model_revisions
        WHERE enterprise_code = $1 AND model_code = $2 AND status = 'approved' ORDER BY revision DESC LIMIT 1`,
      [enterprise, model],
    );
    const approved = latest ?? m;
    const changes = checkRevision(
      { parameters: approved.parameters, componentTypes: approved.component_types },
      { parameters: r.parameters, componentTypes: types },
    );
    const [row] = await tx.query<RevisionRow>(
      `INSERT INTO model_revisions (enterprise_code, model_code, revision, parameters, component_types, changes, summary, status, filed_at)
       SELECT $1, $2, COALESCE(max(revision), 1) + 1, $3, $4, $5, $6, 'filed', $7 FROM model_revisions WHERE enterprise_code = $1 AND model_code = $2
       RETURNING ${COLUMNS}`,
      [enterprise, model, JSON.stringify(r.parameters), types, changes, r.summary, ctx.now()],
    );
    return toRevision(must(row, 'INSERT … RETURNING returns the revision'));
  });
}

/** decideRevision lets the regulator approve or refuse a filed revision; a decided one stays as it is (REVISION_STATE). */
export async function decideRevision(
  ctx: RegistryContext,
  caller: Principal | undefined,
  enterprise: string,
  model: string,
  revision: number,
  action: 'approve' | 'refuse',
): Promise<Revision> {
  requireRole(caller, 'regulator');
  const out = await ctx.store.readWrite(async (tx) => {
    await lockModel(tx, enterprise, model);
    const [row] = await tx.query<RevisionRow>(
      `SELECT ${COLUMNS} FROM model_revisions WHERE enterprise_code = $1 AND model_code = $2 AND revision = $3 FOR UPDATE`,
      [enterprise, model, revision],
    );
    if (!row) throw new RegistryError('UNKNOWN_REVISION', msg('problem.revisions.unknown', { enterprise, model, revision }), { revision });
    const next = nextRevisionStatus(row.status, action);
    if (!next) {
      throw new RegistryError('REVISION_STATE', msg('problem.revisions.state', { revision, status: row.status }), {
        revisionStatus: row.status,
      });
    }
    const [updated] = await tx.query<RevisionRow>(
      `UPDATE model_revisions SET status = $4, decided_at = $5 WHERE enterprise_code = $1 AND model_code = $2 AND revision = $3 RETURNING ${COLUMNS}`,
      [enterprise, model, revision, next, ctx.now()],
    );
    return toRevision(must(updated, 'UPDATE … RETURNING returns the revision just read'));
  });
  // Every unit built to the revision changed market access (migration 016 tells other servers).
  ctx.facts.clear();
  return out;
}

/** listRevisions lists a model's revisions, revision 1 (the model as filed) first; anyone may read them. */
export async function listRevisions(ctx: RegistryContext, enterprise: string, model: string): Promise<Revision[]> {
  return ctx.store.readOnly(async (tx) => {
    const [m] = await tx.query<ModelLineRow>(
      'SELECT status, parameters, component_types, filed_at FROM models WHERE enterprise_code = $1 AND model_code = $2',
      [enterprise, model],
    );
    if (!m) throw new RegistryError('UNKNOWN_MODEL', msg('problem.models.notFound', { enterprise, model }));
    const rows = await tx.query<RevisionRow>(
      `SELECT ${COLUMNS} FROM model_revisions WHERE enterprise_code = $1 AND model_code = $2 ORDER BY revision`,
      [enterprise, model],
    );
    const first: Revision = {
      revision: 1,
      status: 'model',
      parameters: m.parameters,
      componentTypes: m.component_types,
      changes: [],
      summary: null,
      filedAt: m.filed_at.toISOString(),
      decidedAt: null,
    };
    return [first, ...rows.map(toRevision)];
  });
}

/** UnitRevisions are the revision each unit of a run is built to, and the key component types each revision requires. */
export interface UnitRevisions {
  revisions: number[];
  /** types holds `model#revision` → key component types for revisions 2 and later. */
  types: Map<string, string[]>;
  problems: { unit: number; code: 'UNKNOWN_REVISION'; message: string }[];
}

/**
 * resolveRevisions gives each unit of a run its revision: the one it names,
 * or the model's latest approved revision (1 when none is approved). A named
 * revision must exist and not be refused; a filed one may be built (its
 * units are registered, not sold, until it is approved).
 */
export async function resolveRevisions(
  tx: Pick<Tx, 'query'>,
  enterprise: string,
  units: readonly { model: string; revision?: number }[],
): Promise<UnitRevisions> {
  const models = [...new Set(units.map((u) => u.model))];
  const rows = await tx.query<{ model_code: string; revision: number; status: RevisionStatus; component_types: string[] }>(
    'SELECT model_code, revision, status, component_types FROM model_revisions WHERE enterprise_code = $1 AND model_code = ANY($2::text[])',
    [enterprise, models],
  );
  const types = new Map(rows.map((r) => [`${r.model_code}#${r.revision}`, r.component_types]));
  const status = new Map(rows.map((r) => [`${r.model_code}#${r.revision}`, r.status]));
  const current = new Map<string, number>();
  for (const r of rows) if (r.status === 'approved' && r.revision > (current.get(r.model_code) ?? 1)) current.set(r.model_code, r.revision);
  const problems: UnitRevisions['problems'] = [];
  const revisions = units.map((u, unit) => {
    const n = u.revision ?? current.get(u.model) ?? 1;
    if (n === 1) return 1;
    const s = status.get(`${u.model}#${n}`);
    if (s === undefined || s === 'refused') {
      const key = s === undefined ? 'problem.revisions.unknown' : 'problem.revisions.refused';
      problems.push({ unit, code: 'UNKNOWN_REVISION', message: english(msg(key, { enterprise, model: u.model, revision: n })) });
    }
    return n;
  });
  return { revisions, types, problems };
}

/** recordRevisions stores the revision of units built to revision 2 or later (the column defaults to 1). */
export async function recordRevisions(tx: Pick<Tx, 'query'>, codes: readonly string[], revisions: readonly number[]): Promise<void> {
  const later = codes.flatMap((code, i) => ((revisions[i] ?? 1) > 1 ? [{ code, revision: revisions[i] }] : []));
  if (later.length === 0) return;
  await tx.query(
    'UPDATE robots r SET revision = x.revision FROM unnest($1::char(29)[], $2::int[]) AS x(code, revision) WHERE r.code = x.code',
    [later.map((l) => l.code), later.map((l) => l.revision)],
  );
}
