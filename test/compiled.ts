import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ROOT is the repository root. */
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** PROGRAMS are the two programs the tests start as a user would: the server and the CLI. */
const PROGRAMS = {
  main: { compiled: 'dist/server/main.js', source: 'src/main.ts' },
  hreg: { compiled: 'dist/server/hreg.js', source: 'src/cli/hreg.ts' },
} as const;

/** newestSource is the latest modification time of any file under src/. */
function newestSource(): number {
  let newest = 0;
  for (const f of readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })) {
    newest = Math.max(newest, statSync(join(ROOT, 'src', f)).mtimeMs);
  }
  return newest;
}

let fresh: boolean | undefined;

/**
 * RUN_BUILD is the compiled build `npm test` made for its own run (scripts/test.ts), named by
 * HREG_TEST_BUILD: a folder of its own, so neither an edit saved while the suite runs nor a build
 * made beside it (which empties dist/server) changes what the files that start later run.
 */
const RUN_BUILD = process.env.HREG_TEST_BUILD || undefined;

/** compiledIsFresh says whether dist/server was built after the last change to src/. */
function compiledIsFresh(): boolean {
  if (fresh === undefined) {
    const source = newestSource();
    fresh = Object.values(PROGRAMS).every((p) => {
      try {
        return statSync(join(ROOT, p.compiled)).mtimeMs >= source;
      } catch {
        return false;
      }
    });
  }
  return fresh;
}

/**
 * programArgs is the node arguments that start a program (run from the repository root): the
 * compiled build, as `npm start` and `hreg` run it, when it is newer than every source file;
 * otherwise the sources through tsx, so a test run after an edit never exercises stale code.
 * The compiled CLI starts in a third of the CPU time, and the CLI tests start it hundreds of times.
 */
export function programArgs(program: keyof typeof PROGRAMS): string[] {
  const p = PROGRAMS[program];
  if (RUN_BUILD) return ['--enable-source-maps', join(RUN_BUILD, basename(p.compiled))];
  return compiledIsFresh() ? ['--enable-source-maps', join(ROOT, p.compiled)] : ['--import', 'tsx', join(ROOT, p.source)];
}
