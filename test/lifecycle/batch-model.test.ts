/**
 * A batch is its events alone, all or none: two registries built alike take
 * the same random waves of events, B as one POST /v1/events/batch per wave,
 * A one event at a time. Answers, refusals and the units after every wave
 * must agree (participants compared by their part in the cast, not by id).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EVENT_RULES, type Party } from '../../src/lifecycle/events.ts';
import { ENGINE, testRegistry, type TestRegistry } from '../harness.ts';
import { DAY, deployData, makeCast, record, snapshot, unitIn, type Cast, type Res, type Stage } from './flow.ts';

const UNITS = 5;

const TYPES = [
  'transferred',
  'deployed',
  'undeployed',
  'service_granted',
  'service_revoked',
  'service_started',
  'serviced',
  'incident_reported',
  'suspended',
  'reinstated',
  'stolen_reported',
  'recovered',
  'decommissioned',
  'recycling_received',
  'scrapped',
] as const;
type Type = (typeof TYPES)[number];

const CAST_KEYS = [
  'maker',
  'otherMaker',
  'buyer',
  'buyer2',
  'operator',
  'service',
  'service2',
  'recycler',
  'recycler2',
  'stranger',
] as const;
/** A batch has one caller, so the actor belongs to the wave; 'owner' is the owner of the wave's first unit when the wave starts. */
const ACTORS = ['owner', 'maker', 'buyer', 'buyer2', 'operator', 'service', 'recycler', 'stranger', 'regulator'] as const;
type Actor = Exclude<(typeof ACTORS)[number], 'owner'>;
const RECIPIENTS = ['buyer', 'buyer2', 'recycler', 'operator'] as const;
const SERVICES = ['service', 'service2'] as const;

/** Step is one event of a wave, in cast keys: it becomes the same request, with each registry's ids, in A and in B. */
interface Step {
  unit: number;
  /** type is an event type, or the nth of those likely to pass when the wave starts. */
  type: Type | { likely: number };
  to: (typeof RECIPIENTS)[number];
  sale: boolean;
  service: (typeof SERVICES)[number];
  withOperator: boolean;
  firmware: string | null;
  /** ifMatch: none, the unit's version when the wave starts, or one it does not have (that version + 1). */
  ifMatch: 'none' | 'current' | 'wrong';
  /** past claims an occurredAt 400 days ago, before the unit's last event. */
  past: boolean;
}

interface Wave {
  actor: (typeof ACTORS)[number];
  /** focus keeps only the units the actor owns or operates (all for the maker, a service or the regulator): a fleet's batch. */
  focus: boolean;
  steps: Step[];
}

const step: fc.Arbitrary<Step> = fc.record({
  unit: fc.nat(UNITS - 1),
  type: fc.oneof({ arbitrary: fc.constantFrom(...TYPES), weight: 1 }, { arbitrary: fc.nat(99).map((n) => ({ likely: n })), weight: 4 }),
  to: fc.constantFrom(...RECIPIENTS),
  sale: fc.boolean(),
  service: fc.constantFrom(...SERVICES),
  withOperator: fc.boolean(),
  firmware: fc.option(fc.constantFrom('2.0.0', '2.1.0'), { freq: 4 }),
  ifMatch: fc.oneof(
    { arbitrary: fc.constant('none' as const), weight: 12 },
    { arbitrary: fc.constant('current' as const), weight: 2 },
    { arbitrary: fc.constant('wrong' as const), weight: 1 },
  ),
  past: fc.nat(29).map((n) => n === 0),
});

const wave: fc.Arbitrary<Wave> = fc.record({
  // The owner acts half the time, so waves that pass are common.
  actor: fc.oneof({ arbitrary: fc.constant('owner' as const), weight: 4 }, { arbitrary: fc.constantFrom(...ACTORS.slice(1)), weight: 4 }),
  focus: fc.boolean(),
  steps: fc.uniqueArray(step, { minLength: 1, maxLength: UNITS, selector: (s) => s.unit }),
});

/** stage is where a unit starts a run (unitIn's stages), so a few waves reach every status. */
const stage: fc.Arbitrary<Stage> = fc.oneof(
  { arbitrary: fc.constantFrom<Stage>('registered', 'in_use'), weight: 4 },
  { arbitrary: fc.constantFrom<Stage>('deployed', 'in_service'), weight: 3 },
  { arbitrary: fc.constantFrom<Stage>('decommissioned', 'handed_to_recycler', 'recycling', 'scrapped'), weight: 2 },
);

/** at is a step with plain defaults, for the hand-picked examples. */
const at = (unit: number, type: Type, more: Partial<Step> = {}): Step => ({
  unit,
  type,
  to: 'buyer',
  sale: true,
  service: 'service',
  withOperator: false,
  firmware: null,
  ifMatch: 'none',
  past: false,
  ...more,
});

