import { execFile } from 'node:child_process';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

/** ROOT is the repository root, where the CLI runs. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'src/cli/hreg.ts');

/** Run is one finished CLI invocation. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** runCli runs the hreg CLI as a child process, as a user would, against the server at url. */
export function runCli(args: string[], opts: { url: string; token?: string }): Promise<Run> {
  const env = { ...process.env, HREG_URL: opts.url, HREG_TOKEN: opts.token ?? '' };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
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
