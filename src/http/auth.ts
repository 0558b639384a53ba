import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from '../access/principal.ts';
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import type { RegistryContext } from '../registry/context.ts';
import { authenticate } from '../registry/participants/tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** caller is the authenticated participant, or undefined for the public. */
    caller: Caller;
  }
}

/** installAuth resolves `Authorization: Bearer …` on every request; a bad token is refused even on public routes. */
export function installAuth(app: FastifyInstance, ctx: RegistryContext): void {
  app.decorateRequest('caller', undefined);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    // A route that reads its own bearer (the operator's /metrics) is not a participant's call.
    if (header === undefined || request.routeOptions.config?.ownBearer) return;
    const token = /^Bearer ([\x21-\x7e]+)$/.exec(header)?.[1];
    if (token === undefined) throw new RegistryError('UNAUTHENTICATED', msg('problem.http.bearer', { form: 'Bearer <token>' }));
    request.caller = await authenticate(ctx, token);
  });
}
