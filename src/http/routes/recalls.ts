import { Type } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import { DEFAULT_PAGE, page } from '../page.ts';
import { amendRecall, closeRecall, getRecall, issueRecall, listRecallUnits, type NewRecall } from '../../registry/recalls/recalls.ts';
import { PAGE_MAX, parseMoment } from '../schemas.ts';
import { defectClusters, defectCounts } from '../../registry/recalls/defects.ts';

const Code4 = Type.String({ pattern: '^[0-9A-Z]{4}$' });
const Code6 = Type.String({ pattern: '^[0-9A-Z]{6}$' });
const Code29 = Type.String({ pattern: '^[0-9A-Z]{29}$' });
const Day = Type.String({ format: 'date' });

/** RecallScopeSchema: every given criterion must hold. */
const RecallScopeSchema = Type.Object(
  {
    enterprise: Type.Optional(Code4),
    models: Type.Optional(Type.Array(Code6, { maxItems: 200, uniqueItems: true })),
    productionDate: Type.Optional(Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }, { additionalProperties: false })),
    codes: Type.Optional(Type.Object({ from: Code29, to: Code29 }, { additionalProperties: false, description: 'Inclusive range of compact identity codes (serial range)' })),
    component: Type.Optional(
      Type.Object(
        {
          type: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
          maker: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          lots: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 1000 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Terms = {
  hazard: Type.String({ minLength: 1, maxLength: 5000 }),
  severity: Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high'), Type.Literal('critical')]),
  remedy: Type.Union([Type.Literal('inspection'), Type.Literal('repair'), Type.Literal('part_replacement'), Type.Literal('software_update'), Type.Literal('stop_use')]),
  stopSale: Type.Boolean(),
  stopUse: Type.Boolean(),
};

const NewRecallBody = Type.Object({ scope: RecallScopeSchema, ...Terms }, { additionalProperties: false });
const AmendBody = Type.Object(
  {
    scope: Type.Optional(RecallScopeSchema),
    hazard: Type.Optional(Terms.hazard),
    severity: Type.Optional(Terms.severity),
    remedy: Type.Optional(Terms.remedy),
    stopSale: Type.Optional(Terms.stopSale),
    stopUse: Type.Optional(Terms.stopUse),
  },
  { additionalProperties: false },
);
const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** recallRoutes issue, amend, close and report recalls (DESIGN.md §6). */
export const recallRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  app.post('/recalls', {
    schema: { tags: ['recalls'], summary: 'Issue a recall: voluntary (manufacturer, own units) or ordered (regulator); affected units are resolved now', security: [{ bearer: [] }], body: NewRecallBody },
  }, async (req, reply) => reply.status(201).send(await issueRecall(ctx, req.caller, req.body as NewRecall)));

  app.get('/recalls/:id', {
    schema: { tags: ['recalls'], summary: 'A recall with its completion by model and by province (public)', params: IdParam },
  }, async (req) => getRecall(ctx, req.params.id));

  app.post('/recalls/:id/amend', {
    schema: { tags: ['recalls'], summary: 'Widen a recall\'s scope or change its terms (issuer or regulator)', security: [{ bearer: [] }], params: IdParam, body: AmendBody },
  }, async (req) => amendRecall(ctx, req.caller, req.params.id, req.body as Partial<NewRecall>));

  app.post('/recalls/:id/close', {
    schema: { tags: ['recalls'], summary: 'Close a recall (issuer or regulator)', security: [{ bearer: [] }], params: IdParam },
  }, async (req) => closeRecall(ctx, req.caller, req.params.id));

  app.get('/recalls/:id/robots', {
    schema: {
      tags: ['recalls'], summary: 'Units a recall reaches, with remedy state; the issuer and the regulator also see owner and site', security: [{}, { bearer: [] }], params: IdParam,
      querystring: Type.Object({ after: Type.Optional(Code29), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX, default: 100 })) }, { additionalProperties: false }),
    },
  }, async (req) => {
    const limit = req.query.limit ?? DEFAULT_PAGE;
    const items = await listRecallUnits(ctx, req.caller, req.params.id, { after: req.query.after, limit });
    return page(items, limit, (last) => last.code);
  });
};

/** defectRoutes report defect signals and the clusters that stand out. */
export const defectRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  const Since = Type.Object({ since: Type.Optional(Type.String({ format: 'date-time', description: 'Default: 12 months ago' })) }, { additionalProperties: false });
  const sinceOf = (s?: string) => (s ? parseMoment('since', s) : new Date(ctx.now().getTime() - 365 * 86_400_000));
  app.get('/defects', {
    schema: { tags: ['recalls'], summary: 'Defect signals per model, component, failure mode and month (regulator; a manufacturer sees its own)', security: [{ bearer: [] }], querystring: Since },
  }, async (req) => ({ items: await defectCounts(ctx, req.caller, sinceOf(req.query.since)) }));
  app.get('/defects/clusters', {
    schema: { tags: ['recalls'], summary: 'Models and component lots whose defect rate stands out, each with a recall scope to open from it (regulator)', security: [{ bearer: [] }], querystring: Since },
  }, async (req) => defectClusters(ctx, req.caller, sinceOf(req.query.since)));
};
