/**
 * Authorization matrix (issue "Hardening", item 3): one request per row of
 * test/security/policy.ts × caller kind × relation, against one shared
 * fixture. Allowed requests answer 2xx; denied ones answer the expected
 * status with a problem+json body and its stable code, and change nothing.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { acceptEachOther, deployData, DAY } from '../lifecycle/flow.ts';
import { CALLERS, outcomeOf, POLICY, type CallerKind, type Relation, type RoutePolicy } from './policy.ts';
import { assertProblem, digest, registeredRoutes } from './support.ts';

interface Fixture {
  r: TestRegistry;
  tokens: Record<CallerKind, string | undefined>;
  ids: Record<Exclude<CallerKind, 'public'>, string>;
  makerA: Enrolled;
  makerB: Enrolled;
  ownerA: Enrolled;
  ownerB: Enrolled;
  seller: Enrolled;
  svc: Enrolled;
  recycler: Enrolled;
  modelA: string;
  modelB: string;
  spareModelA: string;
  spareModelB: string;
  robotA: string;
  robotB: string;
  robotR: string;
  recallA: string;
  recallB: string;
  webhooks: Record<Exclude<CallerKind, 'public'>, string> & { makerB: string };
  spareTokenB: string;
  newRobotA(): Promise<string>;
  newRobotB(): Promise<string>;
  newRobotR(): Promise<string>;
}

async function must(p: Promise<{ status: number; body: any }>, what: string): Promise<any> {
  const res = await p;
  assert.ok(res.status >= 200 && res.status < 300, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function buildFixture(): Promise<Fixture> {
  const r = await testRegistry();
  const reg = r.regulatorToken;
  const [makerA, makerB] = [await enrol(r, ['manufacturer'], 'Maker A'), await enrol(r, ['manufacturer'], 'Maker B')];
  const [seller, ownerA, ownerB, svc, recycler] = await Promise.all([
    enrol(r, ['seller'], 'Dealer'),
    enrol(r, ['operator'], 'Owner A'),
    enrol(r, ['operator'], 'Owner B'),
    enrol(r, ['service'], 'Service A'),
    enrol(r, ['recycler'], 'Recycler'),
  ]);
  const regId = (await must(r.call('GET', '/v1/me', { token: reg }), 'me')).id as string;
  await acceptEachOther(r, [makerA, makerB, seller, ownerA, ownerB, svc, recycler]);
  const modelA = await fileModel(r, makerA);
  const modelB = await fileModel(r, makerB);
  const spareModelA = await fileModel(r, makerA, false);
  const spareModelB = await fileModel(r, makerB, false);
  const ev = (token: string, code: string, type: string, data: unknown) =>
    must(r.call('POST', `/v1/robots/${code}/events`, { token, body: { type, data } }), `${type} on ${code}`);
  const register = async (maker: Enrolled, model: string) =>
    (await must(r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) }), 'register')).code as string;
  const grantData = () => ({ service: svc.id, expiresAt: new Date(Date.now() + 30 * DAY).toISOString() });

  /** Robot A: made by maker A, held by the seller, sold to owner A, service granted to svc. */
  const newRobotA = async () => {
    const code = await register(makerA, modelA);
    await ev(makerA.token, code, 'transferred', { to: seller.id, sale: true });
    await ev(seller.token, code, 'transferred', { to: ownerA.id, sale: true });
    await ev(ownerA.token, code, 'service_granted', grantData());
    return code;
  };
  /** Robot B: made by maker B, sold to owner B. */
  const newRobotB = async () => {
    const code = await register(makerB, modelB);
    await ev(makerB.token, code, 'transferred', { to: ownerB.id, sale: true });
    return code;
  };
  /** Robot R: made by maker A, used by owner A, decommissioned and handed to the recycler. */
  const newRobotR = async () => {
    const code = await register(makerA, modelA);
    await ev(makerA.token, code, 'transferred', { to: ownerA.id, sale: true });
    await ev(ownerA.token, code, 'decommissioned', { reason: 'end of life' });
    await ev(ownerA.token, code, 'transferred', { to: recycler.id, sale: false });
    return code;
  };
  const [robotA, robotB, robotR] = [await newRobotA(), await newRobotB(), await newRobotR()];
  const recall = (maker: Enrolled, model: string) =>
    must(
      r.call('POST', '/v1/recalls', {
        token: maker.token,
        body: {
          scope: { models: [model] },
          hazard: 'Loose fastener',
          severity: 'low',
          remedy: 'inspection',
          stopSale: false,
          stopUse: false,
        },
      }),
      'recall',
    );
  const recallA = (await recall(makerA, spareModelA)).recall.id as string;
  const recallB = (await recall(makerB, spareModelB)).recall.id as string;

  const tokens: Fixture['tokens'] = {
    public: undefined,
    regulator: reg,
    manufacturer: makerA.token,
    seller: seller.token,
    operator: ownerA.token,
    service: svc.token,
    recycler: recycler.token,
  };
  const ids: Fixture['ids'] = {
    regulator: regId,
    manufacturer: makerA.id,
    seller: seller.id,
    operator: ownerA.id,
    service: svc.id,
    recycler: recycler.id,
  };
  const hook = async (token: string, name: string) =>
    (await must(r.call('POST', '/v1/webhooks', { token, body: { url: `https://hooks.example.com/${name}` } }), 'webhook')).id as string;
  const webhooks = { makerB: await hook(makerB.token, 'maker-b') } as Fixture['webhooks'];
  for (const k of CALLERS) if (k !== 'public') webhooks[k] = await hook(tokens[k]!, k);
  const spareTokenB = (
    await must(r.call('POST', `/v1/participants/${makerB.id}/tokens`, { token: reg, body: { label: 'spare' } }), 'spare token')
  ).id as string;
  return {
    r,
    tokens,
    ids,
    makerA,
    makerB,
    ownerA,
    ownerB,
    seller,
    svc,
    recycler,
    modelA,
    modelB,
    spareModelA,
    spareModelB,
    robotA,
    robotB,
    robotR,
    recallA,
    recallB,
    webhooks,
    spareTokenB,
    newRobotA,
    newRobotB,
    newRobotR,
  };
}

