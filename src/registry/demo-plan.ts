/**
 * The demo fleet as a deterministic plan (a seeded PRNG, no I/O): who enrols,
 * which models are filed, how many units each registers month by month, and
 * the life events of a subset of units, all in time order. demo.ts runs the
 * plan through the registry's own use cases or its HTTP API.
 */

import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** seededRandom returns a reproducible stream of floats in [0, 1) from seed (pure-rand's xoroshiro128+). */
export function seededRandom(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng);
}

/** DemoScale sizes the fleet; DEFAULT_SCALE is launch scale. */
export interface DemoScale {
  manufacturers: number;
  models: number;
  robots: number;
  /** lives is how many units get a life after registration (sale, deployment, service, incidents, scrapping). */
  lives: number;
  months: number;
}

/** LAUNCH_SCALE is the real platform's launch size (DESIGN.md): 100+ makers, 200 models, 28,000 robots. */
export const LAUNCH_SCALE: DemoScale = { manufacturers: 120, models: 200, robots: 28_000, lives: 1_000, months: 18 };

/** COMPONENT_TYPES are the key component types every demo model declares. */
export const COMPONENT_TYPES = ['main_controller', 'battery_pack', 'joint_actuators', 'vision_sensors'];

/** PROVINCES are deployment provinces with a few cities each. */
export const PROVINCES: Record<string, string[]> = {
  Guangdong: ['Shenzhen', 'Guangzhou', 'Dongguan', 'Foshan'],
  Zhejiang: ['Hangzhou', 'Ningbo', 'Wenzhou'],
  Jiangsu: ['Suzhou', 'Nanjing', 'Wuxi'],
  Shanghai: ['Shanghai'],
  Beijing: ['Beijing'],
  Shandong: ['Qingdao', 'Jinan', 'Yantai'],
  Sichuan: ['Chengdu', 'Mianyang'],
  Hubei: ['Wuhan', 'Yichang'],
  Fujian: ['Xiamen', 'Fuzhou'],
  Henan: ['Zhengzhou', 'Luoyang'],
  Anhui: ['Hefei', 'Wuhu'],
  Hunan: ['Changsha'],
  Tianjin: ['Tianjin'],
  Chongqing: ['Chongqing'],
  Liaoning: ['Shenyang', 'Dalian'],
  Shaanxi: ["Xi'an"],
};

const CITIES = ['Shenzhen', 'Hangzhou', 'Beijing', 'Shanghai', 'Suzhou', 'Guangzhou', 'Wuhan', 'Chengdu', 'Hefei', 'Nanjing', 'Qingdao', 'Xiamen', 'Tianjin', 'Changsha', 'Dongguan', "Xi'an"];
const WORDS = ['Lingxi', 'Tianqi', 'Zhiyuan', 'Xinghe', 'Yunji', 'Qiming', 'Huaxin', 'Jinteng', 'Ruibo', 'Feiyue', 'Anbo', 'Kaiwu', 'Zhongke', 'Shenlan', 'Haoran', 'Mingda', 'Boyuan', 'Xunlei', 'Chuangxin', 'Leju'];
const SUFFIX = ['Robotics', 'Intelligent Technology', 'Humanoid Co.', 'Automation', 'Dynamics', 'Embodied AI'];
const DOMAINS = ['logistics', 'manufacturing', 'healthcare', 'retail', 'hospitality', 'education', 'elder_care', 'security', 'research'];
const CATEGORIES = ['general-purpose humanoid', 'industrial humanoid', 'service humanoid', 'research platform'];
const FAILURES = ['joint overheating', 'vision calibration drift', 'controller reboot', 'battery swelling'];

/** PlannedParticipant is an organisation the demo enrols. */
export interface PlannedParticipant {
  key: string;
  name: string;
  roles: ('manufacturer' | 'seller' | 'operator' | 'service' | 'recycler' | 'regulator')[];
}

/** PlannedModel is a model a maker files. */
export interface PlannedModel {
  key: string;
  maker: string;
  name: string;
  category: string;
  parameters: { heightCm: number; massKg: number; degreesOfFreedom: number; payloadKg: number; topSpeedKmh: number; batteryChemistry: string; batteryCapacityWh: number; autonomyLevel: string; applications: string[] };
  approve: boolean;
}