/**
 * EXAMPLES run before the random waves: late refusals (revoking a grant that
 * is not held) are rare at random, since the rest of the wave must pass.
 */
const EXAMPLES: [Stage[], Wave[]][] = [
  [
    Array<Stage>(UNITS).fill('registered'),
    [
      {
        actor: 'maker',
        focus: false,
        steps: [at(0, 'transferred'), at(1, 'service_revoked'), at(2, 'service_revoked'), at(3, 'serviced', { firmware: '2.0.0' })],
      },
    ],
  ],
  [
    Array<Stage>(UNITS).fill('registered'),
    [
      { actor: 'maker', focus: false, steps: [at(0, 'service_granted'), at(1, 'service_granted', { service: 'service2' })] },
      {
        actor: 'maker',
        focus: false,
        steps: [
          at(1, 'service_revoked', { service: 'service2' }),
          at(0, 'service_revoked', { service: 'service2' }),
          at(2, 'service_revoked', { past: true }),
        ],
      },
      { actor: 'service', focus: false, steps: [at(0, 'service_started'), at(1, 'serviced')] },
    ],
  ],
];

/** Side is one registry with its cast, its units by index, and each participant id's cast key. */
interface Side {
  r: TestRegistry;
  c: Cast;
  codes: string[];
  keyOf: Map<string, string>;
}

type Item = { code: string; type: Type; data: unknown; occurredAt?: string; ifMatch?: number };

async function side(): Promise<Side> {
  const r = await testRegistry();
  const c = await makeCast(r);
  const keyOf = new Map<string, string>(CAST_KEYS.map((k) => [c[k].id, k]));
  const [reg] = await r.ctx.store.query<{ id: string }>("SELECT id FROM participants WHERE 'regulator' = ANY(roles)");
  keyOf.set(reg!.id, 'regulator');
  return { r, c, codes: [], keyOf };
}

const token = (s: Side, actor: Actor) => (actor === 'regulator' ? s.r.regulatorToken : s.c[actor].token);

/** byKey replaces every participant id in a value by its cast key. */
function byKey(s: Side, value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null), (_k, v) => (typeof v === 'string' && s.keyOf.has(v) ? s.keyOf.get(v) : v));
}

function data(s: Side, type: Type, st: Step, expiresAt: string): unknown {
  switch (type) {
    case 'transferred':
      return { to: s.c[st.to].id, sale: st.sale };
    case 'deployed':
      return deployData(st.withOperator ? s.c.operator : undefined);
    case 'service_granted':
      return { service: s.c[st.service].id, expiresAt };
    case 'service_revoked':
      return { service: s.c[st.service].id };
    case 'serviced':
      return st.firmware ? { kind: 'software_update', firmware: st.firmware } : { kind: 'maintenance' };
    case 'incident_reported':
      return { severity: 'minor', kind: 'malfunction', description: 'stopped mid-aisle' };
    case 'suspended':
      return { reason: 'inspection' };
    case 'reinstated':
      return { reason: 'cleared' };
    case 'decommissioned':
      return { reason: 'end of life' };
    case 'scrapped':
      return { method: 'shredding' };
    default:
      return {};
  }
}

/** Resolved is a wave with its actor and types settled on the units as they are when it starts (equal in A and B). */
interface Resolved {
  actor: Actor;
  steps: (Step & { type: Type; version: number })[];
}

/**
 * likely lists the events the lifecycle table may let actor record on a unit
 * in this status, as far as cast keys tell (grants and flags aside). It only
 * steers generation towards events that pass; registry A is the oracle.
 */
function likely(actor: Actor, u: { status: string; owner: string; operator: string | null }): Type[] {
  const parties: Party[] = [];
  if (u.owner === actor) parties.push('owner');
  if (u.owner === actor && actor === 'recycler') parties.push('recycler');
  if (u.operator === actor) parties.push('operator');
  if (actor === 'maker') parties.push('manufacturer');
  if (actor === 'regulator') parties.push('regulator');
  if (actor === 'service') parties.push('service');
  const fit = TYPES.filter(
    (t) => EVENT_RULES[t].who.some((p) => parties.includes(p)) && (EVENT_RULES[t].from as readonly string[]).includes(u.status),
  );
  return fit.length > 0 ? fit : [...TYPES];
}

