import { Type, type Static, type TSchema } from 'typebox';
import { ROLES } from '../access/principal.ts';
import { errorCatalogue, type ErrorCode } from '../errors.ts';
import { CodeCandidatesSchema } from './code-candidates.ts';
import { COMPONENT_TYPE_PATTERN, ENTERPRISE_CODE_PATTERN, MAX_TEXT, MODEL_CODE_PATTERN, PAGE_MAX } from './limits.ts';

export { PAGE_MAX };

/** Problem is the RFC 9457 error body every failing route returns. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.Enum(Object.keys(errorCatalogue) as ErrorCode[], {
      description: 'Stable machine-readable code naming the rule that refused the request; the closed catalogue of src/errors.ts',
    }),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(
      Type.String({
        description: "The request's id, as in the X-Request-Id response header and the server's log: quote it when reporting a problem",
      }),
    ),
    suggestions: Type.Optional(
      Type.Array(Type.String(), { description: 'INVALID_CODE: every valid code one character away from the input, in position order' }),
    ),
    candidates: Type.Optional(CodeCandidatesSchema),
  },
  { additionalProperties: true, $id: 'Problem' },
);

const PAGE_FIELDS = {
  after: Type.Optional(Type.String({ maxLength: 64, description: 'Cursor: the `next` value of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX, default: 100 })),
};

/** pageQuery is the cursor pagination query of a list route, with its filters; nothing else is accepted. */
export function pageQuery<T extends Record<string, TSchema>>(filters: T, cursor: TSchema = PAGE_FIELDS.after) {
  return Type.Object({ ...PAGE_FIELDS, after: cursor, ...filters }, { additionalProperties: false });
}

const Text = (max: number, extra: object = {}) => Type.String({ minLength: 1, maxLength: max, ...extra });
/** NameEn is the English or pinyin name shown beside an official name, or null where none was given. */
export const NameEn = Type.Union([Type.String(), Type.Null()], { description: 'English or pinyin name; null where none was given' });
const Code6 = Type.String({ pattern: MODEL_CODE_PATTERN });
const Code4 = Type.String({ pattern: ENTERPRISE_CODE_PATTERN });

/** CodeParam is the robot code path parameter, in compact or display form. */
export const CodeParam = Type.Object({
  code: Type.String({ maxLength: 200, description: 'Identity code, compact or display (CN-EEEE-MMMMMM-S…) form' }),
});

