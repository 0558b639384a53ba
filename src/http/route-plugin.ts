import type { FastifyPluginOptions } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RegistryContext } from '../registry/context.ts';

// The app decorates its instance with these before it registers any route plugin
// (http/app.ts), so every plugin reads them from the instance it is given.
declare module 'fastify' {
  interface FastifyInstance {
    /** registry is the use-case context every route works on. */
    registry: RegistryContext;
    /** publicRateLimit is the rate limit of public endpoints, per client. */
    publicRateLimit: { max: number; timeWindow: number };
  }
}

/** RoutePlugin is a route file: a Fastify plugin with TypeBox-typed requests, reading the registry from its instance. */
export type RoutePlugin<Options extends FastifyPluginOptions = Record<never, never>> = FastifyPluginAsyncTypebox<Options>;
