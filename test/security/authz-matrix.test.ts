/**
 * Authorization matrix (issue "Hardening", item 3): one request per row of
 * test/security/policy.ts × caller kind × relation, against one shared
 * fixture. Allowed requests answer 2xx; denied ones answer the expected
 * status with a problem+json body and its stable code, and change nothing.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  COMPONENT_TYPES,
  ENGINE,
  enrol,
  fileModel,
  MODEL_PARAMETERS,
  testRegistry,
  unitBody,
  type Enrolled,
  type TestRegistry,
} from '../harness.ts';
import { acceptEachOther, deployData, DAY } from '../lifecycle/flow.ts';
import { CALLERS, outcomeOf, POLICY, type CallerKind, type Relation, type RoutePolicy } from './policy.ts';
import { assertProblem, digest, registeredRoutes } from './support.ts';
import { solveChallenge } from '../../src/report/proof-of-work.ts';
import { addSignatureLines, generateCosignerKey, parseCosignerSigner } from '../../src/ledger/cosignature.ts';

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
  importer: Enrolled;
  reman: Enrolled;
  /** insurer is the insurer owner A names on every robot A (issue #15). */
  insurer: Enrolled;
  foreign: Enrolled;
  foreignModel: string;
  remanModel: string;
  robotX: string;
  robotM: string;
  modelA: string;
  modelB: string;
  spareModelA: string;
  spareModelB: string;
  robotA: string;
  robotB: string;
  robotR: string;
  recallA: string;
  recallB: string;
  campaignA: string;
  campaignB: string;
  /** newSoftwareRobotA: a robot A on 1.0.0 in a campaign of its own to 1.1.0 (issue #15). */
  newSoftwareRobotA(): Promise<{ code: string; campaign: string }>;
  webhooks: Record<Exclude<CallerKind, 'public'>, string> & { makerB: string };
  spareTokenB: string;
  newRobotA(): Promise<string>;
  newRobotB(): Promise<string>;
  newRobotR(): Promise<string>;
  newRobotX(): Promise<string>;
  newRobotM(): Promise<string>;
}

