import type { RouteOptions } from 'fastify';
import { errorCatalogue } from '../errors.ts';
import { LOCALES } from '../i18n/locale.ts';

/** PROBLEM_MEDIA_TYPE is the media type of every error answer (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

type Schema = {
  hide?: boolean;
  operationId?: string;
  security?: unknown[];
  params?: unknown;
  body?: unknown;
  response?: Record<string, unknown>;
};

// Each error status with the catalogue's codes that answer with it, for the response descriptions.
const codesByStatus = new Map<number, string[]>();
for (const [code, { status }] of Object.entries(errorCatalogue)) codesByStatus.set(status, [...(codesByStatus.get(status) ?? []), code]);

// A problem's title and detail follow Accept-Language (zh-CN or en; English otherwise); these headers say which.
const PROBLEM_HEADERS = {
  'Content-Language': {
    type: 'string',
    enum: [...LOCALES],
    description: 'The language of title and detail: zh-CN when Accept-Language asks for Chinese, en otherwise',
  },
  Vary: { type: 'string', description: 'Includes Accept-Language' },
};

/** problem is the answer a route gives with status: a Problem document (for a status the hook cannot infer from the route). */
export const problem = (status: number) => ({
  description: `Problem (${codesByStatus.get(status)?.join(', ') ?? 'no code'})`,
  headers: PROBLEM_HEADERS,
  content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: 'Problem#' } } },
});

/** operationIdOf names an operation by its method and path: GET /v1/robots/{code}/events → getRobotsByCodeEvents. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/v1\//, '/')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith(':') ? `By-${w.slice(1)}` : w))
    .flatMap((w) => w.split('-'))
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return method.toLowerCase() + words.join('');
}

/** errorStatusesOf are the error statuses an operation can answer with, from what it takes and who may call it. */
function errorStatusesOf(method: string, schema: Schema, rateLimited: boolean): number[] {
  const statuses = new Set([400, 401, 500]); // a NUL or a bad token is refused anywhere; INTERNAL anywhere
  if (schema.security?.some((s) => typeof s === 'object' && s !== null && 'bearer' in s)) statuses.add(403);
  if (schema.params) for (const s of [404, 414]) statuses.add(s);
  if (schema.body) statuses.add(413);
  if (method !== 'GET') for (const s of [404, 409, 422]) statuses.add(s);
  if (rateLimited) statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

/**
 * completeOperation fills in what every documented route shares, so the OpenAPI document is
 * complete by construction: an operationId, `security: []` on public operations, and a
 * Problem answer for each error status the route can give. Run it from an onRoute hook.
 */
export function completeOperation(route: RouteOptions): void {
  const schema = route.schema as Schema | undefined;
  if (!schema || schema.hide) return;
  const method = Array.isArray(route.method) ? (route.method[0] ?? 'GET') : route.method;
  if (method === 'HEAD') return;
  schema.operationId ??= operationIdOf(method, route.url);
  schema.security ??= [];
  const rateLimited = typeof route.config === 'object' && route.config !== null && 'rateLimit' in route.config;
  const response = { ...schema.response };
  for (const status of errorStatusesOf(method, schema, rateLimited)) response[status] ??= problem(status);
  schema.response = response;
}
