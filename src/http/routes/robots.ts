import { Type } from 'typebox';
import { problem } from '../openapi-operation.ts';
import type { RoutePlugin } from '../route-plugin.ts';
import { ErasureSchema, MarketAccessSchema, PassportSchema, VerificationSchema, pageOf } from '../../contract/responses.ts';
import { RobotEventSchema } from '../../contract/events.ts';
import { DEFAULT_PAGE, page } from '../page.ts';
import { registerRobots, MAX_BATCH } from '../../registry/robots/register-robots.ts';
import { erasePersonalData, getPassport, listEvents } from '../../registry/robots/passport.ts';
import { marketAccessReady, verifyReady } from '../../registry/robots/verify-code.ts';
import { readyResponses, sendReady } from '../ready.ts';
import { publicRead } from '../public-read.ts';
import { must } from '../../must.ts';
import { BatchBody, CodeParam, NewUnitBody, PAGE_MAX, RegisteredUnitSchema } from '../schemas.ts';

/** BATCH_BODY_LIMIT fits a full production run with room to spare. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;

/** robotRoutes registers units and serves passports, verification and market access. */
export const robotRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  const publicRate = app.publicRateLimit;

  app.post(
    '/robots',
    {
      schema: {
        tags: ['robots'],
        summary: 'Register one unit (manufacturer)',
        security: [{ bearer: [] }],
        body: NewUnitBody,
        response: { 201: RegisteredUnitSchema },
      },
    },
    async (req, reply) => {
      const { enterprise, ...unit } = req.body;
      const [registered] = await registerRobots(ctx, req.caller, [unit], enterprise);
      return reply.status(201).send(must(registered, 'registering one unit returns one'));
    },
  );

  app.post(
    '/robots/batch',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags: ['robots'],
        summary: `Register a production run of up to ${MAX_BATCH} units, all or none (manufacturer)`,
        security: [{ bearer: [] }],
        body: BatchBody,
        response: { 201: Type.Object({ units: Type.Array(RegisteredUnitSchema) }) },
      },
    },
    async (req, reply) => reply.status(201).send({ units: await registerRobots(ctx, req.caller, req.body.units, req.body.enterprise) }),
  );

  app.get(
    '/robots/:code',
    {
      schema: {
        tags: ['robots'],
        summary: "A robot's passport, filtered by the caller's rights",
        security: [{}, { bearer: [] }],
        params: CodeParam,
        response: { 200: PassportSchema },
      },
    },
    async (req, reply) => publicRead(req, reply, (c) => getPassport(c, req.caller, req.params.code)),
  );

  app.get(
    '/robots/:code/events',
    {
      schema: {
        tags: ['robots'],
        summary: "A robot's events, each with its log index",
        security: [{ bearer: [] }],
        params: CodeParam,
        querystring: Type.Object(
          {
            after: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX, default: 100 })),
          },
          { additionalProperties: false },
        ),
        // 422 LOG_VERIFICATION_FAILED: a stored opening no longer matches its leaf (the database was edited).
        response: { 200: pageOf(RobotEventSchema), 422: problem(422) },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? DEFAULT_PAGE;
      const items = await listEvents(ctx, req.caller, req.params.code, { after: req.query.after ?? 0, limit });
      return page(items, limit, (last) => last.seq);
    },
  );

  app.get(
    '/verify/:code',
    {
      config: { rateLimit: publicRate },
      schema: {
        tags: ['public'],
        summary: 'Verify a code (public): validity, maker, model, status, market access, open recalls',
        params: CodeParam,
        response: readyResponses(VerificationSchema, 'The verification, kept ready: sent as stored, tagged with its digest'),
      },
    },
    async (req, reply) => sendReady(req, reply, await publicRead(req, reply, (c) => verifyReady(c, req.params.code))),
  );

  app.get(
    '/robots/:code/market-access',
    {
      config: { rateLimit: publicRate },
      schema: {
        tags: ['public'],
        summary: 'May this code be sold or deployed? Always 200, with every reason that applies',
        params: CodeParam,
        response: readyResponses(MarketAccessSchema, 'The market-access answer, kept ready: sent as stored, tagged with its digest'),
      },
    },
    async (req, reply) => sendReady(req, reply, await publicRead(req, reply, (c) => marketAccessReady(c, req.params.code))),
  );

  app.post(
    '/robots/:code/personal-data/erase',
    {
      schema: {
        tags: ['robots'],
        summary: "Erase the personal data of a unit's events (regulator); the log's proofs still verify",
        security: [{ bearer: [] }],
        params: CodeParam,
        response: { 200: ErasureSchema },
      },
    },
    async (req) => erasePersonalData(ctx, req.caller, req.params.code),
  );
};
