/**
 * The demo fleet's second lives (issue #16): three foreign makers (Germany,
 * Japan, the United States) whose units an importer registers under the
 * regulator's mandate, a few units exported (one re-imported), and a
 * certified remanufacturer that builds new units from decommissioned ones,
 * their lineage public. Runs after the plan, through the same DemoDriver.
 */
import type { Role } from '../access/principal.ts';
import type { EventRequest } from '../registry/events/event-data.ts';
import type { NewUnit } from '../registry/robots/register-robots.ts';
import { must } from '../must.ts';
import type { NewModel } from '../registry/models/models.ts';
import { COMPONENT_TYPES } from './demo-plan.ts';

/** SecondLifeActor is an enrolled participant as the second-life seeding needs it. */
export interface SecondLifeActor {
  id: string;
  name: string;
  roles: Role[];
  enterpriseCode: string | null;
  token: string;
}

/** SecondLifeDriver is what the second-life seeding needs of a DemoDriver beyond the plan's steps. */
export interface SecondLifeDriver {
  enrolAbroad(name: string, roles: Role[], country: string, nameEn?: string): Promise<SecondLifeActor>;
  fileModel(maker: SecondLifeActor, m: DemoModel, at: Date): Promise<string>;
  approveModel(enterprise: string, model: string): Promise<void>;
  acceptStanding(actor: SecondLifeActor, senders: string[]): Promise<void>;
  grantMandate(importer: SecondLifeActor, maker: SecondLifeActor): Promise<void>;
  importUnits(
    importer: SecondLifeActor,
    enterprise: string,
    customs: { declaration: string; clearedAt: string },
    units: NewUnit[],
    at: Date,
  ): Promise<string[]>;
  remanufacture(remanufacturer: SecondLifeActor, predecessors: string[], unit: NewUnit, at: Date): Promise<string>;
  /** event records one event (its rule refusal as text, or undefined). */
  event(actor: SecondLifeActor, code: string, event: EventRequest, at: Date): Promise<string | undefined>;
}

/** DemoModel is a model the seeding files. */
export type DemoModel = NewModel;

const PARAMETERS = {
  heightCm: 168,
  massKg: 60,
  degreesOfFreedom: 41,
  payloadKg: 15,
  topSpeedKmh: 6,
  batteryChemistry: 'NMC',
  batteryCapacityWh: 2400,
  autonomyLevel: 'L3',
  applications: ['logistics'],
};

const FOREIGN = [
  { name: '罗博特工厂有限公司', nameEn: 'Roboterwerk GmbH', country: 'DE', series: 'RW-7' },
  { name: '未来机械株式会社', nameEn: 'Mirai Kikai K.K.', country: 'JP', series: 'MK-3' },
  { name: '先锋人形机器人公司', nameEn: 'Pioneer Humanoids Inc.', country: 'US', series: 'PH-2' },
];

/** SecondLifeResult counts what the seeding wrote, and the refusals it met (none expected). */
export interface SecondLifeResult {
  imported: number;
  exported: number;
  remanufactured: number;
  /** events counts the life events it recorded, each import's and each predecessor's remanufacture included (not the new units' registrations). */
  events: number;
  problems: string[];
}

const DAY = 86_400_000;

/**
 * seedSecondLife enrols the foreign makers, an importer and a remanufacturer,
 * then imports, sells, exports, re-imports and remanufactures, at times from
 * `start` (the plan's end, minus a few weeks) onward.
 */
