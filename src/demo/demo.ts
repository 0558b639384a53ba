/**
 * seedDemo runs the demo plan (demo-plan.ts) through a DemoDriver: the
 * registry's own use cases in process (registryDriver, with a simulated clock
 * so registrations spread over the months) or its public HTTP API (the
 * `hreg demo` command). Every unit and event goes through the normal rules and
 * into the log.
 */
import type { Principal, Role } from '../access/principal.ts';
import { registryContext, type RegistryContext } from '../registry/context.ts';
import {
  COMPONENT_TYPES,
  planDemo,
  RECALL_REF,
  recallTerms,
  standingAcceptancesOf,
  type DemoPlan,
  type DemoScale,
  LAUNCH_SCALE,
} from './demo-plan.ts';
import { acceptStanding } from '../registry/participants/standing-acceptances.ts';
import type { EventRequest } from '../registry/events/event-data.ts';
import { isRegistryError } from '../errors.ts';
import { must } from '../must.ts';
import { changeModelStatus, fileModel, type NewModel } from '../registry/models/models.ts';
import { createParticipant } from '../registry/participants/participants.ts';
import { issueRecall } from '../registry/recalls/recalls.ts';
import { recordEvents, type EventItem } from '../registry/events/record-event.ts';
import { registerRobots, type NewUnit } from '../registry/robots/register-robots.ts';
import { issueToken } from '../registry/participants/tokens.ts';
import { seedSecondLife, type SecondLifeDriver, type SecondLifeResult } from './demo-second-life.ts';
import { seedReports, type ReportsDriver } from './demo-reports.ts';
import { fileReport, reportChallenge } from '../registry/reports/file-report.ts';
import { solveChallenge } from '../report/proof-of-work.ts';
import { grantMandate } from '../registry/second-life/mandates.ts';
import { importRobots } from '../registry/second-life/import-robots.ts';
import { remanufacture } from '../registry/second-life/remanufacture.ts';

/** DemoActor is an enrolled demo participant with its token. */
export interface DemoActor {
  id: string;
  name: string;
  roles: Role[];
  enterpriseCode: string | null;
  token: string;
}

/** DemoDriver is how the demo reaches a registry; `at` is the plan's time for the action. */
export interface DemoDriver extends SecondLifeDriver, ReportsDriver {
  /** enrol enrols an organisation under its Chinese name, with its English name beside it. */
  enrol(name: string, roles: Role[], nameEn?: string): Promise<DemoActor>;
  /** fileModel files a model at the plan's start, so the production dates of its units lie after the filing (over the API: today). */
  fileModel(maker: DemoActor, m: NewModel, at: Date): Promise<string>;
  approveModel(enterprise: string, model: string): Promise<void>;
  register(maker: DemoActor, units: NewUnit[], at: Date): Promise<string[]>;
  /** acceptStanding has actor accept transfers from senders (participant ids) without an offer. */
  acceptStanding(actor: DemoActor, senders: string[]): Promise<void>;
  /** record records a batch of events (one per unit) as actor, all or none; it returns the rule that refused it, if one did. */
  record(actor: DemoActor, items: EventItem[], at: Date): Promise<string | undefined>;
  recall(enterprise: string, model: string, hazard: string, at: Date): Promise<string>;
}

/** DemoResult is what a seeded demo reports: tokens to sign in with and how much was written. */
export interface DemoResult {
  tokens: { role: string; name: string; token: string }[];
  robots: number;
  events: number;
  /** refused counts events in batches the rules refused; problems holds the first few reasons. */
  refused: number;
  problems: string[];
  sampleCodes: string[];
  /** secondLife counts the imports, exports and remanufactures seeded after the plan (issue #16). */
  secondLife?: SecondLifeResult;
  /** reports counts the public reports filed after the plan (issue #16). */
  reports?: number;
  ms: number;
}

