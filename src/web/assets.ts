/**
 * The browser UI's assets, bundled by esbuild from web/ into memory on first
 * request (nothing is fetched from a CDN), then served from memory.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** WebAssets are the bundled script and stylesheet with a content hash for cache busting. */
export interface WebAssets {
  js: string;
  css: string;
  version: string;
}

/** WEB_ROOT is the folder holding the browser code. */
export const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

let built: Promise<WebAssets> | undefined;

async function bundle(): Promise<WebAssets> {
  const result = await build({
    entryPoints: [WEB_ROOT + 'main.ts'],
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    // The CLI's CSV parser runs in the browser on csv-parse's browser build.
    alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
    logLevel: 'silent',
  });
  const out = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  const js = out('.js');
  const css = out('.css');
  return { js, css, version: createHash('sha256').update(js).update(css).digest('hex').slice(0, 12) };
}

/** webAssets builds the bundle once per process and returns it. */
export function webAssets(): Promise<WebAssets> {
  built ??= bundle().catch((err) => {
    built = undefined;
    throw err;
  });
  return built;
}
