import type { Static } from 'typebox';
import type { ModelParametersSchema } from '../../contract/schemas.ts';
import { modelCodeFor } from '../../code/index.ts';
import { requireRole, type Principal } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg, term } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import { displayName, nameKey } from '../../names/display-name.ts';
import { nameSearch } from '../../names/name-search.ts';
import { nextModelStatus, type ModelAction, type ModelStatus } from '../../lifecycle/status.ts';
import type { RegistryContext } from '../context.ts';

/** ModelParameters are a model's technical parameters (DESIGN.md §3), as the API contract defines them. */
export type ModelParameters = Static<typeof ModelParametersSchema>;

/** NewModel is what a manufacturer files. */
export interface NewModel {
  /** name is the model's official name, in any script. */
  name: string;
  /** nameEn is its English or pinyin name, where it has one. */
  nameEn?: string;
  category: string;
  parameters: ModelParameters;
  componentTypes: string[];
}

/** Model is a filed product model. */
export interface Model extends Omit<NewModel, 'nameEn'> {
  nameEn: string | null;
  enterpriseCode: string;
  modelCode: string;
  status: ModelStatus;
  filedAt: string;
  updatedAt: string;
}

interface ModelRow {
  enterprise_code: string;
  model_code: string;
  name: string;
  name_en: string | null;
  category: string;
  parameters: ModelParameters;
  component_types: string[];
  status: ModelStatus;
  filed_at: Date;
  updated_at: Date;
}

const COLUMNS = 'enterprise_code, model_code, name, name_en, category, parameters, component_types, status, filed_at, updated_at';

function toModel(r: ModelRow): Model {
  return {
    enterpriseCode: r.enterprise_code,
    modelCode: r.model_code,
    name: r.name,
    nameEn: r.name_en,
    category: r.category,
    parameters: r.parameters,
    componentTypes: r.component_types,
    status: r.status,
    filedAt: r.filed_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** fileModel lets a manufacturer file a model under its own enterprise code; it starts `filed`. */
export async function fileModel(ctx: RegistryContext, caller: Principal | undefined, m: NewModel): Promise<Model> {
  const maker = requireRole(caller, 'manufacturer', 'remanufacturer');
  if (!maker.enterpriseCode) throw new RegistryError('FORBIDDEN_ROLE', msg('problem.robots.noEnterprise'));
  const types = [...new Set(m.componentTypes)];
  if (types.length !== m.componentTypes.length) {
    throw new RegistryError('INVALID_REQUEST', msg('problem.models.distinctTypes'), {
      errors: [{ field: 'componentTypes', message: 'duplicate type' }],
    });
  }
  const name = displayName(m.name, 'body.name');
  const nameEn = m.nameEn === undefined ? null : displayName(m.nameEn, 'body.nameEn');
  return ctx.store.readWrite(async (tx) => {
    const [seq] = await tx.query<{ n: number }>(
      'UPDATE participants SET next_model = next_model + 1 WHERE enterprise_code = $1 RETURNING next_model - 1 AS n',
      [maker.enterpriseCode],
    );
    try {
      const [row] = await tx.query<ModelRow>(
        `INSERT INTO models (enterprise_code, model_code, name, name_en, name_key, name_en_key, category, parameters, component_types,
                             status, filed_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'filed', $10, $10) RETURNING ${COLUMNS}`,
        [
          maker.enterpriseCode,
          modelCodeFor(must(seq, "the maker's participant row exists").n),
          name,
          nameEn,
          nameKey(name),
          nameEn === null ? null : nameKey(nameEn),
          m.category,
          JSON.stringify(m.parameters),
          types,
          ctx.now(),
        ],
      );
      return toModel(must(row, 'INSERT … RETURNING returns the model'));
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new RegistryError('DUPLICATE', msg('problem.models.duplicate', { name }));
      throw err;
    }
  });
}

/** getModel returns a model; anyone may read a model's filing. */
export async function getModel(ctx: RegistryContext, enterpriseCode: string, modelCode: string): Promise<Model> {
  const rows = await ctx.store.query<ModelRow>(`SELECT ${COLUMNS} FROM models WHERE enterprise_code = $1 AND model_code = $2`, [
    enterpriseCode,
    modelCode,
  ]);
  if (!rows[0]) throw new RegistryError('UNKNOWN_MODEL', msg('problem.models.notFound', { enterprise: enterpriseCode, model: modelCode }));
  return toModel(rows[0]);
}

/** listModels pages through models in code order, optionally of one enterprise or those whose name or English name holds q. */
export async function listModels(
  ctx: RegistryContext,
  opts: { enterpriseCode?: string; q?: string; after?: string; limit: number },
): Promise<Model[]> {
  const search = opts.q === undefined ? null : nameSearch(opts.q);
  const rows = await ctx.store.query<ModelRow>(
    `SELECT ${COLUMNS} FROM models
      WHERE ($1::text IS NULL OR enterprise_code = $1) AND ($2::text IS NULL OR enterprise_code || model_code > $2)
        AND ($4::text IS NULL OR name ILIKE $4 ESCAPE '\\' OR name_en ILIKE $4 ESCAPE '\\'
             OR name_key LIKE $5 ESCAPE '\\' OR name_en_key LIKE $5 ESCAPE '\\')
      ORDER BY enterprise_code, model_code LIMIT $3`,
    [opts.enterpriseCode ?? null, opts.after ?? null, opts.limit, search?.spelled ?? null, search?.canonical ?? null],
  );
  return rows.map(toModel);
}

/** changeModelStatus lets the regulator approve, suspend or withdraw a model's type approval. */
export async function changeModelStatus(
  ctx: RegistryContext,
  caller: Principal | undefined,
  enterpriseCode: string,
  modelCode: string,
  action: ModelAction,
): Promise<Model> {
  requireRole(caller, 'regulator');
  const model = await ctx.store.readWrite(async (tx) => {
    const rows = await tx.query<ModelRow>(`SELECT ${COLUMNS} FROM models WHERE enterprise_code = $1 AND model_code = $2 FOR UPDATE`, [
      enterpriseCode,
      modelCode,
    ]);
    const row = rows[0];
    if (!row) throw new RegistryError('UNKNOWN_MODEL', msg('problem.models.notFound', { enterprise: enterpriseCode, model: modelCode }));
    const next = nextModelStatus(row.status, action);
    if (!next)
      throw new RegistryError('MODEL_STATE', msg('problem.models.state', { status: term('modelStatus', row.status), action }), {
        modelStatus: row.status,
      });
    const [updated] = await tx.query<ModelRow>(
      `UPDATE models SET status = $3, updated_at = $4 WHERE enterprise_code = $1 AND model_code = $2 RETURNING ${COLUMNS}`,
      [enterpriseCode, modelCode, next, ctx.now()],
    );
    return toModel(must(updated, 'UPDATE … RETURNING returns the model just read'));
  });
  // Every unit of the model changed market access: drop cached facts after commit.
  ctx.facts.clear();
  return model;
}
