import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { programArgs } from './compiled.ts';
import { ENGINE, freshDatabase, MODEL_PARAMETERS } from './harness.ts';

/** freePort asks the kernel for a port free on 127.0.0.1 now (for a process that must be told its port). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

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
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr?.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { child, url };
}

/** ServerWithModel is a server in its own process, on a data folder (and on PostgreSQL a database) of its own, with a maker and its approved model. */
export interface ServerWithModel extends ChildServer {
  /** restart starts the server again on the same data, in a new process. */
  restart(): Promise<ChildServer>;
  regulator: string;
  verifierKey: string;
  makerToken: string;
  model: string;
  /** dispose kills whichever of its servers still runs (so a failed test never hangs), drops the database and removes the data folder. */
  dispose(): Promise<void>;
}

/** postJson sends a write with a bearer token and reads its JSON answer. */
async function postJson(url: string, token: string, body: unknown): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const answer = await res.json();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/**
 * startServerWithModel starts the server with env (see startChildServer) on a fresh data folder and, on
 * PostgreSQL, a fresh database, then enrols makerName as a manufacturer with a token and has the
 * regulator approve its model modelName (one component type, main_controller): where the tests that
 * stop a server under concurrent writers begin.
 */
export async function startServerWithModel(
  makerName: string,
  modelName: string,
  extraEnv: Record<string, string> = {},
): Promise<ServerWithModel> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hreg-child-'));
  const db = ENGINE === 'postgres' ? await freshDatabase() : undefined;
  const env: Record<string, string> = { ...extraEnv, HREG_DATA: dataDir, ...(db?.url ? { DATABASE_URL: db.url } : {}) };
  const children: ChildProcess[] = [];
  const start = async () => {
    const server = await startChildServer(env);
    children.push(server.child);
    return server;
  };
  const dispose = async () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((res) => child.once('exit', res));
      child.kill('SIGKILL');
      await exited;
    }
    await db?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const server = await start();
    const { url } = server;
    const regulator = readFileSync(join(dataDir, 'regulator-token.txt'), 'utf8').trim();
    const verifierKey = (await (await fetch(`${url}/v1/log/key`)).text()).trim();
    const maker = await postJson(`${url}/v1/participants`, regulator, { name: makerName, country: 'CN', roles: ['manufacturer'] });
    const makerToken = (await postJson(`${url}/v1/participants/${maker.id}/tokens`, regulator, {})).token as string;
    const filed = await postJson(`${url}/v1/models`, makerToken, {
      name: modelName,
      category: 'test',
      parameters: MODEL_PARAMETERS,
      componentTypes: ['main_controller'],
    });
    await postJson(`${url}/v1/models/${maker.enterpriseCode}/${filed.modelCode}/approve`, regulator, {});
    return { ...server, restart: start, regulator, verifierKey, makerToken, model: filed.modelCode, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
