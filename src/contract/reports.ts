/**
 * The contract of public reports, reporting deadlines and feeds (issue #16, items 4–6):
 * request and response schemas shared by the server, the CLI and the browser.
 */
import { Type, type Static } from 'typebox';
import { MAX_CONTACT, MAX_DESCRIPTION, MAX_PHOTO_BYTES, REPORT_CATEGORIES, TRIAGE_OUTCOMES } from '../report/categories.ts';

export { MAX_CONTACT, MAX_DESCRIPTION, MAX_PHOTO_BYTES, REPORT_CATEGORIES, TRIAGE_OUTCOMES };

/** ReportCategorySchema is a public report's category; `counterfeit` comes first in the regulator's queue. */
export const ReportCategorySchema = Type.Enum(REPORT_CATEGORIES, {
  description: 'What the report is about; `counterfeit`: the code on the robot does not match its registered maker or model',
});

/** ReportStateSchema is a report's place in the queue. */
export const ReportStateSchema = Type.Enum(['open', ...TRIAGE_OUTCOMES] as const);

/** ReportChallengeSchema is the work a filer does before it files (docs/api.md, Public reports). */
export const ReportChallengeSchema = Type.Object({
  code: Type.String(),
  challenge: Type.String({ description: 'Signed challenge, answered once within 15 minutes' }),
  bits: Type.Integer({
    minimum: 0,
    description: 'Find `work` (at most 32 characters) such that SHA-256(challenge ":" work) starts with this many zero bits',
  }),
});

/** NewReportBody files a report about a unit (anyone). */
export const NewReportBody = Type.Object(
  {
    category: ReportCategorySchema,
    description: Type.String({ minLength: 1, maxLength: MAX_DESCRIPTION }),
    contact: Type.Optional(
      Type.String({ maxLength: MAX_CONTACT, description: 'Personal data: seen by the regulator only, kept outside the log, erasable' }),
    ),
    photo: Type.Optional(
      // No maxLength here: an oversized photo is refused as PHOTO_TOO_LARGE (413), the body limit caps the rest.
      Type.String({
        description: `Base64 of a JPEG, PNG or WebP image of at most ${MAX_PHOTO_BYTES} bytes (its type is read from its bytes)`,
      }),
    ),
    challenge: Type.String({ maxLength: 1_000 }),
    work: Type.String({ maxLength: 32 }),
  },
  { additionalProperties: false },
);
/** NewReport is a report as filed. */
export type NewReport = Static<typeof NewReportBody>;

/** FiledReportSchema answers a filed report: its id and digest, never its contact. */
export const FiledReportSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  category: ReportCategorySchema,
  state: Type.Literal('open'),
  filedAt: Type.String({ format: 'date-time' }),
  digest: Type.String({ description: 'SHA-256 (hex) of the report without its contact: what the log commits to when it is triaged' }),
  photo: Type.Boolean(),
});

/** QueuedReportSchema is a report in the regulator's queue. */
export const QueuedReportSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  category: ReportCategorySchema,
  description: Type.String(),
  state: ReportStateSchema,
  filedAt: Type.String({ format: 'date-time' }),
  signedIn: Type.Boolean({ description: 'Filed with a participant token' }),
  contact: Type.Union([Type.String(), Type.Null()], { description: 'Personal data; null when none was given or it was erased' }),
  photo: Type.Boolean(),
  digest: Type.String(),
  triagedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  triageNote: Type.Union([Type.String(), Type.Null()]),
  incidentIndex: Type.Union([Type.Integer(), Type.Null()]),
  triageIndex: Type.Union([Type.Integer(), Type.Null()], { description: 'Log index of the `public_report_triaged` event' }),
});
/** QueuedReport is a report as the regulator sees it. */
export type QueuedReport = Static<typeof QueuedReportSchema>;

/** ReportQueueSchema is one page of the queue; `next` is the id to pass as `after`. */
export const ReportQueueSchema = Type.Object({ items: Type.Array(QueuedReportSchema), next: Type.Union([Type.String(), Type.Null()]) });

/** ReportQuery filters the queue. */
export const ReportQuery = Type.Object(
  {
    state: Type.Optional(ReportStateSchema),
    code: Type.Optional(Type.String({ maxLength: 200 })),
    after: Type.Optional(Type.String({ format: 'uuid' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

/** ReportIdParam names a report. */
export const ReportIdParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** TriageBody is the regulator's decision on a report. */
export const TriageBody = Type.Object(
  {
    outcome: Type.Enum(TRIAGE_OUTCOMES),
    incident: Type.Optional(Type.Integer({ minimum: 0, description: 'Log index of an incident of the same robot (outcome `linked`)' })),
    componentType: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'Outcome `escalated`: the key component' })),
    failureMode: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Outcome `escalated`: how it failed' })),
    note: Type.Optional(Type.String({ maxLength: 1_000 })),
  },
  { additionalProperties: false },
);
/** Triage is the regulator's decision. */
export type TriageRequest = Static<typeof TriageBody>;

/** ReportErasureSchema answers an erasure of a report's personal data. */
export const ReportErasureSchema = Type.Object({ id: Type.String(), erased: Type.Boolean() });

/** LateReportsSchema is the late-reports dashboard. */
export const LateReportsSchema = Type.Object({
  since: Type.String({ format: 'date-time' }),
  scope: Type.Union([Type.Literal('all'), Type.Literal('own')], {
    description: 'all: the regulator sees every participant; own: the caller only',
  }),
  total: Type.Integer({ minimum: 0 }),
  byParticipant: Type.Array(
    Type.Object({
      participantId: Type.String(),
      name: Type.String(),
      nameEn: Type.Union([Type.String(), Type.Null()]),
      type: Type.String(),
      late: Type.Integer({ minimum: 0 }),
      worstLateByHours: Type.Integer({ minimum: 0 }),
    }),
  ),
  latest: Type.Array(
    Type.Object({
      logIndex: Type.Integer(),
      code: Type.String(),
      type: Type.String(),
      actorId: Type.String(),
      party: Type.Union([Type.String(), Type.Null()]),
      occurredAt: Type.String({ format: 'date-time' }),
      recordedAt: Type.String({ format: 'date-time' }),
      dueAt: Type.String({ format: 'date-time' }),
    }),
  ),
});
/** LateReports is the late-reports dashboard as the API shows it. */
export type LateReports = Static<typeof LateReportsSchema>;

/** DeadlineTableSchema is the deadline table in force (rows in order; the first that matches decides). */
export const DeadlineTableSchema = Type.Object({
  rules: Type.Array(
    Type.Object({
      type: Type.String(),
      party: Type.Optional(Type.String()),
      when: Type.Optional(Type.Object({ field: Type.String(), equals: Type.Union([Type.String(), Type.Boolean()]) })),
      limit: Type.Union([Type.Object({ hours: Type.Number() }), Type.Object({ workingDays: Type.Integer() }), Type.Null()]),
    }),
  ),
});