export async function seedSecondLife(d: SecondLifeDriver, buyer: SecondLifeActor, start: Date): Promise<SecondLifeResult> {
  const at = (days: number) => new Date(start.getTime() + days * DAY);
  const problems: string[] = [];
  let events = 0;
  const ev = async (actor: SecondLifeActor, code: string, event: EventRequest, when: Date) => {
    const p = await d.event(actor, code, event, when);
    if (p && problems.length < 5) problems.push(`${event.type}: ${p}`);
    if (p === undefined) events++;
    return p === undefined;
  };
  const importer = await d.enrolAbroad('海港进口贸易有限公司', ['importer', 'seller'], 'CN', 'Harbour Imports Co.');
  const reman = await d.enrolAbroad('再生智能装备有限公司', ['remanufacturer'], 'CN', 'Second Life Robotics Co.');
  await d.acceptStanding(buyer, [importer.id, reman.id]);
  await d.acceptStanding(reman, [buyer.id]);
  const components = (tag: string, n: number) =>
    COMPONENT_TYPES.map((type) => ({
      type,
      maker: `${type.split('_')[0]} parts co.`,
      serial: `${tag}-${type.slice(0, 2).toUpperCase()}-${n}`,
    }));
  const imported: string[] = [];
  for (const [i, f] of FOREIGN.entries()) {
    const maker = await d.enrolAbroad(f.name, ['manufacturer'], f.country, f.nameEn);
    const enterprise = must(maker.enterpriseCode, 'a maker gets an enterprise code');
    const model = await d.fileModel(
      maker,
      {
        name: `${f.nameEn} ${f.series}`,
        nameEn: `${f.nameEn} ${f.series}`,
        category: 'general-purpose humanoid',
        parameters: PARAMETERS,
        componentTypes: COMPONENT_TYPES,
      },
      at(0),
    );
    await d.approveModel(enterprise, model);
    await d.grantMandate(importer, maker);
    const productionDate = at(-20).toISOString().slice(0, 10);
    const units = [1, 2, 3].map((n) => ({
      model,
      productionDate,
      firmware: 'v1.0.0',
      components: components(`${f.country}${enterprise}`, n),
    }));
    const when = at(1 + i);
    // The last run is reported late (issue #16, item 5): cleared 16 days, over 7 working days, before the importer records it.
    const clearedAt = i === FOREIGN.length - 1 ? at(1 + i - 16) : when;
    imported.push(
      ...(await d.importUnits(
        importer,
        enterprise,
        { declaration: `5316${f.country}2026${String(i + 1).padStart(6, '0')}`, clearedAt: clearedAt.toISOString() },
        units,
        when,
      )),
    );
  }
  // Sold to an end owner: two go abroad again (one comes back), three reach a remanufacturer.
  for (const code of imported) await ev(importer, code, { type: 'transferred', data: { to: buyer.id, sale: true } }, at(5));
  const [out1, out2, p1, p2, p3] = imported as [string, string, string, string, string];
  let exported = 0;
  for (const [k, code] of [out1, out2].entries())
    if (await ev(buyer, code, { type: 'exported', data: { destination: k === 0 ? 'VN' : 'TH', declaration: `5316EX2026${k + 1}` } }, at(8)))
      exported++;
  await ev(importer, out1, { type: 'reimported', data: { declaration: '5316IM20260001', origin: 'VN' } }, at(12));
  for (const code of [p1, p2, p3]) {
    await ev(buyer, code, { type: 'decommissioned', data: { reason: 'end of lease' } }, at(14));
    await ev(buyer, code, { type: 'transferred', data: { to: reman.id, sale: false } }, at(15));
  }
  const remanModel = await d.fileModel(
    reman,
    {
      name: '再生 R1',
      nameEn: 'Second Life R1',
      category: 'general-purpose humanoid',
      parameters: PARAMETERS,
      componentTypes: COMPONENT_TYPES,
    },
    at(0),
  );
  await d.approveModel(must(reman.enterpriseCode, 'a remanufacturer gets an enterprise code'), remanModel);
  const productionDate = at(16).toISOString().slice(0, 10);
  const part = (tag: string, n: number, type: string) => ({
    type,
    maker: `${type.split('_')[0]} parts co.`,
    serial: `${tag}-${type.slice(0, 2).toUpperCase()}-${n}`,
  });
  const fresh = (n: number, type: string) => part('RM', n, type);
  const tagOf = (code: string) => code.slice(0, 6);
  let remanufactured = 0;
  // One unit from the German unit 3 (controller, joints) and the Japanese unit 1 (battery, vision); another from Japanese unit 2 and new parts.
  const [m, b, j, v] = COMPONENT_TYPES as [string, string, string, string];
  const first = {
    model: remanModel,
    productionDate,
    components: [part(tagOf(p1), 3, m), part(tagOf(p2), 1, b), part(tagOf(p1), 3, j), part(tagOf(p2), 1, v)],
  };
  const second = {
    model: remanModel,
    productionDate,
    components: [part(tagOf(p3), 2, m), part(tagOf(p3), 2, b), fresh(1, j), fresh(1, v)],
  };
  for (const [preds, unit] of [
    [[p1, p2], first],
    [[p3], second],
  ] as const) {
    try {
      await d.remanufacture(reman, [...preds], unit, at(17));
      remanufactured++;
      events += preds.length;
    } catch (err) {
      if (problems.length < 5) problems.push(`remanufacture: ${(err as Error).message}`);
    }
  }
  return { imported: imported.length, exported, remanufactured, events: events + imported.length, problems };
}