async function must(p: Promise<{ status: number; body: any }>, what: string): Promise<any> {
  const res = await p;
  assert.ok(res.status >= 200 && res.status < 300, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** WITNESS cosigns the matrix's checkpoints; the regulator registers it once per fixture. */
const WITNESS = generateCosignerKey('witness.matrix.example');
const witnessRegistered = new WeakSet<Fixture>();

/** cosignedCheckpoint is the log's latest checkpoint with a cosignature of the matrix's registered witness. */
async function cosignedCheckpoint(f: Fixture): Promise<string> {
  if (!witnessRegistered.has(f)) {
    await must(f.r.call('POST', '/v1/log/witnesses', { token: f.r.regulatorToken, body: { key: WITNESS.verifierKey } }), 'the witness');
    witnessRegistered.add(f);
  }
  const note = String((await f.r.call('GET', '/v1/log/checkpoint')).body);
  return addSignatureLines(note, [parseCosignerSigner(WITNESS.signerKey).cosign(note, Math.floor(Date.now() / 1000))]);
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
  const [importer, reman, foreign] = [
    await enrol(r, ['importer'], 'Importer I'),
    await enrol(r, ['remanufacturer'], 'Remanufacturer M'),
    await enrol(r, ['manufacturer'], 'Foreign Maker F', 'DE'),
  ];
  const insurer = await enrol(r, ['insurer'], 'Insurer N');
  const regId = (await must(r.call('GET', '/v1/me', { token: reg }), 'me')).id as string;
  await acceptEachOther(r, [makerA, makerB, seller, ownerA, ownerB, svc, recycler, importer, reman]);
  await must(r.call('POST', `/v1/participants/${importer.id}/mandates`, { token: reg, body: { maker: foreign.id } }), 'mandate');
  const foreignModel = await fileModel(r, foreign);
  const remanModel = await fileModel(r, reman);
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
    await ev(ownerA.token, code, 'insurer_named', { insurer: insurer.id, expiresAt: new Date(Date.now() + 30 * DAY).toISOString() });
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
  /** Robot X: made by maker A, sold to owner A and exported. */
  const newRobotX = async () => {
    const code = await register(makerA, modelA);
    await ev(makerA.token, code, 'transferred', { to: ownerA.id, sale: true });
    await ev(ownerA.token, code, 'exported', { destination: 'VN', declaration: 'EX-MATRIX' });
    return code;
  };
  /** Robot M: made by maker A, used by owner A, decommissioned and handed to the remanufacturer. */
  const newRobotM = async () => {
    const code = await register(makerA, modelA);
    await ev(makerA.token, code, 'transferred', { to: ownerA.id, sale: true });
    await ev(ownerA.token, code, 'decommissioned', { reason: 'end of life' });
    await ev(ownerA.token, code, 'transferred', { to: reman.id, sale: false });
    return code;
  };
  const [robotA, robotB, robotR] = [await newRobotA(), await newRobotB(), await newRobotR()];
  const [robotX, robotM] = [await newRobotX(), await newRobotM()];
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
  // Software (issue #15): 1.0.0, 1.1.0 and a safety-relevant 2.0.0 for models A and B, and a campaign of each maker.
  for (const [maker, model] of [
    [makerA, modelA],
    [makerB, modelB],
  ] as const) {
    for (const [version, safetyRelevant] of [
      ['1.0.0', false],
      ['1.1.0', false],
      ['2.0.0', true],
    ] as const) {
      await must(
        r.call('POST', `/v1/models/${maker.enterpriseCode}/${model}/software`, {
          token: maker.token,
          body: { identifier: 'OS', version, releasedOn: '2026-01-01', changes: version, safetyRelevant, sha256: 'cd'.repeat(32) },
        }),
        'software',
      );
    }
  }
  const campaign = async (maker: Enrolled, model: string, to = '1.1.0', scope: unknown = {}) =>
    (
      await must(
        r.call('POST', '/v1/campaigns', {
          token: maker.token,
          body: {
            models: [model],
            fromVersions: ['1.0.0'],
            toVersion: to,
            scope,
            safetySummary: 'matrix',
            plannedStart: new Date().toISOString(),
          },
        }),
        'campaign',
      )
    ).campaign.id as string;
  const [campaignA, campaignB] = [await campaign(makerA, modelA), await campaign(makerB, modelB)];
  const newSoftwareRobotA = async () => {
    const code = (
      await must(r.call('POST', '/v1/robots', { token: makerA.token, body: { ...unitBody(modelA), softwareVersion: '1.0.0' } }), 'register')
    ).code as string;
    await ev(makerA.token, code, 'transferred', { to: ownerA.id, sale: true });
    await ev(ownerA.token, code, 'service_granted', grantData());
    return { code, campaign: await campaign(makerA, modelA, '1.1.0', { codes: { from: code, to: code } }) };
  };

  const tokens: Fixture['tokens'] = {
    public: undefined,
    regulator: reg,
    manufacturer: makerA.token,
    seller: seller.token,
    operator: ownerA.token,
    service: svc.token,
    recycler: recycler.token,
    importer: importer.token,
    remanufacturer: reman.token,
    insurer: insurer.token,
  };
  const ids: Fixture['ids'] = {
    regulator: regId,
    manufacturer: makerA.id,
    seller: seller.id,
    operator: ownerA.id,
    service: svc.id,
    recycler: recycler.id,
    importer: importer.id,
    remanufacturer: reman.id,
    insurer: insurer.id,
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
    importer,
    reman,
    insurer,
    foreign,
    foreignModel,
    remanModel,
    robotX,
    robotM,
    modelA,
    modelB,
    spareModelA,
    spareModelB,
    robotA,
    robotB,
    robotR,
    recallA,
    recallB,
    campaignA,
    campaignB,
    newSoftwareRobotA,
    webhooks,
    spareTokenB,
    newRobotA,
    newRobotB,
    newRobotR,
    newRobotX,
    newRobotM,
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
  if (kind === 'importer') return fresh ? f.newRobotX() : f.robotX;
  if (kind === 'remanufacturer') return fresh ? f.newRobotM() : f.robotM;
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
/** freshVersion files a new version of the case's maker's model (blocked when asked, by the regulator) and gives its path. */
const freshVersion = async (c: Case, blocked: boolean) => {
  const maker = makerOf(c);
  const base = `/v1/models/${maker.enterpriseCode}/${c.rel === 'other' ? c.f.modelB : c.f.modelA}/software`;
  if (!c.fresh) return `${base}/1.0.0`;
  const version = `8.${randomBytes(3).readUIntBE(0, 3)}`;
  await must(
    c.f.r.call('POST', base, {
      token: maker.token,
      body: { identifier: 'OS', version, releasedOn: '2026-01-01', changes: 'matrix', safetyRelevant: false, sha256: 'ab'.repeat(32) },
    }),
    'fresh version',
  );
  if (blocked)
    await must(c.f.r.call('POST', `${base}/${version}/block`, { token: c.f.r.regulatorToken, body: { reason: 'matrix' } }), 'block');
  return `${base}/${version}`;
};
const eventReq =
  (type: string, data: (c: Case) => unknown) =>
  async (c: Case): Promise<Req> => ({ url: `/v1/robots/${await robotOf(c)}/events`, body: { type, data: data(c) } });
const batchReq =
  (type: string, data: (c: Case) => unknown) =>
  async (c: Case): Promise<Req> => ({ url: '/v1/events/batch', body: { events: [{ code: await robotOf(c), type, data: data(c) }] } });

let massStep = 0;
/** nextMass is a mass no revision has yet: each filing is a significant change from the latest approved one. */
const nextMass = () => 100 + ++massStep;

/** revisionReq files a fresh revision of the case's model (maker A's own, maker B's other) and asks to decide it. */
async function revisionReq(c: Case, action: 'approve' | 'refuse'): Promise<Req> {
  const [maker, model] = c.rel === 'other' ? [c.f.makerB, c.f.modelB] : [c.f.makerA, c.f.modelA];
  const body = { parameters: { ...MODEL_PARAMETERS, massKg: nextMass() }, componentTypes: COMPONENT_TYPES, summary: 'matrix' };
  const filed = await must(
    c.f.r.call('POST', `/v1/models/${maker.enterpriseCode}/${model}/revisions`, { token: maker.token, body }),
    'revision',
  );
  return { url: `/v1/models/${maker.enterpriseCode}/${model}/revisions/${filed.revision}/${action}` };
}

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
  // Issue #15, items 4–6.
  'revisions.list': (c) => ({ url: `/v1/models/${makerOf(c).enterpriseCode}/${c.rel === 'other' ? c.f.modelB : c.f.modelA}/revisions` }),
  'revisions.file': (c) => ({
    url: `/v1/models/${makerOf(c).enterpriseCode}/${c.rel === 'other' ? c.f.modelB : c.f.modelA}/revisions`,
    body: { parameters: { ...MODEL_PARAMETERS, massKg: nextMass() }, componentTypes: COMPONENT_TYPES, summary: 'matrix' },
  }),
  'revisions.approve': (c) => revisionReq(c, 'approve'),
  'revisions.refuse': (c) => revisionReq(c, 'refuse'),
  'brands.list': async (c) => ({ url: `/v1/robots/${await robotOf(c)}/brands` }),
  'brands.remove': async (c) => ({ url: `/v1/robots/${await robotOf(c)}/brands/water_damaged` }),
  'events.brand_recorded': eventReq('brand_recorded', () => ({ brand: 'water_damaged', evidence: 'matrix survey' })),
  'events.brand_corrected': async (c) => {
    const code = await robotOf(c);
    // The regulator annotates a brand the unit carries (it records one first); for anyone else the table's "who" refuses first.
    if (c.kind === 'regulator') {
      const body = { type: 'brand_recorded', data: { brand: 'water_damaged', evidence: 'matrix' } };
      await must(c.f.r.call('POST', `/v1/robots/${code}/events`, { token: c.f.tokens.regulator, body }), 'brand');
    }
    return { url: `/v1/robots/${code}/events`, body: { type: 'brand_corrected', data: { brand: 'water_damaged', correction: 'matrix' } } };
  },
  'events.usage_reported': eventReq('usage_reported', () => ({
    hours: Math.floor(Date.now() / 1000) / 1000,
    cycles: Math.floor(Date.now() / 1000),
  })),
  'events.insurer_named': eventReq('insurer_named', (c) => ({
    insurer: c.f.insurer.id,
    expiresAt: new Date(Date.now() + DAY).toISOString(),
  })),
  'events.insurer_revoked': eventReq('insurer_revoked', (c) => ({ insurer: c.f.insurer.id })),
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
  'software.list': async (c) => ({ url: `/v1/models/${await modelFor(c, 'approved')}/software` }),
  'software.file': (c) => ({
    url: `/v1/models/${makerOf(c).enterpriseCode}/${c.rel === 'other' ? c.f.modelB : c.f.modelA}/software`,
    body: {
      identifier: 'OS',
      version: `9.${randomBytes(3).readUIntBE(0, 3)}`,
      releasedOn: '2026-01-01',
      changes: 'matrix',
      safetyRelevant: false,
      sha256: 'ef'.repeat(32),
    },
  }),
  'software.block': async (c) => ({ url: `${await freshVersion(c, false)}/block`, body: { reason: 'matrix' } }),
  'software.unblock': async (c) => ({ url: `${await freshVersion(c, true)}/unblock`, body: { reason: 'matrix' } }),
  'campaigns.file': (c) => ({
    url: '/v1/campaigns',
    body: {
      enterprise: makerOf(c).enterpriseCode,
      models: [c.rel === 'other' ? c.f.modelB : c.f.modelA],
      fromVersions: ['1.0.0'],
      toVersion: '1.1.0',
      safetySummary: 'matrix',
      plannedStart: new Date().toISOString(),
    },
  }),
  'campaigns.list': () => ({ url: '/v1/campaigns' }),
  'campaigns.show': (c) => ({ url: `/v1/campaigns/${c.rel === 'other' ? c.f.campaignB : c.f.campaignA}` }),
  'campaigns.acknowledge': async (c) => {
    if (!c.fresh) return { url: `/v1/campaigns/${c.rel === 'other' ? c.f.campaignB : c.f.campaignA}/acknowledge` };
    const maker = makerOf(c);
    const res = await must(
      c.f.r.call('POST', '/v1/campaigns', {
        token: maker.token,
        body: {
          models: [c.rel === 'other' ? c.f.modelB : c.f.modelA],
          fromVersions: ['1.0.0'],
          toVersion: '2.0.0',
          safetySummary: 'matrix',
          plannedStart: new Date().toISOString(),
        },
      }),
      'safety campaign',
    );
    return { url: `/v1/campaigns/${res.campaign.id}/acknowledge` };
  },
  'events.software_updated': async (c) => {
    if (c.fresh) {
      const { code, campaign } = await c.f.newSoftwareRobotA();
      return {
        url: `/v1/robots/${code}/events`,
        body: { type: 'software_updated', data: { campaignId: campaign, from: '1.0.0', to: '1.1.0' } },
      };
    }
    const campaignId = c.rel === 'other' ? c.f.campaignB : c.f.campaignA;
    return {
      url: `/v1/robots/${await robotOf(c)}/events`,
      body: { type: 'software_updated', data: { campaignId, from: '1.0.0', to: '1.1.0' } },
    };
  },
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
  'log.keys': () => ({ url: '/v1/log/keys' }),
  'log.witnesses': () => ({ url: '/v1/log/witnesses' }),
  'log.witnesses.add': () => ({
    url: '/v1/log/witnesses',
    body: { key: generateCosignerKey(`w${randomUUID().slice(0, 8)}.example`).verifierKey },
  }),
  'log.cosignatures': async (c) => ({ url: '/v1/log/cosignatures', body: { checkpoint: await cosignedCheckpoint(c.f) } }),
  'log.witnessed': async (c) => {
    await must(c.f.r.call('POST', '/v1/log/cosignatures', { body: { checkpoint: await cosignedCheckpoint(c.f) } }), 'a cosignature');
    return { url: '/v1/log/checkpoint/witnessed?quorum=1' };
  },
  'imports.create': (c) => ({
    url: '/v1/imports',
    body: {
      maker: c.f.foreign.enterpriseCode,
      customs: { declaration: 'DECL-MATRIX', clearedAt: new Date(Date.now() - DAY).toISOString() },
      units: [unitBody(c.f.foreignModel)],
    },
  }),
  'remanufactures.create': async (c) => {
    const code = c.fresh ? await c.f.newRobotM() : c.f.robotM;
    return { url: '/v1/remanufactures', body: { predecessors: [code], unit: unitBody(c.f.remanModel) } };
  },
  'robots.lineage': async (c) => ({ url: `/v1/robots/${await robotOf(c)}/lineage` }),
  'certified.list': () => ({ url: '/v1/certified' }),
  'certifications.create': async (c) => {
    let id = c.f.recycler.id;
    if (c.fresh) {
      id = (await enrol(c.f.r, ['recycler'])).id;
      await must(
        c.f.r.call('POST', `/v1/participants/${id}/certifications/recycler/revoke`, { token: c.f.tokens.regulator, body: {} }),
        'revoke',
      );
    }
    return { url: `/v1/participants/${id}/certifications`, body: { role: 'recycler', province: 'Hubei' } };
  },
  'certifications.revoke': async (c) => {
    const id = c.fresh ? (await enrol(c.f.r, ['recycler'])).id : c.f.recycler.id;
    return { url: `/v1/participants/${id}/certifications/recycler/revoke`, body: { reason: 'matrix' } };
  },
  'mandates.list': (c) => ({
    url: `/v1/participants/${c.rel === 'other' || c.kind === 'public' ? c.f.makerB.id : c.f.ids[c.kind]}/mandates`,
  }),
  'mandates.grant': async (c) => {
    const id = c.fresh ? (await enrol(c.f.r, ['importer'])).id : c.f.importer.id;
    return { url: `/v1/participants/${id}/mandates`, body: { maker: c.f.foreign.id } };
  },
  'mandates.revoke': async (c) => {
    let id = c.f.importer.id;
    if (c.fresh) {
      id = (await enrol(c.f.r, ['importer'])).id;
      await must(
        c.f.r.call('POST', `/v1/participants/${id}/mandates`, { token: c.f.tokens.regulator, body: { maker: c.f.foreign.id } }),
        'grant',
      );
    }
    return { url: `/v1/participants/${id}/mandates/${c.f.foreign.id}/revoke` };
  },
  'events.exported': eventReq('exported', () => ({ destination: 'VN', declaration: 'EX-MATRIX' })),
  'events.reimported': eventReq('reimported', () => ({ declaration: 'IM-MATRIX', origin: 'VN' })),
  'reports.challenge': async (c) => ({ url: `/v1/robots/${await robotOf(c)}/reports/challenge` }),
  'reports.file': async (c) => ({ url: `/v1/robots/${await robotOf(c)}/reports`, body: await matrixReport(c.f.r, await robotOf(c)) }),
  'reports.list': () => ({ url: '/v1/reports' }),
  'reports.photo': async (c) => ({ url: `/v1/reports/${await filedReport(c.f.r, c.f.robotA)}/photo` }),
  'reports.triage': async (c) => ({ url: `/v1/reports/${await filedReport(c.f.r, c.f.robotA)}/triage`, body: { outcome: 'dismissed' } }),
  'reports.erase': async (c) => ({ url: `/v1/reports/${await filedReport(c.f.r, c.f.robotA)}/personal-data/erase` }),
  'late.reports': () => ({ url: '/v1/late-reports' }),
  'deadlines.show': () => ({ url: '/v1/deadlines' }),
  'feeds.robot': async (c) => ({ url: `/v1/robots/${await robotOf(c)}/feed.atom` }),
  'feeds.mine': () => ({ url: '/v1/feeds/mine.atom' }),
  'labels.sheet': (c) => ({ url: `/labels/sheet.svg?codes=${c.f.robotA},${c.f.robotB}` }),
  'labels.file': async (c) => ({ url: `/labels/${await robotOf(c)}.svg` }),
};

/** matrixReport is a solved report body for code; the matrix lifts the report limits, which test/reports tests. */
async function matrixReport(r: TestRegistry, code: string) {
  r.ctx.reportPolicy = { powBits: 1, perAddressPerHour: 1_000_000, perCodePerHour: 1_000_000 };
  const res = await r.app.inject({ method: 'GET', url: `/v1/robots/${code}/reports/challenge` });
  const { challenge, bits } = res.json() as { challenge: string; bits: number };
  return { category: 'other', description: 'authorization matrix', photo: MATRIX_PNG, challenge, work: solveChallenge(challenge, bits) };
}

/** filedReport files a fresh report with a photo about code and returns its id. */
async function filedReport(r: TestRegistry, code: string): Promise<string> {
  const res = await r.app.inject({ method: 'POST', url: `/v1/robots/${code}/reports`, payload: await matrixReport(r, code) });
  if (res.statusCode !== 201) throw new Error(`report: ${res.body}`);
  return (res.json() as { id: string }).id;
}

const MATRIX_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

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
