import type { ErrorObject } from 'ajv';
import ajvI18n from 'ajv-i18n';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorCatalogue, isRegistryError, RegistryError, type ErrorCode } from '../errors.ts';
import { localeOfAcceptLanguage } from '../i18n/accept-language.ts';
import type { Locale } from '../i18n/locale.ts';
import { english, isMessage, type Message, msg, renderIn } from '../i18n/message.ts';
import { translator } from '../i18n/translator.ts';
import { isUnreachable } from '../store/unreachable.ts';

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

/** render gives a message in locale; a message that fails to format falls back to its English text, never a 500. */
function render(m: Message, locale: Locale, english: string): string {
  try {
    return renderIn(translator(locale), m);
  } catch {
    return english;
  }
}

/** renderExtra renders any catalogue message among a problem's extra members (e.g. a field's message). */
function renderExtra(x: unknown, locale: Locale): unknown {
  if (isMessage(x)) return render(x, locale, english(x));
  if (Array.isArray(x)) return x.map((v) => renderExtra(v, locale));
  if (typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype) {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, renderExtra(v, locale)]));
  }
  return x;
}

/** problemOf turns a RegistryError into its problem document, its title and detail in locale (English by default). */
export function problemOf(err: RegistryError, instance?: string, locale: Locale = 'en'): Problem {
  const entry = errorCatalogue[err.code];
  const detail = err.detail;
  return {
    ...(renderExtra(err.extra, locale) as Record<string, unknown>),
    type: PROBLEM_TYPE_BASE + err.code,
    title: locale === 'en' ? entry.title : translator(locale).t(`problem.${err.code}.title`),
    status: entry.status,
    detail: isMessage(detail) ? render(detail, locale, err.message) : err.message,
    code: err.code,
    instance,
  };
}

// Fastify's own errors, mapped once to the registry's codes, each with a message
// that says it in the reader's language around Fastify's English text.
const FASTIFY_CODES: Record<string, [ErrorCode, (text: string) => Message]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['BODY_TOO_LARGE', (text) => msg('problem.http.bodyTooLarge', { text })],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['INVALID_REQUEST', (text) => msg('problem.http.mediaType', { text })],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['INVALID_REQUEST', (text) => msg('problem.http.emptyJson', { text })],
  FST_ERR_CTP_INVALID_JSON_BODY: ['INVALID_REQUEST', (text) => msg('problem.http.invalidJson', { text })],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['INVALID_REQUEST', (text) => msg('problem.http.contentLength', { text })],
  FST_ERR_VALIDATION: ['INVALID_REQUEST', (text) => msg('problem.http.clientError', { text })],
  FST_ERR_MAX_PARAM_LENGTH: ['URI_TOO_LONG', (text) => msg('problem.http.paramTooLong', { text })],
  FST_ERR_BAD_URL: ['INVALID_REQUEST', (text) => msg('problem.http.badUrl', { text })],
};

// ajv-i18n is CommonJS whose types declare an ES default export: Node hands over
// module.exports ({ zh, ... }) as the default, the types describe { default }.
type Localize = (errors: ErrorObject[]) => void;
const ajvLocales = ajvI18n as unknown as { zh?: Localize; default?: { zh: Localize } };
const localizeZh: Localize | undefined = ajvLocales.zh ?? ajvLocales.default?.zh;

type Validation = { instancePath: string; message?: string; params?: Record<string, unknown> };

/**
 * fieldErrors names each field Ajv refused with Ajv's message; in Chinese the
 * messages come from ajv-i18n (on copies: Fastify's error keeps its English).
 */
function fieldErrors(validation: Validation[], context: string, locale: Locale): { field: string; message: string }[] {
  const items = validation.map((v) => ({ ...v }));
  if (locale === 'zh-CN') localizeZh?.(items as unknown as ErrorObject[]);
  return items.map((v) => ({
    field: `${context}${v.instancePath.replaceAll('/', '.')}${v.params?.additionalProperty ? `.${String(v.params.additionalProperty)}` : ''}`,
    message: v.message ?? 'invalid',
  }));
}

/**
 * toRegistryError maps anything thrown in a request to a RegistryError; unknown errors become INTERNAL.
 * locale is the language of the field messages of a validation error (the rest is rendered later).
 */
export function toRegistryError(err: unknown, locale: Locale = 'en'): RegistryError {
  if (isRegistryError(err)) return err;
  const fe = err as FastifyError & { validation?: Validation[]; validationContext?: string };
  if (fe.validation) {
    const errors = fieldErrors(fe.validation, fe.validationContext ?? 'body', locale);
    const list = errors.map((e) => `${e.field} ${e.message}`).join(locale === 'zh-CN' ? '；' : '; ');
    return new RegistryError('INVALID_REQUEST', msg('problem.http.invalidFields', { count: errors.length, list }), { errors });
  }
  // The primary could not be reached (read replicas answer public reads meanwhile; a failed replica read was retried there).
  if (isUnreachable(err)) return new RegistryError('PRIMARY_UNAVAILABLE', msg('problem.replicas.primaryDown'));
  // PostgreSQL class 22 "data exception": a value the schema let through but the
  // database cannot hold (year 0, an out-of-range number, a NUL in text). The
  // transaction rolled back, so nothing changed.
  const sqlState = (err as { code?: unknown }).code;
  if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    return new RegistryError('INVALID_REQUEST', msg('problem.http.dataException'));
  }
  if (fe.statusCode === 429) return new RegistryError('RATE_LIMITED', msg('problem.http.slowDown'));
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return new RegistryError(mapped[0], mapped[1](fe.message));
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
    return new RegistryError('INVALID_REQUEST', msg('problem.http.clientError', { text: fe.message }));
  return new RegistryError('INTERNAL', msg('problem.http.internal'));
}

/** varyOnLanguage adds Accept-Language to the reply's Vary header, keeping what is there. */
function varyOnLanguage(reply: FastifyReply): void {
  const had = reply.getHeader('vary');
  const fields = (Array.isArray(had) ? had.join(',') : String(had ?? '')).split(',').map((f) => f.trim());
  if (fields.includes('*') || fields.some((f) => f.toLowerCase() === 'accept-language')) return;
  reply.header('vary', [...fields.filter((f) => f !== ''), 'Accept-Language'].join(', '));
}

/**
 * sendProblem answers with a problem+json body; the one place errors become HTTP.
 * Its title and detail follow Accept-Language (English when absent or unsupported);
 * code, type and field names never change with the language.
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, err: unknown) {
  const locale = localeOfAcceptLanguage(request.headers['accept-language']);
  const re = toRegistryError(err, locale);
  if (re.code === 'INTERNAL') request.log.error({ err }, 'request failed');
  varyOnLanguage(reply);
  // The primary is normally back (restarted or failed over) within seconds.
  if (re.code === 'PRIMARY_UNAVAILABLE') reply.header('retry-after', '5');
  return reply
    .status(re.status)
    .type('application/problem+json')
    .header('content-language', locale)
    .send({ ...problemOf(re, request.url, locale), requestId: request.id });
}
