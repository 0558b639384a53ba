/**
 * Condition brands, usage readings and battery health in the API contract
 * (issue #15, items 5–7): what verification shows anyone, and what the
 * passport shows those entitled.
 */
import { Type, type Static } from 'typebox';

/** BrandSchema is one of the permanent condition brands (the pure list is src/lifecycle/condition.ts). */
export const BrandSchema = Type.Union(
  [
    Type.Literal('water_damaged'),
    Type.Literal('fire_damaged'),
    Type.Literal('major_collision'),
    Type.Literal('total_loss'),
    Type.Literal('rebuilt'),
  ],
  { description: 'A permanent condition brand' },
);

/** UsageSchema is a unit's last usage reading and when it was taken, or null when none was reported. */
export const UsageSchema = Type.Union([
  Type.Object(
    {
      hours: Type.Number({ description: 'Operating hours' }),
      cycles: Type.Integer({ description: 'Duty cycles' }),
      at: Type.String({ description: 'When the reading was taken (the event’s occurredAt)' }),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

/** BrandRecordSchema is one recorded brand with its event and, once annotated, the regulator's correction event. */
export const BrandRecordSchema = Type.Object(
  {
    brand: BrandSchema,
    seq: Type.Integer({ description: 'The event that recorded it' }),
    recordedAt: Type.String(),
    correctedSeq: Type.Union([Type.Integer(), Type.Null()], { description: "The regulator's correction event annotating it, if any" }),
    carriedFrom: Type.Optional(
      Type.Object(
        {
          code: Type.String({ description: 'The predecessor whose brand this is' }),
          seq: Type.Integer({ description: "The predecessor's event that recorded the brand" }),
          recordedAt: Type.String(),
        },
        {
          additionalProperties: false,
          description: 'Present when the unit carries the brand from a unit it was remanufactured from (seq is then its remanufacture)',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

/** BrandListSchema is a unit's condition brands and every record of them (public). */
export const BrandListSchema = Type.Object(
  { code: Type.String(), brands: Type.Array(BrandSchema), records: Type.Array(BrandRecordSchema) },
  { additionalProperties: false },
);
/** BrandList is a unit's brands as GET /v1/robots/{code}/brands answers. */
export type BrandList = Static<typeof BrandListSchema>;

/** BatteryHealthSchema is a key battery's last reported health, shown in a component of the passport. */
export const BatteryHealthSchema = Type.Union([
  Type.Object({ stateOfHealth: Type.Number(), cycleCount: Type.Integer(), reportedAt: Type.String() }, { additionalProperties: false }),
  Type.Null(),
]);

/** BrandParams addresses one brand of a unit (for the refused removal). */
export const BrandParams = Type.Object({ code: Type.String({ maxLength: 200 }), brand: Type.String({ maxLength: 64 }) });