/** DemoStep is one action of the plan, in time order; `unit` numbers units across the fleet. */
export type DemoStep =
  | { at: Date; kind: 'register'; maker: string; units: { unit: number; model: string; productionDate: string; lot: string }[] }
  | { at: Date; kind: 'event'; unit: number; actor: string; type: string; data: Record<string, unknown> }
  | { at: Date; kind: 'recall'; model: string; hazard: string };

/** DemoPlan is the whole fleet. */
export interface DemoPlan {
  start: Date;
  participants: PlannedParticipant[];
  models: PlannedModel[];
  steps: DemoStep[];
  /** counts summarise the plan for progress bars and reports. */
  counts: { robots: number; events: number };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** RECALL_REF is the marker a remedy's data carries in place of the recall's id, which is known only at run time. */
export const RECALL_REF = '$recall';

/** planDemo lays out the fleet for seed and scale, ending at `end` (default: now). */
export function planDemo(seed = 20_260_101, scale: DemoScale = LAUNCH_SCALE, end = new Date()): DemoPlan {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const endDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate()));
  const start = new Date(Date.UTC(endDay.getUTCFullYear(), endDay.getUTCMonth() - scale.months, 1));

  const participants: PlannedParticipant[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < scale.manufacturers; i++) {
    let name = '';
    do name = `${pick(CITIES)} ${pick(WORDS)} ${pick(SUFFIX)}`; while (usedNames.has(name));
    usedNames.add(name);
    participants.push({ key: `maker${i}`, name, roles: ['manufacturer', 'seller'] });
  }
  const operators = Array.from({ length: 40 }, (_, i) => `operator${i}`);
  operators.forEach((key, i) => participants.push({ key, name: `${CITIES[i % CITIES.length]} ${['Logistics', 'Hospital', 'Smart Factory', 'Retail Group', 'Elder Care Centre'][i % 5]} ${pad(i + 1, 2)}`, roles: ['operator'] }));
  const services = Array.from({ length: 8 }, (_, i) => `service${i}`);
  services.forEach((key, i) => participants.push({ key, name: `${CITIES[(i * 3) % CITIES.length]} Robot Service Centre ${i + 1}`, roles: ['service'] }));
  const recyclers = ['recycler0', 'recycler1', 'recycler2'];
  recyclers.forEach((key, i) => participants.push({ key, name: `${['Tianjin', 'Dongguan', 'Hefei'][i]} Green Recycling`, roles: ['recycler'] }));

  // Every maker gets a model; the rest go to makers with a skew, so a few makers are large.
  const models: PlannedModel[] = [];
  for (let i = 0; i < scale.models; i++) {
    const maker = i < scale.manufacturers ? i : Math.floor(Math.pow(rnd(), 2) * scale.manufacturers);
    const base = participants[maker]!.name.split(' ')[1]!;
    models.push({
      key: `model${i}`,
      maker: `maker${maker}`,
      name: `${base} ${pick(['H', 'G', 'X', 'R', 'W'])}${int(1, 9)}-${pad(i + 1, 3)}`,
      category: pick(CATEGORIES),
      parameters: {
        heightCm: int(120, 185), massKg: int(30, 90), degreesOfFreedom: int(20, 60), payloadKg: int(3, 30), topSpeedKmh: Math.round((2 + rnd() * 8) * 10) / 10,
        batteryChemistry: pick(['NMC', 'LFP', 'solid-state']), batteryCapacityWh: int(8, 40) * 100, autonomyLevel: pick(['L2', 'L3', 'L4']),
        applications: [pick(DOMAINS), pick(DOMAINS)].filter((v, k, a) => a.indexOf(v) === k),
      },
      approve: i % 9 !== 4,
    });
  }
  const approved = models.map((m, i) => (m.approve ? i : -1)).filter((i) => i >= 0);
  const weights = models.map((m) => (m.approve ? 0.2 + Math.pow(rnd(), 3) * 4 : 0.15));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
  const pickModel = () => {
    const r = rnd();
    const i = cumulative.findIndex((c) => c >= r);
    return i < 0 ? models.length - 1 : i;
  };

  // Each maker registers its units in one to three production runs (a run is one
  // all-or-nothing batch), in months drawn with the fleet's growth, so
  // registrations rise month by month without thousands of tiny runs.
  const steps: DemoStep[] = [];
  const unitModel: number[] = [];
  const unitRegistered: Date[] = [];
  const byMaker = new Map<string, number[]>();
  for (let u = 0; u < scale.robots; u++) {
    const mi = pickModel();
    unitModel[u] = mi;
    const list = byMaker.get(models[mi]!.maker) ?? [];
    list.push(u);
    byMaker.set(models[mi]!.maker, list);
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
        if (!made.has(mi)) made.set(mi, { date: day(addDays(monthStart, int(0, 20))), lot: `L${pad(m + 1, 2)}${pick(['A', 'B', 'C'])}` });
        return made.get(mi)!;
      };
      steps.push({
        at, kind: 'register', maker,
        units: mine.map((u) => ({ unit: u, model: models[unitModel[u]!]!.key, productionDate: madeOf(unitModel[u]!).date, lot: madeOf(unitModel[u]!).lot })),
      });
      for (const u of mine) unitRegistered[u] = at;
    });
  }

  // Lives for a subset of units of approved models: sold, deployed, serviced, some incidents, some scrapped.
  const hour = (d: Date, h: number) => new Date(d.getTime() + h * 3_600_000);
  const recallModel = approved[Math.floor(approved.length / 3)]!;
  const recallAt = addDays(endDay, -40);
  const livesOf = new Set<number>();
  for (let tries = 0; livesOf.size < Math.min(scale.lives, scale.robots) && tries < scale.robots * 4; tries++) {
    const u = int(0, scale.robots - 1);
    if (models[unitModel[u]!]!.approve && unitRegistered[u]! < addDays(endDay, -30)) livesOf.add(u);
  }
  // Every unit of the recalled model that has a life gets its remedy recorded, or not yet.
  for (const u of [...livesOf].sort((a, b) => a - b)) {
    const mi = unitModel[u]!;
    const model = models[mi]!;
    const maker = model.maker;
    const owner = pick(operators);
    let t = addDays(unitRegistered[u]!, int(3, 30));
    const ev = (actor: string, type: string, data: Record<string, unknown>) => {
      if (t < endDay) steps.push({ at: t, kind: 'event', unit: u, actor, type, data });
      t = hour(addDays(t, int(5, 60)), int(1, 8));
    };
    ev(maker, 'transferred', { to: owner, sale: true });
    const province = pick(Object.keys(PROVINCES));
    ev(owner, 'deployed', { site: { province, city: pick(PROVINCES[province]!) }, domain: pick(DOMAINS) });
    if (rnd() < 0.5) {
      const svc = pick(services);
      ev(owner, 'service_granted', { service: svc, expiresAt: '$+365d' });
      ev(svc, 'serviced', { kind: pick(['inspection', 'maintenance', 'software_update']), firmware: `v${int(2, 4)}.${int(0, 9)}.${int(0, 9)}` });
    }
    const failing = mi === recallModel;
    if (rnd() < (failing ? 0.35 : 0.06)) {
      const componentType = failing ? 'battery_pack' : pick(COMPONENT_TYPES);
      ev(owner, 'incident_reported', {
        severity: pick(['minor', 'minor', 'serious']), kind: pick(['malfunction', 'malfunction', 'property_damage']),
        description: `Unit stopped during work: ${failing ? 'battery swelling' : pick(FAILURES)}.`, componentType, failureMode: failing ? 'battery swelling' : pick(FAILURES),
      });
    }
    if (failing && t < endDay && rnd() < 0.55) {
      const at = addDays(recallAt, int(2, 35));
      if (at > t && at < endDay) steps.push({ at, kind: 'event', unit: u, actor: maker, type: 'recall_remedied', data: { recallId: RECALL_REF } });
    } else if (!failing && rnd() < 0.04) {
      const recycler = pick(recyclers);
      ev(owner, 'undeployed', {});
      ev(owner, 'decommissioned', { reason: 'end of service life' });
      ev(owner, 'transferred', { to: recycler, sale: false });
      ev(recycler, 'recycling_received', {});
      ev(recycler, 'scrapped', { method: 'dismantled; batteries to certified recycler' });
    }
  }
  steps.push({ at: recallAt, kind: 'recall', model: models[recallModel]!.key, hazard: `${models[recallModel]!.name}: battery pack may swell under sustained load` });
  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === 'register' ? -1 : 0) - (b.kind === 'register' ? -1 : 0));
  const events = steps.filter((s) => s.kind === 'event').length;
  return { start, participants, models, steps, counts: { robots: scale.robots, events } };
}
