import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorCatalogue, isRegistryError, RegistryError, type ErrorCode } from '../errors.ts';

/** PROBLEM_TYPE_BASE prefixes each code to make the problem's `type` URI. */
export const PROBLEM_TYPE_BASE = 'https://humanoid-registry.dev/problems/';

/** Problem is an RFC 9457 problem document with the registry's stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  [extra: string]: unknown;
}

/** problemOf turns a RegistryError into its problem document. */
export function problemOf(err: RegistryError, instance?: string): Problem {
  const entry = errorCatalogue[err.code];
  return {
    ...err.extra,
    type: PROBLEM_TYPE_BASE + err.code,
    title: entry.title,
    status: entry.status,
    detail: err.message,
    code: err.code,
    instance,
  };
}

// Fastify's own errors, mapped once to the registry's codes.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'INVALID_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_REQUEST',
  FST_ERR_VALIDATION: 'INVALID_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_BAD_URL: 'INVALID_REQUEST',
};

/** toRegistryError maps anything thrown in a request to a RegistryError; unknown errors become INTERNAL. */
export function toRegistryError(err: unknown): RegistryError {
  if (isRegistryError(err)) return err;
  const fe = err as FastifyError & {
    validation?: { instancePath: string; message?: string; params?: Record<string, unknown> }[];
    validationContext?: string;
  };
  if (fe.validation) {
    const errors = fe.validation.map((v) => ({
      field: `${fe.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}${v.params?.additionalProperty ? `.${String(v.params.additionalProperty)}` : ''}`,
      message: v.message ?? 'invalid',
    }));
    return new RegistryError(
      'INVALID_REQUEST',
      `${errors.length} field(s) are invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      { errors },
    );
  }
  // PostgreSQL class 22 "data exception": a value the schema let through but the
  // database cannot hold (year 0, an out-of-range number, a NUL in text). The
  // transaction rolled back, so nothing changed.
  const sqlState = (err as { code?: unknown }).code;
  if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    return new RegistryError('INVALID_REQUEST', 'A value in the request is out of range or cannot be stored.');
  }
  if (fe.statusCode === 429) return new RegistryError('RATE_LIMITED', 'Too many requests; slow down and retry later.');
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return new RegistryError(mapped, fe.message);
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return new RegistryError('INVALID_REQUEST', fe.message);
  return new RegistryError('INTERNAL', 'The registry failed to handle this request; nothing was changed.');
}

/** sendProblem answers with a problem+json body; the one place errors become HTTP. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, err: unknown) {
  const re = toRegistryError(err);
  if (re.code === 'INTERNAL') request.log.error({ err }, 'request failed');
  return reply.status(re.status).type('application/problem+json').send(problemOf(re, request.url));
}
