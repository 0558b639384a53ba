// The registry's input limits, one copy: the request schemas (./schemas.ts) are built from
// them, the CLI checks them locally so a bad command line or CSV row is reported before
// anything is sent, and the browser checks them before uploading.

/** COMPONENT_TYPE_PATTERN is the pattern of a key component type, e.g. main_controller. */
export const COMPONENT_TYPE_PATTERN = '^[a-z][a-z0-9_]{0,63}$';

/** COMPONENT_TYPE is COMPONENT_TYPE_PATTERN as a regular expression. */
export const COMPONENT_TYPE = new RegExp(COMPONENT_TYPE_PATTERN);

/** MODEL_CODE_PATTERN is the pattern of a 6-character model code. */
export const MODEL_CODE_PATTERN = '^[0-9A-Z]{6}$';

/** MODEL_CODE is MODEL_CODE_PATTERN as a regular expression. */
export const MODEL_CODE = new RegExp(MODEL_CODE_PATTERN);

/** ENTERPRISE_CODE_PATTERN is the pattern of a 4-character enterprise code. */
export const ENTERPRISE_CODE_PATTERN = '^[0-9A-Z]{4}$';

/** MAX_TEXT is the longest component maker, serial, lot or firmware text. */
export const MAX_TEXT = 100;

/** PAGE_MAX is the hard cap on a page of results. */
export const PAGE_MAX = 500;

/** MAX_CHUNK is the most units one POST /v1/robots/batch request may carry. */
export const MAX_CHUNK = 10_000;