/** NewParticipantBody enrols an organisation. */
export const NewParticipantBody = Type.Object(
  {
    name: Text(200, { description: 'Official name, in any script (Chinese in practice); stored NFC and trimmed' }),
    nameEn: Type.Optional(Text(200, { description: 'English or pinyin name, beside the official name' })),
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    uscc: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{18}$', description: 'Unified social credit code' })),
    roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { minItems: 1, maxItems: ROLES.length, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type NewParticipantBody = Static<typeof NewParticipantBody>;

/** ParticipantSchema is an enrolled organisation. */
export const ParticipantSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: NameEn,
  country: Type.String(),
  uscc: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  enterpriseCode: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
/** Participant is an enrolled organisation as the API shows it. */
export type Participant = Static<typeof ParticipantSchema>;

/** NewTokenBody asks for an API token. */
export const NewTokenBody = Type.Object(
  { label: Type.Optional(Text(200)), days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) },
  { additionalProperties: false },
);

/** ModelParametersSchema are a model's technical parameters. */
export const ModelParametersSchema = Type.Object(
  {
    heightCm: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    massKg: Type.Number({ exclusiveMinimum: 0, maximum: 10000 }),
    degreesOfFreedom: Type.Integer({ minimum: 1, maximum: 1000 }),
    payloadKg: Type.Number({ minimum: 0, maximum: 10000 }),
    topSpeedKmh: Type.Number({ minimum: 0, maximum: 200 }),
    batteryChemistry: Text(60),
    batteryCapacityWh: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
    autonomyLevel: Text(60),
    applications: Type.Array(Text(100), { maxItems: 50 }),
  },
  { additionalProperties: false },
);

/** NewModelBody files a model. */
export const NewModelBody = Type.Object(
  {
    name: Text(200, { description: "The model's official name, in any script; stored NFC and trimmed" }),
    nameEn: Type.Optional(Text(200, { description: 'English or pinyin name, beside the official name' })),
    category: Text(100),
    parameters: ModelParametersSchema,
    componentTypes: Type.Array(Type.String({ pattern: COMPONENT_TYPE_PATTERN }), { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);

/** ModelSchema is a filed model. */
export const ModelSchema = Type.Object({
  enterpriseCode: Type.String(),
  modelCode: Type.String(),
  name: Type.String(),
  nameEn: NameEn,
  category: Type.String(),
  parameters: ModelParametersSchema,
  componentTypes: Type.Array(Type.String()),
  status: Type.String(),
  filedAt: Type.String(),
  updatedAt: Type.String(),
});
/** Model is a filed model as the API shows it. */
export type Model = Static<typeof ModelSchema>;

/** ModelParams addresses a model. */
export const ModelParams = Type.Object({ enterprise: Code4, model: Code6 });

/** ComponentSchema is a declared key component. */
export const ComponentSchema = Type.Object(
  {
    type: Type.String({ pattern: COMPONENT_TYPE_PATTERN }),
    maker: Text(MAX_TEXT),
    serial: Text(MAX_TEXT),
    lot: Type.Optional(Text(MAX_TEXT)),
  },
  { additionalProperties: false },
);

/** NewUnitBody registers one unit. */
export const NewUnitBody = Type.Object(
  {
    enterprise: Type.Optional(Code4),
    model: Code6,
    productionDate: Type.String({ format: 'date' }),
    components: Type.Array(ComponentSchema, { minItems: 1, maxItems: 100 }),
    firmware: Type.Optional(Text(MAX_TEXT)),
    softwareVersion: Type.Optional(
      Text(100, {
        description: 'The software version installed at the factory: a version filed for the model, in any spelling (issue #15)',
      }),
    ),
    revision: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 100_000,
        description: "The model revision the unit is built to; default the model's latest approved one",
      }),
    ),
  },
  { additionalProperties: false },
);
/** UnitBody is one unit as POST /v1/robots/batch takes it (the enterprise is the batch's). */
export type UnitBody = Omit<Static<typeof NewUnitBody>, 'enterprise'>;

/** BatchBody registers a production run. */
export const BatchBody = Type.Object(
  {
    enterprise: Type.Optional(Code4),
    units: Type.Array(Type.Omit(NewUnitBody, ['enterprise'], { additionalProperties: false }), {
      minItems: 1,
      description: 'Up to 10,000 units, all or none',
    }),
  },
  { additionalProperties: false },
);

/** RegisteredUnitSchema is a unit the registry accepted. */
export const RegisteredUnitSchema = Type.Object({
  code: Type.String(),
  displayCode: Type.String(),
  model: Type.String(),
  productionDate: Type.String(),
  logIndex: Type.Integer(),
});

/** ComponentQuery names a key component to look up; any spelling finds its canonical identity (docs/components.md). */
export const ComponentQuery = Type.Object(
  { type: ComponentSchema.properties.type, maker: Text(100), serial: Text(100) },
  { additionalProperties: false },
);

const PartIdentitySchema = Type.Object(
  { type: Type.String(), maker: Type.String(), serial: Type.String() },
  { description: 'Canonical identity: type, canonical maker, canonical serial' },
);
const UnitOrHidden = Type.Union([Type.String(), Type.Null()], {
  description: "The unit's code, or null where the caller may not read that unit",
});

/** ComponentRecordSchema is where a key component is now, which units held it, and whether it is scrapped. */
export const ComponentRecordSchema = Type.Object({
  part: PartIdentitySchema,
  spelling: Type.Object({ maker: Type.String(), serial: Type.String(), lot: Type.Union([Type.String(), Type.Null()]) }),
  state: Type.Union([Type.Literal('installed'), Type.Literal('removed'), Type.Literal('scrapped')]),
  scrapped: Type.Boolean(),
  unit: Type.Union([Type.String(), Type.Null()], {
    description: 'The unit holding it now (installed, or scrapped with it); null once removed',
  }),
  holdings: Type.Array(
    Type.Object({
      unit: UnitOrHidden,
      maker: Type.String(),
      serial: Type.String(),
      lot: Type.Union([Type.String(), Type.Null()]),
      installedAt: Type.Union([Type.String(), Type.Null()]),
      removedAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  conflicts: Type.Array(Type.Object({ maker: Type.String(), serial: Type.String(), unit: UnitOrHidden, state: Type.String() })),
});

/** IdentityConflictSchema is a component row whose spelling collided with another's canonical identity in migration 008. */
export const IdentityConflictSchema = Type.Object({
  part: PartIdentitySchema,
  rank: Type.Integer(),
  maker: Type.String(),
  serial: Type.String(),
  unit: Type.String(),
  state: Type.String(),
  foundAt: Type.String(),
});
