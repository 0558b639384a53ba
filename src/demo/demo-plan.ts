/**
 * The demo fleet as a deterministic plan (a seeded PRNG, no I/O): who enrols,
 * which models are filed, how many units each registers month by month, and
 * the lives of the units as business-sized batches (orders, site deployments,
 * service visits, incidents, moves, resales, scrapping, recall remedies), all
 * in time order. demo.ts runs the plan through the registry's own use cases or
 * its HTTP API.
 */

import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

import type { ModelParameters } from '../registry/models/models.ts';
import { nameKey } from '../names/display-name.ts';
import { must } from '../must.ts';
import {
  BRANDS,
  HOME_CITIES,
  LEGAL_FORMS,
  OPERATOR_KINDS,
  OPERATOR_WORDS,
  RECYCLER_CITIES,
  SERVICE_WORDS,
  TRADES,
  type Place,
} from './demo-names.ts';
import { DAY, DOMAINS, drawFrom, newFleet, live, remedyCampaigns, sellRun, type Cast, type Draw, type EventsStep } from './demo-lives.ts';
import { insureOrder, newCover, type Underwriters } from './demo-insurance.ts';
import { reportSomeLate } from './demo-late.ts';

export { GRANT_EXPIRY, PROVINCES, RECALL_REF, siteIn, type EventsStep } from './demo-lives.ts';

/** seededRandom returns a reproducible stream of floats in [0, 1) from seed (pure-rand's xoroshiro128+). */
export function seededRandom(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng);
}

/** DemoScale sizes the fleet; LAUNCH_SCALE is launch scale. */
export interface DemoScale {
  manufacturers: number;
  models: number;
  robots: number;
  months: number;
}

/** LAUNCH_SCALE is the real platform's launch size (DESIGN.md): 100+ makers, 200 models, 28,000 robots. */
export const LAUNCH_SCALE: DemoScale = { manufacturers: 120, models: 200, robots: 28_000, months: 18 };

/** COMPONENT_TYPES are the key component types every demo model declares. */
export const COMPONENT_TYPES = ['main_controller', 'battery_pack', 'joint_actuators', 'vision_sensors'];

// Model categories as a Chinese filing names them (free text in the API).
const CATEGORIES = ['通用人形机器人', '工业人形机器人', '服务人形机器人', '科研平台'];
/** PlannedParticipant is an organisation the demo enrols. */
export interface PlannedParticipant {
  key: string;
  /** name is the official Chinese name; nameEn its English beside it. */
  name: string;
  nameEn: string;
  roles: ('manufacturer' | 'seller' | 'operator' | 'service' | 'recycler' | 'insurer' | 'regulator')[];
}

/** PlannedModel is a model a maker files. */
export interface PlannedModel {
  key: string;
  maker: string;
  /** name is the model's name under its maker's Chinese brand; nameEn the same under the brand's pinyin. */
  name: string;
  nameEn: string;
  category: string;
  parameters: ModelParameters;
  approve: boolean;
}

/** recallTerms are the terms of the demo's stop-sale recall on one model, the same whichever way the demo reaches the registry. */
export function recallTerms(enterprise: string, model: string, hazard: string) {
  return {
    scope: { enterprise, models: [model] },
    hazard,
    severity: 'high' as const,
    remedy: 'part_replacement' as const,
    stopSale: true,
    stopUse: false,
  };
}

/**
 * DemoStep is one action of the plan, in time order; `unit` numbers units
 * across the fleet. An `events` step is one batch: one actor, one time, 1 to
 * 1,000 items, each unit at most once. In `data`, a participant key stands
 * for that participant's id, RECALL_REF for the recall's id and GRANT_EXPIRY
 * for the step's time plus 730 days.
 */
export type DemoStep =
  | { at: Date; kind: 'register'; maker: string; units: { unit: number; model: string; productionDate: string; lot: string }[] }
  | EventsStep
  | { at: Date; kind: 'recall'; model: string; hazard: string };

/** DemoPlan is the whole fleet. */
export interface DemoPlan {
  start: Date;
  participants: PlannedParticipant[];
  models: PlannedModel[];
  steps: DemoStep[];
  /** counts summarise the plan for progress bars and reports: units registered and event items. */
  counts: { robots: number; events: number };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * DAY);