/** registryDriver seeds through the use cases in process, with the clock at each step's time. */
export function registryDriver(ctx: RegistryContext, regulator: Principal): DemoDriver {
  let clock = new Date();
  const timed = registryContext({ ...ctx, now: () => clock });
  const principal = (a: DemoActor): Principal => ({ participantId: a.id, name: a.name, roles: a.roles, enterpriseCode: a.enterpriseCode });
  return {
    async enrol(name, roles, nameEn) {
      const p = await createParticipant(ctx, regulator, { name, ...(nameEn ? { nameEn } : {}), country: 'CN', roles });
      const t = await issueToken(ctx, regulator, p.id, { days: 365, label: 'demo' });
      return { id: p.id, name: p.name, roles: p.roles, enterpriseCode: p.enterpriseCode, token: t.token };
    },
    async fileModel(maker, m, at) {
      clock = at;
      return (await fileModel(timed, principal(maker), m)).modelCode;
    },
    async approveModel(enterprise, model) {
      await changeModelStatus(ctx, regulator, enterprise, model, 'approve');
    },
    async register(maker, units, at) {
      clock = at;
      return (await registerRobots(timed, principal(maker), units)).map((u) => u.code);
    },
    async acceptStanding(actor, senders) {
      await acceptStanding(ctx, principal(actor), actor.id, senders);
    },
    async record(actor, items, at) {
      clock = at;
      try {
        await recordEvents(timed, principal(actor), items);
        return undefined;
      } catch (err) {
        if (isRegistryError(err)) return `${err.code}: ${err.message}`;
        throw err;
      }
    },
    async recall(enterprise, model, hazard, at) {
      clock = at;
      const r = await issueRecall(timed, regulator, recallTerms(enterprise, model, hazard));
      return r.recall.id;
    },
    async enrolAbroad(name, roles, country, nameEn) {
      const p = await createParticipant(ctx, regulator, { name, ...(nameEn ? { nameEn } : {}), country, roles });
      const t = await issueToken(ctx, regulator, p.id, { days: 365, label: 'demo' });
      return { id: p.id, name: p.name, roles: p.roles, enterpriseCode: p.enterpriseCode, token: t.token };
    },
    async grantMandate(importer, maker) {
      await grantMandate(ctx, regulator, importer.id, maker.id);
    },
    async importUnits(importer, enterprise, customs, units, at) {
      clock = at;
      return (await importRobots(timed, principal(importer), { maker: enterprise, customs, units })).map((u) => u.code);
    },
    async remanufacture(remanufacturer, predecessors, unit, at) {
      clock = at;
      return (await remanufacture(timed, principal(remanufacturer), { predecessors, unit })).code;
    },
    async event(actor, code, event, at) {
      clock = at;
      try {
        await recordEvents(timed, principal(actor), [{ code, event }]);
        return undefined;
      } catch (err) {
        if (isRegistryError(err)) return `${err.code}: ${err.message}`;
        throw err;
      }
    },
    async fileReport(code, report, at) {
      clock = at;
      try {
        const { challenge, bits } = await reportChallenge(timed, code);
        // An anonymous passer-by, from the registry's own address.
        await fileReport(timed, undefined, code, { ...report, challenge, work: solveChallenge(challenge, bits) }, '127.0.0.1');
        return undefined;
      } catch (err) {
        if (isRegistryError(err)) return `${err.code}: ${err.message}`;
        throw err;
      }
    },
  };
}

/** DemoProgress reports steps done of total. */
export type DemoProgress = (done: number, total: number) => void;

