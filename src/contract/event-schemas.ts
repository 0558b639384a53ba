import { Type, type TSchema } from 'typebox';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Id = Type.String({ format: 'uuid' });
const ComponentType = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' });
const Strict = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });

const Site = Strict({
  province: Text(60),
  city: Text(60),
  address: Type.Optional(Text(300)),
  latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
});

const Replaced = Strict({
  type: ComponentType,
  removed: Strict({ maker: Text(100), serial: Text(100) }),
  installed: Strict({ maker: Text(100), serial: Text(100), lot: Type.Optional(Text(100)) }),
});

const Notes = Strict({ notes: Type.Optional(Text(2000)) });

// Issue #15, items 5–7: usage counters and battery health.
const Usage = Strict({
  hours: Type.Number({
    minimum: 0,
    maximum: 10_000_000,
    description: 'Operating hours on the counter (never lower than the last reading)',
  }),
  cycles: Type.Integer({
    minimum: 0,
    maximum: 1_000_000_000_000,
    description: 'Duty cycles on the counter (never lower than the last reading)',
  }),
});
const Battery = Strict({
  type: ComponentType,
  serial: Type.Optional(Text(100)),
  stateOfHealth: Type.Number({ minimum: 0, maximum: 100, description: 'State of health, % of rated capacity' }),
  cycleCount: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
});
const BrandName = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'water_damaged, fire_damaged, major_collision, total_loss or rebuilt (exactly; another spelling is UNKNOWN_BRAND)',
});

/** EVENT_DATA_SCHEMAS validate each event type's `data`. */
export const EVENT_DATA_SCHEMAS = {
  transferred: Strict({
    to: Id,
    sale: Type.Boolean({ description: 'true for a sale (needs market access), false for a handover' }),
    expiresAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          'When the offer lapses unanswered (default 14 days, at most 90); unused when the recipient accepts transfers from the sender standing',
      }),
    ),
  }),
  transfer_accepted: Notes,
  transfer_declined: Notes,
  transfer_withdrawn: Notes,
  deployed: Strict({ site: Site, domain: Text(100), operator: Type.Optional(Id) }),
  undeployed: Notes,
  service_granted: Strict({ service: Id, expiresAt: Type.String({ format: 'date-time' }) }),
  service_revoked: Strict({ service: Id }),
  service_started: Notes,
  serviced: Strict({
    kind: Type.Union([Type.Literal('inspection'), Type.Literal('maintenance'), Type.Literal('repair'), Type.Literal('software_update')]),
    notes: Type.Optional(Text(2000)),
    firmware: Type.Optional(Text(100)),
    replaced: Type.Optional(Type.Array(Replaced, { maxItems: 50 })),
    componentType: Type.Optional(ComponentType),
    failureMode: Type.Optional(Text(100)),
    recallId: Type.Optional(Id),
    usage: Type.Optional(Usage),
    battery: Type.Optional(Type.Array(Battery, { maxItems: 20 })),
  }),
  incident_reported: Strict({
    severity: Type.Union([Type.Literal('minor'), Type.Literal('serious'), Type.Literal('critical'), Type.Literal('fatal')]),
    kind: Type.Union([Type.Literal('injury'), Type.Literal('property_damage'), Type.Literal('malfunction'), Type.Literal('data_leak')]),
    description: Text(5000),
    componentType: Type.Optional(ComponentType),
    failureMode: Type.Optional(Text(100)),
  }),
  suspended: Strict({ reason: Text(2000) }),
  reinstated: Strict({ reason: Text(2000) }),
  stolen_reported: Notes,
  recovered: Notes,
  recall_remedied: Strict({ recallId: Id, notes: Type.Optional(Text(2000)) }),
  decommissioned: Strict({ reason: Type.Optional(Text(2000)) }),
  recycling_received: Notes,
  scrapped: Strict({ method: Type.Optional(Text(200)) }),
  // Issue #15, item 2. Usage counters read at the update belong here (issue #15, item 5).
  software_updated: Strict({
    campaignId: Type.String({ format: 'uuid', description: 'The OTA campaign the update was filed in' }),
    from: Type.String({ minLength: 1, maxLength: 100, description: 'The version installed before (any spelling; recorded canonical)' }),
    to: Type.String({ minLength: 1, maxLength: 100, description: "The campaign's target version (any spelling; recorded canonical)" }),
    notes: Type.Optional(Text(2000)),
    usage: Type.Optional(Usage),
  }),
  usage_reported: Strict({ hours: Usage.properties.hours, cycles: Usage.properties.cycles, notes: Type.Optional(Text(2000)) }),
  brand_recorded: Strict({
    brand: BrandName,
    evidence: Type.String({ minLength: 1, maxLength: 2000, description: 'What the brand rests on: a claim, survey or report reference' }),
    notes: Type.Optional(Text(2000)),
  }),
  brand_corrected: Strict({
    brand: BrandName,
    correction: Type.String({ minLength: 1, maxLength: 2000, description: "The regulator's annotation; the brand itself stays" }),
  }),
  insurer_named: Strict({
    insurer: Id,
    expiresAt: Type.String({ format: 'date-time', description: 'When the cover ends (it also ends when the unit changes owner)' }),
    policy: Type.Optional(Text(100)),
  }),
  insurer_revoked: Strict({ insurer: Id }),
  exported: Strict({
    destination: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country the unit is exported to' }),
    declaration: Type.String({ minLength: 1, maxLength: 64, description: 'The customs export declaration number' }),
  }),
  reimported: Strict({
    declaration: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'The customs import declaration number; occurredAt is its clearance',
    }),
    origin: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country the unit comes back from' })),
  }),
};

/** EventBody is `{type, occurredAt, data}`, one variant per event type. */
export const EventBody = Type.Union(
  Object.entries(EVENT_DATA_SCHEMAS).map(([type, data]) =>
    Type.Object(
      { type: Type.Literal(type), occurredAt: Type.Optional(Type.String({ format: 'date-time' })), data },
      { additionalProperties: false, title: type },
    ),
  ),
);

/** EventBatchBody is up to 1,000 events by one caller, one per unit: each is an EventBody with the unit's `code` and an optional `ifMatch` version. */
export const EventBatchBody = Type.Object(
  {
    events: Type.Array(
      Type.Union(
        Object.entries(EVENT_DATA_SCHEMAS).map(([type, data]) =>
          Type.Object(
            {
              code: Type.String({ maxLength: 200, description: 'Identity code, compact or display form' }),
              type: Type.Literal(type),
              occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
              data,
              ifMatch: Type.Optional(
                Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The unit version the caller saw (as If-Match)' }),
              ),
            },
            { additionalProperties: false, title: `batch ${type}` },
          ),
        ),
      ),
      { minItems: 1, description: 'Up to 1,000 events, at most one per unit, all or none' },
    ),
  },
  { additionalProperties: false },
);
