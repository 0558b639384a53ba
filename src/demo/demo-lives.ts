/**
 * The lives of the demo fleet's units, laid out as business-sized batches the
 * way a real fleet lives: orders sold to operators, site deployments, service
 * contracts and visits, incidents, moves across provinces, resales, scrapping
 * and recall remedy campaigns. Pure: demo-plan.ts calls it with its seeded
 * stream, and every batch fits the lifecycle rules (test/demo-plan.test.ts
 * replays them through decide()).
 */

import { DEMO_PROVINCES } from './demo-names.ts';
import { must } from '../must.ts';

/** PROVINCES are the deployment provinces (in Chinese: 广东省, 北京市, …) with a few cities each (深圳市, …). */
export const PROVINCES: Record<string, string[]> = Object.fromEntries(DEMO_PROVINCES.map((p) => [p.name, p.cities.map((c) => c.name)]));

// The English of each province and city, for the address line beside the Chinese names of a site.
const ENGLISH = new Map(DEMO_PROVINCES.flatMap((p) => [[p.name, p.nameEn] as const, ...p.cities.map((c) => [c.name, c.nameEn] as const)]));

/** siteIn is a deployment site in city of province: the Chinese names, and their English as the address line. */
export function siteIn(province: string, city: string): { province: string; city: string; address: string } {
  const [cityEn, provinceEn] = [ENGLISH.get(city) ?? city, ENGLISH.get(province) ?? province];
  return { province, city, address: cityEn === provinceEn ? cityEn : `${cityEn}, ${provinceEn}` };
}

/** DOMAINS are the fields robots work in. */
export const DOMAINS = [
  'logistics',
  'manufacturing',
  'healthcare',
  'retail',
  'hospitality',
  'education',
  'elder_care',
  'security',
  'research',
];

type Failure = readonly [mode: string, component: string];

/** BATTERY_SWELLING is the recalled model's failure. */
const BATTERY_SWELLING: Failure = ['battery swelling', 'battery_pack'];

/** FAILURES pairs each failure mode with the key component it shows in. */
const FAILURES: readonly Failure[] = [
  ['joint overheating', 'joint_actuators'],
  ['vision calibration drift', 'vision_sensors'],
  ['controller reboot', 'main_controller'],
  BATTERY_SWELLING,
];

/** RECALL_REF is the marker a remedy's data carries in place of the recall's id, which is known only at run time. */
export const RECALL_REF = '$recall';

/** GRANT_EXPIRY is the marker a service grant's `expiresAt` carries: the step's time plus 730 days. */
export const GRANT_EXPIRY = '$+730d';

// The most items one `events` step carries: the batch endpoint's limit
// (MAX_EVENT_BATCH in record-event.ts, not imported so the plan stays free of I/O).
const MAX_BATCH = 1_000;

/** DAY and HOUR are in milliseconds. */
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** Draw is the plan's one seeded stream with the shapes it draws in. */
export interface Draw {
  rnd: () => number;
  /** int draws an integer in [lo, hi]. */
  int: (lo: number, hi: number) => number;
  pick: <T>(xs: readonly T[]) => T;
}

/** drawFrom wraps a stream of floats in [0, 1) in the shapes the plan draws. */
export function drawFrom(rnd: () => number): Draw {
  return {
    rnd,
    int: (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)),
    pick: (xs) => must(xs[Math.floor(rnd() * xs.length)], 'pick draws from a non-empty list'),
  };
}

/** Cast is who takes part besides the makers, by participant key. */
export interface Cast {
  operators: string[];
  services: string[];
  recyclers: string[];
}

/** EventsStep is one batch of the plan: one actor, one time, 1 to MAX_BATCH events, each on a different unit. */
export interface EventsStep {
  at: Date;
  kind: 'events';
  actor: string;
  /** items are the batch's events; occurredAt, when set, is earlier than `at`: the event is reported late (demo-late.ts). */
  items: { unit: number; type: string; data: Record<string, unknown>; occurredAt?: Date }[];
}

