/**
 * The compiled build: esbuild bundles our own modules (src/main.ts and src/cli/hreg.ts)
 * into ES modules with source maps, leaving every package in node_modules to Node. Each
 * CLI command's lazy import becomes a chunk of its own, so `hreg --help` loads the
 * command table and the catalogues and nothing else.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** DIST_SERVER is where the compiled server and CLI go. */
export const DIST_SERVER = fileURLToPath(new URL('../dist/server/', import.meta.url));

/** ENTRY_POINTS are the compiled build's programs: the server (`npm start`) and the CLI (`hreg`). */
export const ENTRY_POINTS = { main: 'src/main.ts', hreg: 'src/cli/hreg.ts' } as const;

/** buildServer writes the compiled build into outdir (emptied first) and returns how many files it wrote. */
export async function buildServer(outdir = DIST_SERVER): Promise<number> {
  rmSync(outdir, { recursive: true, force: true });
  const root = fileURLToPath(new URL('..', import.meta.url));
  const result = await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    // The maps point at src/, which ships beside dist/: stack traces name the TypeScript lines.
    sourcesContent: false,
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  return Object.keys(result.metafile.outputs).length;
}