/** modelAt is the planned model at index mi; the plan only makes indexes into its own model list. */
function modelAt(models: readonly PlannedModel[], mi: number): PlannedModel {
  return must(models[mi], 'a model index names a planned model');
}

/** modelIndexOf is the index of unit u's model; every planned unit has one. */
function modelIndexOf(unitModel: readonly number[], u: number): number {
  return must(unitModel[u], 'every planned unit has a model');
}

/** planDemo lays out the fleet for seed and scale, ending at `end` (default: now). */
export function planDemo(seed = 20_260_101, scale: DemoScale = LAUNCH_SCALE, end = new Date()): DemoPlan {
  const draw = drawFrom(seededRandom(seed));
  const endDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate()));
  const start = new Date(Date.UTC(endDay.getUTCFullYear(), endDay.getUTCMonth() - scale.months, 1));
  const { participants, brands, cast, underwriters } = planParticipants(draw, scale);
  const models = planModels(draw, scale, brands);
  const { runs, unitModel } = planRuns(draw, scale, models, start);

  const recallAt = addDays(endDay, -40);
  const recallModel = recallModelOf(models, runs, unitModel, recallAt);
  const fleet = newFleet(draw, runs, unitModel, { endMs: endDay.getTime(), recallModel, recallMs: recallAt.getTime() });
  const cover = newCover(underwriters);
  for (const run of runs) {
    const sellable = run.units.map((r) => r.unit).filter((u) => modelAt(models, modelIndexOf(unitModel, u)).approve);
    for (const order of sellRun(fleet, run.maker, sellable, cast)) live(fleet, order, cast, (f, o) => insureOrder(f, o, cover));
  }
  const recalled = modelAt(models, recallModel);
  remedyCampaigns(fleet, recalled.maker);
  // Last, once every unit's life is laid out: a few events reported late (issue #16).
  reportSomeLate(fleet);

  const recall: DemoStep = {
    at: recallAt,
    kind: 'recall',
    model: recalled.key,
    hazard: `${recalled.name}：电池包在持续高负载下可能鼓胀（battery pack may swell under sustained load）`,
  };
  const steps: DemoStep[] = [...runs, recall, ...fleet.batches];
  const rank = { register: 0, recall: 1, events: 2 } as const;
  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || rank[a.kind] - rank[b.kind]);
  const events = fleet.batches.reduce((n, b) => n + b.items.length, 0);
  return { start, participants, models, steps, counts: { robots: scale.robots, events } };
}

/**
 * recallModelOf picks the model the recall is about: of the approved models
 * with at least 20 units registered 90 days or more before the recall, the one
 * of median size, so the recall finds a mid-sized model sold and in the field
 * (the largest such model when none has 20, else any approved model).
 */
function recallModelOf(
  models: readonly PlannedModel[],
  runs: readonly RegisterStep[],
  unitModel: readonly number[],
  recallAt: Date,
): number {
  const counts = new Map<number, number>();
  for (const run of runs) {
    if (run.at.getTime() > recallAt.getTime() - 90 * DAY) continue;
    for (const { unit } of run.units) {
      const mi = modelIndexOf(unitModel, unit);
      if (modelAt(models, mi).approve) counts.set(mi, (counts.get(mi) ?? 0) + 1);
    }
  }
  const bySize = [...counts].sort(([a, n], [b, m]) => n - m || a - b);
  const sizable = bySize.filter(([, n]) => n >= 20);
  const median = sizable[Math.floor(sizable.length / 2)];
  if (median) return median[0];
  const largest = bySize.at(-1);
  if (largest) return largest[0];
  const approved = models.map((m, i) => (m.approve ? i : -1)).filter((i) => i >= 0);
  return must(approved[Math.floor(approved.length / 3)], 'the plan approves some model');
}

/**
 * planParticipants enrols the makers (a home city, a brand, a trade and a
 * legal form drawn, never two names that read alike), operators, service
 * centres and recyclers, each with a Chinese name and its English beside it.
 */