async function resolve(a: Side, w: Wave): Promise<Resolved> {
  const units = new Map<number, { status: string; owner: string; operator: string | null; version: number }>();
  for (const st of w.steps) {
    const [u] = await a.r.ctx.store.query<{ status: string; owner_id: string; operator_id: string | null; version: number }>(
      'SELECT status, owner_id, operator_id, version FROM robots WHERE code = $1',
      [a.codes[st.unit]],
    );
    units.set(st.unit, {
      status: u!.status,
      owner: a.keyOf.get(u!.owner_id)!,
      operator: u!.operator_id && a.keyOf.get(u!.operator_id)!,
      version: u!.version,
    });
  }
  const actor = (w.actor === 'owner' ? units.get(w.steps[0]!.unit)!.owner : w.actor) as Actor;
  const wide = actor === 'maker' || actor === 'service' || actor === 'regulator';
  const mine = w.focus
    ? w.steps.filter((st, i) => i === 0 || wide || units.get(st.unit)!.owner === actor || units.get(st.unit)!.operator === actor)
    : w.steps;
  const steps = mine.map((st) => {
    const u = units.get(st.unit)!;
    const fit = likely(actor, u);
    return { ...st, type: typeof st.type === 'string' ? st.type : fit[st.type.likely % fit.length]!, version: u.version };
  });
  return { actor, steps };
}

const PAST = new Date(Date.now() - 400 * DAY).toISOString();

function item(s: Side, st: Resolved['steps'][number], expiresAt: string): Item {
  return {
    code: s.codes[st.unit]!,
    type: st.type,
    data: data(s, st.type, st, expiresAt),
    ...(st.past ? { occurredAt: PAST } : {}),
    ...(st.ifMatch === 'none' ? {} : { ifMatch: st.ifMatch === 'current' ? st.version : st.version + 1 }),
  };
}

function single(s: Side, actor: Actor, it: Item): Promise<Res> {
  return record(s.r, token(s, actor), it.code, it.type, it.data, {
    ...(it.occurredAt ? { occurredAt: it.occurredAt } : {}),
    ...(it.ifMatch !== undefined ? { headers: { 'if-match': `"${it.ifMatch}"` } } : {}),
  });
}

function batch(s: Side, actor: Actor, items: Item[]): Promise<Res> {
  return s.r.call('POST', '/v1/events/batch', { token: token(s, actor), body: { events: items } });
}

/** answer is what must agree between an event recorded alone in A and in a batch in B. */
function answer(s: Side, e: any) {
  return {
    type: e.type,
    seq: e.seq,
    status: e.robot.status,
    owner: byKey(s, e.robot.ownerId),
    version: e.robot.version,
    suspended: e.robot.suspended,
    stolen: e.robot.stolen,
    data: byKey(s, e.data),
  };
}

/** unitState is everything an event may change about a unit, with participants as cast keys. */
async function unitState(s: Side, i: number) {
  const q = s.r.ctx.store;
  const code = s.codes[i];
  const [u] = await q.query(
    'SELECT status, owner_id, operator_id, site, firmware, suspended, stolen, resume_status, version FROM robots WHERE code = $1',
    [code],
  );
  const events = (await q.query<{ type: string }>('SELECT type FROM events WHERE robot_code = $1 ORDER BY seq', [code])).map((e) => e.type);
  const grants = (
    await q.query<{ service_id: string }>(
      'SELECT service_id FROM service_grants WHERE robot_code = $1 AND revoked_at IS NULL ORDER BY granted_seq',
      [code],
    )
  ).map((g) => g.service_id);
  const owners = await q.query<{ owner_id: string; from_seq: number; to_seq: number | null }>(
    'SELECT owner_id, from_seq, to_seq FROM ownerships WHERE robot_code = $1 ORDER BY from_seq',
    [code],
  );
  const parts = await q.query('SELECT component_type, state FROM components WHERE robot_code = $1 ORDER BY 1, 2', [code]);
  return byKey(s, { ...u, events, grants, owners, parts });
}

/** snapshots are the side's units as flow.ts's snapshot sees them (with the log's size). */
const snapshots = (s: Side) => Promise.all(s.codes.map((code) => snapshot(s.r, code)));

let a: Side;
let b: Side;

before(async () => {
  [a, b] = [await side(), await side()];
});
after(async () => {
  await a?.r.dispose();
  await b?.r.dispose();
});

