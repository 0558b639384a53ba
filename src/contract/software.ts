/**
 * The API contract of software versions, OTA campaigns and a unit's software
 * state (issue #15, items 1–3): request and response schemas the server, the
 * CLI and the browser share.
 */
import { Type, type Static } from 'typebox';

const Code4 = Type.String({ pattern: '^[0-9A-Z]{4}$' });
const Code6 = Type.String({ pattern: '^[0-9A-Z]{6}$' });
const Code29 = Type.String({ pattern: '^[0-9A-Z]{29}$' });
const Day = Type.String({ format: 'date' });
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
const VersionText = Text(100, 'A version as the maker spells it; "V1.2.0", "1.2.0" and "１.２.０" are one version (its key)');

/** NewSoftwareVersionBody files one software version of a model. */
export const NewSoftwareVersionBody = Type.Object(
  {
    identifier: Text(100, 'The software identification (e.g. the RXSWIN of UN R156)'),
    version: VersionText,
    releasedOn: Day,
    changes: Text(5000, 'What the version changes'),
    safetyRelevant: Type.Boolean({ description: 'A campaign installing it needs the regulator’s acknowledgement or the waiting period' }),
    sha256: Type.String({ minLength: 1, maxLength: 200, description: 'SHA-256 of the artefact: 64 hexadecimal digits' }),
  },
  { additionalProperties: false },
);

/** SoftwareVersionParams name one version of a model; the version in any spelling. */
export const SoftwareVersionParams = Type.Object({
  enterprise: Code4,
  model: Code6,
  version: Type.String({ minLength: 1, maxLength: 100 }),
});

/** DecisionBody is the reason the regulator gives for a block or unblock. */
export const DecisionBody = Type.Object({ reason: Text(2000) }, { additionalProperties: false });

/** SoftwareVersionSchema is a filed version with its block state and decisions. */
export const SoftwareVersionSchema = Type.Object(
  {
    enterprise: Type.String(),
    model: Type.String(),
    key: Type.String({ description: 'The canonical key every spelling of the version resolves to' }),
    version: Type.String({ description: 'The version as filed' }),
    identifier: Type.String(),
    releasedOn: Type.String({ format: 'date' }),
    changes: Type.String(),
    safetyRelevant: Type.Boolean(),
    sha256: Type.String(),
    blocked: Type.Boolean(),
    current: Type.Boolean({ description: 'The latest unblocked version filed for the model' }),
    filedAt: Type.String({ format: 'date-time' }),
    decisions: Type.Array(
      Type.Object(
        {
          action: Type.Union([Type.Literal('blocked'), Type.Literal('unblocked')]),
          reason: Type.String(),
          decidedBy: Type.String(),
          decidedAt: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** SoftwareVersionListSchema lists a model's versions, newest release first. */
export const SoftwareVersionListSchema = Type.Object({ items: Type.Array(SoftwareVersionSchema) }, { additionalProperties: false });

/** CampaignScopeSchema narrows a campaign within its models, as a recall's scope does. */
export const CampaignScopeSchema = Type.Object(
  {
    productionDate: Type.Optional(Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }, { additionalProperties: false })),
    codes: Type.Optional(Type.Object({ from: Code29, to: Code29 }, { additionalProperties: false })),
    component: Type.Optional(
      Type.Object(
        {
          type: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
          maker: Type.Optional(Text(100)),
          lots: Type.Optional(Type.Array(Text(100), { maxItems: 1000 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** NewCampaignBody files an OTA campaign before it ships. */
export const NewCampaignBody = Type.Object(
  {
    enterprise: Type.Optional(Code4),
    models: Type.Array(Code6, { minItems: 1, maxItems: 200, uniqueItems: true }),
    fromVersions: Type.Array(VersionText, { minItems: 1, maxItems: 100 }),
    toVersion: VersionText,
    scope: Type.Optional(CampaignScopeSchema),
    safetySummary: Text(5000, 'The safety assessment of the update, in summary'),
    plannedStart: Type.String({ format: 'date-time', description: 'When the push starts; not before the filing' }),
  },
  { additionalProperties: false },
);

/** CampaignSchema is a filed campaign. */
export const CampaignSchema = Type.Object(
  {
    id: Type.String(),
    issuerId: Type.String(),
    enterprise: Type.String(),
    models: Type.Array(Type.String()),
    fromVersions: Type.Array(Type.String()),
    toVersion: Type.String(),
    scope: Type.Record(Type.String(), Type.Unknown()),
    safetyRelevant: Type.Boolean({ description: "The target version's flag" }),
    safetySummary: Type.String(),
    plannedStart: Type.String({ format: 'date-time' }),
    filedAt: Type.String({ format: 'date-time' }),
    acknowledgedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
    clearedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description:
        'When units may first report it: the planned start, for a safety-relevant campaign not before acknowledgement or the waiting period',
    }),
  },
  { additionalProperties: false },
);

/** FiledCampaignSchema answers a filing: the campaign and how many units it reached. */
export const FiledCampaignSchema = Type.Object({ campaign: CampaignSchema, units: Type.Integer() }, { additionalProperties: false });

const ProgressFields = { units: Type.Integer(), updated: Type.Integer(), completion: Type.Number() };

/** CampaignProgressSchema is a campaign with its progress in total, by model and by province. */
export const CampaignProgressSchema = Type.Object(
  {
    ...CampaignSchema.properties,
    totals: Type.Object(ProgressFields, { additionalProperties: false }),
    byModel: Type.Array(Type.Object({ model: Type.String(), ...ProgressFields }, { additionalProperties: false })),
    byProvince: Type.Array(Type.Object({ province: Type.String(), ...ProgressFields }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

/** CampaignListSchema lists campaigns newest first. */
export const CampaignListSchema = Type.Object({ items: Type.Array(CampaignSchema) }, { additionalProperties: false });

/** UnitSoftwareSchema is a unit's software as verification shows it. */
export const UnitSoftwareSchema = Type.Object(
  {
    installed: Type.Union([Type.String(), Type.Null()], { description: "The installed version's key; null where none was reported" }),
    current: Type.Union([Type.String(), Type.Null()], { description: 'The latest unblocked version filed for the model' }),
    upToDate: Type.Union([Type.Boolean(), Type.Null()], { description: 'installed is current; null where no version is installed' }),
    blocked: Type.Boolean({ description: 'The regulator blocked the installed version' }),
  },
  { additionalProperties: false },
);

/** UnitSoftware is a unit's software as verification shows it. */
export type UnitSoftware = Static<typeof UnitSoftwareSchema>;

/** SoftwareVersionBody is a filed version as the API answers it. */
export type SoftwareVersionBody = Static<typeof SoftwareVersionSchema>;

/** CampaignBody is a campaign as the API answers it. */
export type CampaignBody = Static<typeof CampaignSchema>;
