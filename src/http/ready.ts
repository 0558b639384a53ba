import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import type { Ready } from '../registry/robots/facts-cache.ts';
import { PUBLIC_READ_HEADERS } from './public-read.ts';

/**
 * PUBLIC_CACHE_CONTROL lets browsers and shared caches keep a public answer 5 s and
 * serve it up to 25 s more while they revalidate it (an If-None-Match costs a 304
 * without a body): an answer is at most 30 s old anywhere (docs/api.md, Caching).
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=25';

const READY_HEADERS = {
  ETag: { type: 'string', description: 'Strong entity tag of the answer: a digest of its bytes' },
  'Cache-Control': { type: 'string', description: `\`${PUBLIC_CACHE_CONTROL}\`: at most 30 s old in any cache` },
  ...PUBLIC_READ_HEADERS,
};

/** readyResponses documents a public answer kept ready: 200 with its ETag and Cache-Control, 304 for a current If-None-Match. */
export function readyResponses(schema: TSchema, description: string) {
  return {
    200: { description, headers: READY_HEADERS, content: { 'application/json': { schema } } },
    304: { type: 'null', description: 'Not Modified: the If-None-Match names the current answer (no body)', headers: READY_HEADERS },
  };
}

/** matches says whether an If-None-Match header names etag (weak comparison, RFC 9110 §13.1.2). */
function matches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  for (const part of header.split(',')) {
    const tag = part.trim();
    if ((tag.startsWith('W/') ? tag.slice(2) : tag) === etag) return true;
  }
  return false;
}

/** sendReady sends a ready answer's bytes as they are, or 304 when the client already holds them. */
export function sendReady(req: FastifyRequest, reply: FastifyReply, answer: Ready): FastifyReply {
  reply.header('etag', answer.etag).header('cache-control', PUBLIC_CACHE_CONTROL);
  const held = req.headers['if-none-match'];
  if (held !== undefined && matches(held, answer.etag)) return reply.code(304).send();
  return reply.header('content-type', 'application/json; charset=utf-8').send(answer.body);
}
