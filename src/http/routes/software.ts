import { Type } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import {
  CampaignListSchema,
  CampaignProgressSchema,
  CampaignSchema,
  DecisionBody,
  FiledCampaignSchema,
  NewCampaignBody,
  NewSoftwareVersionBody,
  SoftwareVersionListSchema,
  SoftwareVersionParams,
  SoftwareVersionSchema,
} from '../../contract/software.ts';
import { acknowledgeCampaign, fileCampaign, getCampaign, listCampaigns } from '../../registry/software/campaigns.ts';
import { decideSoftwareVersion, fileSoftwareVersion, listSoftwareVersions } from '../../registry/software/software-versions.ts';
import { ModelParams, PAGE_MAX } from '../schemas.ts';

const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** softwareRoutes file software versions and OTA campaigns, and record the regulator's blocks and acknowledgements (issue #15). */
export const softwareRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  app.get(
    '/models/:enterprise/:model/software',
    {
      schema: {
        tags: ['software'],
        summary: "A model's software versions, newest release first, with blocks and which is current (public)",
        params: ModelParams,
        response: { 200: SoftwareVersionListSchema },
      },
    },
    async (req) => ({ items: await listSoftwareVersions(ctx, req.params.enterprise, req.params.model) }),
  );

  app.post(
    '/models/:enterprise/:model/software',
    {
      schema: {
        tags: ['software'],
        summary: 'File a software version of an own model (manufacturer)',
        security: [{ bearer: [] }],
        params: ModelParams,
        body: NewSoftwareVersionBody,
        response: { 201: SoftwareVersionSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await fileSoftwareVersion(ctx, req.caller, req.params.enterprise, req.params.model, req.body)),
  );

  for (const action of ['block', 'unblock'] as const) {
    app.post(
      `/models/:enterprise/:model/software/:version/${action}`,
      {
        schema: {
          tags: ['software'],
          summary: `${action === 'block' ? 'Block' : 'Unblock'} a software version, with the reason (regulator); recorded as a new decision`,
          security: [{ bearer: [] }],
          params: SoftwareVersionParams,
          body: DecisionBody,
          response: { 200: SoftwareVersionSchema },
        },
      },
      async (req) =>
        decideSoftwareVersion(ctx, req.caller, req.params.enterprise, req.params.model, req.params.version, action, req.body.reason),
    );
  }

  app.post(
    '/campaigns',
    {
      schema: {
        tags: ['software'],
        summary: 'File an OTA campaign on own models before it ships (manufacturer); the units it reaches are resolved now',
        security: [{ bearer: [] }],
        body: NewCampaignBody,
        response: { 201: FiledCampaignSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await fileCampaign(ctx, req.caller, req.body)),
  );

  app.get(
    '/campaigns',
    {
      schema: {
        tags: ['software'],
        summary: 'OTA campaigns, newest first: all for the regulator, its own for a manufacturer',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX, default: 100 })),
            before: Type.Optional(Type.String({ format: 'date-time', description: 'Only campaigns filed before this time' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: CampaignListSchema },
      },
    },
    async (req) => ({ items: await listCampaigns(ctx, req.caller, { limit: req.query.limit ?? 100, before: req.query.before }) }),
  );

  app.get(
    '/campaigns/:id',
    {
      schema: {
        tags: ['software'],
        summary: 'A campaign with its progress by model and by province (the regulator, or the maker for its own)',
        security: [{ bearer: [] }],
        params: IdParam,
        response: { 200: CampaignProgressSchema },
      },
    },
    async (req) => getCampaign(ctx, req.caller, req.params.id),
  );

  app.post(
    '/campaigns/:id/acknowledge',
    {
      schema: {
        tags: ['software'],
        summary: 'Acknowledge a safety-relevant campaign (regulator): its units may report it from its planned start',
        security: [{ bearer: [] }],
        params: IdParam,
        response: { 200: CampaignSchema },
      },
    },
    async (req) => acknowledgeCampaign(ctx, req.caller, req.params.id),
  );
};
