import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { RegistryContext } from '../registry/context.ts';
import { installAuth } from './auth.ts';
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import { sendProblem } from './problem.ts';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth.ts';
import { malformedTextAt } from './well-formed.ts';
import { ProblemSchema } from './schemas.ts';
import { completeOperation } from './openapi-operation.ts';
import { participantRoutes } from './routes/participants.ts';
import { modelRoutes } from './routes/models.ts';
import { softwareRoutes } from './routes/software.ts';
import { revisionRoutes } from './routes/revisions.ts';
import { brandRoutes } from './routes/brands.ts';
import { robotRoutes } from './routes/robots.ts';
import { logRoutes } from './routes/log.ts';
import { logWitnessRoutes } from './routes/log-witness.ts';
import { eventRoutes } from './routes/events.ts';
import { defectRoutes, recallRoutes } from './routes/recalls.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { statsRoutes } from './routes/stats.ts';
import { secondLifeRoutes } from './routes/second-life.ts';
import { componentRoutes } from './routes/components.ts';
import { reportRoutes } from './routes/reports.ts';
import { feedRoutes } from './routes/feeds.ts';
import { uiRoutes } from './ui/routes.ts';
import { closeWhenStopping, operationsRoutes, timeRequests } from './routes/operations.ts';
import { Health } from './health.ts';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.ts';
import { lazySerializers } from './lazy-serializers.ts';
import { lazyValidators } from './lazy-validators.ts';
import type { StartUpGate } from './start-up-gate.ts';
import type { WebhookTargets } from '../notify/webhook-targets.ts';

/** App is the registry's Fastify instance with TypeBox types; its decorations are declared in route-plugin.ts. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** AppOptions tune the HTTP layer. */
export interface AppOptions {
  logLevel?: string;
  /** publicRateLimit is requests per minute per client on public endpoints. */
  publicRateLimit?: number;
  /** publicUrl is the base URL printed in nameplate QR codes; unset, the address the server listens on. */
  publicUrl?: string;
  /** webhookTargets allows webhook subscriptions to internal addresses (default: none). */
  webhookTargets?: WebhookTargets;
  /** health is the server's readiness (/readyz); a graceful shutdown marks it stopping. Absent, one of its own. */
  health?: Health;
  /** metricsToken is the bearer token /metrics asks for; absent, only loopback callers may read it. */
  metricsToken?: string;
  /** gate is the listener already open for this app (src/serve.ts); absent, Fastify makes its own server and listen() opens it. */
  gate?: StartUpGate;
}

/** DEFAULT_BODY_LIMIT caps request bodies outside the batch route. */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

/** buildApp wires the HTTP API over a registry context; call ready() or listen() on the result. */
export async function buildApp(ctx: RegistryContext, opts: AppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logLevel && opts.logLevel !== 'silent' ? { level: opts.logLevel } : false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
    return503OnClosing: true,
    // Request validators and response serializers are compiled on first use, not all at start.
    schemaController: { compilersFactory: { buildValidator: lazyValidators, buildSerializer: lazySerializers } },
    ...(opts.gate ? { serverFactory: opts.gate.serverFactory } : {}),
    // Every request has an id: the caller's X-Request-Id when sane, else a UUID; logs, problems and the answer carry it.
    genReqId: requestIdOf,
    routerOptions: { maxParamLength: 256 },
    // Errors raised before routing (bad URL, over-long parameter) become problems too.
    frameworkErrors: (err, req, reply) => sendProblem(req, reply, err),
  }).withTypeProvider<TypeBoxTypeProvider>() as App;
  app.decorate('registry', ctx);
  app.addHook('onRequest', async (req, reply) => {
    reply.header(REQUEST_ID_HEADER, req.id);
  });
  const health = opts.health ?? new Health(ctx.store);
  timeRequests(app);
  closeWhenStopping(app, health);
  app.decorate('publicRateLimit', { max: opts.publicRateLimit ?? 600, timeWindow: 60_000 });

  // Every documented route gets its operationId, security and Problem answers here, so no route can forget them.
  app.addHook('onRoute', completeOperation);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Humanoid Registry API',
        version: '1.0.0',
        description: 'National lifecycle registry for humanoid robots. Errors are RFC 9457 problem documents with a stable `code`.',
        license: { name: 'Apache 2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      },
      servers: [{ url: '/', description: 'This registry (paths carry their /v1 prefix)' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API token issued per participant' } } },
    },
    // Shared schemas keep their $id as their name in components (Problem, not def-0).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new RegistryError('RATE_LIMITED', msg('problem.http.rateLimit', { max: ctx.max, after: ctx.after })), {
        statusCode: 429,
      }),
  });
  app.addSchema(ProblemSchema);

  // A body nested deeper than any request needs is refused before it is parsed:
  // 5,000 levels would parse, then overflow a later recursive step (a 500 for
  // anyone). Fastify's own parser still guards against prototype poisoning.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonDepthExceeds(body as string))
      return done(
        new RegistryError('JSON_TOO_DEEP', msg('problem.http.jsonTooDeep', { max: MAX_JSON_DEPTH }), {
          max: MAX_JSON_DEPTH,
        }),
        undefined,
      );
    parseJson(req, body as string, done);
  });

  installAuth(app, ctx);
  // Text columns cannot hold U+0000: refuse it at the edge, in the path, query or body, before any work.
  app.addHook('preValidation', async (req) => {
    if (req.url.includes('%00') || req.url.includes('\0') || (req.body !== undefined && JSON.stringify(req.body).includes('\\u0000'))) {
      throw new RegistryError('INVALID_REQUEST', msg('problem.http.nul'));
    }
    const at = malformedTextAt(req.body);
    if (at !== undefined) throw new RegistryError('MALFORMED_TEXT', msg('problem.http.loneSurrogate', { at }), { pointer: at });
  });
  app.setErrorHandler((err, req, reply) => sendProblem(req, reply, err));
  app.setNotFoundHandler((req, reply) =>
    sendProblem(
      req,
      reply,
      new RegistryError('NOT_FOUND', msg('problem.http.noRoute', { method: req.method, path: req.url.split('?')[0] })),
    ),
  );

  await app.register(operationsRoutes, { health, metricsToken: opts.metricsToken });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Each route file is a plugin: the API's under /v1, the browser UI's at the root. The order
  // is the order of the OpenAPI document's paths.
  const v1 = { prefix: '/v1' };
  for (const routes of [
    participantRoutes,
    modelRoutes,
    robotRoutes,
    logRoutes,
    logWitnessRoutes,
    eventRoutes,
    recallRoutes,
    defectRoutes,
    softwareRoutes,
  ])
    await app.register(routes, v1);
  await app.register(webhookRoutes, { ...v1, targets: opts.webhookTargets });
  for (const routes of [statsRoutes, componentRoutes]) await app.register(routes, v1);
  await app.register(revisionRoutes, v1);
  await app.register(brandRoutes, v1);
  await app.register(secondLifeRoutes, v1);
  for (const routes of [reportRoutes, feedRoutes]) await app.register(routes, v1);
  await app.register(uiRoutes, { publicUrl: opts.publicUrl });
  return app;
}
