import { Type } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import { DEFAULT_PAGE, page } from '../page.ts';
import { listIdentityConflicts, lookupComponent } from '../../registry/components/component-lookup.ts';
import { problem } from '../openapi-operation.ts';
import { ComponentQuery, ComponentRecordSchema, IdentityConflictSchema, pageQuery, PAGE_MAX } from '../schemas.ts';

/** componentRoutes look key components up by canonical identity, and list the spellings migration 008 found colliding. */
export const componentRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;

  app.get(
    '/components',
    {
      schema: {
        tags: ['robots'],
        summary:
          'A key component by canonical identity (any spelling): the unit holding it now, the units that held it, whether it is scrapped (regulator; whoever may read the unit holding it)',
        security: [{ bearer: [] }],
        querystring: ComponentQuery,
        response: { 200: ComponentRecordSchema, 404: problem(404) },
      },
    },
    async (req) => lookupComponent(ctx, req.caller, req.query),
  );

  app.get(
    '/components/conflicts',
    {
      schema: {
        tags: ['robots'],
        summary:
          'Component spellings that met one canonical identity when the registry migrated to canonical identities, to resolve (regulator)',
        security: [{ bearer: [] }],
        querystring: pageQuery(
          {},
          Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'Cursor: the `next` value of the previous page' })),
        ),
        response: { 200: Type.Object({ items: Type.Array(IdentityConflictSchema), next: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (req) => {
      const limit = Math.min(req.query.limit ?? DEFAULT_PAGE, PAGE_MAX);
      const offset = Number(req.query.after ?? 0);
      const items = await listIdentityConflicts(ctx, req.caller, { limit, offset });
      return page(items, limit, () => String(offset + limit));
    },
  );
};
