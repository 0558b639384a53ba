import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** REQUEST_ID_HEADER carries a request's id in and out (the caller's, when sane, else ours). */
export const REQUEST_ID_HEADER = 'x-request-id';

// What a proxy or client may send: a UUID, a trace id, a ULID. Anything else (a long
// string, spaces, control characters that would forge log lines) is replaced.
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

/** requestIdOf keeps the caller's X-Request-Id when it is 1–128 characters of [A-Za-z0-9._:-], else makes a UUID. */
export function requestIdOf(req: Pick<IncomingMessage, 'headers'>): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE.test(given) ? given : randomUUID();
}