interface Req {
  url: string;
  body?: unknown;
}

/** Case is what a request builder gets: the caller, the relation and whether to use a fresh object. */
interface Case {
  f: Fixture;
  kind: CallerKind;
  rel: Relation;
  fresh: boolean;
}

const robotOf = async ({ f, kind, rel, fresh }: Case) => {
  if (rel === 'other') return fresh ? f.newRobotB() : f.robotB;
  if (kind === 'recycler') return fresh ? f.newRobotR() : f.robotR;
  return fresh ? f.newRobotA() : f.robotA;
};
const makerOf = (c: Case) => (c.rel === 'other' ? c.f.makerB : c.f.makerA);
const participantOf = (c: Case) => (c.rel === 'other' || c.kind === 'public' ? c.f.makerB.id : c.f.ids[c.kind]);
const webhookOf = async (c: Case) => {
  if (c.rel === 'other' || c.kind === 'public') return c.f.webhooks.makerB;
  if (!c.fresh) return c.f.webhooks[c.kind];
  return (
    await must(
      c.f.r.call('POST', '/v1/webhooks', { token: c.f.tokens[c.kind], body: { url: 'https://hooks.example.com/fresh' } }),
      'fresh webhook',
    )
  ).id as string;
};
const modelFor = async (c: Case, state: 'filed' | 'approved') => {
  const maker = makerOf(c);
  const code = c.fresh ? await fileModel(c.f.r, maker, state === 'approved') : c.rel === 'other' ? c.f.modelB : c.f.modelA;
  return `${maker.enterpriseCode}/${code}`;
};
const recallOf = async (c: Case) => {
  if (!c.fresh) return c.rel === 'other' ? c.f.recallB : c.f.recallA;
  const maker = makerOf(c);
  const res = await must(
    c.f.r.call('POST', '/v1/recalls', {
      token: maker.token,
      body: {
        scope: { models: [c.rel === 'other' ? c.f.spareModelB : c.f.spareModelA] },
        hazard: 'Fresh',
        severity: 'low',
        remedy: 'inspection',
        stopSale: false,
        stopUse: false,
      },
    }),
    'fresh recall',
  );
  return res.recall.id as string;
};
const eventReq =
  (type: string, data: (c: Case) => unknown) =>
  async (c: Case): Promise<Req> => ({ url: `/v1/robots/${await robotOf(c)}/events`, body: { type, data: data(c) } });