function planParticipants(
  { pick }: Draw,
  scale: DemoScale,
): { participants: PlannedParticipant[]; brands: Place[]; cast: Cast; underwriters: Underwriters } {
  const participants: PlannedParticipant[] = [];
  const brands: Place[] = [];
  const usedKeys = new Set<string>();
  for (let i = 0; i < scale.manufacturers; i++) {
    let name: Place;
    let brand: Place;
    do {
      const [city, b, trade] = [pick(HOME_CITIES), pick(BRANDS), pick(TRADES)];
      const form = LEGAL_FORMS[i % 3 === 0 ? 0 : 1] ?? { name: '有限公司', nameEn: 'Co., Ltd.' };
      brand = b;
      name = {
        name: `${city.name}${b.name}${trade.name}${form.name}`,
        nameEn: `${city.nameEn} ${b.nameEn} ${trade.nameEn} ${form.nameEn}`,
      };
    } while (usedKeys.has(nameKey(name.nameEn)));
    usedKeys.add(nameKey(name.nameEn));
    brands.push(brand);
    participants.push({ key: `maker${i}`, ...name, roles: ['manufacturer', 'seller'] });
  }
  const at = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;
  const operators = Array.from({ length: 40 }, (_, i) => `operator${i}`);
  for (const [i, key] of operators.entries()) {
    const [city, word, kind] = [at(HOME_CITIES, i), at(OPERATOR_WORDS, Math.floor(i / 5)), at(OPERATOR_KINDS, i)];
    participants.push({
      key,
      name: `${city.name}${word.name}${kind.name}`,
      nameEn: `${city.nameEn} ${word.nameEn} ${kind.nameEn}`,
      roles: ['operator'],
    });
  }
  const services = Array.from({ length: 8 }, (_, i) => `service${i}`);
  for (const [i, key] of services.entries()) {
    const [city, word] = [at(HOME_CITIES, i * 3), at(SERVICE_WORDS, i)];
    participants.push({
      key,
      name: `${city.name}${word.name}机器人维修服务有限公司`,
      nameEn: `${city.nameEn} ${word.nameEn} Robot Service Co., Ltd.`,
      roles: ['service'],
    });
  }
  const recyclers = ['recycler0', 'recycler1', 'recycler2'];
  for (const [i, key] of recyclers.entries()) {
    const city = at(RECYCLER_CITIES, i);
    participants.push({
      key,
      name: `${city.name}绿色再生资源回收有限公司`,
      nameEn: `${city.nameEn} Green Recycling Co., Ltd.`,
      roles: ['recycler'],
    });
  }
  participants.push(...INSURERS, REGULATOR);
  const underwriters = { insurers: INSURERS.map((p) => p.key), regulator: REGULATOR.key };
  return { participants, brands, cast: { operators, services, recyclers }, underwriters };
}

/** INSURERS are the demo's insurance companies (issue #15): named by owners, they record condition brands. */
const INSURERS: PlannedParticipant[] = [
  { key: 'insurer0', name: '鼎信财产保险股份有限公司', nameEn: 'Dingxin Property Insurance Co., Ltd.', roles: ['insurer'] },
  { key: 'insurer1', name: '安泰智能装备保险股份有限公司', nameEn: 'Antai Smart Equipment Insurance Co., Ltd.', roles: ['insurer'] },
];

/** REGULATOR is the regulator's body the demo enrols to annotate a condition brand (the registry's own regulator enrols it). */
const REGULATOR: PlannedParticipant = {
  key: 'regulator0',
  name: '市场监管总局缺陷产品管理中心',
  nameEn: 'SAMR Defective Product Administrative Center',
  roles: ['regulator'],
};