/** RegisteredRun is what the lives need of a production run: when it was registered and its units. */
export interface RegisteredRun {
  at: Date;
  units: readonly { unit: number }[];
}

/** Status is where a unit stands while its life is laid out (the registry's statuses the demo reaches). */
export type Status = 'registered' | 'in_use' | 'deployed' | 'decommissioned' | 'recycling' | 'scrapped';

/**
 * Fleet is the plan's running view of every unit while lives are laid out,
 * so that each batch fits the state and the last event time of its units.
 */
export interface Fleet {
  draw: Draw;
  batches: EventsStep[];
  /** endMs: every event comes before the start of the end day. */
  endMs: number;
  recallModel: number;
  recallMs: number;
  unitModel: number[];
  status: Status[];
  /** times are each unit's event times, registration first. */
  times: number[][];
  /** contractCredit spreads service contracts evenly over orders (see serviceContract). */
  contractCredit: number;
  /** scrapped counts the units the plan has scrapped so far (see scrapSome). */
  scrapped: number;
}

/** Order is units one seller sold to one operator in one transfer, followed through their life together. */
export interface Order {
  owner: string;
  soldMs: number;
  units: number[];
  sites: { province: string; units: number[] }[];
}

/** newFleet starts every unit registered, at its run's time. */
export function newFleet(
  draw: Draw,
  runs: readonly RegisteredRun[],
  unitModel: number[],
  recall: { endMs: number; recallModel: number; recallMs: number },
): Fleet {
  const fleet: Fleet = { draw, batches: [], ...recall, unitModel, status: [], times: [], contractCredit: 1, scrapped: 0 };
  for (const run of runs) {
    for (const { unit } of run.units) {
      fleet.status[unit] = 'registered';
      fleet.times[unit] = [run.at.getTime()];
    }
  }
  return fleet;
}

/** timesOf is unit u's event times; every unit of the fleet has them from its registration. */
export function timesOf(f: Fleet, u: number): number[] {
  return must(f.times[u], 'every unit of the fleet has a timeline');
}

/** modelOf is the index of unit u's model. */
function modelOf(f: Fleet, u: number): number {
  return must(f.unitModel[u], 'every unit of the fleet has a model');
}

/** lastDay is the start of the day of the last event of any of units. */
export function lastDay(f: Fleet, units: readonly number[]): number {
  return Math.floor(Math.max(...units.map((u) => must(timesOf(f, u).at(-1), 'a timeline starts at registration'))) / DAY) * DAY;
}

/** after is a working hour `days` days after the last event of any of units (at least 14 hours later when days ≥ 1). */
export function after(f: Fleet, units: readonly number[], days: number): number {
  return lastDay(f, units) + days * DAY + f.draw.int(8, 18) * HOUR;
}

/** daysBefore is the most days `after` may go and still fall before `limit` (a day start). */
export function daysBefore(f: Fleet, units: readonly number[], limit: number): number {
  return (limit - lastDay(f, units)) / DAY - 1;
}

/** withinDays draws lo–hi days, shortened to fall before the end when there is room for lo. */
function withinDays(f: Fleet, units: readonly number[], lo: number, hi: number): number {
  return f.draw.int(lo, Math.max(lo, Math.min(hi, daysBefore(f, units, f.endMs))));
}

/**
 * beforeRecall shortens a delay of units that include the recalled model so
 * the step lands before the stop-sale recall when there is room for `min`
 * days: the model sells and deploys fast, and the recall finds it in the field.
 */
function beforeRecall(f: Fleet, units: readonly number[], days: number, min: number): number {
  if (!units.some((u) => f.unitModel[u] === f.recallModel)) return days;
  const room = daysBefore(f, units, f.recallMs);
  return room >= min ? Math.min(days, room) : days;
}

