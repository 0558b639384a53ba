/**
 * The browser UI's assets: web/ bundled by esbuild (nothing is fetched from a
 * CDN). `npm install` builds them into dist/web (scripts/build-web.ts, the
 * `prepare` script); the server serves that build, and bundles into memory
 * instead only when there is none or web/ changed after it (a developer
 * editing the UI).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../../package-root.ts';

/** WebAssets are the bundled script and stylesheet with a content hash for cache busting. */
export interface WebAssets {
  js: string;
  css: string;
  version: string;
}

/** WEB_ROOT is the folder holding the browser code. */
export const WEB_ROOT = packagePath('web') + '/';

/** DIST_WEB is where the install-time build goes. */
export const DIST_WEB = packagePath('dist', 'web') + '/';

const FILES = { js: 'app.js', css: 'app.css', version: 'version.txt' } as const;

/** bundleWeb bundles web/ with esbuild, minified, in memory. */
export async function bundleWeb(): Promise<WebAssets> {
  // esbuild is a development dependency: loaded only to build, never by a server that has its build.
  const { build } = await import('esbuild');
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

/** writeWebAssets writes a bundle to dir (the version file last, so a half-written build is never taken as whole). */
export function writeWebAssets(assets: WebAssets, dir = DIST_WEB): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, FILES.js), assets.js);
  writeFileSync(join(dir, FILES.css), assets.css);
  writeFileSync(join(dir, FILES.version), `${assets.version}\n`);
}

/** newestSource is the latest modification time of any file under dir. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** readWebAssets reads the build in dir, or undefined when there is none or web/ changed after it. */
export function readWebAssets(dir = DIST_WEB): WebAssets | undefined {
  const versionFile = join(dir, FILES.version);
  if (!existsSync(versionFile) || statSync(versionFile).mtimeMs < newestSource(WEB_ROOT)) return undefined;
  return {
    js: readFileSync(join(dir, FILES.js), 'utf8'),
    css: readFileSync(join(dir, FILES.css), 'utf8'),
    version: readFileSync(versionFile, 'utf8').trim(),
  };
}

let assets: Promise<WebAssets> | undefined;

/** webAssets returns the install-time build, or bundles in memory once per process when it is missing or stale. */
export function webAssets(): Promise<WebAssets> {
  assets ??= Promise.resolve(readWebAssets() ?? bundleWeb()).catch((err) => {
    assets = undefined;
    throw err;
  });
  return assets;
}
