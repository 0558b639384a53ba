import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { RoutePlugin } from '../route-plugin.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { localeOfAcceptLanguage } from '../../i18n/accept-language.ts';
import { type Locale, UI_DEFAULT_LOCALE } from '../../i18n/locale.ts';
import { type MessageValues, translator } from '../../i18n/translator.ts';
import { verifyCode } from '../../registry/robots/verify-code.ts';
import type { RegistryContext } from '../../registry/context.ts';
import { publicRead } from '../public-read.ts';
import { webAssets } from './assets.ts';
import { type LabelUnit, LabelRenderer, MAX_SHEET_LABELS } from './labels.ts';

/** UiOptions configure the browser UI. */
export interface UiOptions {
  /** publicUrl is the base of the URLs printed in nameplate QR codes; unset, the address the server listens on. */
  publicUrl?: string;
}

/** LABEL_RATE_DIVISOR: PNG labels and sheets, which cost far more to draw, get this fraction of the public rate limit. */
export const LABEL_RATE_DIVISOR = 10;

/** PAGES are the UI's routes; each serves the same shell and the script renders the page. */
const PAGES = [
  '/',
  '/r/:code',
  '/passport',
  '/passport/:code',
  '/dashboard',
  '/portal',
  '/signin',
  '/campaigns',
  '/campaigns/:id',
  '/certified',
  '/reports',
  '/late',
];

const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** escapeHtml keeps catalogue text literal inside the shell's HTML. */
const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * shell is the page every UI route serves, in the reader's language by
 * Accept-Language (Simplified Chinese when none matches); the script then
 * follows the browser's languages or the reader's stored choice.
 */
function shell(version: string, locale: Locale): string {
  const tr = translator(locale);
  const t = (key: MessageKey, values?: MessageValues) => escapeHtml(tr.t(key, values));
  const app = t('app.name');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${app}</title>
<link rel="stylesheet" href="/assets/app.css?v=${version}">
<script type="module" src="/assets/app.js?v=${version}"></script>
</head>
<body>
<a class="skip" id="skip" href="#main">${t('web.skip')}</a>
<header class="top"><div class="wrap"><a class="brand" id="brand" href="/">${app}</a><nav id="nav" aria-label="${t('web.nav.label')}"></nav></div></header>
<main id="main" class="wrap" tabindex="-1"><noscript>${tr
    .t('web.noscript', { link: '\uE000' })
    .split('\uE000')
    .map(escapeHtml)
    .join(`<a href="/docs">${t('web.noscript.link')}</a>`)}</noscript></main>
<footer class="wrap foot" id="foot">${t('web.footer')} · <a href="/docs">${t('web.footer.api')}</a></footer>
</body>
</html>`;
}

/**
 * baseUrlOf is where nameplate QR codes point: the configured public URL, else
 * the address the server listens on — never a request's Host header, which
 * anyone may set and which would then sit in a publicly cached label.
 */
function baseUrlOf(app: FastifyInstance, opts: UiOptions): string {
  if (opts.publicUrl) return opts.publicUrl;
  const a = app.server.address();
  if (a === null || typeof a === 'string') return 'http://localhost';
  return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
}

/**
 * registeredUnit checks that input is a valid, registered code and returns what its label
 * shows: the compact code and the maker's name, both from the one query of public verification.
 */
async function registeredUnit(ctx: RegistryContext, input: string): Promise<LabelUnit> {
  const v = await verifyCode(ctx, input);
  return { code: v.code, maker: v.manufacturer.name };
}

/** uiRoutes serve the browser UI, its bundled assets and nameplate labels. */
export const uiRoutes: RoutePlugin<UiOptions> = async (app, opts) => {
  const hide = { hide: true };
  const labels = new LabelRenderer();
  const { max, timeWindow } = app.publicRateLimit;
  const costly = { max: Math.max(1, Math.floor(max / LABEL_RATE_DIVISOR)), timeWindow };
  // PNG shares its route with SVG, so its tighter limit is a second counter checked in the handler.
  const pngCounter = app.createRateLimit(costly);
  const pngLimit = async (req: FastifyRequest) => {
    const r = await pngCounter(req);
    if (!r.isAllowed && r.isExceeded) throw new RegistryError('RATE_LIMITED', msg('problem.labels.rateLimit', { max: costly.max }));
  };
  for (const path of PAGES) {
    app.get(path, { schema: hide }, async (req, reply) => {
      const { version } = await webAssets();
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', CSP)
        .header('cache-control', 'no-cache')
        .header('vary', 'accept-language')
        .send(shell(version, localeOfAcceptLanguage(req.headers['accept-language'], UI_DEFAULT_LOCALE)));
    });
  }
  app.get('/assets/app.js', { schema: hide }, async (_req, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send((await webAssets()).js),
  );
  app.get('/assets/app.css', { schema: hide }, async (_req, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send((await webAssets()).css),
  );

  app.get(
    '/labels/sheet.svg',
    {
      config: { rateLimit: costly },
      schema: {
        tags: ['public'],
        summary: `A printable sheet of nameplate labels for registered codes (at most ${MAX_SHEET_LABELS})`,
        querystring: Type.Object(
          { codes: Type.String({ minLength: 1, maxLength: MAX_SHEET_LABELS * 40, description: 'Comma-separated codes, either form' }) },
          { additionalProperties: false },
        ),
        response: { 200: { description: 'The label sheet', content: { 'image/svg+xml': { schema: Type.String() } } } },
      },
    },
    async (req, reply) => {
      const inputs = req.query.codes
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (inputs.length === 0 || inputs.length > MAX_SHEET_LABELS) {
        throw new RegistryError('INVALID_ARGUMENT', msg('problem.labels.sheet', { max: MAX_SHEET_LABELS, n: inputs.length }), {
          limit: MAX_SHEET_LABELS,
        });
      }
      const units = await publicRead(req, reply, async (ctx) => {
        const found = [];
        for (const c of inputs) found.push(await registeredUnit(ctx, c));
        return found;
      });
      const sheet = await labels.sheet(units, baseUrlOf(app, opts));
      return reply.type('image/svg+xml; charset=utf-8').header('x-label-renders', String(sheet.rendered)).send(sheet.body);
    },
  );

  app.get(
    '/labels/:file',
    {
      config: { rateLimit: { max, timeWindow } },
      schema: {
        tags: ['public'],
        summary:
          'A nameplate label in Chinese and English: /labels/{code}.svg (display code, maker and QR code) or /labels/{code}.png (the same, rasterised)',
        params: Type.Object({ file: Type.String({ maxLength: 220, pattern: '\\.(svg|png)$' }) }),
        response: {
          200: {
            description: 'The label: SVG for .svg, PNG for .png',
            content: {
              'image/svg+xml': { schema: Type.String() },
              'image/png': { schema: Type.Unsafe<Buffer>({ type: 'string', contentMediaType: 'image/png' }) },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const ext = req.params.file.slice(-3);
      if (ext === 'png') await pngLimit(req);
      const unit = await publicRead(req, reply, (ctx) => registeredUnit(ctx, req.params.file.slice(0, -4)));
      const base = baseUrlOf(app, opts);
      reply.header('cache-control', 'public, max-age=86400');
      const label = ext === 'png' ? await labels.png(unit, base) : await labels.svg(unit, base);
      // x-label-renders says how many labels were drawn for this answer: 0 when served from the cache.
      reply.header('x-label-renders', String(label.rendered));
      return reply.type(ext === 'png' ? 'image/png' : 'image/svg+xml; charset=utf-8').send(label.body);
    },
  );
};
