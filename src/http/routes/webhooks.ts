import { Type, type TSchema } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import { itemsOf, NoContent, pageOf } from '../../contract/responses.ts';
import { DEFAULT_PAGE, page } from '../page.ts';
import { TOPICS } from '../../notify/audience.ts';
import { createSubscription, listDeliveries, listSubscriptions, removeSubscription, replayDeliveries } from '../../notify/subscriptions.ts';
import { PAGE_MAX } from '../schemas.ts';
import { STRICT_TARGETS, type WebhookTargets } from '../../notify/webhook-targets.ts';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Topic = Type.Union(TOPICS.map((t) => Type.Literal(t)));

const Moment = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const SubscriptionProperties = {
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  topics: Nullable(Type.Array(Type.String(), { description: 'null: every topic the subscriber may see' })),
  createdAt: Moment,
};
/** SubscriptionSchema is a webhook subscription without its secret. */
const SubscriptionSchema = Type.Object(SubscriptionProperties, { additionalProperties: false });
/** NewSubscriptionSchema is a created subscription: the only answer that shows its signing secret. */
const NewSubscriptionSchema = Type.Object(
  { ...SubscriptionProperties, secret: Type.String({ description: 'The HMAC signing secret; shown only here' }) },
  { additionalProperties: false },
);
/** DeliverySchema is one line of a subscription's delivery log. */
const DeliverySchema = Type.Object(
  {
    id: Type.Integer(),
    logIndex: Type.Integer(),
    topic: Type.String(),
    status: Type.Enum(['pending', 'delivered', 'failed'] as const),
    attempts: Type.Integer({ minimum: 0 }),
    lastResponseStatus: Nullable(Type.Integer()),
    lastError: Nullable(Type.String()),
    nextAttemptAt: Nullable(Moment),
    createdAt: Moment,
    updatedAt: Moment,
    deliveredAt: Nullable(Moment),
  },
  { additionalProperties: false },
);

const SIGNING =
  'Each POST is signed: Webhook-Signature: v1=<hex HMAC-SHA256(secret, "<Webhook-Id>.<Webhook-Timestamp>.<body>")>; receivers dedupe by Webhook-Id.';

/** webhookRoutes let any participant subscribe to the events it may see, read the delivery log and replay. */
export const webhookRoutes: RoutePlugin<{ targets?: WebhookTargets }> = async (app, opts) => {
  const targets = opts.targets ?? STRICT_TARGETS;
  const ctx = app.registry;
  app.post(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe a URL to events; the signing secret is shown only in this response',
        description: SIGNING,
        security: [{ bearer: [] }],
        body: Type.Object(
          {
            url: Type.String({
              minLength: 1,
              maxLength: 2000,
              description:
                'http or https URL that receives signed POSTs; loopback, private and other internal addresses are refused unless the operator allows them',
            }),
            topics: Type.Optional(
              Type.Array(Topic, {
                minItems: 1,
                maxItems: TOPICS.length,
                description: 'Event types; omitted: every type the subscriber may see',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: NewSubscriptionSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createSubscription(ctx, req.caller, req.body, targets)),
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: "List the caller's subscriptions (without secrets)",
        security: [{ bearer: [] }],
        response: { 200: itemsOf(SubscriptionSchema) },
      },
    },
    async (req) => ({ items: await listSubscriptions(ctx, req.caller) }),
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Remove a subscription; its pending deliveries are dropped',
        security: [{ bearer: [] }],
        params: Id,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await removeSubscription(ctx, req.caller, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'The delivery log: one row per event sent to the subscription, with attempts and the last outcome',
        security: [{ bearer: [] }],
        params: Id,
        querystring: Type.Object(
          {
            after: Type.Optional(Type.Integer({ minimum: 0, description: 'Cursor: the `next` value of the previous page' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: pageOf(DeliverySchema) },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? DEFAULT_PAGE;
      const items = await listDeliveries(ctx, req.caller, req.params.id, { after: req.query.after, limit });
      return page(items, limit, (last) => last.id);
    },
  );

  app.post(
    '/webhooks/:id/replay',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Re-queue deliveries: from a log index on, by id, or (neither) every failed one',
        security: [{ bearer: [] }],
        params: Id,
        body: Type.Optional(
          Type.Object(
            {
              fromLogIndex: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
              deliveryIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 1000 })),
            },
            { additionalProperties: false },
          ),
        ),
        response: {
          200: Type.Object(
            { requeued: Type.Integer({ minimum: 0, description: 'How many deliveries were queued again' }) },
            { additionalProperties: false },
          ),
        },
      },
    },
    async (req) => ({ requeued: await replayDeliveries(ctx, req.caller, req.params.id, req.body ?? {}) }),
  );
};
