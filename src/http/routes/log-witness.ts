import { Type } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import { textAnswer } from '../../contract/responses.ts';
import { problem } from '../openapi-operation.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { listLogKeys } from '../../registry/log/log-keys.ts';
import { acceptCosignature, listWitnesses, registerWitness, witnessedCheckpoint } from '../../registry/log/witnesses.ts';

const When = Type.Object(
  { size: Type.Integer({ minimum: 0 }), time: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
);

/** LogKeysSchema is GET /v1/log/keys: every key the log signed with and its validity (docs/ledger.md, "Key rotation"). */
export const LogKeysSchema = Type.Object(
  {
    version: Type.Literal(1),
    origin: Type.String(),
    keys: Type.Array(
      Type.Object(
        {
          key: Type.String({ description: 'C2SP signed-note verifier key' }),
          status: Type.Union([Type.Literal('active'), Type.Literal('incoming'), Type.Literal('retired')]),
          from: When,
          until: Type.Union([When, Type.Null()]),
          handover: Type.Union([Type.String(), Type.Null()], {
            description: 'The checkpoint signed by the key before, naming this one in its hreg/next-key line and signed by it too',
          }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const WitnessSchema = Type.Object(
  { name: Type.String(), key: Type.String({ description: 'cosignature/v1 verifier key (type 0x04)' }), registeredAt: Type.String() },
  { additionalProperties: false },
);

/** logWitnessRoutes serve the log's keys over time and its witnesses' cosignatures (docs/ledger.md). */
export const logWitnessRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;
  const rateLimit = app.publicRateLimit;

  app.get(
    '/log/keys',
    {
      config: { rateLimit },
      schema: {
        tags: ['log'],
        summary:
          'Every key the log signed checkpoints with, with the tree size and time from which and until which; /v1/log/key keeps serving the key in charge as one line',
        response: { 200: LogKeysSchema },
      },
    },
    async () => {
      const keys = await listLogKeys(ctx.store);
      // A registry opened without hreg (tests, embedding) has not recorded its key yet: it has signed with it from the start.
      const shown =
        keys.length > 0
          ? keys
          : [
              {
                key: ctx.signer.verifierKey,
                status: 'active' as const,
                from: { size: 0, time: ctx.now().toISOString() },
                until: null,
                handover: null,
              },
            ];
      return { version: 1 as const, origin: ctx.signer.origin, keys: shown };
    },
  );

  app.get(
    '/log/witnesses',
    {
      config: { rateLimit },
      schema: {
        tags: ['log'],
        summary: 'The witnesses the regulator registered',
        response: { 200: Type.Object({ items: Type.Array(WitnessSchema) }) },
      },
    },
    async () => ({ items: await listWitnesses(ctx) }),
  );

  app.post(
    '/log/witnesses',
    {
      schema: {
        tags: ['log'],
        summary: 'Register a witness by its cosignature/v1 verifier key (regulator)',
        security: [{ bearer: [] }],
        body: Type.Object({ key: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 201: WitnessSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await registerWitness(ctx, req.caller, req.body)),
  );

  app.post(
    '/log/cosignatures',
    {
      config: { rateLimit },
      schema: {
        tags: ['log'],
        summary:
          "A witness's cosignature (C2SP tlog-cosignature, cosignature/v1): the checkpoint note as the log signed it with the witness's line added. Authenticated by the signature itself; only registered witnesses are taken",
        body: Type.Object({ checkpoint: Type.String({ minLength: 1, maxLength: 65_536 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ size: Type.Integer({ minimum: 0 }), witnesses: Type.Array(Type.String()) }, { additionalProperties: false }),
          403: problem(403),
        },
      },
    },
    async (req) => acceptCosignature(ctx, req.body.checkpoint),
  );

  app.get(
    '/log/checkpoint/witnessed',
    {
      config: { rateLimit },
      schema: {
        tags: ['log'],
        summary: 'The latest checkpoint at least `quorum` registered witnesses cosigned, with their cosignature lines',
        querystring: Type.Object(
          { quorum: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 1 })) },
          { additionalProperties: false },
        ),
        response: { 200: textAnswer('The signed checkpoint note with cosignatures'), 404: problem(404) },
      },
    },
    async (req, reply) => {
      const quorum = req.query.quorum ?? 1;
      const w = await witnessedCheckpoint(ctx, quorum);
      if (!w) throw new RegistryError('NOT_FOUND', msg('problem.witness.noneWitnessed', { quorum }));
      return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(w.checkpoint);
    },
  );
};
