/**
 * Shared by lifecycle, recall and soak: the registry over the seeded database
 * (openRegistry + buildApp, as `hreg serve` wires it), the participants and
 * API tokens the traffic needs, and a fixed-concurrency HTTP driver for mixed
 * lifecycle traffic (keep-alive node:http clients, one request in flight each).
 */
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal, Role } from '../src/access/principal.ts';
import { buildApp, type App } from '../src/http/app.ts';
import type { RegistryContext } from '../src/registry/context.ts';
import { initRegistry } from '../src/registry/init.ts';
import { openRegistry } from '../src/registry/open.ts';
import { replaceTokenCache, TokenCache } from '../src/registry/participants/token-cache.ts';
import { acceptStanding } from '../src/registry/participants/standing-acceptances.ts';
import { createParticipant } from '../src/registry/participants/participants.ts';
import { createToken } from '../src/registry/participants/tokens.ts';
import { BENCH_ORIGIN } from './database.ts';
import { scenarioDatabase, type Flags } from './flags.ts';
import { progress } from './report.ts';
import { sampleCodes, seed } from './seed.ts';
import { percentile, sleep } from './stats.ts';

/** BENCH_OPERATOR and BENCH_SERVICE name the participants the traffic creates once per database. */
const BENCH_OPERATOR = 'Bench Fleet Operator Co., Ltd.';
const BENCH_SERVICE = 'Bench Field Service Co., Ltd.';
/** MAKERS is how many seeded manufacturers get tokens; their never-sold units carry the writes. */
const MAKERS = 8;

/** Actor is a participant with a fresh API token. */
export interface Actor {
  principal: Principal;
  token: string;
}

/** Registry is the opened registry over the benchmark database with the actors the traffic uses. */
export interface Registry {
  url: string;
  robots: number;
  ctx: RegistryContext;
  regulator: Principal;
  operator: Actor;
  service: Actor;
  /** makers maps a manufacturer's participant id to its actor. */
  makers: Map<string, Actor>;
  /** codes are a random sample of seeded codes for the public reads. */
  codes: string[];
  close(): Promise<void>;
}

function principalOf(r: { id: string; name: string; roles: Role[]; enterprise_code: string | null }): Principal {
  return { participantId: r.id, name: r.name, roles: r.roles, enterpriseCode: r.enterprise_code };
}

/** signerDir keeps one log-signing key per benchmark database across runs (openRegistry creates it on first use). */
export function signerDir(url: string): string {
  return join(tmpdir(), `hreg-bench-signer-${new URL(url).pathname.slice(1)}`);
}

/** openBenchRegistry reuses (or seeds) the scenario database, opens it as the server does and prepares participants and tokens. */
export async function openBenchRegistry(flags: Flags, opts: { sample: boolean } = { sample: true }): Promise<Registry> {
  const url = scenarioDatabase(flags);
  const seeded = await seed({ url, robots: flags.robots, chunk: flags.chunk, reuse: true });
  const ctx = await openRegistry({ dataDir: signerDir(url), databaseUrl: url, origin: BENCH_ORIGIN });
  const store = ctx.store;
  if (flags.tokenCacheTtl !== undefined) replaceTokenCache(store, new TokenCache({ ttlMs: flags.tokenCacheTtl }));
  const now = ctx.now();
  type Row = { id: string; name: string; roles: Role[]; enterprise_code: string | null };
  const find = async (role: Role, name?: string) =>
    (
      await store.query<Row>(
        `SELECT id, name, roles, enterprise_code FROM participants WHERE $1 = ANY(roles) AND ($2::text IS NULL OR name = $2) ORDER BY created_at, id LIMIT 1`,
        [role, name ?? null],
      )
    )[0];
  let reg = await find('regulator');
  if (!reg) {
    const init = await initRegistry(store, now, { name: 'Bench Regulator' });
    reg = { id: init.regulator.id, name: init.regulator.name, roles: init.regulator.roles, enterprise_code: null };
  }
  const regulator = principalOf(reg);
  const participant = async (role: Role, name: string): Promise<Principal> => {
    const found = await find(role, name);
    if (found) return principalOf(found);
    const p = await createParticipant(ctx, regulator, { name, country: 'CN', roles: [role] });
    return { participantId: p.id, name: p.name, roles: p.roles, enterpriseCode: p.enterpriseCode };
  };
  const tokenFor = async (principal: Principal): Promise<Actor> => ({
    principal,
    token: (await store.readWrite((tx) => createToken(tx, now, principal.participantId, 30, 'bench lifecycle traffic'))).token,
  });
  const operator = await tokenFor(await participant('operator', BENCH_OPERATOR));
  const service = await tokenFor(await participant('service', BENCH_SERVICE));
  // The seeded manufacturers own their units: the first few CN makers are the big ones (4 models each).
  const makerRows = await store.query<Row>(
    `SELECT id, name, roles, enterprise_code FROM participants WHERE 'manufacturer' = ANY(roles) AND country = 'CN' AND enterprise_code IS NOT NULL ORDER BY enterprise_code LIMIT $1`,
    [MAKERS],
  );
  const makers = new Map<string, Actor>();
  for (const r of makerRows) makers.set(r.id, await tokenFor(principalOf(r)));
  // The operator takes the makers' sales without an offer to accept (transfer consent), so a sale is one step.
  await acceptStanding(ctx, operator.principal, operator.principal.participantId, [...makers.keys()]);
  const codes = opts.sample ? await sampleCodes(url, flags.sample) : [];
  if (opts.sample)
    progress(
      `sampled ${codes.length.toLocaleString('en-US')} codes for public reads; tokens for ${makers.size} makers, an operator and a service participant`,
    );
  return { url, robots: seeded.robots, ctx, regulator, operator, service, makers, codes, close: () => store.close() };
}