const batchReq =
  (type: string, data: (c: Case) => unknown) =>
  async (c: Case): Promise<Req> => ({ url: '/v1/events/batch', body: { events: [{ code: await robotOf(c), type, data: data(c) }] } });

/** REQUESTS builds the request of each policy row for a case. */
const REQUESTS: Record<string, (c: Case) => Promise<Req> | Req> = {
  'participants.create': () => ({
    url: '/v1/participants',
    body: { name: `Matrix ${randomBytes(4).toString('hex')}`, country: 'CN', roles: ['operator'] },
  }),
  'participants.list': () => ({ url: '/v1/participants?limit=5' }),
  'participants.show': (c) => ({ url: `/v1/participants/${participantOf(c)}` }),
  'tokens.issue': (c) => ({ url: `/v1/participants/${participantOf(c)}/tokens`, body: { label: 'matrix', days: 1 } }),
  'tokens.list': (c) => ({ url: `/v1/participants/${participantOf(c)}/tokens` }),
  'standing.list': (c) => ({ url: `/v1/participants/${participantOf(c)}/standing-acceptances` }),
  'standing.accept': (c) => ({
    url: `/v1/participants/${participantOf(c)}/standing-acceptances`,
    body: { senders: [c.f.makerB.id === participantOf(c) ? c.f.makerA.id : c.f.makerB.id] },
  }),
  'standing.revoke': async (c) => {
    const id = participantOf(c);
    // A sender outside the fixture's own acceptances (acceptEachOther), so revoking it leaves them standing.
    const sender = id === c.f.ids.regulator ? c.f.makerB.id : c.f.ids.regulator;
    const own = c.kind !== 'public' && c.rel === 'own' ? c.f.tokens[c.kind]! : undefined;
    if (own)
      await must(
        c.f.r.call('POST', `/v1/participants/${id}/standing-acceptances`, { token: own, body: { senders: [sender] } }),
        'standing to revoke',
      );
    return { url: `/v1/participants/${id}/standing-acceptances/${own ? sender : c.f.ownerB.id}` };
  },
  'tokens.revoke': async (c) => {
    if (!c.fresh) return { url: `/v1/participants/${c.f.makerB.id}/tokens/${c.f.spareTokenB}` };
    const id = participantOf(c);
    const t = await must(
      c.f.r.call('POST', `/v1/participants/${id}/tokens`, { token: c.f.r.regulatorToken, body: { label: 'to revoke' } }),
      'spare',
    );
    return { url: `/v1/participants/${id}/tokens/${t.id}` };
  },
  me: () => ({ url: '/v1/me' }),
  stats: () => ({ url: '/v1/stats' }),
  'models.file': () => ({
    url: '/v1/models',
    body: {
      name: `Matrix ${randomBytes(4).toString('hex')}`,
      category: 'humanoid',
      parameters: {
        heightCm: 170,
        massKg: 60,
        degreesOfFreedom: 40,
        payloadKg: 10,
        topSpeedKmh: 5,
        batteryChemistry: 'LFP',
        batteryCapacityWh: 1000,
        autonomyLevel: 'L2',
        applications: ['care'],
      },
      componentTypes: ['main_controller'],
    },
  }),
  'models.list': () => ({ url: '/v1/models?limit=5' }),
  'models.show': async (c) => ({ url: `/v1/models/${await modelFor(c, 'approved')}` }),
  'models.approve': async (c) => ({ url: `/v1/models/${await modelFor(c, 'filed')}/approve` }),
  'models.suspend': async (c) => ({ url: `/v1/models/${await modelFor(c, 'approved')}/suspend` }),
  'models.withdraw': async (c) => ({ url: `/v1/models/${await modelFor(c, 'filed')}/withdraw` }),
  'robots.register': (c) => ({
    url: '/v1/robots',
    body: { enterprise: makerOf(c).enterpriseCode, ...unitBody(c.rel === 'other' ? c.f.modelB : c.f.modelA) },
  }),
  'robots.batch': (c) => ({
    url: '/v1/robots/batch',
    body: { enterprise: makerOf(c).enterpriseCode, units: [unitBody(c.rel === 'other' ? c.f.modelB : c.f.modelA)] },
  }),
  'robots.passport': async (c) => ({ url: `/v1/robots/${await robotOf(c)}` }),
  'robots.events.list': async (c) => ({ url: `/v1/robots/${await robotOf(c)}/events` }),
  'robots.accountability': async (c) => ({ url: `/v1/robots/${await robotOf(c)}/accountability` }),
  'robots.bundle': async (c) => ({ url: `/v1/robots/${await robotOf(c)}/bundle` }),
  'robots.verify': async (c) => ({ url: `/v1/verify/${await robotOf(c)}` }),
  'robots.market-access': async (c) => ({ url: `/v1/robots/${await robotOf(c)}/market-access` }),
  'robots.erase': async (c) => ({ url: `/v1/robots/${await robotOf(c)}/personal-data/erase` }),
  'events.incident_reported': eventReq('incident_reported', () => ({
    severity: 'minor',
    kind: 'malfunction',
    description: 'Left arm stalls',
  })),
  'events.transferred': eventReq('transferred', (c) => ({ to: c.f.ownerB.id, sale: false })),
  'events.deployed': eventReq('deployed', () => deployData()),
  'events.service_granted': eventReq('service_granted', (c) => ({
    service: c.f.svc.id,
    expiresAt: new Date(Date.now() + 10 * DAY).toISOString(),
  })),
  'events.serviced': eventReq('serviced', () => ({ kind: 'inspection', notes: 'Routine check' })),
  'events.suspended': eventReq('suspended', () => ({ reason: 'Market surveillance finding' })),
  'events.stolen_reported': eventReq('stolen_reported', () => ({})),
  'events.recycling_received': eventReq('recycling_received', () => ({})),
  'events.batch.transferred': batchReq('transferred', (c) => ({ to: c.f.ownerB.id, sale: false })),
  'events.batch.serviced': batchReq('serviced', () => ({ kind: 'inspection', notes: 'Routine check' })),
  'recalls.issue': (c) => {
    const [maker, model] = c.rel === 'other' ? [c.f.makerB, c.f.spareModelB] : [c.f.makerA, c.f.spareModelA];
    return {
      url: '/v1/recalls',
      body: {
        scope: { enterprise: maker.enterpriseCode, models: [model] },
        hazard: 'Matrix',
        severity: 'low',
        remedy: 'inspection',
        stopSale: false,
        stopUse: false,
      },
    };
  },
  'recalls.show': async (c) => ({ url: `/v1/recalls/${await recallOf(c)}` }),
  'recalls.robots': async (c) => ({ url: `/v1/recalls/${await recallOf(c)}/robots` }),
  'recalls.amend': async (c) => ({
    url: `/v1/recalls/${await recallOf(c)}/amend`,
    body: { hazard: `Amended ${randomBytes(2).toString('hex')}` },
  }),
  'recalls.close': async (c) => ({ url: `/v1/recalls/${await recallOf(c)}/close` }),
  defects: () => ({ url: '/v1/defects' }),
  'defects.clusters': () => ({ url: '/v1/defects/clusters' }),
  incidents: () => ({ url: '/v1/incidents' }),
  'webhooks.create': () => ({ url: '/v1/webhooks', body: { url: 'https://hooks.example.com/matrix', topics: ['recall_notified'] } }),
  'webhooks.list': () => ({ url: '/v1/webhooks' }),
  'webhooks.remove': async (c) => ({ url: `/v1/webhooks/${await webhookOf(c)}` }),
  'webhooks.deliveries': async (c) => ({ url: `/v1/webhooks/${await webhookOf(c)}/deliveries` }),
  'webhooks.replay': async (c) => ({ url: `/v1/webhooks/${await webhookOf(c)}/replay`, body: {} }),
  'components.show': async (c) => {
    const [part] = await c.f.r.ctx.store.query<{ component_type: string; maker: string; serial: string }>(
      'SELECT component_type, maker, serial FROM components WHERE robot_code = $1 ORDER BY 1 LIMIT 1',
      [await robotOf(c)],
    );
    return { url: `/v1/components?${new URLSearchParams({ type: part!.component_type, maker: part!.maker, serial: part!.serial })}` };
  },
  'components.conflicts': () => ({ url: '/v1/components/conflicts' }),
  'log.key': () => ({ url: '/v1/log/key' }),
  'log.checkpoint': () => ({ url: '/v1/log/checkpoint' }),
  'log.entries': () => ({ url: '/v1/log/entries?start=0&limit=5' }),
  'log.inclusion': () => ({ url: '/v1/log/proof/inclusion?index=0' }),
  'log.consistency': () => ({ url: '/v1/log/proof/consistency?from=1&to=2' }),
  'labels.sheet': (c) => ({ url: `/labels/sheet.svg?codes=${c.f.robotA},${c.f.robotB}` }),
  'labels.file': async (c) => ({ url: `/labels/${await robotOf(c)}.svg` }),
};

