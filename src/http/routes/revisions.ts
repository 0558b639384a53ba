import type { RoutePlugin } from '../route-plugin.ts';
import { NewRevisionBody, RevisionListSchema, RevisionParams, RevisionSchema } from '../../contract/revisions.ts';
import { ModelParams } from '../../contract/schemas.ts';
import { decideRevision, fileRevision, listRevisions } from '../../registry/models/revisions.ts';

/** revisionRoutes files model revisions (issue #15, item 4), lists them and records the regulator's decision. */
export const revisionRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  app.post(
    '/models/:enterprise/:model/revisions',
    {
      schema: {
        tags: ['models'],
        summary: 'File a significant change to an approved model as a new revision (its manufacturer)',
        security: [{ bearer: [] }],
        params: ModelParams,
        body: NewRevisionBody,
        response: { 201: RevisionSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await fileRevision(ctx, req.caller, req.params.enterprise, req.params.model, req.body)),
  );

  app.get(
    '/models/:enterprise/:model/revisions',
    {
      schema: { tags: ['models'], summary: "List a model's revisions", params: ModelParams, response: { 200: RevisionListSchema } },
    },
    async (req) => ({ items: await listRevisions(ctx, req.params.enterprise, req.params.model) }),
  );

  for (const action of ['approve', 'refuse'] as const) {
    app.post(
      `/models/:enterprise/:model/revisions/:revision/${action}`,
      {
        schema: {
          tags: ['models'],
          summary: `${action === 'approve' ? 'Approve' : 'Refuse'} a model revision (regulator)`,
          security: [{ bearer: [] }],
          params: RevisionParams,
          response: { 200: RevisionSchema },
        },
      },
      async (req) => decideRevision(ctx, req.caller, req.params.enterprise, req.params.model, req.params.revision, action),
    );
  }
};
