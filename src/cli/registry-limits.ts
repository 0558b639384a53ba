// The registry's input rules that the CLI checks locally, so that a bad command line or CSV
// row is reported before anything is sent. The registry checks them again; these mirror
// src/http/schemas.ts (which the CLI does not import, to stay free of the HTTP framework).

/** COMPONENT_TYPE is the pattern of a key component type, e.g. main_controller. */
export const COMPONENT_TYPE = /^[a-z][a-z0-9_]{0,63}$/;

/** MODEL_CODE is the pattern of a 6-character model code. */
export const MODEL_CODE = /^[0-9A-Z]{6}$/;

/** MAX_TEXT is the longest component maker, serial, lot or firmware text. */
export const MAX_TEXT = 100;

/** MAX_CHUNK is the most units one POST /v1/robots/batch request may carry. */
export const MAX_CHUNK = 10_000;