test(`[${ENGINE}] random waves of events: one batch in B answers, refuses and changes exactly what the same events one at a time do in A`, {
  timeout: 300_000,
}, async (t) => {
  const seen = { passed: 0, passedMany: 0, refusedRules: 0, refusedLate: 0, rest: 0, singles: 0, singlesPassed: 0 };
  const statuses = new Set<string>();
  await fc.assert(
    fc.asyncProperty(
      fc.array(stage, { minLength: UNITS, maxLength: UNITS }),
      fc.array(wave, { minLength: 1, maxLength: 5 }),
      async (stages, waves) => {
        // Fresh units, registered by the maker and brought to their stage one event at a time, alike in A and B.
        a.codes = [];
        b.codes = [];
        for (const st of stages) {
          a.codes.push(await unitIn(a.r, a.c, st, { firmware: '1.0.0' }));
          b.codes.push(await unitIn(b.r, b.c, st, { firmware: '1.0.0' }));
        }
        const expiresAt = new Date(Date.now() + 30 * DAY).toISOString();
        for (const [n, w] of waves.entries()) {
          const wv = await resolve(a, w);
          const what = `wave ${n} by ${wv.actor}: ${wv.steps.map((st) => `#${st.unit} ${st.type}`).join(', ')}`;
          const itemsB = wv.steps.map((st) => item(b, st, expiresAt));
          const beforeB = await snapshots(b);
          const together = await batch(b, wv.actor, itemsB);
          const alone: Res[] = [];
          for (const st of wv.steps) alone.push(await single(a, wv.actor, item(a, st, expiresAt)));
          seen.singles += alone.length;
          seen.singlesPassed += alone.filter((x) => x.status === 201).length;
          const failed = alone.flatMap((x, i) => (x.status === 201 ? [] : [i]));
          if (together.status === 201) {
            seen.passed++;
            if (alone.length > 1) seen.passedMany++;
            assert.deepEqual(
              failed,
              [],
              `${what}: the batch passed in B, so every event passes alone in A: ${JSON.stringify(alone.map((x) => x.body))}`,
            );
            assert.deepEqual(
              together.body.events.map((e: any) => answer(b, e)),
              alone.map((x) => answer(a, x.body)),
              `${what}: answers`,
            );
          } else {
            const p = together.body;
            assert.deepEqual(await snapshots(b), beforeB, `${what}: a refused batch changes nothing (units, side tables, log size)`);
            assert.ok(together.status >= 400 && together.status < 500, `${what}: ${together.status} ${JSON.stringify(p)}`);
            assert.match(String(together.headers['content-type']), /^application\/problem\+json/, what);
            assert.ok(failed.length > 0, `${what}: the batch was refused (${JSON.stringify(p)}) yet every event passed alone`);
            assert.ok(Array.isArray(p.errors) && p.errors.length > 0, `${what}: the problem names refused events: ${JSON.stringify(p)}`);
            for (const e of p.errors) {
              assert.ok(failed.includes(e.event), `${what}: event ${e.event} is named refused but passed alone: ${JSON.stringify(p)}`);
              assert.equal(e.robot, b.codes[wv.steps[e.event]!.unit], what);
              assert.equal(
                e.code,
                alone[e.event]!.body.code,
                `${what}: event ${e.event} refused with the rule it meets alone: ${JSON.stringify(e)} vs ${JSON.stringify(alone[e.event]!.body)}`,
              );
            }
            assert.equal(p.code, p.errors[0].code, what);
            assert.equal(together.status, alone[p.errors[0].event]!.status, what);
            // The rules check names every event it refuses; a side effect refused late
            // (revoking a grant that is not held) names its event alone, and only when the rules refused none.
            const late = failed.filter((i) => /holds no active service grant/.test(alone[i]!.body.detail));
            const rules = failed.filter((i) => !late.includes(i));
            if (rules.length > 0) {
              seen.refusedRules++;
              assert.deepEqual(
                p.errors.map((e: any) => e.event),
                rules,
                `${what}: every event refused by the rules is named`,
              );
            } else {
              seen.refusedLate++;
              assert.deepEqual(
                p.errors.map((e: any) => e.event),
                [late[0]],
                `${what}: a late refusal names that event alone`,
              );
            }
            const passed = wv.steps.flatMap((st, i) => (failed.includes(i) ? [] : [st]));
            if (passed.length > 0) {
              const rest = await batch(
                b,
                wv.actor,
                passed.map((st) => item(b, st, expiresAt)),
              );
              assert.equal(rest.status, 201, `${what}: the events that passed alone pass as a batch: ${JSON.stringify(rest.body)}`);
              seen.rest++;
              assert.deepEqual(
                rest.body.events.map((e: any) => answer(b, e)),
                alone.filter((x) => x.status === 201).map((x) => answer(a, x.body)),
                `${what}: answers of the rest`,
              );
            }
          }
          for (let i = 0; i < UNITS; i++) {
            const unit = await unitState(a, i);
            assert.deepEqual(await unitState(b, i), unit, `${what}: unit #${i} after the wave`);
            statuses.add((unit as { status: string }).status);
          }
        }
      },
    ),
    {
      numRuns: Number(process.env.FC_RUNS ?? 30),
      seed: Number(process.env.FC_SEED ?? 20261203),
      includeErrorInReport: true,
      examples: EXAMPLES,
    },
  );
  t.diagnostic(JSON.stringify({ ...seen, statuses: [...statuses].sort() }));
  assert.ok(
    seen.passedMany > 0 && seen.refusedRules > 0 && seen.refusedLate > 0,
    `the runs reach whole batches that pass, rules refusals and late refusals: ${JSON.stringify(seen)}`,
  );
});
