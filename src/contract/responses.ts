import { Type, type Static, type TSchema } from 'typebox';
import { ROBOT_STATUSES, type RobotStatus } from '../lifecycle/status.ts';
import { EVENT_TYPES, type EventType } from '../lifecycle/events.ts';
import { MARKET_ACCESS_TEXT, type MarketAccessReason } from '../lifecycle/market-access.ts';
import { NameEn, ParticipantSchema, ModelSchema } from './schemas.ts';
import { UnitSoftwareSchema } from './software.ts';
import { BatteryHealthSchema, BrandSchema, UsageSchema } from './condition.ts';
import { CustomsCrossingSchema } from './second-life.ts';

// Response bodies of the API. Fastify serializes an answer through its schema and drops any
// field a schema does not name, so each schema here describes the whole body; where a body
// is open by nature (an event's `data`) it says so with additionalProperties.

/** RobotStatusSchema is where a unit stands in its life (DESIGN.md §4). */
export const RobotStatusSchema = Type.Enum([...ROBOT_STATUSES] as RobotStatus[]);

/** EventTypeSchema names an event of a robot's life: registration, every lifecycle event, and the registry's own recall notices. */
export const EventTypeSchema = Type.Enum(['registered', ...EVENT_TYPES, 'recall_notified'] as (
  | 'registered'
  | EventType
  | 'recall_notified'
)[]);

/** MarketAccessReasonSchema is one reason a code may not be sold or deployed (DESIGN.md §5). */
export const MarketAccessReasonSchema = Type.Enum(Object.keys(MARKET_ACCESS_TEXT) as MarketAccessReason[]);

/** pageOf is a page of a list: its items and the cursor of the next page, or null on the last. */
export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object(
    {
      items: Type.Array(item),
      next: Type.Union([Type.String(), Type.Integer(), Type.Null()], { description: 'Cursor for `after`, or null on the last page' }),
    },
    { additionalProperties: false },
  );

/** itemsOf is a whole list in one answer. */
export const itemsOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) }, { additionalProperties: false });

