/**
 * The API contract of issue #16 (imports, exports, remanufacture, certified
 * takers), shared by the server, the CLI and the browser.
 */
import { Type, type Static } from 'typebox';
import { NewUnitBody, RegisteredUnitSchema } from './schemas.ts';
import { ENTERPRISE_CODE_PATTERN } from './limits.ts';

const Unit = Type.Omit(NewUnitBody, ['enterprise'], { additionalProperties: false });
const Country = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' });
const Declaration = Type.String({ minLength: 1, maxLength: 64, description: 'The customs declaration number' });

/** ImportBody registers units made abroad: the foreign maker's enterprise code, the customs declaration and the units. */
export const ImportBody = Type.Object(
  {
    maker: Type.String({
      pattern: ENTERPRISE_CODE_PATTERN,
      description: "The foreign maker's enterprise code (the importer must act for it)",
    }),
    customs: Type.Object(
      {
        declaration: Declaration,
        clearedAt: Type.String({ format: 'date-time', description: 'When customs cleared the units; the imported events are dated here' }),
        origin: Type.Optional(Country),
      },
      { additionalProperties: false },
    ),
    units: Type.Array(Unit, { minItems: 1, description: 'Up to 10,000 units, all or none' }),
  },
  { additionalProperties: false },
);
/** ImportRequest is an ImportBody as its static type. */
export type ImportRequest = Static<typeof ImportBody>;

/** ImportedSchema is the answer to an import: the units and their codes. */
export const ImportedSchema = Type.Object({ units: Type.Array(RegisteredUnitSchema) });

/** RemanufactureBody names the decommissioned units a remanufactured unit is built from, and the unit as for any registration. */
export const RemanufactureBody = Type.Object(
  {
    predecessors: Type.Array(Type.String({ maxLength: 200 }), {
      minItems: 1,
      maxItems: 50,
      description: 'Codes (any spelling) of the decommissioned units the remanufacturer holds and builds from',
    }),
    unit: Unit,
  },
  { additionalProperties: false },
);
/** RemanufactureRequest is a RemanufactureBody as its static type. */
export type RemanufactureRequest = Static<typeof RemanufactureBody>;

/** RemanufacturedSchema is the new unit and the predecessors it retired. */
export const RemanufacturedSchema = Type.Object({
  ...RegisteredUnitSchema.properties,
  remanufacturedFrom: Type.Array(Type.String()),
});

const TakerRole = Type.Union([Type.Literal('recycler'), Type.Literal('remanufacturer')]);

/** CertificationSchema is one certification of a recycler or remanufacturer. */
export const CertificationSchema = Type.Object({
  id: Type.Integer(),
  participantId: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  role: TakerRole,
  scope: Type.String(),
  province: Type.Union([Type.String(), Type.Null()]),
  certifiedAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
/** CertificationView is a certification as the API shows it. */
export type CertificationView = Static<typeof CertificationSchema>;

/** CertifiedListSchema is the public list of certified recyclers and remanufacturers. */
export const CertifiedListSchema = Type.Object({ certified: Type.Array(CertificationSchema) });

/** CertifiedQuery filters the public list. */
export const CertifiedQuery = Type.Object(
  { role: Type.Optional(TakerRole), province: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })) },
  { additionalProperties: false },
);

/** CertifyBody is the regulator's certification: the role, the scope and optionally the province. */
export const CertifyBody = Type.Object(
  {
    role: TakerRole,
    scope: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    province: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  },
  { additionalProperties: false },
);

/** RevokeCertificationBody says why the regulator revokes a certification. */
export const RevokeCertificationBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) },
  { additionalProperties: false },
);

/** MandateSchema is an importer's mandate to act for a foreign maker. */
export const MandateSchema = Type.Object({
  importerId: Type.String(),
  makerId: Type.String(),
  makerName: Type.String(),
  enterpriseCode: Type.String(),
  country: Type.String(),
  grantedAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
/** Mandate is an importer's standing to act for one foreign maker, as the API shows it. */
export type Mandate = Static<typeof MandateSchema>;

/** MandateBody names the foreign maker an importer acts for. */
export const MandateBody = Type.Object({ maker: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

/** LineageSchema is a unit's public lineage: the units it was remanufactured from, and the unit it was remanufactured into. */
export const LineageSchema = Type.Object({
  code: Type.String(),
  remanufacturedFrom: Type.Array(Type.String()),
  remanufacturedInto: Type.Union([Type.String(), Type.Null()]),
  brands: Type.Array(Type.String(), {
    description:
      'Condition brands that follow from the lineage: for a remanufactured unit, every brand carried over from its predecessors, then `remanufactured`',
  }),
});
/** Lineage is a unit's lineage as the API shows it. */
export type Lineage = Static<typeof LineageSchema>;

/** CustomsCrossingSchema is one crossing of the border as the full passport shows it: an import (first or re-import) or an export. */
export const CustomsCrossingSchema = Type.Object(
  {
    direction: Type.Union([Type.Literal('import'), Type.Literal('export')]),
    country: Type.String({ description: 'An import: the country of origin; an export: the destination (ISO 3166-1 alpha-2)' }),
    declaration: Type.String({ description: 'The customs declaration number' }),
    clearedAt: Type.String({ format: 'date-time', description: 'When customs cleared the unit' }),
    seq: Type.Integer({ description: "The unit's event that recorded the crossing" }),
    party: Type.Object(
      { id: Type.String(), name: Type.String(), nameEn: Type.Union([Type.String(), Type.Null()]) },
      { additionalProperties: false, description: 'The importer, or the owner that exported the unit' },
    ),
  },
  { additionalProperties: false },
);
/** CustomsCrossing is a crossing as the API shows it. */
export type CustomsCrossing = Static<typeof CustomsCrossingSchema>;
