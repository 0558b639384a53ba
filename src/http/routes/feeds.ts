import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import { CodeParam } from '../schemas.ts';
import { PUBLIC_CACHE_CONTROL } from '../ready.ts';
import { localeOfAcceptLanguage } from '../../i18n/accept-language.ts';
import { isLocale, UI_DEFAULT_LOCALE } from '../../i18n/locale.ts';
import { translator } from '../../i18n/translator.ts';
import { ownerFeed, unitFeed } from '../../registry/feeds/unit-feeds.ts';
import type { RenderedFeed } from '../../registry/feeds/atom-feed.ts';

/** ATOM is the media type of an Atom feed (RFC 4287 §7). */
export const ATOM = 'application/atom+xml';

const FEED_HEADERS = {
  ETag: { type: 'string', description: 'Strong entity tag: a digest of the feed' },
  'Cache-Control': { type: 'string', description: 'How long a cache may keep the feed' },
  Vary: { type: 'string', description: 'Accept-Language: the feed speaks the reader’s language' },
};
const LangQuery = Type.Object(
  { lang: Type.Optional(Type.String({ enum: ['zh-CN', 'en'], description: 'The feed’s language; absent, Accept-Language, else zh-CN' })) },
  { additionalProperties: false },
);
const feedAnswers = (description: string) => ({
  200: { description, headers: FEED_HEADERS, content: { [ATOM]: { schema: Type.String() } } },
  304: { type: 'null', description: 'Not Modified: the If-None-Match names the current feed (no body)', headers: FEED_HEADERS },
});

/** matches says whether an If-None-Match header names etag (weak comparison, RFC 9110 §13.1.2). */
function matches(header: string, etag: string): boolean {
  return header.trim() === '*' || header.split(',').some((p) => p.trim().replace(/^W\//, '') === etag);
}

/** sendFeed sends a feed with its ETag and Cache-Control, or 304 when the client already holds it. */
function sendFeed(req: FastifyRequest, reply: FastifyReply, feed: RenderedFeed, cacheControl: string): FastifyReply {
  reply.header('etag', feed.etag).header('cache-control', cacheControl).header('vary', 'Accept-Language, Authorization');
  const held = req.headers['if-none-match'];
  if (held !== undefined && matches(held, feed.etag)) return reply.code(304).send();
  return reply.type(`${ATOM}; charset=utf-8`).send(feed.body);
}

function readerOf(req: { query: { lang?: string }; headers: FastifyRequest['headers'] }) {
  const lang = req.query.lang;
  return translator(isLocale(lang) ? lang : localeOfAcceptLanguage(req.headers['accept-language'], UI_DEFAULT_LOCALE));
}

/** originOf is the origin a request came to, which a feed's links name (a malformed Host falls back to localhost). */
function originOf(req: FastifyRequest): string {
  try {
    return new URL(`${req.protocol}://${req.host}`).origin;
  } catch {
    return 'http://localhost';
  }
}

/** feedRoutes: a code's Atom feed of public changes (anyone) and an owner's units' feed (behind its token). */
export const feedRoutes: RoutePlugin = async (app) => {
  const ctx = app.registry;

  app.get(
    '/robots/:code/feed.atom',
    {
      config: { rateLimit: app.publicRateLimit },
      schema: {
        tags: ['public'],
        summary: "Atom feed of a robot's public changes: status, recalls opened and remedied, brands (public)",
        params: CodeParam,
        querystring: LangQuery,
        response: feedAnswers('The Atom feed, newest first'),
      },
    },
    async (req, reply) => sendFeed(req, reply, await unitFeed(ctx, req.params.code, readerOf(req), originOf(req)), PUBLIC_CACHE_CONTROL),
  );

  app.get(
    '/feeds/mine.atom',
    {
      schema: {
        tags: ['robots'],
        summary: 'Atom feed of every event of the robots the caller owns (bearer token)',
        security: [{ bearer: [] }],
        querystring: LangQuery,
        response: feedAnswers('The Atom feed, newest first'),
      },
    },
    // A token's feed is nobody else's: no shared cache keeps it, and a browser asks again each time (cheap with If-None-Match).
    async (req, reply) => sendFeed(req, reply, await ownerFeed(ctx, req.caller, readerOf(req), originOf(req)), 'private, no-cache'),
  );
};
