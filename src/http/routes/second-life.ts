import { Type } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import { CodeParam } from '../schemas.ts';
import {
  CertificationSchema,
  CertifiedListSchema,
  CertifiedQuery,
  CertifyBody,
  ImportBody,
  ImportedSchema,
  LineageSchema,
  MandateBody,
  MandateSchema,
  RemanufactureBody,
  RemanufacturedSchema,
  RevokeCertificationBody,
} from '../../contract/second-life.ts';
import { certify, listCertified, revoke } from '../../registry/second-life/certifications.ts';
import { grantMandate, listMandates, revokeMandate } from '../../registry/second-life/mandates.ts';
import { importRobots } from '../../registry/second-life/import-robots.ts';
import { remanufacture } from '../../registry/second-life/remanufacture.ts';
import { lineageOf } from '../../registry/second-life/lineage.ts';
import { compactCode } from '../../registry/robots/passport.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;

/** secondLifeRoutes: imports and import mandates, remanufacture and lineage, the public list of certified takers (issue #16). */
export const secondLifeRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  const publicRate = app.publicRateLimit;

  app.post(
    '/imports',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags: ['imports'],
        summary: "Register units made abroad under their foreign maker's enterprise code, with the customs declaration (importer)",
        security: [{ bearer: [] }],
        body: ImportBody,
        response: { 201: ImportedSchema },
      },
    },
    async (req, reply) => reply.status(201).send({ units: await importRobots(ctx, req.caller, req.body) }),
  );

  app.post(
    '/remanufactures',
    {
      schema: {
        tags: ['remanufacture'],
        summary: 'Register a remanufactured unit built from decommissioned units the caller holds (certified remanufacturer)',
        security: [{ bearer: [] }],
        body: RemanufactureBody,
        response: { 201: RemanufacturedSchema },
      },
    },
    async (req, reply) => {
      const unit = await remanufacture(ctx, req.caller, req.body);
      return reply.status(201).send({ ...unit, remanufacturedFrom: req.body.predecessors.map(compactCode) });
    },
  );

  app.get(
    '/robots/:code/lineage',
    {
      config: { rateLimit: publicRate },
      schema: {
        tags: ['remanufacture'],
        summary: "A unit's public lineage: remanufactured from which units, into which unit",
        security: [{}, { bearer: [] }],
        params: CodeParam,
        response: { 200: LineageSchema },
      },
    },
    async (req) => {
      const code = compactCode(req.params.code);
      const [known] = await ctx.store.query('SELECT 1 FROM robots WHERE code = $1', [code]);
      if (!known) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
      return lineageOf(ctx.store, code);
    },
  );

  app.get(
    '/certified',
    {
      config: { rateLimit: publicRate },
      schema: {
        tags: ['certified'],
        summary: 'The certified recyclers and remanufacturers (name, scope, province): who may take a decommissioned unit (public)',
        security: [{}, { bearer: [] }],
        querystring: CertifiedQuery,
        response: { 200: CertifiedListSchema },
      },
    },
    async (req, reply) => {
      reply.header('Cache-Control', 'public, max-age=60');
      return { certified: await listCertified(ctx, req.query) };
    },
  );

  app.post(
    '/participants/:id/certifications',
    {
      schema: {
        tags: ['certified'],
        summary: 'Certify a recycler or remanufacturer: it is listed and may take decommissioned units (regulator)',
        security: [{ bearer: [] }],
        params: Id,
        body: CertifyBody,
        response: { 201: CertificationSchema },
      },
    },
    async (req, reply) => {
      const { role, ...terms } = req.body;
      return reply.status(201).send(await certify(ctx, req.caller, req.params.id, role, terms));
    },
  );

  app.post(
    '/participants/:id/certifications/:role/revoke',
    {
      schema: {
        tags: ['certified'],
        summary: 'Revoke a certification: the participant leaves the list and takes no more decommissioned units (regulator)',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }), role: CertifyBody.properties.role }),
        body: RevokeCertificationBody,
        response: { 200: CertificationSchema },
      },
    },
    async (req) => revoke(ctx, req.caller, req.params.id, req.params.role, req.body.reason),
  );

  app.get(
    '/participants/:id/mandates',
    {
      schema: {
        tags: ['imports'],
        summary: "An importer's mandates to act for foreign makers (the importer itself, or the regulator)",
        security: [{ bearer: [] }],
        params: Id,
        response: { 200: Type.Object({ mandates: Type.Array(MandateSchema) }) },
      },
    },
    async (req) => ({ mandates: await listMandates(ctx, req.caller, req.params.id) }),
  );

  app.post(
    '/participants/:id/mandates',
    {
      schema: {
        tags: ['imports'],
        summary: 'Grant an importer the mandate to act for a foreign maker (regulator)',
        security: [{ bearer: [] }],
        params: Id,
        body: MandateBody,
        response: { 201: MandateSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await grantMandate(ctx, req.caller, req.params.id, req.body.maker)),
  );

  app.post(
    '/participants/:id/mandates/:maker/revoke',
    {
      schema: {
        tags: ['imports'],
        summary: "Revoke an importer's mandate for a foreign maker (regulator)",
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }), maker: Type.String({ format: 'uuid' }) }),
        response: { 200: MandateSchema },
      },
    },
    async (req) => revokeMandate(ctx, req.caller, req.params.id, req.params.maker),
  );
};