/** seedDemo enrols the demo participants, files and approves models, then runs every step of the plan. */
export async function seedDemo(
  driver: DemoDriver,
  opts: { seed?: number; scale?: DemoScale; plan?: DemoPlan; progress?: DemoProgress } = {},
): Promise<DemoResult> {
  const started = performance.now();
  const plan = opts.plan ?? planDemo(opts.seed, opts.scale ?? LAUNCH_SCALE);
  const total = plan.participants.length + plan.models.length + plan.counts.robots + plan.counts.events;
  let done = 0;
  const tick = (n = 1) => {
    done += n;
    opts.progress?.(done, total);
  };

  const actors = new Map<string, DemoActor>();
  for (const p of plan.participants) {
    actors.set(p.key, await driver.enrol(p.name, p.roles, p.nameEn));
    tick();
  }
  const actor = (key: string): DemoActor => must(actors.get(key), 'the plan names only the participants it enrols');
  for (const [recipient, senders] of standingAcceptancesOf(plan)) {
    await driver.acceptStanding(
      actor(recipient),
      [...senders].map((k) => actor(k).id),
    );
  }
  const modelCodes = new Map<string, { enterprise: string; code: string }>();
  for (const m of plan.models) {
    const maker = actor(m.maker);
    const enterprise = must(maker.enterpriseCode, 'a maker is enrolled with an enterprise code');
    const code = await driver.fileModel(
      maker,
      { name: m.name, nameEn: m.nameEn, category: m.category, parameters: m.parameters, componentTypes: COMPONENT_TYPES },
      plan.start,
    );
    if (m.approve) await driver.approveModel(enterprise, code);
    modelCodes.set(m.key, { enterprise, code });
    tick();
  }

  const codes: string[] = [];
  let recallId = '';
  let events = 0;
  let refused = 0;
  const problems: string[] = [];
  const modelCode = (key: string) => must(modelCodes.get(key), 'the plan names only the models it files');
  const resolve = (v: unknown, at: Date): unknown => {
    const named = typeof v === 'string' ? actors.get(v) : undefined;
    if (named) return named.id;
    if (v === RECALL_REF) return recallId;
    if (v === '$+730d') return new Date(at.getTime() + 730 * 86_400_000).toISOString();
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, at)]));
    return v;
  };
  for (const step of plan.steps) {
    if (step.kind === 'register') {
      const maker = actor(step.maker);
      const units: NewUnit[] = step.units.map((u) => ({
        model: modelCode(u.model).code,
        productionDate: u.productionDate,
        firmware: 'v1.0.0',
        components: COMPONENT_TYPES.map((type) => ({
          type,
          maker: `${type.split('_')[0]} parts co.`,
          serial: `${maker.enterpriseCode}-${type.slice(0, 2).toUpperCase()}-${String(u.unit).padStart(6, '0')}`,
          lot: u.lot,
        })),
      }));
      const issued = await driver.register(maker, units, step.at);
      for (const [i, u] of step.units.entries()) codes[u.unit] = must(issued[i], 'register issues a code per unit');
      tick(units.length);
    } else if (step.kind === 'recall') {
      const m = modelCode(step.model);
      recallId = await driver.recall(m.enterprise, m.code, step.hazard, step.at);
    } else {
      const items: EventItem[] = step.items.map((i) => ({
        code: must(codes[i.unit], 'a unit is registered before its events'),
        // A late report (demo-late.ts) says when the event happened; the rest happen as they are recorded.
        event: {
          type: i.type,
          ...(i.occurredAt ? { occurredAt: i.occurredAt.toISOString() } : {}),
          data: resolve(i.data, step.at),
        } as EventRequest,
      }));
      // A batch the rules refuse is reported, not fatal: the demo shows the rules working.
      const problem = await driver.record(actor(step.actor), items, step.at);
      if (problem === undefined) events += items.length;
      else {
        refused += items.length;
        if (problems.length < 5) problems.push(`${must(step.items[0], 'a batch has items').type} by ${step.actor}: ${problem}`);
      }
      tick(items.length);
    }
  }

  const first = (role: Role) =>
    must(
      [...actors.values()].find((a) => a.roles.includes(role)),
      `the plan enrols a ${role}`,
    );
  // Second lives (issue #16): imports from three countries, exports, remanufacture with lineage, a month before the plan ends.
  const lastAt = plan.steps.at(-1)?.at ?? plan.start;
  const secondLife = await seedSecondLife(driver, first('operator'), new Date(lastAt.getTime() - 30 * 86_400_000));
  problems.push(...secondLife.problems);
  // Public reports (issue #16): a few passers-by report units of the fleet, a suspected counterfeit first.
  const reported = await seedReports(driver, codes.filter(Boolean), lastAt);
  problems.push(...reported.problems);
  const tokens = (['manufacturer', 'operator', 'service', 'recycler', 'insurer'] as Role[]).map((role) => ({
    role,
    name: first(role).name,
    token: first(role).token,
  }));
  return {
    tokens,
    robots: codes.filter(Boolean).length,
    events,
    refused,
    problems,
    sampleCodes: codes.slice(0, 5),
    secondLife,
    reports: reported.reports,
    ms: Math.round(performance.now() - started),
  };
}
