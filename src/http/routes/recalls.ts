import { Type } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import { DEFAULT_PAGE, page } from '../page.ts';
import { amendRecall, closeRecall, getRecall, issueRecall, listRecallUnits, type NewRecall } from '../../registry/recalls/recalls.ts';
import { PAGE_MAX, parseMoment } from '../schemas.ts';
import { itemsOf, pageOf, RobotStatusSchema } from '../../contract/responses.ts';
import { DefectClustersSchema } from '../../contract/stats.ts';
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
    codes: Type.Optional(
      Type.Object(
        { from: Code29, to: Code29 },
        { additionalProperties: false, description: 'Inclusive range of compact identity codes (serial range)' },
      ),
    ),
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
  remedy: Type.Union([
    Type.Literal('inspection'),
    Type.Literal('repair'),
    Type.Literal('part_replacement'),
    Type.Literal('software_update'),
    Type.Literal('stop_use'),
  ]),
  stopSale: Type.Boolean(),
  stopUse: Type.Boolean(),
};

const NewRecallBody = Type.Object(
  {
    scope: RecallScopeSchema,
    ...Terms,
    campaignId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: "An OTA campaign of the recall's maker as its remedy: a unit that reports its version is remedied",
      }),
    ),
  },
  { additionalProperties: false },
);
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
const Count = Type.Integer({ minimum: 0 });
const Completion = {
  units: Count,
  notified: Count,
  remedied: Count,
  completion: Type.Number({ minimum: 0, maximum: 1, description: 'remedied / units; 1 when no unit is reached' }),
};

/** RecallSchema is a recall as the API shows it. */
const RecallSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    issuerId: Type.String(),
    kind: Type.Enum(['voluntary', 'ordered'] as const),
    enterprise: Type.Union([Code4, Type.Null()]),
    scope: RecallScopeSchema,
    ...Terms,
    issuedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    version: Type.Integer(),
    regulatorTerms: Type.Array(Type.String(), { description: 'The terms the regulator set: only the regulator lowers or lifts them' }),
    campaignId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The OTA campaign that remedies it, if any' }),
  },
  { additionalProperties: false },
);

/** RecallReportSchema is a recall with its completion in total, by model and by province. */
const RecallReportSchema = Type.Object(
  {
    ...RecallSchema.properties,
    totals: Type.Object(Completion, { additionalProperties: false }),
    byModel: Type.Array(Type.Object({ model: Type.String(), ...Completion }, { additionalProperties: false })),
    byProvince: Type.Array(Type.Object({ province: Type.String(), ...Completion }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

/** RecallUnitSchema is a unit a recall reaches; the issuer and the regulator also see owner and site. */
const RecallUnitSchema = Type.Object(
  {
    code: Type.String(),
    status: RobotStatusSchema,
    joinedAt: Type.String({ format: 'date-time' }),
    notified: Type.Boolean(),
    remedied: Type.Boolean(),
    ownerId: Type.Optional(Type.String()),
    site: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
  },
  { additionalProperties: false },
);

/** DefectSignalsSchema counts defect signals of one model, component, failure mode and month. */
const DefectSignalsSchema = Type.Object(
  {
    enterprise: Type.String(),
    model: Type.String(),
    componentType: Type.String(),
    failureMode: Type.String(),
    month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }),
    signals: Count,
  },
  { additionalProperties: false },
);

const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** recallRoutes issue, amend, close and report recalls (DESIGN.md §6). */
export const recallRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  app.post(
    '/recalls',
    {
      schema: {
        tags: ['recalls'],
        summary: 'Issue a recall: voluntary (manufacturer, own units) or ordered (regulator); affected units are resolved now',
        security: [{ bearer: [] }],
        body: NewRecallBody,
        response: { 201: Type.Object({ recall: RecallSchema, affected: Count }, { additionalProperties: false }) },
      },
    },
    async (req, reply) => reply.status(201).send(await issueRecall(ctx, req.caller, req.body as NewRecall)),
  );

  app.get(
    '/recalls/:id',
    {
      schema: {
        tags: ['recalls'],
        summary: 'A recall with its completion by model and by province (public)',
        params: IdParam,
        response: { 200: RecallReportSchema },
      },
    },
    async (req) => getRecall(ctx, req.params.id),
  );

  app.post(
    '/recalls/:id/amend',
    {
      schema: {
        tags: ['recalls'],
        summary: "Widen a recall's scope or change its terms (issuer or regulator)",
        security: [{ bearer: [] }],
        params: IdParam,
        body: AmendBody,
        response: { 200: Type.Object({ recall: RecallSchema, joined: Count }, { additionalProperties: false }) },
      },
    },
    async (req) => amendRecall(ctx, req.caller, req.params.id, req.body as Partial<NewRecall>),
  );

  app.post(
    '/recalls/:id/close',
    {
      schema: {
        tags: ['recalls'],
        summary: 'Close a recall (issuer or regulator)',
        security: [{ bearer: [] }],
        params: IdParam,
        response: { 200: RecallSchema },
      },
    },
    async (req) => closeRecall(ctx, req.caller, req.params.id),
  );

  app.get(
    '/recalls/:id/robots',
    {
      schema: {
        tags: ['recalls'],
        summary: 'Units a recall reaches, with remedy state; the issuer and the regulator also see owner and site',
        security: [{}, { bearer: [] }],
        params: IdParam,
        querystring: Type.Object(
          { after: Type.Optional(Code29), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX, default: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: pageOf(RecallUnitSchema) },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? DEFAULT_PAGE;
      const items = await listRecallUnits(ctx, req.caller, req.params.id, { after: req.query.after, limit });
      return page(items, limit, (last) => last.code);
    },
  );
};

/** defectRoutes report defect signals and the clusters that stand out. */
export const defectRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  const Since = Type.Object(
    { since: Type.Optional(Type.String({ format: 'date-time', description: 'Default: 12 months ago' })) },
    { additionalProperties: false },
  );
  const sinceOf = (s?: string) => (s ? parseMoment('since', s) : new Date(ctx.now().getTime() - 365 * 86_400_000));
  app.get(
    '/defects',
    {
      schema: {
        tags: ['recalls'],
        summary: 'Defect signals per model, component, failure mode and month (regulator; a manufacturer sees its own)',
        security: [{ bearer: [] }],
        querystring: Since,
        response: { 200: itemsOf(DefectSignalsSchema) },
      },
    },
    async (req) => ({ items: await defectCounts(ctx, req.caller, sinceOf(req.query.since)) }),
  );
  app.get(
    '/defects/clusters',
    {
      schema: {
        tags: ['recalls'],
        summary: 'Models and component lots whose defect rate stands out, each with a recall scope to open from it (regulator)',
        security: [{ bearer: [] }],
        querystring: Since,
        response: { 200: DefectClustersSchema },
      },
    },
    async (req) => defectClusters(ctx, req.caller, sinceOf(req.query.since)),
  );
};
