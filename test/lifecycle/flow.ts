/**
 * Helpers for the lifecycle tests: a cast of participants, units brought into
 * a given status through the HTTP API, and checks that a refused request
 * changed nothing.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { enrol, fileModel, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';

export type Res = Awaited<ReturnType<TestRegistry['call']>>;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** MovableClock is a registry clock that follows real time plus an offset tests move forward. */
export interface MovableClock {
  now(): Date;
  advance(ms: number): void;
}

export function movableClock(): MovableClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** SITE is a deployment site; address and coordinates are personal data. */
export const SITE = {
  province: 'Guangdong',
  city: 'Shenzhen',
  address: '88 Keyuan Road, Nanshan District',
  latitude: 22.54,
  longitude: 113.95,
};
export const DOMAIN = 'warehouse logistics';

/** Cast is the set of participants the lifecycle tests play with. */
export interface Cast {
  /** maker is a manufacturer that also sells (a manufacturer-seller). */
  maker: Enrolled;
  /** otherMaker is an unrelated manufacturer. */
  otherMaker: Enrolled;
  /** model is approved; pending is filed and not approved. */
  model: string;
  pending: string;
  /** buyer is an end owner (operator role). */
  buyer: Enrolled;
  /** buyer2 is another end owner. */
  buyer2: Enrolled;
  /** operator runs units at sites for their owners. */
  operator: Enrolled;
  service: Enrolled;
  service2: Enrolled;
  recycler: Enrolled;
  recycler2: Enrolled;
  /** stranger is a seller with no relation to any unit. */
  stranger: Enrolled;
  regulator: { token: string };
}

/** makeCast enrols the cast and files an approved and a pending model. */
export async function makeCast(r: TestRegistry): Promise<Cast> {
  const maker = await enrol(r, ['manufacturer', 'seller'], 'Maker-Seller Robotics');
  const otherMaker = await enrol(r, ['manufacturer'], 'Other Maker');
  const [model, pending] = [await fileModel(r, maker), await fileModel(r, maker, false)];
  const [buyer, buyer2, operator, service, service2, recycler, recycler2, stranger] = await Promise.all([
    enrol(r, ['operator'], 'Buyer Logistics'),
    enrol(r, ['operator'], 'Second Buyer'),
    enrol(r, ['operator'], 'Site Operator'),
    enrol(r, ['service'], 'Service Co'),
    enrol(r, ['service'], 'Other Service'),
    enrol(r, ['recycler'], 'Green Recycling'),
    enrol(r, ['recycler'], 'Other Recycling'),
    enrol(r, ['seller'], 'Unrelated Dealer'),
  ]);
  const cast = {
    maker,
    otherMaker,
    model,
    pending,
    buyer,
    buyer2,
    operator,
    service,
    service2,
    recycler,
    recycler2,
    stranger,
    regulator: { token: r.regulatorToken },
  };
  await acceptEachOther(r, [maker, otherMaker, buyer, buyer2, operator, service, service2, recycler, recycler2, stranger]);
  return cast;
}

/**
 * acceptEachOther gives every one of parties standing acceptance of
 * transfers from all the others, so the lifecycle tests' sales complete in
 * one step; test/security/transfer-consent.test.ts tests offers without it.
 */
export async function acceptEachOther(r: TestRegistry, parties: readonly Enrolled[]): Promise<void> {
  for (const p of parties) {
    const senders = parties.filter((q) => q.id !== p.id).map((q) => q.id);
    const res = await r.call('POST', `/v1/participants/${p.id}/standing-acceptances`, { token: p.token, body: { senders } });
    assert.equal(res.status, 200, `standing acceptance: ${JSON.stringify(res.body)}`);
  }
}

/** newUnit registers one unit of model (default: the maker's approved model) and returns its code. */
export async function newUnit(r: TestRegistry, maker: Enrolled, model: string, extra: { firmware?: string } = {}): Promise<string> {
  const res = await r.call('POST', '/v1/robots', { token: maker.token, body: { ...unitBody(model), ...extra } });
  assert.equal(res.status, 201, `register: ${JSON.stringify(res.body)}`);
  return res.body.code;
}

/** record posts one lifecycle event. */
export function record(
  r: TestRegistry,
  token: string | undefined,
  code: string,
  type: string,
  data: unknown,
  opts: { occurredAt?: string; headers?: Record<string, string> } = {},
): Promise<Res> {
  const body = { type, data, ...(opts.occurredAt !== undefined ? { occurredAt: opts.occurredAt } : {}) };
  return r.call('POST', `/v1/robots/${code}/events`, { token, body, headers: opts.headers });
}

/** ok asserts an event was accepted (201) and returns the answer. */
export function ok(res: Res, what = ''): Res {
  assert.equal(res.status, 201, `${what} expected 201, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

/** refused asserts a problem answer with status and code. */
export function refused(res: Res, status: number, code: string, what = ''): Res {
  assert.equal(res.status, status, `${what} expected ${status} ${code}, got ${res.status}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.code, code, `${what}: ${JSON.stringify(res.body)}`);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  return res;
}

