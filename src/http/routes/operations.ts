/**
 * The routes an operator's tools call, outside the API and its OpenAPI document:
 * liveness (/healthz), readiness (/readyz) and Prometheus metrics (/metrics), and the
 * hooks that time every request (docs/operations.md, Metrics and Health).
 */
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { METRICS_CONTENT_TYPE, metrics, metricsText } from '../../metrics/metrics.ts';
import type { Health } from '../health.ts';
import type { RoutePlugin } from '../route-plugin.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** ownBearer: the route checks the Authorization header itself; installAuth leaves it alone. */
    ownBearer?: boolean;
  }
}

/** OperationsOptions: the server's health, and the bearer token /metrics asks for (unset: loopback callers only). */
export interface OperationsOptions {
  health: Health;
  metricsToken?: string;
}

/** isLoopback tells a caller on this machine (127.0.0.0/8, ::1, ::ffff:127.x). */
function isLoopback(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || (isIP(v4) === 4 && v4.startsWith('127.'));
}

/** bearerMatches compares the request's bearer token with token in constant time. */
function bearerMatches(req: FastifyRequest, token: string): boolean {
  const given = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** timeRequests counts and times every request on app (the root instance, so every route) by its route template. */
export function timeRequests(app: FastifyInstance): void {
  // The route template (/v1/robots/:code), not the URL: one series per route, not per robot.
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const labels = { method: req.method, route, status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
}

/**
 * closeWhenStopping ends each connection with the answer it carries once a graceful stop
 * has begun (Connection: close): a kept-alive connection would otherwise hold the closing
 * server open until its keep-alive timeout, and a client reusing it would meet a closed socket.
 */
export function closeWhenStopping(app: FastifyInstance, health: Health): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    if (health.stopping) reply.header('connection', 'close');
    return payload;
  });
}

/** operationsRoutes registers /healthz, /readyz and /metrics. */
export const operationsRoutes: RoutePlugin<OperationsOptions> = async (app, opts) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));

  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const readiness = await opts.health.readiness();
    return reply
      .code(readiness.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(readiness);
  });

  app.get('/metrics', { schema: { hide: true }, config: { ownBearer: true } }, async (req, reply) => {
    const allowed = opts.metricsToken === undefined ? isLoopback(req.socket.remoteAddress ?? '') : bearerMatches(req, opts.metricsToken);
    if (!allowed) throw new RegistryError('UNAUTHENTICATED', msg('problem.metrics.token'));
    return reply
      .header('content-type', METRICS_CONTENT_TYPE)
      .header('cache-control', 'no-store')
      .send(await metricsText());
  });
};