/** listenApp starts the full registry app (huge public rate limit) on 127.0.0.1. */
export async function listenApp(ctx: RegistryContext): Promise<{ app: App; base: string }> {
  const app = await buildApp(ctx, { publicRateLimit: 1_000_000_000 });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base };
}

/** Unit is a never-sold unit one writer walks through its life; maker is the owning manufacturer's token. */
export interface Unit {
  code: string;
  maker: string;
}

/** freshUnits draws n units still owned by a maker that holds a token, never sold and in no open recall. */
export async function freshUnits(reg: Registry, n: number): Promise<Unit[]> {
  const ids = [...reg.makers.keys()];
  const rows = await reg.ctx.store.query<{ code: string; owner_id: string }>(
    `SELECT r.code, r.owner_id FROM robots r
      WHERE r.status = 'registered' AND r.owner_id = ANY($1::uuid[])
        AND NOT EXISTS (SELECT 1 FROM recall_units u JOIN recalls c ON c.id = u.recall_id WHERE u.robot_code = r.code AND c.closed_at IS NULL)
      ORDER BY random() LIMIT $2`,
    [ids, n],
  );
  return rows.map((r) => ({ code: r.code.trim(), maker: reg.makers.get(r.owner_id)!.token }));
}

/** HttpResult is one response. */
export interface HttpResult {
  status: number;
  body: string;
}

/** HttpClient sends requests over keep-alive connections to one base URL. */
export interface HttpClient {
  send(method: string, path: string, token?: string, body?: unknown): Promise<HttpResult>;
  close(): void;
}

/** httpClient keeps up to `sockets` connections open to base. */
export function httpClient(base: string, sockets: number): HttpClient {
  const u = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  return {
    send(method, path, token, body) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(payload));
      }
      return new Promise<HttpResult>((resolve, reject) => {
        const req = request({ host: u.hostname, port: u.port, path, method, headers, agent, timeout: 30_000 }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error('request timed out after 30 s')));
        req.on('error', reject);
        if (payload !== undefined) req.write(payload);
        req.end();
      });
    },
    close: () => agent.destroy(),
  };
}

/** WRITE_KINDS are the lifecycle steps every unit goes through, in order: one event each. */
export const WRITE_KINDS = ['sale', 'deploy', 'grant', 'service', 'incident'] as const;
/** READ_KINDS are the public reads mixed in. */
export const READ_KINDS = ['verify', 'market-access'] as const;
export type Kind = (typeof WRITE_KINDS)[number] | (typeof READ_KINDS)[number];
export const KINDS: readonly Kind[] = [...WRITE_KINDS, ...READ_KINDS];

/** KindStats accumulate one kind's outcomes. */
export interface KindStats {
  ok: number;
  non2xx: number;
  errors: number;
  latencies: number[];
}

/** Tally holds every kind's stats over one measured stretch. */
export class Tally {
  readonly kinds = new Map<Kind, KindStats>(KINDS.map((k) => [k, { ok: 0, non2xx: 0, errors: 0, latencies: [] }]));
  firstFailure: string | undefined;
  readonly started = performance.now();
  ended: number | undefined;
  /** seconds is the stretch's length (up to now while it runs). */
  seconds(): number {
    return ((this.ended ?? performance.now()) - this.started) / 1000;
  }
  record(kind: Kind, ms: number, status: number, detail?: string): void {
    const s = this.kinds.get(kind)!;
    if (status >= 200 && status < 300) {
      s.ok++;
      s.latencies.push(ms);
      return;
    }
    if (status === 0) s.errors++;
    else s.non2xx++;
    s.latencies.push(ms);
    this.firstFailure ??= `${kind}: ${status || 'error'} ${detail?.slice(0, 300) ?? ''}`;
  }
  /** sum adds up ok, non2xx, errors and latencies over kinds. */
  sum(kinds: readonly Kind[] = KINDS): KindStats {
    const out: KindStats = { ok: 0, non2xx: 0, errors: 0, latencies: [] };
    for (const k of kinds) {
      const s = this.kinds.get(k)!;
      out.ok += s.ok;
      out.non2xx += s.non2xx;
      out.errors += s.errors;
      for (const l of s.latencies) out.latencies.push(l);
    }
    return out;
  }
}