/** passport reads GET /v1/robots/{code} with token (none: the public). */
export async function passport(r: TestRegistry, code: string, token?: string): Promise<any> {
  const res = await r.call('GET', `/v1/robots/${code}`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** eventsOf reads every event of a unit as token sees them. */
export async function eventsOf(r: TestRegistry, code: string, token: string): Promise<any[]> {
  const res = await r.call('GET', `/v1/robots/${code}/events?limit=500`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items;
}

/** access reads the public market-access answer. */
export async function access(r: TestRegistry, code: string): Promise<{ allowed: boolean; reasons: string[] }> {
  const res = await r.call('GET', `/v1/robots/${code}/market-access`);
  assert.equal(res.status, 200);
  return { allowed: res.body.allowed, reasons: res.body.reasons };
}

/** Snapshot is everything an event may change about a unit, and the log's size. */
export async function snapshot(r: TestRegistry, code: string) {
  const q = r.ctx.store;
  const [robot] = await q.query(
    'SELECT status, owner_id, operator_id, site, firmware, suspended, stolen, resume_status, version, offer FROM robots WHERE code = $1',
    [code],
  );
  const [counts] = await q.query<{ events: number; size: number; grants: number; personal: number; incidents: number; ownerships: number }>(
    `SELECT (SELECT count(*)::int FROM events WHERE robot_code = $1) AS events,
            (SELECT size FROM log_head) AS size,
            (SELECT count(*)::int FROM service_grants WHERE robot_code = $1) AS grants,
            (SELECT count(*)::int FROM personal_data) AS personal,
            (SELECT count(*)::int FROM incidents) AS incidents,
            (SELECT count(*)::int FROM ownerships WHERE robot_code = $1) AS ownerships`,
    [code],
  );
  const components = await q.query(
    'SELECT component_type, maker, serial, robot_code, state FROM components WHERE robot_code = $1 ORDER BY 1, 2, 3',
    [code],
  );
  return { robot, counts, components };
}

/** unchanged runs fn (which should be refused) and asserts it changed nothing on any of codes, nor the log. */
export async function unchanged(r: TestRegistry, codes: string | string[], fn: () => Promise<unknown>): Promise<void> {
  const list = Array.isArray(codes) ? codes : [codes];
  const before = await Promise.all(list.map((c) => snapshot(r, c)));
  await fn();
  const after = await Promise.all(list.map((c) => snapshot(r, c)));
  assert.deepEqual(after, before, 'a refused request changed nothing: robot version, events, log size, side tables');
}

/** logSize is the number of leaves in the log. */
export async function logSize(r: TestRegistry): Promise<number> {
  const [row] = await r.ctx.store.query<{ size: number }>('SELECT size FROM log_head');
  return row!.size;
}

/** version reads a unit's current version. */
export async function version(r: TestRegistry, code: string): Promise<number> {
  const [row] = await r.ctx.store.query<{ version: number }>('SELECT version FROM robots WHERE code = $1', [code]);
  return row!.version;
}

/** transfer records a sale (sale: true) or handover from its owner to `to`. */
export function transfer(
  r: TestRegistry,
  from: Enrolled,
  code: string,
  to: { id: string },
  sale: boolean,
  headers?: Record<string, string>,
): Promise<Res> {
  return record(r, from.token, code, 'transferred', { to: to.id, sale }, { headers });
}

/** deployData is a deployment at SITE, run by operator when given. */
export function deployData(operator?: { id: string }) {
  return { site: SITE, domain: DOMAIN, ...(operator ? { operator: operator.id } : {}) };
}

/** grant has the owner grant service to a service participant for `ms` from the registry's now. */
export function grant(r: TestRegistry, owner: Enrolled, code: string, service: { id: string }, ms = 30 * DAY): Promise<Res> {
  return record(r, owner.token, code, 'service_granted', {
    service: service.id,
    expiresAt: new Date(r.ctx.now().getTime() + ms).toISOString(),
  });
}

export type Stage =
  | 'registered'
  | 'in_use'
  | 'deployed'
  | 'in_service'
  | 'decommissioned'
  | 'handed_to_recycler'
  | 'recycling'
  | 'scrapped';

/**
 * unitIn registers a unit and brings it to stage through the API:
 * sold by the maker to c.buyer (in_use), deployed by the buyer with
 * c.operator at SITE, in service with c.service under the buyer's grant,
 * decommissioned by the buyer, handed to c.recycler, received, scrapped.
 */
export async function unitIn(r: TestRegistry, c: Cast, stage: Stage, opts: { model?: string; firmware?: string } = {}): Promise<string> {
  const code = await newUnit(r, c.maker, opts.model ?? c.model, opts.firmware ? { firmware: opts.firmware } : {});
  if (stage === 'registered') return code;
  ok(await transfer(r, c.maker, code, c.buyer, true), 'sale');
  if (stage === 'in_use') return code;
  if (stage === 'deployed' || stage === 'in_service') {
    ok(await record(r, c.buyer.token, code, 'deployed', deployData(c.operator)), 'deploy');
    if (stage === 'deployed') return code;
    ok(await grant(r, c.buyer, code, c.service), 'grant');
    ok(await record(r, c.service.token, code, 'service_started', {}), 'service_started');
    return code;
  }
  ok(await record(r, c.buyer.token, code, 'decommissioned', { reason: 'end of life' }), 'decommission');
  if (stage === 'decommissioned') return code;
  ok(await transfer(r, c.buyer, code, c.recycler, false), 'handover to recycler');
  if (stage === 'handed_to_recycler') return code;
  ok(await record(r, c.recycler.token, code, 'recycling_received', {}), 'recycling_received');
  if (stage === 'recycling') return code;
  ok(await record(r, c.recycler.token, code, 'scrapped', { method: 'shredding' }), 'scrapped');
  return code;
}

/** createParticipants enrols n participants with roles (no tokens), n at a time in parallel. */
export async function createParticipants(r: TestRegistry, n: number, roles: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, n - i) }, () =>
        r.call('POST', '/v1/participants', {
          token: r.regulatorToken,
          body: { name: `Recipient ${randomBytes(4).toString('hex')}`, country: 'CN', roles },
        }),
      ),
    );
    for (const p of batch) {
      assert.equal(p.status, 201, JSON.stringify(p.body));
      ids.push(p.body.id);
    }
  }
  return ids;
}
