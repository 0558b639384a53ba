import { AccountabilitySchema, IncidentSchema, pageOf } from '../../contract/responses.ts';
import { Type } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import { RecordedEventSchema, type RecordedEvent } from '../../contract/events.ts';
import { DEFAULT_PAGE, page } from '../page.ts';
import { problem } from '../openapi-operation.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { EventRequest } from '../../registry/events/event-data.ts';
import { recordEvent, recordEvents, MAX_EVENT_BATCH } from '../../registry/events/record-event.ts';
import { accountability, listIncidents } from '../../registry/robots/accountability.ts';
import { CodeParam, PAGE_MAX, parseMoment } from '../schemas.ts';
import { EventBatchBody, EventBody } from '../event-schemas.ts';

/** EVENT_BATCH_BODY_LIMIT fits a full batch of events with room to spare. */
const EVENT_BATCH_BODY_LIMIT = 8 * 1024 * 1024;

/** parseIfMatch reads an If-Match header holding the robot version (`"7"` or `7`). */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new RegistryError('INVALID_REQUEST', msg('problem.http.ifMatch'));
  return Number(m[1]);
}

/** eventRoutes record lifecycle events. */
export const eventRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  app.post(
    '/robots/:code/events',
    {
      schema: {
        tags: ['robots'],
        summary:
          'Record a lifecycle event (transfer, deployment, service, incident, …); Idempotency-Key makes retries safe, If-Match guards against lost updates',
        security: [{ bearer: [] }],
        params: CodeParam,
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          'if-match': Type.Optional(Type.String({ maxLength: 20 })),
        }),
        body: EventBody,
        response: {
          201: { description: 'Recorded', ...RecordedEventSchema },
          202: { description: 'A transfer offer, waiting for its recipient (robot.offer)', ...RecordedEventSchema },
        },
      },
    },
    async (req, reply) => {
      const res = await recordEvent(ctx, req.caller, req.params.code, req.body as EventRequest, {
        idempotencyKey: req.headers['idempotency-key'],
        ifMatch: parseIfMatch(req.headers['if-match']),
      });
      // A stored answer (first sent, or replayed for its Idempotency-Key) has the shape statusOf and
      // RecordedEventSchema give it; the idempotency table keeps it as JSON, hence the types here.
      const body = res.body as RecordedEvent;
      const robot = (res.body as Partial<RecordedEvent>).robot;
      if (robot) reply.header('etag', `"${robot.version}"`);
      return reply.status(res.status as 201 | 202).send(body);
    },
  );

  app.post(
    '/events/batch',
    {
      bodyLimit: EVENT_BATCH_BODY_LIMIT,
      schema: {
        tags: ['robots'],
        summary: `Record up to ${MAX_EVENT_BATCH} lifecycle events, at most one per unit, all or none (a fleet's sale, a site's deployment, a service round); Idempotency-Key makes retries safe`,
        description:
          'Each event meets the same rules as alone (POST /v1/robots/{code}/events), on the units as they were before the batch. ' +
          "A refused batch changes nothing; its problem carries the first refused event's code and `errors: [{event, robot, code, message}]` for every refused event.",
        security: [{ bearer: [] }],
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: EventBatchBody,
        response: { 201: Type.Object({ events: Type.Array(RecordedEventSchema) }, { additionalProperties: false }) },
      },
    },
    async (req, reply) => {
      const items = (req.body.events as (EventRequest & { code: string; ifMatch?: number })[]).map(({ code, ifMatch, ...event }) => ({
        code,
        ifMatch,
        event: event as EventRequest,
      }));
      const res = await recordEvents(ctx, req.caller, items, { idempotencyKey: req.headers['idempotency-key'] });
      return reply.status(201).send(res.body as { events: RecordedEvent[] });
    },
  );

  app.get(
    '/robots/:code/accountability',
    {
      schema: {
        tags: ['robots'],
        summary: 'Who made, sold, owned, operated and last serviced the unit at a moment, its software and open recalls',
        security: [{ bearer: [] }],
        params: CodeParam,
        querystring: Type.Object({ at: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
        // 422 LOG_VERIFICATION_FAILED: a stored opening no longer matches its leaf (the database was edited).
        response: { 200: AccountabilitySchema, 422: problem(422) },
      },
    },
    async (req) => accountability(ctx, req.caller, req.params.code, req.query.at ? parseMoment('at', req.query.at) : ctx.now()),
  );

  app.get(
    '/incidents',
    {
      schema: {
        tags: ['robots'],
        summary: 'Incidents (regulator: all; manufacturer: its models), each linked to its accountability answer',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: pageOf(IncidentSchema) },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? DEFAULT_PAGE;
      const items = await listIncidents(ctx, req.caller, { after: req.query.after, limit });
      return page(items, limit, (last) => last.logIndex);
    },
  );
};