const tally = { cases: 0, allowed: 0, denied: 0, byStatus: {} as Record<number, number> };

describe(`authorization matrix (${ENGINE})`, () => {
  let f: Fixture;
  before(async () => {
    f = await buildFixture();
  });
  after(async () => {
    console.log(
      `authz matrix (${ENGINE}): ${POLICY.length} routes, ${tally.cases} cases: ${tally.allowed} allowed, ${tally.denied} denied ${JSON.stringify(tally.byStatus)}`,
    );
    await f?.r.dispose();
  });

  test('the policy table covers every registered API route, and every row has a request', () => {
    const registered = registeredRoutes(f.r.app)
      .filter((e) => e.path.startsWith('/v1/') || e.path.startsWith('/labels/'))
      .map((e) => `${e.method} ${e.path}`);
    const inPolicy = new Set(POLICY.map((p) => `${p.method} ${p.path}`));
    assert.deepEqual(
      registered.filter((k) => !inPolicy.has(k)),
      [],
      'routes without a policy row',
    );
    assert.deepEqual(
      [...inPolicy].filter((k) => !registered.includes(k)),
      [],
      'policy rows without a route',
    );
    assert.deepEqual(
      POLICY.map((p) => p.id).filter((id) => !REQUESTS[id]),
      [],
      'rows without a request builder',
    );
    assert.equal(new Set(POLICY.map((p) => p.id)).size, POLICY.length, 'row ids are unique');
  });

  for (const row of POLICY) {
    describe(`${row.id}: ${row.method} ${row.path}`, () => {
      for (const kind of CALLERS) {
        for (const rel of row.relations) {
          const expected = outcomeOf(row.expect[kind], rel);
          const label = `${kind}${rel === 'none' ? '' : ` × ${rel}`} → ${expected === 'allow' ? 'allow' : `${expected.status} ${expected.code}`}`;
          test(label, async () => {
            await runCase(f, row, kind, rel);
          });
        }
      }
    });
  }
});

async function runCase(f: Fixture, row: RoutePolicy, kind: CallerKind, rel: Relation): Promise<void> {
  const expected = outcomeOf(row.expect[kind], rel);
  const allow = expected === 'allow';
  const req = await REQUESTS[row.id]!({ f, kind, rel, fresh: allow && !!row.fresh });
  const before = row.write && !allow ? await digest(f.r) : undefined;
  const res = await f.r.call(row.method, req.url, { token: f.tokens[kind], body: req.body });
  const what = `${row.id} as ${kind} (${rel}) ${row.method} ${req.url}`;
  tally.cases++;
  tally.byStatus[res.status] = (tally.byStatus[res.status] ?? 0) + 1;
  if (allow) {
    tally.allowed++;
    assert.ok(res.status >= 200 && res.status < 300, `${what}: expected 2xx, got ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
    return;
  }
  tally.denied++;
  assertProblem(res, expected.status, expected.code, what);
  if (before) assert.deepEqual(await digest(f.r), before, `${what}: a denied request changed nothing`);
}
