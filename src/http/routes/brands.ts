import type { RoutePlugin } from '../route-plugin.ts';
import { BrandListSchema, BrandParams } from '../../contract/condition.ts';
import { listBrands, removeBrand } from '../../registry/robots/brands.ts';
import { Type } from 'typebox';

/** brandRoutes shows a unit's permanent condition brands to anyone and refuses every removal (issue #15, item 6). */
export const brandRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  app.get(
    '/robots/:code/brands',
    {
      config: { rateLimit: app.publicRateLimit },
      schema: {
        tags: ['robots'],
        summary: "A unit's condition brands and their records (public)",
        params: Type.Object({ code: BrandParams.properties.code }),
        response: { 200: BrandListSchema },
      },
    },
    async (req) => listBrands(ctx, req.params.code),
  );
  app.delete(
    '/robots/:code/brands/:brand',
    {
      schema: {
        tags: ['robots'],
        summary: 'Remove a condition brand: always refused (BRAND_PERMANENT); the regulator records brand_corrected instead',
        security: [{ bearer: [] }],
        params: BrandParams,
        // Described for the document's sake only: no request succeeds, every one is a 409 BRAND_PERMANENT problem.
        response: { 204: Type.Null({ description: 'Never sent: condition brands are permanent (409 BRAND_PERMANENT)' }) },
      },
    },
    async (req) => removeBrand(ctx, req.caller, req.params.code, req.params.brand),
  );
};
