import { Type, type Static } from 'typebox';
import { RobotStatusSchema } from './responses.ts';

/** RobotEventSchema is an event as the API shows it, with its log index. */
export const RobotEventSchema = Type.Object({
  seq: Type.Integer(),
  // Stored events are read back as text: the enum of their types is EventTypeSchema (responses.ts).
  type: Type.String(),
  occurredAt: Type.String({ format: 'date-time' }),
  recordedAt: Type.String({ format: 'date-time' }),
  actorId: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  personal: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
    description: 'The erasable personal data kept outside the leaf, or null (none, or erased)',
  }),
  logIndex: Type.Integer(),
});
/** RobotEvent is an event as the API shows it. */
export type RobotEvent = Static<typeof RobotEventSchema>;

/** TransferOfferSchema is a pending transfer offer. */
export const TransferOfferSchema = Type.Object({
  to: Type.String(),
  sale: Type.Boolean(),
  expiresAt: Type.String({ format: 'date-time', description: 'When the offer lapses unanswered' }),
});

/** RecordedEventSchema answers one recorded event: the event without personal data, and the unit after it. */
export const RecordedEventSchema = Type.Object({
  ...Type.Omit(RobotEventSchema, ['personal']).properties,
  robot: Type.Object({
    code: Type.String(),
    status: RobotStatusSchema,
    ownerId: Type.String(),
    version: Type.Integer(),
    suspended: Type.Boolean(),
    stolen: Type.Boolean(),
    offer: Type.Union([TransferOfferSchema, Type.Null()]),
  }),
});
/** RecordedEvent is the answer for one recorded event. */
export type RecordedEvent = Static<typeof RecordedEventSchema>;
