import { spawn, type ChildProcess } from 'node:child_process';
import { programArgs } from './compiled.ts';

/** ChildServer is a registry server running as its own process, as `npm start` runs it. */
export interface ChildServer {
  child: ChildProcess;
  url: string;
}

/** startChildServer runs the server (compiled when fresh, see compiled.ts) with env (no demo fleet, silent logs, a free port, no public rate limit) and resolves with its URL. */
export async function startChildServer(env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, programArgs('main'), {
    // Like the in-process harness, the test's own reads are not rate-limited (a test may pass its own limit).
    env: { ...process.env, HREG_PUBLIC_RATE_LIMIT: '1000000', ...env, PORT: '0', LOG_LEVEL: 'silent', HREG_DEMO: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { child, url };
}