/** marketable tells whether a sale or deployment of u at `at` has market access: not a unit of the stop-sale recalled model once the recall is out. */
function marketable(f: Fleet, u: number, at: number): boolean {
  return f.unitModel[u] !== f.recallModel || at < f.recallMs;
}

/**
 * record adds one batch (split at MAX_BATCH) of the same event on units by
 * actor at `at`, moving them to `next`; it records nothing and returns false
 * when the batch is empty or falls on or after the end day.
 */
export function record(
  f: Fleet,
  at: number,
  actor: string,
  type: string,
  units: readonly number[],
  data: Record<string, unknown>,
  next?: Status,
): boolean {
  if (units.length === 0 || at >= f.endMs) return false;
  for (let i = 0; i < units.length; i += MAX_BATCH) {
    f.batches.push({ at: new Date(at), kind: 'events', actor, items: units.slice(i, i + MAX_BATCH).map((unit) => ({ unit, type, data })) });
  }
  for (const u of units) {
    timesOf(f, u).push(at);
    if (next) f.status[u] = next;
  }
  return true;
}

/**
 * sellRun has a maker sell most of a run's sellable units (85–95%) in orders
 * of 5–120 units, mostly of one model, each to an operator 5–60 days after
 * registration (most within two weeks); the rest, and orders that would
 * fall after the end, stay in stock.
 */
export function sellRun(f: Fleet, maker: string, sellable: number[], cast: Cast): Order[] {
  const { rnd, int, pick } = f.draw;
  const stock = sellable.sort((a, b) => modelOf(f, a) - modelOf(f, b) || a - b);
  const n = Math.round(stock.length * (0.85 + 0.1 * rnd()));
  const orders: Order[] = [];
  for (let i = 0; i + 5 <= n; ) {
    const size = Math.min(int(5, 120), n - i);
    const units = stock.slice(i, i + size);
    i += size;
    const order = sell(f, maker, units, pick(cast.operators), beforeRecall(f, units, 5 + Math.floor(rnd() ** 3 * 56), 5));
    if (order) orders.push(order);
  }
  return orders;
}

/** sell transfers units from seller to buyer as a sale `days` after their last event, leaving out units a stop-sale recall holds. */
function sell(f: Fleet, seller: string, units: readonly number[], buyer: string, days: number): Order | undefined {
  const at = after(f, units, days);
  const sold = units.filter((u) => marketable(f, u, at));
  if (!record(f, at, seller, 'transferred', sold, { to: buyer, sale: true }, 'in_use')) return undefined;
  return { owner: buyer, soldMs: at, units: sold, sites: [] };
}

/**
 * live follows an order from its sale: deployment, service, insurance (`insure`,
 * demo-insurance.ts), incidents, moves, then perhaps resale and scrapping.
 */
export function live(f: Fleet, order: Order, cast: Cast, insure?: (f: Fleet, order: Order) => void): void {
  deployOrder(f, order);
  serviceContract(f, order, f.draw.pick(cast.services));
  insure?.(f, order);
  reportIncidents(f, order);
  for (const site of [...order.sites]) if (f.draw.rnd() < 0.1) moveSite(f, order, site);
  if (f.draw.rnd() < 0.05) resell(f, order, f.draw.pick(cast.operators.filter((o) => o !== order.owner)));
  if (order.soldMs < f.endMs - 180 * DAY || f.scrapped === 0) scrapSome(f, order, f.draw.pick(cast.recyclers));
}

/** deployOrder has the owner deploy about 90% of an order's units over one to three sites, a few days after the sale. */
function deployOrder(f: Fleet, order: Order): void {
  const deploying = order.units.filter(() => f.draw.rnd() < 0.9);
  const sites = Math.min(deploying.length, f.draw.int(1, 3));
  for (let s = 0; s < sites; s++) {
    const units = deploying.filter((_, k) => k % sites === s);
    deploySite(f, order, units, beforeRecall(f, units, f.draw.int(1, 7), 1));
  }
}