/** IssuedTokenSchema is a new API token; its secret is shown only in this answer. */
export const IssuedTokenSchema = Type.Object(
  {
    id: Type.String(),
    participantId: Type.String(),
    token: Type.String({ description: 'The bearer secret; the registry keeps only its hash' }),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
/** IssuedToken is a new API token as the API shows it. */
export type IssuedToken = Static<typeof IssuedTokenSchema>;

/** TokenInfoSchema is a stored token without its secret. */
export const TokenInfoSchema = Type.Object(
  {
    id: Type.String(),
    label: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    expiresAt: Type.String(),
    revokedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

/** StandingAcceptanceSchema is a sender whose transfers a participant accepts without an offer. */
export const StandingAcceptanceSchema = Type.Object(
  { senderId: Type.String(), senderName: Type.String(), senderNameEn: NameEn, createdAt: Type.String() },
  { additionalProperties: false },
);

/** ParticipantPageSchema is a page of participants. */
export const ParticipantPageSchema = pageOf(ParticipantSchema);
/** ModelPageSchema is a page of models. */
export const ModelPageSchema = pageOf(ModelSchema);

/** ErasureSchema answers a personal-data erasure: how many events lost their personal data. */
export const ErasureSchema = Type.Object({ code: Type.String(), erased: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });

/** NoContent is the empty answer of a DELETE. */
export const NoContent = Type.Null({ description: 'No content' });

/** TextSchema is a plain-text answer (a verifier key or a signed checkpoint). */
export const textAnswer = (description: string) => ({ description, content: { 'text/plain': { schema: Type.String() } } });

/** ModelStatusSchema is where a model stands in its approval. */
export const ModelStatusSchema = Type.Enum(['filed', 'approved', 'suspended', 'withdrawn'] as const);

/** MarketAccessAnswerSchema is whether a unit may be sold or deployed, with every reason that applies. */
export const MarketAccessAnswerSchema = Type.Object(
  { allowed: Type.Boolean(), reasons: Type.Array(MarketAccessReasonSchema) },
  { additionalProperties: false },
);

/** OpenRecallSchema is an open recall reaching a unit, as anyone may read it. */
export const OpenRecallSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    hazard: Type.String(),
    severity: Type.String(),
    remedy: Type.String(),
    stopSale: Type.Boolean(),
    stopUse: Type.Boolean(),
    issuedAt: Type.String({ format: 'date-time' }),
    remedied: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** MarketAccessSchema is the public market-access answer of a code. */
export const MarketAccessSchema = Type.Object(
  { code: Type.String(), allowed: Type.Boolean(), reasons: Type.Array(MarketAccessReasonSchema) },
  { additionalProperties: false },
);

/** VerificationSchema is the public verification answer: what anyone scanning a nameplate may read. */
export const VerificationSchema = Type.Object(
  {
    code: Type.String(),
    parts: Type.Object(
      { country: Type.String(), enterprise: Type.String(), model: Type.String(), serial: Type.String() },
      { additionalProperties: false },
    ),
    manufacturer: Type.Object({ name: Type.String(), nameEn: NameEn }, { additionalProperties: false }),
    model: Type.Object({ name: Type.String(), nameEn: NameEn }, { additionalProperties: false }),
    productionDate: Type.String({ format: 'date' }),
    status: RobotStatusSchema,
    marketAccess: MarketAccessAnswerSchema,
    openRecalls: Type.Array(OpenRecallSchema),
    software: UnitSoftwareSchema,
    revision: Type.Integer({ description: 'The model revision the unit was built to (1: the model as filed)' }),
    brands: Type.Array(Type.Union([BrandSchema, Type.Literal('remanufactured')]), {
      description: 'Permanent condition brands, shown to anyone (`remanufactured`: built from predecessors, issue #16)',
    }),
    usage: UsageSchema,
    remanufacturedFrom: Type.Array(Type.String(), {
      description: 'The units this one was remanufactured from (issue #16); empty for a first-life unit',
    }),
    remanufacturedInto: Type.Union([Type.String(), Type.Null()], {
      description: 'The successor this unit was remanufactured into, if any',
    }),
  },
  { additionalProperties: false },
);

/** Verification is the public verification answer's body. */
export type Verification = Static<typeof VerificationSchema>;

/** OfferSchema is a transfer offered and not yet answered. */
export const OfferSchema = Type.Object(
  {
    to: Type.String(),
    sale: Type.Boolean(),
    expiresAt: Type.String({ format: 'date-time', description: 'When the offer lapses unanswered' }),
  },
  { additionalProperties: false },
);

/** PassportComponentSchema is a key component as the full passport shows it. */
export const PassportComponentSchema = Type.Object(
  {
    type: Type.String(),
    maker: Type.String(),
    serial: Type.String(),
    lot: Type.Union([Type.String(), Type.Null()]),
    state: Type.String(),
    battery: Type.Optional(BatteryHealthSchema),
  },
  { additionalProperties: false },
);

const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Open = Type.Record(Type.String(), Type.Unknown());

/**
 * PassportSchema is a robot's passport. Every caller sees the public part; a caller entitled to
 * everything (`view: full`) also sees the fields marked so; the parties to a pending transfer
 * see pendingOffer.
 */
export const PassportSchema = Type.Object(
  {
    code: Type.String(),
    enterprise: Type.String(),
    model: Type.Object(
      { code: Type.String(), name: Type.String(), nameEn: NameEn, status: ModelStatusSchema },
      { additionalProperties: false },
    ),
    manufacturer: Type.Object({ name: Type.String(), nameEn: NameEn }, { additionalProperties: false }),
    productionDate: Type.String({ format: 'date' }),
    status: RobotStatusSchema,
    marketAccess: MarketAccessAnswerSchema,
    openRecalls: Type.Array(OpenRecallSchema),
    stopUse: Type.Boolean({ description: 'Deployed under an open, unremedied stop-use recall: take it out of use' }),
    view: Type.Enum(['public', 'until', 'full'] as const, { description: 'What the caller is entitled to see' }),
    ownerId: Type.Optional(Type.String({ description: 'Full view' })),
    operatorId: Type.Optional(nullable(Type.String({ description: 'Full view' }))),
    site: Type.Optional(nullable(Open)),
    firmware: Type.Optional(nullable(Type.String())),
    softwareVersion: Type.Optional(
      nullable(Type.String({ description: "Full view: the installed software version's key (issue #15); verify shows it to anyone" })),
    ),
    suspended: Type.Optional(Type.Boolean()),
    stolen: Type.Optional(Type.Boolean()),
    version: Type.Optional(Type.Integer()),
    registeredAt: Type.Optional(Type.String({ format: 'date-time' })),
    updatedAt: Type.Optional(Type.String({ format: 'date-time' })),
    components: Type.Optional(Type.Array(PassportComponentSchema)),
    pendingOffer: Type.Optional(OfferSchema),
    revision: Type.Optional(Type.Integer({ description: 'The model revision the unit was built to' })),
    brands: Type.Optional(
      Type.Array(Type.Union([BrandSchema, Type.Literal('remanufactured')]), {
        description: 'Permanent condition brands (public; `remanufactured`: built from predecessors, issue #16)',
      }),
    ),
    usage: Type.Optional(UsageSchema),
    remanufacturedFrom: Type.Array(Type.String(), {
      description: 'Public: the units this one was remanufactured from (issue #16); empty for a first-life unit',
    }),
    remanufacturedInto: Type.Union([Type.String(), Type.Null()], {
      description: 'Public: the successor this unit was remanufactured into',
    }),
    customs: Type.Optional(
      Type.Array(CustomsCrossingSchema, {
        description:
          'The crossings of the border in order — the import (origin, declaration, clearance, importer), exports and re-imports — that the events the caller may read recorded: all for the full view, up to its handover for a past owner, absent for the public',
      }),
    ),
  },
  { additionalProperties: false },
);
/** Passport is a robot's passport as the API shows it. */
export type Passport = Static<typeof PassportSchema>;

/** LeafOpeningSchema opens a version 2 leaf: the salt and the content its commitment hides. */
export const LeafOpeningSchema = Type.Object(
  {
    salt: Type.String({ description: 'base64 of the 32-byte commitment salt' }),
    actor: Type.String(),
    data: Open,
    private: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** PassportBundleSchema is a robot's events with inclusion proofs to a signed checkpoint (docs/ledger.md). */
export const PassportBundleSchema = Type.Object(
  {
    version: Type.Literal(1),
    code: Type.String(),
    checkpoint: Type.String({ description: 'The signed checkpoint (a signed note) the proofs lead to' }),
    witnessed: Type.Optional(
      Type.Object(
        {
          checkpoint: Type.String({ description: 'The most-witnessed recent checkpoint with its cosignatures (C2SP tlog-cosignature)' }),
          proof: Type.Array(Type.String(), {
            description: 'Consistency proof from that checkpoint to the bundle checkpoint (RFC 9162 §2.1.4)',
          }),
        },
        { additionalProperties: false },
      ),
    ),
    entries: Type.Array(
      Type.Object(
        {
          index: Type.Integer({ minimum: 0 }),
          leaf: Type.String({ description: 'base64 of the leaf' }),
          proof: Type.Array(Type.String()),
          opening: Type.Optional(LeafOpeningSchema),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Who = nullable(Type.Object({ id: Type.String(), name: nullable(Type.String()), nameEn: NameEn }, { additionalProperties: false }));

/** AccountabilitySchema names who stood where around a unit at one moment (DESIGN.md §6). */
export const AccountabilitySchema = Type.Object(
  {
    code: Type.String(),
    at: Type.String({ format: 'date-time' }),
    maker: Who,
    seller: Who,
    owner: Who,
    operator: Who,
    site: nullable(Type.Object({ province: Type.String(), city: Type.String(), domain: Type.String() }, { additionalProperties: false })),
    lastService: nullable(
      Type.Object({ seq: Type.Integer(), at: Type.String(), kind: Type.String(), by: Who }, { additionalProperties: false }),
    ),
    firmware: nullable(Type.String()),
    software: nullable(
      Type.Object(
        {
          version: Type.String({ description: 'The software version the unit ran at the moment (its key)' }),
          sinceSeq: Type.Integer(),
          since: Type.String({ format: 'date-time' }),
          campaignId: nullable(Type.String()),
        },
        { additionalProperties: false, description: 'Which software was running (issue #15); null where none was ever reported' },
      ),
    ),
    pendingOffer: nullable(
      Type.Object(
        { to: Who, from: Who, sale: Type.Boolean(), expiresAt: Type.String({ format: 'date-time' }) },
        { additionalProperties: false },
      ),
    ),
    openRecalls: Type.Array(
      Type.Object(
        { id: Type.String(), hazard: Type.String(), remedy: Type.String(), stopSale: Type.Boolean(), stopUse: Type.Boolean() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** IncidentSchema is an incident as the regulator's view lists it, linked to its accountability answer. */
export const IncidentSchema = Type.Object(
  {
    logIndex: Type.Integer(),
    code: Type.String(),
    model: Type.String({ description: 'enterprise/model' }),
    severity: Type.String(),
    kind: Type.String(),
    componentType: nullable(Type.String()),
    failureMode: nullable(Type.String()),
    occurredAt: Type.String({ format: 'date-time' }),
    reporterId: Type.String(),
    accountability: Type.String({ description: "Path of the accountability answer at the incident's moment" }),
  },
  { additionalProperties: false },
);
