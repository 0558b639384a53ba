import { execFile } from 'node:child_process';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { programArgs } from '../compiled.ts';

/** ROOT is the repository root, where the CLI runs. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Run is one finished CLI invocation. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** LOCALE_VARIABLES are the variables that choose the CLI's language; runCli clears them so the machine's locale never changes results. */
const LOCALE_VARIABLES = ['HREG_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG', 'LANGUAGE'];

/**
 * runCli runs the hreg CLI as a child process, as a user would, against the server at url.
 * It runs under LANG=C (English) unless opts.env sets a language, e.g. { LANG: 'zh_CN.UTF-8' }.
 */
export function runCli(args: string[], opts: { url: string; token?: string; env?: Record<string, string> }): Promise<Run> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !LOCALE_VARIABLES.includes(k)));
  const env = { ...inherited, LANG: 'C', HREG_URL: opts.url, HREG_TOKEN: opts.token ?? '', ...opts.env };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...programArgs('hreg'), ...args],
      { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** json asserts the run succeeded and parses its JSON output. */
export function json(run: Run): any {
  assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
