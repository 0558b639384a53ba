import { Type } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import {
  DeadlineTableSchema,
  FiledReportSchema,
  LateReportsSchema,
  NewReportBody,
  QueuedReportSchema,
  ReportChallengeSchema,
  ReportErasureSchema,
  ReportIdParam,
  ReportQuery,
  ReportQueueSchema,
  TriageBody,
} from '../../contract/reports.ts';
import { CodeParam } from '../schemas.ts';
import { problem } from '../openapi-operation.ts';
import { fileReport, reportChallenge } from '../../registry/reports/file-report.ts';
import { eraseReportPersonal, listReports, reportPhoto, triageReport } from '../../registry/reports/report-queue.ts';
import { lateReports } from '../../registry/deadlines/late-reports.ts';
import { deadlineTable } from '../../registry/deadlines/late-events.ts';
import { compactCode } from '../../registry/robots/passport.ts';

/** REPORT_BODY_LIMIT fits a report with the largest photo, base64-encoded. */
const REPORT_BODY_LIMIT = 3 * 1024 * 1024;
const DAY_MS = 86_400_000;
const Photo = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

/** reportRoutes: public reports about units (file from anyone; the regulator's queue and triage), late reports and the deadline table. */
export const reportRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  const publicRate = app.publicRateLimit;

  app.get(
    '/robots/:code/reports/challenge',
    {
      config: { rateLimit: publicRate },
      schema: {
        tags: ['public'],
        summary: 'A proof-of-work challenge to answer when filing a report about this code (public)',
        params: CodeParam,
        response: { 200: ReportChallengeSchema },
      },
    },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await reportChallenge(ctx, req.params.code)),
  );

  app.post(
    '/robots/:code/reports',
    {
      bodyLimit: REPORT_BODY_LIMIT,
      config: { rateLimit: publicRate },
      schema: {
        tags: ['public'],
        summary: 'File a safety report or complaint about a unit (anyone, signed in or not); rate-limited per address and per unit',
        security: [{}, { bearer: [] }],
        params: CodeParam,
        body: NewReportBody,
        response: { 201: FiledReportSchema, 415: problem(415) },
      },
    },
    // The address is the connection's own (Fastify trusts no X-Forwarded-For unless told to): a client cannot name another.
    async (req, reply) => reply.status(201).send(await fileReport(ctx, req.caller, req.params.code, req.body, req.ip)),
  );

  app.get(
    '/reports',
    {
      schema: {
        tags: ['reports'],
        summary: "The regulator's queue of public reports: open first, suspected counterfeits first among them (regulator)",
        security: [{ bearer: [] }],
        querystring: ReportQuery,
        response: { 200: ReportQueueSchema },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 100;
      const code = req.query.code === undefined ? undefined : compactCode(req.query.code);
      const items = await listReports(ctx, req.caller, { state: req.query.state, code, limit, after: req.query.after });
      return { items, next: items.length === limit ? (items.at(-1)?.id ?? null) : null };
    },
  );

  app.get(
    '/reports/:id/photo',
    {
      schema: {
        tags: ['reports'],
        summary: "A report's photo, as filed (regulator)",
        security: [{ bearer: [] }],
        params: ReportIdParam,
        response: {
          200: {
            description: 'The photo (JPEG, PNG or WebP, as its bytes say)',
            content: Object.fromEntries(['image/jpeg', 'image/png', 'image/webp'].map((t) => [t, { schema: Photo }])),
          },
        },
      },
    },
    async (req, reply) => {
      const photo = await reportPhoto(ctx, req.caller, req.params.id);
      return reply
        .type(photo.type)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(photo.bytes);
    },
  );

  app.post(
    '/reports/:id/triage',
    {
      schema: {
        tags: ['reports'],
        summary: 'Triage a report: link it to an incident of the unit, dismiss it, or escalate it to a defect signal (regulator)',
        security: [{ bearer: [] }],
        params: ReportIdParam,
        body: TriageBody,
        response: { 200: QueuedReportSchema },
      },
    },
    async (req) => triageReport(ctx, req.caller, req.params.id, req.body),
  );

  app.post(
    '/reports/:id/personal-data/erase',
    {
      schema: {
        tags: ['reports'],
        summary: "Erase a report's contact, photo and address key (regulator); the report and the log keep their digests",
        security: [{ bearer: [] }],
        params: ReportIdParam,
        response: { 200: ReportErasureSchema },
      },
    },
    async (req) => eraseReportPersonal(ctx, req.caller, req.params.id),
  );

  app.get(
    '/late-reports',
    {
      schema: {
        tags: ['participants'],
        summary:
          'Events recorded after their reporting deadline, by participant and event type (regulator: all; other participants: their own)',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3_660, default: 90, description: 'How many days back' })) },
          { additionalProperties: false },
        ),
        response: { 200: LateReportsSchema },
      },
    },
    async (req) => lateReports(ctx, req.caller, new Date(ctx.now().getTime() - (req.query.days ?? 90) * DAY_MS)),
  );

  app.get(
    '/deadlines',
    {
      config: { rateLimit: publicRate },
      schema: {
        tags: ['public'],
        summary: 'The reporting deadlines in force: per event type and party, the first matching row decides (public)',
        response: { 200: DeadlineTableSchema },
      },
    },
    async () => ({ rules: [...deadlineTable()] }),
  );
};