/** deploySite deploys units at one new site (in another province than `away`) `days` after their last event. */
function deploySite(f: Fleet, order: Order, units: readonly number[], days: number, away?: string): void {
  const { pick } = f.draw;
  const at = after(f, units, days);
  const ready = units.filter((u) => f.status[u] === 'in_use' && marketable(f, u, at));
  const province = pick(Object.keys(PROVINCES).filter((p) => p !== away));
  if (
    record(
      f,
      at,
      order.owner,
      'deployed',
      ready,
      { site: siteIn(province, pick(PROVINCES[province] ?? [])), domain: pick(DOMAINS) },
      'deployed',
    )
  ) {
    order.sites.push({ province, units: ready });
  }
}

/**
 * serviceContract gives about 40% of orders a service contract: the owner
 * grants a service centre two years of service on the order, which then
 * services it once (a third of contracts twice). Contracts are spread by a
 * running credit rather than a coin per order, so even a small fleet's first
 * order gets one.
 */
function serviceContract(f: Fleet, order: Order, service: string): void {
  const { rnd, int, pick } = f.draw;
  f.contractCredit += 0.4;
  if (rnd() >= f.contractCredit) return;
  if (!record(f, after(f, order.units, int(3, 30)), order.owner, 'service_granted', order.units, { service, expiresAt: GRANT_EXPIRY }))
    return;
  f.contractCredit -= 1;
  const visits = rnd() < 0.35 ? 2 : 1;
  for (let v = 0; v < visits; v++) {
    const kind = pick(['inspection', 'maintenance', 'software_update']);
    const data = kind === 'software_update' ? { kind, firmware: `v${int(2, 4)}.${int(0, 9)}.${int(0, 9)}` } : { kind };
    // The first visit comes before the end when there is room, so even a young contract shows one.
    record(f, after(f, order.units, v === 0 ? withinDays(f, order.units, 14, 90) : int(30, 120)), service, 'serviced', order.units, data);
  }
}

/** reportIncidents has the owner report incidents one unit at a time: about 3% of deployed units, 35% of the recalled model's (its battery swells). */
function reportIncidents(f: Fleet, order: Order): void {
  const { rnd, pick } = f.draw;
  for (const u of order.units) {
    const failing = f.unitModel[u] === f.recallModel;
    if (f.status[u] !== 'deployed' || rnd() >= (failing ? 0.35 : 0.03)) continue;
    const [failureMode, componentType] = failing ? BATTERY_SWELLING : pick(FAILURES);
    record(f, after(f, [u], withinDays(f, [u], 5, 90)), order.owner, 'incident_reported', [u], {
      severity: pick(['minor', 'minor', 'serious']),
      kind: pick(['malfunction', 'malfunction', 'property_damage']),
      description: `Unit stopped during work: ${failureMode}.`,
      componentType,
      failureMode,
    });
  }
}

/** moveSite has the owner undeploy a site's units and deploy them later in another province. */
function moveSite(f: Fleet, order: Order, site: Order['sites'][number]): void {
  const units = site.units.filter((u) => f.status[u] === 'deployed');
  if (!record(f, after(f, units, f.draw.int(20, 120)), order.owner, 'undeployed', units, {}, 'in_use')) return;
  order.sites.splice(order.sites.indexOf(site), 1);
  deploySite(f, order, units, f.draw.int(3, 21), site.province);
}

/** resell has the owner take the order's units out of service and sell them on to another operator, who deploys them. */
function resell(f: Fleet, order: Order, buyer: string): void {
  const { int } = f.draw;
  // A buyer does not take a model under recall, before or after the notice.
  const units = order.units.filter((u) => f.unitModel[u] !== f.recallModel && (f.status[u] === 'in_use' || f.status[u] === 'deployed'));
  const deployed = units.filter((u) => f.status[u] === 'deployed');
  if (
    units.length === 0 ||
    (deployed.length > 0 && !record(f, after(f, deployed, int(30, 150)), order.owner, 'undeployed', deployed, {}, 'in_use'))
  )
    return;
  const resold = sell(f, order.owner, units, buyer, int(3, 20));
  if (!resold) return;
  Object.assign(order, resold);
  deploySite(f, order, resold.units, int(2, 10));
}