/** planModels gives every maker a model and the rest to makers with a skew, so a few makers are large; a model carries its maker's brand. */
function planModels({ rnd, int, pick }: Draw, scale: DemoScale, brands: readonly Place[]): PlannedModel[] {
  const models: PlannedModel[] = [];
  for (let i = 0; i < scale.models; i++) {
    const maker = i < scale.manufacturers ? i : Math.floor(rnd() ** 2 * scale.manufacturers);
    const brand = brands[maker] ?? { name: '通用', nameEn: 'Tongyong' };
    const series = `${pick(['H', 'G', 'X', 'R', 'W'])}${int(1, 9)}-${pad(i + 1, 3)}`;
    models.push({
      key: `model${i}`,
      maker: `maker${maker}`,
      name: `${brand.name} ${series}`,
      nameEn: `${brand.nameEn} ${series}`,
      category: pick(CATEGORIES),
      parameters: {
        heightCm: int(120, 185),
        massKg: int(30, 90),
        degreesOfFreedom: int(20, 60),
        payloadKg: int(3, 30),
        topSpeedKmh: Math.round((2 + rnd() * 8) * 10) / 10,
        batteryChemistry: pick(['NMC', 'LFP', 'solid-state']),
        batteryCapacityWh: int(8, 40) * 100,
        autonomyLevel: pick(['L2', 'L3', 'L4']),
        applications: [pick(DOMAINS), pick(DOMAINS)].filter((v, k, a) => a.indexOf(v) === k),
      },
      approve: i % 9 !== 4,
    });
  }
  return models;
}

type RegisterStep = Extract<DemoStep, { kind: 'register' }>;

/**
 * planRuns assigns units to models (approved ones weighted, a few popular) and
 * has each maker register its units in one to three production runs (a run is
 * one all-or-nothing batch), in months drawn with the fleet's growth, so
 * registrations rise month by month without thousands of tiny runs.
 */
function planRuns(
  { rnd, int, pick }: Draw,
  scale: DemoScale,
  models: readonly PlannedModel[],
  start: Date,
): { runs: RegisterStep[]; unitModel: number[] } {
  const weights = models.map((m) => (m.approve ? 0.2 + rnd() ** 3 * 4 : 0.15));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
  const pickModel = () => {
    const r = rnd();
    const i = cumulative.findIndex((c) => c >= r);
    return i < 0 ? models.length - 1 : i;
  };

  const runs: RegisterStep[] = [];
  const unitModel: number[] = [];
  const byMaker = new Map<string, number[]>();
  for (let u = 0; u < scale.robots; u++) {
    const mi = pickModel();
    unitModel[u] = mi;
    const { maker } = modelAt(models, mi);
    const list = byMaker.get(maker) ?? [];
    list.push(u);
    byMaker.set(maker, list);
  }
  const pickMonth = () => Math.min(scale.months - 1, Math.floor(Math.sqrt(rnd()) * scale.months));
  for (const [maker, units] of byMaker) {
    const runCount = units.length > 3000 ? 3 : units.length > 1500 ? 2 : 1;
    const months = [...new Set(Array.from({ length: runCount }, pickMonth))].sort((a, b) => a - b);
    months.forEach((m, r) => {
      const mine = units.filter((_, k) => k % months.length === r);
      const monthStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, 1));
      const at = addDays(monthStart, int(21, 27));
      // One production date and component lot per model in a run, as a factory line makes them.
      const made = new Map<number, { date: string; lot: string }>();
      const madeOf = (mi: number) => {
        let batch = made.get(mi);
        if (!batch) {
          batch = { date: day(addDays(monthStart, int(0, 20))), lot: `L${pad(m + 1, 2)}${pick(['A', 'B', 'C'])}` };
          made.set(mi, batch);
        }
        return batch;
      };
      runs.push({
        at,
        kind: 'register',
        maker,
        units: mine.map((u) => {
          const mi = modelIndexOf(unitModel, u);
          const { date, lot } = madeOf(mi);
          return { unit: u, model: modelAt(models, mi).key, productionDate: date, lot };
        }),
      });
    });
  }
  return { runs, unitModel };
}

/**
 * standingAcceptancesOf names, for each participant the plan transfers units
 * to, the senders it accepts transfers from without an offer: an operator its
 * suppliers and former owners, a recycler the owners it takes units from. The
 * demo's sales and hand-overs then stay one step, as fleet purchases do.
 */
export function standingAcceptancesOf(plan: DemoPlan): Map<string, Set<string>> {
  const standing = new Map<string, Set<string>>();
  for (const step of plan.steps) {
    if (step.kind !== 'events') continue;
    for (const item of step.items) {
      if (item.type !== 'transferred') continue;
      const to = String(item.data.to);
      const senders = standing.get(to) ?? new Set<string>();
      senders.add(step.actor);
      standing.set(to, senders);
    }
  }
  return standing;
}