/** pcts gives p50 and p99 of latencies (sorted in place). */
export function pcts(latencies: number[]): { p50: number; p99: number; max: number } {
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN };
}

/** Traffic drives the mixed workload: each client owns the units it walks (no two writers on a unit). */
export interface TrafficOptions {
  base: string;
  clients: number;
  readShare: number;
  units: Unit[];
  reg: Registry;
  /** rate, when set, caps the total requests/s with a shared slot scheduler (no catch-up bursts). */
  rate?: number;
}

/** Traffic is a running mixed workload; swap tallies to measure stretches, stop to end it. */
export interface Traffic {
  tally: Tally;
  /** swap starts a fresh tally and returns the one that just ended. */
  swap(): Tally;
  stop(): Promise<Tally>;
  /** unitsLeft is how many fresh units remain for writers. */
  unitsLeft(): number;
}

/** startTraffic runs the mixed lifecycle workload until stopped. */
export function startTraffic(o: TrafficOptions): Traffic {
  const http = httpClient(o.base, o.clients);
  const queue = o.units.slice();
  let tally = new Tally();
  let stopped = false;
  let nextSlot = performance.now();
  const interval = o.rate ? 1000 / o.rate : 0;
  const siteProvinces = ['Guangdong', 'Jiangsu', 'Zhejiang', 'Shanghai', 'Beijing'];
  const operatorId = o.reg.operator.principal.participantId;
  const serviceId = o.reg.service.principal.participantId;
  const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const codes = o.reg.codes;

  const writeOf = (u: Unit, step: number): { token: string; body: unknown } => {
    switch (WRITE_KINDS[step]!) {
      case 'sale':
        return { token: u.maker, body: { type: 'transferred', data: { to: operatorId, sale: true } } };
      case 'deploy': {
        const province = siteProvinces[u.code.charCodeAt(28) % siteProvinces.length]!;
        return {
          token: o.reg.operator.token,
          body: {
            type: 'deployed',
            data: { site: { province, city: 'Bench City', address: 'Dock 7, Bench Road 1' }, domain: 'logistics' },
          },
        };
      }
      case 'grant':
        return { token: o.reg.operator.token, body: { type: 'service_granted', data: { service: serviceId, expiresAt } } };
      case 'service':
        return {
          token: o.reg.service.token,
          body: { type: 'serviced', data: { kind: 'maintenance', notes: 'bench: quarterly maintenance' } },
        };
      case 'incident':
        return {
          token: o.reg.operator.token,
          body: {
            type: 'incident_reported',
            data: { severity: 'minor', kind: 'malfunction', description: 'bench: gripper slipped, no injury' },
          },
        };
    }
  };

  const client = async () => {
    let unit: Unit | undefined;
    let step = 0;
    while (!stopped) {
      if (interval > 0) {
        const now = performance.now();
        const slot = Math.max(nextSlot, now);
        nextSlot = slot + interval;
        if (slot > now) await sleep(slot - now);
        if (stopped) break;
      }
      const read = Math.random() < o.readShare || (unit === undefined && queue.length === 0);
      let kind: Kind;
      let path: string;
      let token: string | undefined;
      let body: unknown;
      if (read) {
        kind = Math.random() < 0.5 ? 'verify' : 'market-access';
        const code = codes[(Math.random() * codes.length) | 0]!;
        path = kind === 'verify' ? `/v1/verify/${code}` : `/v1/robots/${code}/market-access`;
      } else {
        if (unit === undefined) {
          unit = queue.pop()!;
          step = 0;
        }
        kind = WRITE_KINDS[step]!;
        path = `/v1/robots/${unit.code}/events`;
        ({ token, body } = writeOf(unit, step));
      }
      const t = tally;
      const t0 = performance.now();
      let status = 0;
      let detail: string | undefined;
      try {
        const res = await http.send(read ? 'GET' : 'POST', path, token, body);
        status = res.status;
        if (status >= 300) detail = res.body;
      } catch (err) {
        detail = err instanceof Error ? err.message : String(err);
      }
      t.record(kind, performance.now() - t0, status, detail);
      if (!read) {
        // A failed step breaks the unit's chain: move on to a fresh unit.
        if (status >= 200 && status < 300 && step < WRITE_KINDS.length - 1) step++;
        else unit = undefined;
      }
    }
  };
  const running = Promise.all(Array.from({ length: o.clients }, client));
  return {
    get tally() {
      return tally;
    },
    swap() {
      const ended = tally;
      ended.ended = performance.now();
      tally = new Tally();
      return ended;
    },
    async stop() {
      stopped = true;
      tally.ended = performance.now();
      await running;
      http.close();
      return tally;
    },
    unitsLeft: () => queue.length,
  };
}

/** loadAvg1 is the 1-minute load average now. */
export async function loadAvg1(): Promise<number> {
  return (await import('node:os')).loadavg()[0]!;
}