/**
 * scrapSome retires 2–4% of an older order's units: undeployed, decommissioned,
 * handed to a recycler, received and scrapped, each a batch; about one
 * retirement in five stops at decommissioning (awaiting a recycler). Until the
 * plan has scrapped a unit, any order with room retires its quietest unit
 * quickly, so the demo shows a scrapping whatever the day it ends.
 */
function scrapSome(f: Fleet, order: Order, recycler: string): void {
  const { rnd, int } = f.draw;
  const rate = 0.02 + 0.02 * rnd();
  const alive = order.units.filter((u) => f.status[u] === 'in_use' || f.status[u] === 'deployed');
  let units = alive.filter(() => rnd() < rate);
  const forced = units.length === 0 && f.scrapped === 0 && alive.length > 0;
  if (forced) units = [alive.reduce((a, b) => (lastDay(f, [b]) < lastDay(f, [a]) ? b : a))];
  // Each later step takes at most `days` + 1 working day: the whole retirement ends before the end day.
  const steps = forced ? [1, 1, 1, 1] : [int(1, 14), int(1, 14), int(1, 5), int(5, 30)];
  const tail = steps.reduce((n, d) => n + d + 1, 1);
  const room = Math.floor(daysBefore(f, units, f.endMs - tail * DAY));
  if (units.length === 0 || room < 1) return;
  const first = forced ? 1 : int(Math.min(30, room), Math.min(200, room));
  const deployed = units.filter((u) => f.status[u] === 'deployed');
  if (deployed.length > 0 && !record(f, after(f, deployed, first), order.owner, 'undeployed', deployed, {}, 'in_use')) return;
  const [retire, handOver, receive, scrap] = steps as [number, number, number, number];
  if (
    !record(
      f,
      after(f, units, deployed.length > 0 ? retire : first),
      order.owner,
      'decommissioned',
      units,
      { reason: 'end of service life' },
      'decommissioned',
    )
  )
    return;
  if (!forced && rnd() < 0.2) return;
  if (!record(f, after(f, units, handOver), order.owner, 'transferred', units, { to: recycler, sale: false })) return;
  if (!record(f, after(f, units, receive), recycler, 'recycling_received', units, {}, 'recycling')) return;
  if (record(f, after(f, units, scrap), recycler, 'scrapped', units, { method: 'dismantled; batteries to certified recycler' }, 'scrapped'))
    f.scrapped += units.length;
}

/**
 * remedyCampaigns has the recalled model's maker record remedies in three to
 * five campaigns 2–35 days after the recall, covering about 55% of the units
 * it sold that are still in the field; a unit with another event within the hour of
 * its campaign waits for none. Laid out last: remedies change no status, so
 * they may fall between a unit's other events.
 */
export function remedyCampaigns(f: Fleet, maker: string): void {
  const { rnd, int, pick } = f.draw;
  const recallDay = Math.floor(f.recallMs / DAY) * DAY;
  const campaigns = Array.from({ length: int(3, 5) }, () => recallDay + int(2, 35) * DAY + int(8, 18) * HOUR)
    .sort((a, b) => a - b)
    .map((at) => ({ at, due: [] as number[] }));
  f.unitModel.forEach((mi, u) => {
    // Only units in the field: a remedy needs a unit in service, and one retired later may have been retired before the campaign.
    if (mi !== f.recallModel || (f.status[u] !== 'in_use' && f.status[u] !== 'deployed') || rnd() >= 0.55) return;
    const campaign = pick(campaigns);
    if (timesOf(f, u).every((t) => Math.abs(t - campaign.at) >= HOUR)) campaign.due.push(u);
  });
  for (const { at, due } of campaigns) record(f, at, maker, 'recall_remedied', due, { recallId: RECALL_REF });
}
