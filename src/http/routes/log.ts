import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import { PassportBundleSchema, textAnswer } from '../../contract/responses.ts';
import {
  consistencyProof,
  inclusionProof,
  logEntries,
  MAX_ENTRIES_PAGE,
  passportBundleAnswer,
  readHead,
} from '../../registry/log/log-read.ts';
import { CodeParam } from '../schemas.ts';
import { publicRead } from '../public-read.ts';
import { witnessedPart } from '../../registry/log/witnesses.ts';
import { parseCheckpoint, parseNote } from '../../ledger/index.ts';

/** sendJson sends JSON already written out (UTF-8), as it is. */
function sendJson(reply: FastifyReply, json: Buffer): FastifyReply {
  return reply.header('content-type', 'application/json; charset=utf-8').send(json);
}

const Index = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const ProofSchema = Type.Object({ proof: Type.Array(Type.String({ description: 'base64 SHA-256 hash' })) }, { additionalProperties: true });

/** logRoutes serve the tamper-evident log: key, checkpoint, entries and proofs (DESIGN.md §7, §9). */
export const logRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  const rateLimit = app.publicRateLimit;

  app.get(
    '/log/key',
    {
      config: { rateLimit },
      schema: {
        tags: ['log'],
        summary: 'The checkpoint verifier key (C2SP vkey text)',
        produces: ['text/plain'],
        response: { 200: textAnswer('The verifier key, one line') },
      },
    },
    async (_req, reply) => reply.type('text/plain; charset=utf-8').send(ctx.signer.verifierKey + '\n'),
  );

  app.get(
    '/log/checkpoint',
    {
      config: { rateLimit },
      schema: {
        tags: ['log'],
        summary:
          'The latest signed checkpoint (C2SP tlog-checkpoint in a signed note); every accepted event is in it when its response is sent',
        response: { 200: textAnswer('The signed checkpoint note') },
      },
    },
    async (req, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send((await publicRead(req, reply, (c) => readHead(c))).checkpoint),
  );

  app.get(
    '/log/entries',
    {
      config: { rateLimit },
      schema: {
        tags: ['log'],
        summary: 'Leaves of the log from start; leaf = base64 of the canonical leaf bytes',
        querystring: Type.Object(
          { start: Index, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ENTRIES_PAGE, default: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ entries: Type.Array(Type.Object({ index: Type.Integer(), leaf: Type.String() })) }) },
      },
    },
    async (req, reply) =>
      publicRead(req, reply, (c) => logEntries(c, req.query.start, req.query.limit ?? 100), { atLeastSize: req.query.start }),
  );

  app.get(
    '/log/proof/inclusion',
    {
      config: { rateLimit },
      schema: {
        tags: ['log'],
        summary: 'Inclusion proof of leaf `index` in the tree of `size` (RFC 9162 §2.1.3)',
        querystring: Type.Object({ index: Index, size: Type.Optional(Index) }, { additionalProperties: false }),
        response: { 200: ProofSchema },
      },
    },
    async (req, reply) =>
      publicRead(req, reply, (c) => inclusionProof(c, req.query.index, req.query.size), {
        atLeastSize: req.query.size ?? req.query.index + 1,
      }),
  );

  app.get(
    '/log/proof/consistency',
    {
      config: { rateLimit },
      schema: {
        tags: ['log'],
        summary: 'Consistency proof between trees of size `from` and `to` (RFC 9162 §2.1.4)',
        querystring: Type.Object({ from: Index, to: Index }, { additionalProperties: false }),
        response: { 200: ProofSchema },
      },
    },
    async (req, reply) => publicRead(req, reply, (c) => consistencyProof(c, req.query.from, req.query.to), { atLeastSize: req.query.to }),
  );

  app.get(
    '/robots/:code/bundle',
    {
      config: { rateLimit },
      schema: {
        tags: ['log'],
        summary:
          "A robot's passport bundle: its events with inclusion proofs to a signed checkpoint, verifiable offline; with a token that may read the events, each event's opening too",
        security: [{}, { bearer: [] }],
        params: CodeParam,
        response: { 200: PassportBundleSchema },
      },
    },
    async (req, reply) => {
      const answer = await publicRead(req, reply, (c) =>
        // The witnesses' view the bundle's tree extends, when they have cosigned one (docs/ledger.md, "Witnesses").
        passportBundleAnswer(c, req.caller, req.params.code, (checkpoint) =>
          witnessedPart(c, parseCheckpoint(parseNote(checkpoint).text).size),
        ),
      );
      // Written out already (the schema serializer's bytes), or an object for the serializer.
      return 'json' in answer ? sendJson(reply, answer.json) : answer.bundle;
    },
  );
};
