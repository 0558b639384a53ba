import { Type } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import { ModelPageSchema } from '../../contract/responses.ts';
import { DEFAULT_PAGE, page } from '../page.ts';
import { changeModelStatus, fileModel, getModel, listModels } from '../../registry/models/models.ts';
import { ModelParams, ModelSchema, NewModelBody, pageQuery } from '../schemas.ts';
import type { ModelAction } from '../../lifecycle/status.ts';

/** modelRoutes files models and changes their type approval. */
export const modelRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  app.post(
    '/models',
    {
      schema: {
        tags: ['models'],
        summary: 'File a model (manufacturer)',
        security: [{ bearer: [] }],
        body: NewModelBody,
        response: { 201: ModelSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await fileModel(ctx, req.caller, req.body)),
  );

  app.get(
    '/models',
    {
      schema: {
        tags: ['models'],
        summary: 'List models',
        querystring: pageQuery({
          enterprise: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{4}$' })),
          q: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 200,
              description: 'Only models whose name or English name holds this text, in any case or width',
            }),
          ),
        }),
        response: { 200: ModelPageSchema },
      },
    },
    async (req) => {
      const q = req.query as { after?: string; limit?: number; enterprise?: string; q?: string };
      const limit = q.limit ?? DEFAULT_PAGE;
      const items = await listModels(ctx, { enterpriseCode: q.enterprise, q: q.q, after: q.after, limit });
      return page(items, limit, (last) => last.enterpriseCode + last.modelCode);
    },
  );

  app.get(
    '/models/:enterprise/:model',
    {
      schema: { tags: ['models'], summary: 'Read a model', params: ModelParams, response: { 200: ModelSchema } },
    },
    async (req) => getModel(ctx, req.params.enterprise, req.params.model),
  );

  for (const action of ['approve', 'suspend', 'withdraw'] as ModelAction[]) {
    app.post(
      `/models/:enterprise/:model/${action}`,
      {
        schema: {
          tags: ['models'],
          summary: `${action.charAt(0).toUpperCase()}${action.slice(1)} a model's type approval (regulator)`,
          security: [{ bearer: [] }],
          params: ModelParams,
          response: { 200: ModelSchema },
        },
      },
      async (req) => changeModelStatus(ctx, req.caller, req.params.enterprise, req.params.model, action),
    );
  }
};
