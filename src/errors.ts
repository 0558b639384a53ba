import { english, isMessage, type Message } from './i18n/message.ts';

/**
 * The registry's one error type and its closed catalogue of codes. Each code
 * names the rule that refused the request; `status` is the HTTP status the
 * http layer answers with, `title` the RFC 9457 problem title in English. The
 * titles in every language, English included, are the message catalogues'
 * `problem.<CODE>.title` (src/i18n/messages/<locale>/problems.ts); problems.test.ts
 * keeps the English there identical to the title here.
 */
export const errorCatalogue = {
  // Input
  INVALID_CODE: { status: 400, title: 'The identity code is malformed' },
  INVALID_REQUEST: { status: 400, title: 'The request does not match its schema' },
  MALFORMED_TEXT: { status: 400, title: 'A text in the request is not well-formed Unicode' },
  INVALID_ARGUMENT: { status: 400, title: 'An argument is out of range' },
  BODY_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  URI_TOO_LONG: { status: 414, title: 'A path parameter is too long' },
  BATCH_TOO_LARGE: { status: 413, title: 'The batch has too many units' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  JSON_TOO_DEEP: { status: 400, title: 'The JSON body is nested too deeply' },
  UNKNOWN_COUNTRY: { status: 400, title: 'The country is not an assigned ISO 3166-1 alpha-2 code' },
  UNSAFE_WEBHOOK_TARGET: { status: 422, title: 'The webhook target is a loopback, private or otherwise internal address' },
  UNSAFE_NAME: { status: 422, title: 'The name could display as something else or pass for another name' },
  // Authentication and authorisation
  UNAUTHENTICATED: { status: 401, title: 'A valid bearer token is required' },
  FORBIDDEN_ROLE: { status: 403, title: 'The caller does not hold the role this action needs' },
  FOREIGN_ENTERPRISE: { status: 403, title: 'The enterprise code belongs to another manufacturer' },
  NOT_ENTITLED: { status: 403, title: 'The caller may not act on this robot' },
  REGULATOR_SET_TERM: { status: 403, title: 'Only the regulator may lower or lift what the regulator set' },
  // Lookups
  NOT_FOUND: { status: 404, title: 'No such resource' },
  NOT_REGISTERED: { status: 404, title: 'No robot is registered under this code' },
  UNKNOWN_PARTICIPANT: { status: 404, title: 'No such participant' },
  UNKNOWN_MODEL: { status: 404, title: 'No such model' },
  // Registry rules
  DUPLICATE: { status: 409, title: 'The resource already exists' },
  MISSING_COMPONENT: { status: 422, title: 'A key component type of the model is not declared' },
  UNKNOWN_COMPONENT_TYPE: { status: 422, title: 'The component type is not a key component of the model' },
  DUPLICATE_COMPONENT: { status: 409, title: 'The component is already installed in a robot' },
  SCRAPPED_COMPONENT: { status: 409, title: 'The component came from a scrapped robot' },
  MODEL_STATE: { status: 409, title: 'The model is not in a state that allows this' },
  PRODUCTION_DATE_IN_FUTURE: { status: 422, title: 'The production date is later than today' },
  PRODUCTION_DATE_BEFORE_MODEL: { status: 422, title: 'The production date is too long before the model was filed' },
  SEQUENCE_EXHAUSTED: { status: 409, title: 'No serial numbers are left for this model and date' },
  INVALID_TRANSITION: { status: 409, title: "The event is not allowed in the robot's current state" },
  MARKET_ACCESS_DENIED: { status: 409, title: 'Market access is denied for this robot' },
  VERSION_MISMATCH: { status: 409, title: 'The robot changed since the version the caller saw' },
  OFFER_PENDING: { status: 409, title: 'A transfer offer of this robot is waiting for its recipient' },
  NO_PENDING_OFFER: { status: 409, title: 'No transfer offer of this robot is pending' },
  EVENT_IN_FUTURE: { status: 422, title: "The event is dated ahead of the registry's clock" },
  EVENT_OUT_OF_ORDER: { status: 422, title: "The event is dated before the robot's last event" },
  IDEMPOTENCY_CONFLICT: { status: 422, title: 'The Idempotency-Key was used for a different request' },
  // Software versions and OTA campaigns (issue #15)
  MALFORMED_VERSION: { status: 400, title: 'The software version is not a well-formed version identifier' },
  MALFORMED_DIGEST: { status: 400, title: 'The artefact digest is not a SHA-256 in hexadecimal' },
  SOFTWARE_VERSION_EXISTS: { status: 409, title: 'The model already has this software version filed' },
  UNKNOWN_SOFTWARE_VERSION: { status: 422, title: 'The software version is not filed for the model' },
  SOFTWARE_VERSION_BLOCKED: { status: 409, title: 'The regulator has blocked this software version' },
  BLOCK_STATE: { status: 409, title: 'The software version is already in the state asked for' },
  SOFTWARE_NOT_IN_CAMPAIGN: { status: 409, title: "The update's versions are not the campaign's" },
  SOFTWARE_FROM_MISMATCH: { status: 409, title: "The update's starting version is not the one installed" },
  UNIT_NOT_IN_CAMPAIGN: { status: 409, title: 'The campaign does not reach this robot' },
  CAMPAIGN_NOT_CLEARED: { status: 409, title: 'The campaign may not be reported on units yet' },
  CAMPAIGN_STATE: { status: 409, title: 'The campaign is not in a state that allows this' },
  // Model revisions, usage counters and condition brands (issue #15, items 4–6)
  REVISION_NOT_SIGNIFICANT: { status: 422, title: 'The revision changes no parameter the type approval rests on' },
  UNKNOWN_REVISION: { status: 422, title: 'The model has no such revision' },
  REVISION_STATE: { status: 409, title: 'The revision is not in a state that allows this' },
  COUNTER_BACKWARDS: { status: 409, title: 'A usage reading is lower than the last one recorded' },
  UNKNOWN_BRAND: { status: 422, title: 'The condition brand is not one the registry knows' },
  BRAND_NOT_ALLOWED: { status: 403, title: 'The caller may not record this condition brand' },
  BRAND_PERMANENT: { status: 409, title: 'A condition brand is permanent and is never removed' },
  // Imports, exports, remanufacture and certified takers (issue #16)
  NOT_MANDATED: { status: 403, title: 'The importer does not act for this maker' },
  DOMESTIC_MAKER: { status: 422, title: 'The maker is domestic: its units are registered by the maker, not imported' },
  NOT_CERTIFIED: { status: 409, title: 'The recycler or remanufacturer holds no current certification of the regulator' },
  UNIT_EXPORTED: { status: 409, title: 'The robot was exported: it comes back only by a re-import' },
  UNIT_REMANUFACTURED: { status: 409, title: 'The robot was remanufactured into a successor and never returns' },
  PREDECESSOR_NOT_HELD: { status: 409, title: 'The remanufacturer does not hold this robot' },
  // Public reports (issue #16, item 4)
  REPORT_CHALLENGE_FAILED: { status: 422, title: 'The report does not answer a valid, unspent challenge of the registry' },
  REPORT_FLOOD: { status: 429, title: 'Too many reports from this address or about this robot' },
  PHOTO_TOO_LARGE: { status: 413, title: "The report's photo is larger than the registry takes" },
  PHOTO_NOT_IMAGE: { status: 415, title: "The report's photo is not a JPEG, PNG or WebP image" },
  REPORT_TRIAGED: { status: 409, title: 'The report has already been triaged' },
  // Ledger
  LOG_PROOF_RANGE: { status: 400, title: 'The proof range is outside the log' },
  LOG_VERIFICATION_FAILED: { status: 422, title: 'The ledger proof or signature does not verify' },
  UNKNOWN_WITNESS: { status: 403, title: 'No witness the regulator registered cosigned this checkpoint' },
  FOREIGN_CHECKPOINT: { status: 422, title: 'The checkpoint is not one this log published' },
  // Server
  UNSAFE_DURABILITY: { status: 500, title: 'The database is not configured for durable writes' },
  PRIMARY_UNAVAILABLE: { status: 503, title: 'The primary database is unavailable: the registry answers public reads only' },
  STARTING: { status: 503, title: 'The registry is starting: it answers once its database is open and its routes are ready' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

/** ErrorCode is the closed set of stable problem codes clients may rely on. */
export type ErrorCode = keyof typeof errorCatalogue;

/**
 * RegistryError is the error every layer throws for a refused request. Its
 * detail is a catalogue Message (msg('problem.…', values)), so the problem
 * document speaks the reader's language; `message` is always its English text.
 * Plain text is still taken, shown as is in every language.
 */
export class RegistryError extends Error {
  readonly code: ErrorCode;
  /** detail is the problem's detail as a catalogue message, or fixed text, or undefined for the title. */
  readonly detail: Message | string | undefined;
  /** Extra members of the problem document (e.g. `suggestions`, `reasons`, `errors`). */
  readonly extra: Record<string, unknown>;

  constructor(code: ErrorCode, detail?: Message | string, extra: Record<string, unknown> = {}) {
    super(detail === undefined ? errorCatalogue[code].title : isMessage(detail) ? english(detail) : detail);
    this.name = 'RegistryError';
    this.code = code;
    this.detail = detail;
    this.extra = extra;
  }

  /** status is the HTTP status the catalogue assigns to this error's code. */
  get status(): number {
    return errorCatalogue[this.code].status;
  }
}

/** isRegistryError tells whether a thrown value is a RegistryError. */
export function isRegistryError(e: unknown): e is RegistryError {
  return e instanceof RegistryError;
}
