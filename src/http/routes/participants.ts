import { Type } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import { DEFAULT_PAGE, page } from '../page.ts';
import { createParticipant, getParticipant, listParticipants } from '../../registry/participants/participants.ts';
import { issueToken, listTokens, revokeToken } from '../../registry/participants/tokens.ts';
import { NewParticipantBody, NewTokenBody, pageQuery, ParticipantSchema } from '../schemas.ts';
import {
  IssuedTokenSchema,
  itemsOf,
  NoContent,
  ParticipantPageSchema,
  StandingAcceptanceSchema,
  TokenInfoSchema,
} from '../../contract/responses.ts';
import { ROLES, type Role } from '../../access/principal.ts';
import {
  acceptStanding,
  listStandingAcceptances,
  MAX_STANDING_SENDERS,
  revokeStanding,
} from '../../registry/participants/standing-acceptances.ts';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** participantRoutes enrols participants and manages their API tokens. */
export const participantRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  app.post(
    '/participants',
    {
      schema: {
        tags: ['participants'],
        summary: 'Enrol an organisation (regulator)',
        security: [{ bearer: [] }],
        body: NewParticipantBody,
        response: { 201: ParticipantSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createParticipant(ctx, req.caller, req.body)),
  );

  app.get(
    '/participants',
    {
      schema: {
        tags: ['participants'],
        summary: 'List participants (regulator)',
        security: [{ bearer: [] }],
        querystring: pageQuery(
          {
            role: Type.Optional(Type.Union(ROLES.map((r) => Type.Literal(r)))),
            q: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 200,
                description: 'Only those whose name or English name holds this text, in any case or width',
              }),
            ),
          },
          Type.Optional(Type.String({ format: 'uuid', description: 'Cursor: the `next` value of the previous page' })),
        ),
        response: { 200: ParticipantPageSchema },
      },
    },
    async (req) => {
      const q = req.query as { after?: string; limit?: number; role?: Role; q?: string };
      const limit = q.limit ?? DEFAULT_PAGE;
      const items = await listParticipants(ctx, req.caller, { role: q.role, q: q.q, after: q.after, limit });
      return page(items, limit, (last) => last.id);
    },
  );

  app.get(
    '/participants/:id',
    {
      schema: {
        tags: ['participants'],
        summary: 'Read a participant',
        security: [{ bearer: [] }],
        params: Id,
        response: { 200: ParticipantSchema },
      },
    },
    async (req) => getParticipant(ctx, req.caller, req.params.id),
  );

  app.post(
    '/participants/:id/tokens',
    {
      schema: {
        tags: ['participants'],
        summary: 'Issue an API token (regulator); the secret is shown only in this response',
        security: [{ bearer: [] }],
        params: Id,
        body: Type.Optional(NewTokenBody),
        response: { 201: IssuedTokenSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await issueToken(ctx, req.caller, req.params.id, req.body ?? {})),
  );

  app.get(
    '/participants/:id/tokens',
    {
      schema: {
        tags: ['participants'],
        summary: "List a participant's tokens (without secrets)",
        security: [{ bearer: [] }],
        params: Id,
        response: { 200: itemsOf(TokenInfoSchema) },
      },
    },
    async (req) => ({ items: await listTokens(ctx, req.caller, req.params.id) }),
  );

  app.delete(
    '/participants/:id/tokens/:tokenId',
    {
      schema: {
        tags: ['participants'],
        summary: 'Revoke a token',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }), tokenId: Type.String({ pattern: '^[0-9a-f]{12}$' }) }),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await revokeToken(ctx, req.caller, req.params.id, req.params.tokenId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/participants/:id/standing-acceptances',
    {
      schema: {
        tags: ['participants'],
        summary: 'Senders whose transfers the participant accepts without an offer (the participant itself, or the regulator)',
        security: [{ bearer: [] }],
        params: Id,
        response: { 200: itemsOf(StandingAcceptanceSchema) },
      },
    },
    async (req) => ({ items: await listStandingAcceptances(ctx, req.caller, req.params.id) }),
  );

  app.post(
    '/participants/:id/standing-acceptances',
    {
      schema: {
        tags: ['participants'],
        summary: 'Accept every transfer from the named senders at once (the participant itself): a fleet purchase from them stays one step',
        security: [{ bearer: [] }],
        params: Id,
        body: Type.Object(
          { senders: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: MAX_STANDING_SENDERS }) },
          { additionalProperties: false },
        ),
        response: { 200: itemsOf(StandingAcceptanceSchema) },
      },
    },
    async (req) => ({ items: await acceptStanding(ctx, req.caller, req.params.id, req.body.senders) }),
  );

  app.delete(
    '/participants/:id/standing-acceptances/:sender',
    {
      schema: {
        tags: ['participants'],
        summary: "End a standing acceptance: the sender's later transfers are offers again",
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }), sender: Type.String({ format: 'uuid' }) }),
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await revokeStanding(ctx, req.caller, req.params.id, req.params.sender);
      return reply.status(204).send(null);
    },
  );
};
