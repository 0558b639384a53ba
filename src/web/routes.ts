import { Type } from 'typebox';
import type { App } from '../http/app.ts';
import { RegistryError } from '../errors.ts';
import { verifyCode } from '../registry/verify-code.ts';
import { webAssets } from './assets.ts';
import { labelPng, labelSvg, MAX_SHEET_LABELS, sheetSvg } from './labels.ts';

/** WebOptions configure the browser UI. */
export interface WebOptions {
  /** publicUrl is the base of the URLs printed in nameplate QR codes; unset, the request's own origin. */
  publicUrl?: string;
}

/** PAGES are the UI's routes; each serves the same shell and the script renders the page. */
const PAGES = ['/', '/r/:code', '/passport', '/passport/:code', '/dashboard', '/portal', '/signin'];

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function shell(version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Humanoid Registry</title>
<link rel="stylesheet" href="/assets/app.css?v=${version}">
<script type="module" src="/assets/app.js?v=${version}"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><div class="wrap"><a class="brand" href="/">Humanoid Registry</a><nav id="nav" aria-label="Main"></nav></div></header>
<main id="main" class="wrap" tabindex="-1"><noscript>This page needs JavaScript. The same facts are at <a href="/docs">the public API</a>.</noscript></main>
<footer class="wrap foot">National lifecycle registry for humanoid robots · <a href="/docs">API</a></footer>
</body>
</html>`;
}

/** baseUrlOf is where nameplate QR codes point: the configured public URL, or this request's origin. */
function baseUrlOf(opts: WebOptions, req: { protocol: string; host: string }): string {
  return opts.publicUrl ?? `${req.protocol}://${req.host}`;
}

/** registeredCode checks that input is a valid, registered code and returns its compact form. */
async function registeredCode(app: App, input: string): Promise<string> {
  return (await verifyCode(app.registry, input)).code;
}

/** webRoutes serve the browser UI, its bundled assets and nameplate labels. */
export function webRoutes(app: App, opts: WebOptions = {}): void {
  const hide = { hide: true };
  for (const path of PAGES) {
    app.get(path, { schema: hide }, async (_req, reply) => {
      const { version } = await webAssets();
      return reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).header('cache-control', 'no-cache').send(shell(version));
    });
  }
  app.get('/assets/app.js', { schema: hide }, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send((await webAssets()).js));
  app.get('/assets/app.css', { schema: hide }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send((await webAssets()).css));

  app.get('/labels/sheet.svg', {
    schema: {
      tags: ['public'], summary: `A printable sheet of nameplate labels for registered codes (at most ${MAX_SHEET_LABELS})`,
      querystring: Type.Object({ codes: Type.String({ minLength: 1, maxLength: MAX_SHEET_LABELS * 40, description: 'Comma-separated codes, either form' }) }, { additionalProperties: false }),
    },
  }, async (req, reply) => {
    const inputs = req.query.codes.split(',').map((s) => s.trim()).filter(Boolean);
    if (inputs.length === 0 || inputs.length > MAX_SHEET_LABELS) {
      throw new RegistryError('INVALID_ARGUMENT', `A sheet holds 1 to ${MAX_SHEET_LABELS} labels, not ${inputs.length}.`, { limit: MAX_SHEET_LABELS });
    }
    const codes = [];
    for (const c of inputs) codes.push(await registeredCode(app, c));
    return reply.type('image/svg+xml; charset=utf-8').send(await sheetSvg(codes, baseUrlOf(opts, req)));
  });

  app.get('/labels/:file', {
    schema: {
      tags: ['public'], summary: 'A nameplate label: /labels/{code}.svg (display code and QR code) or /labels/{code}.png (the QR code)',
      params: Type.Object({ file: Type.String({ maxLength: 220, pattern: '\\.(svg|png)$' }) }),
    },
  }, async (req, reply) => {
    const ext = req.params.file.slice(-3);
    const code = await registeredCode(app, req.params.file.slice(0, -4));
    const base = baseUrlOf(opts, req);
    reply.header('cache-control', 'public, max-age=86400');
    if (ext === 'png') return reply.type('image/png').send(await labelPng(code, base));
    return reply.type('image/svg+xml; charset=utf-8').send(await labelSvg(code, base));
  });
}
