import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Principal, Role } from '../src/access/principal.ts';
import { isRegistryError } from '../src/errors.ts';
import type { EventRequest } from '../src/registry/events/event-data.ts';
import { recordEvent } from '../src/registry/events/record-event.ts';
import { registerRobots } from '../src/registry/robots/register-robots.ts';
import { acceptStanding } from '../src/registry/participants/standing-acceptances.ts';
import { fileCampaign } from '../src/registry/software/campaigns.ts';
import { decideSoftwareVersion, fileSoftwareVersion } from '../src/registry/software/software-versions.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type TestRegistry } from './harness.ts';

// Random sequences of events from random participants, run against the
// registry and against a small in-memory model of DESIGN.md §4 written
// independently here. Every accept/refuse and every resulting state must agree.

type Status = 'registered' | 'in_use' | 'deployed' | 'in_service' | 'decommissioned' | 'recycling' | 'scrapped' | 'exported';
interface ModelUnit {
  status: Status;
  owner: string;
  operator: string | null;
  suspended: boolean;
  stolen: boolean;
  resume: Status | null;
  grants: Set<string>;
  offer: { to: string; sale: boolean } | null;
  /** software is the installed version (issue #15). */
  software: string;
  /** usage is the last usage reading; brands the permanent condition brands; covers the live insurers (issue #15, items 5–6). */
  usage: { hours: number; cycles: number } | null;
  brands: Set<string>;
  covers: Set<string>;
}
interface Actor extends Principal {
  key: string;
}

const TYPES = [
  'transferred',
  'transfer_accepted',
  'transfer_declined',
  'transfer_withdrawn',
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
  'software_updated',
  'usage_reported',
  'brand_recorded',
  'brand_corrected',
  'insurer_named',
  'insurer_revoked',
  'exported',
  'reimported',
] as const;
type Type = (typeof TYPES)[number];

/** STANDING: op1 accepts every sender's transfers without an offer; to anyone else a transfer is an offer. */
const STANDING = 'op1';

/**
 * Software (issue #15): every unit starts on 1.0.0 or the blocked 0.9.0, and each
 * run files one campaign reaching its unit, from 1.0.0 or 0.9.0 to 1.1.0. A
 * `software_updated` step reports one of UPDATES (chosen by its target index).
 */
const BLOCKED = new Set(['0.9.0']);
const CAMPAIGN = { from: ['1.0.0', '0.9.0'], to: '1.1.0' };
const UPDATES: readonly [string, string][] = [
  ['1.0.0', '1.1.0'],
  ['0.9.0', '1.1.0'],
  ['1.1.0', '1.2.0'],
  ['1.0.0', '1.2.0'],
];
let campaignId = '';

/**
 * Usage readings and brands (issue #15, items 5–6), chosen by the target's
 * index: some readings go backwards, one brand is another spelling.
 */
const READINGS: readonly [number, number][] = [
  [10, 10],
  [5, 20],
  [20, 5],
  [30, 30],
];
const BRAND_CHOICES = ['water_damaged', 'total_loss', 'Water-Damaged', 'rebuilt'];
const BRAND_CODES = new Set(['water_damaged', 'fire_damaged', 'major_collision', 'total_loss', 'rebuilt']);
const readingOf = (target: Actor): [number, number] => READINGS[actors.indexOf(target) % READINGS.length] ?? [10, 10];
const brandChoice = (target: Actor): string => BRAND_CHOICES[actors.indexOf(target) % BRAND_CHOICES.length] ?? 'rebuilt';

/** expected says whether the model accepts the event, and applies it when it does. */
function expected(
  u: ModelUnit,
  actor: Actor,
  type: Type,
  target: Actor,
  sale: boolean,
  makerId: string,
  keyOf: (id: string) => string,
): boolean {
  const owner = u.owner === actor.participantId;
  const is = (r: Role) => actor.roles.includes(r);
  // An exported unit has left the market (issue #16): only a re-import moves it, like a scrapped one nothing else.
  const alive = u.status !== 'scrapped' && u.status !== 'exported';
  const active = ['registered', 'in_use', 'deployed', 'in_service'].includes(u.status);
  const market =
    !u.suspended && !u.stolen && !['decommissioned', 'recycling', 'scrapped', 'exported'].includes(u.status) && !BLOCKED.has(u.software);
  const maker = actor.participantId === makerId;
  // Custody: a grant of the current owner makes a shop (a service participant, or the maker of a sold unit); the maker holding the unit needs none.
  const service = (is('service') || maker) && u.grants.has(actor.participantId);
  const makerHolding = maker && owner;
  const transferable = ['registered', 'in_use', 'decommissioned'].includes(u.status);
  // A unit that may not be sold moves only back to its maker, or once decommissioned to a recycler (or by the regulator's order).
  const handoverOk = (to: Actor) =>
    market || to.participantId === makerId || (u.status === 'decommissioned' && to.roles.includes('recycler'));
  const handOver = (to: Actor) => {
    if (u.status !== 'decommissioned') u.status = to.roles.includes('operator') ? 'in_use' : 'registered';
    u.owner = to.participantId;
    u.operator = null;
    u.offer = null;
    u.grants.clear();
    // Insurance covers end with the ownership, as grants do; brands and usage stay with the unit.
    u.covers.clear();
  };
  switch (type) {
    case 'transferred': {
      const order = is('regulator') && !owner;
      if (!(owner || order) || !transferable || (sale && !market) || (order && sale) || target.participantId === u.owner) return false;
      if (u.offer && !order) return false;
      if (u.status === 'decommissioned' && !target.roles.includes('recycler')) return false;
      if (!order && !handoverOk(target)) return false;
      if (order || keyOf(target.participantId) === STANDING) handOver(target);
      else u.offer = { to: target.participantId, sale };
      return true;
    }
    case 'transfer_accepted': {
      if (!u.offer || u.offer.to !== actor.participantId || !transferable || (u.offer.sale && !market)) return false;
      if (u.status === 'decommissioned' && !is('recycler')) return false;
      if (!handoverOk(actor)) return false;
      handOver(actor);
      return true;
    }
    case 'transfer_declined':
      if (!u.offer || u.offer.to !== actor.participantId || !alive) return false;
      u.offer = null;
      return true;
    case 'transfer_withdrawn':
      if (!owner || !u.offer || !alive) return false;
      u.offer = null;
      return true;
    case 'deployed':
      if (!(owner || u.operator === actor.participantId) || u.status !== 'in_use' || !market) return false;
      u.status = 'deployed';
      u.operator = actor.participantId;
      return true;
    case 'undeployed':
      if (!(owner || u.operator === actor.participantId) || u.status !== 'deployed') return false;
      u.status = 'in_use';
      u.operator = null;
      return true;
    case 'service_granted':
      if (!(target.roles.includes('service') || target.participantId === makerId) || !owner || !active) return false;
      u.grants.add(target.participantId);
      return true;
    case 'service_revoked':
      if (!owner || !alive || !u.grants.has(target.participantId)) return false;
      u.grants.delete(target.participantId);
      return true;
    case 'service_started':
      if (!(service || makerHolding) || !['in_use', 'deployed'].includes(u.status)) return false;
      u.resume = u.status;
      u.status = 'in_service';
      return true;
    case 'serviced':
      if (!(service || makerHolding) || !active) return false;
      if (u.status === 'in_service') {
        u.status = u.resume ?? 'in_use';
        u.resume = null;
      }
      return true;
    case 'incident_reported':
      return (owner || u.operator === actor.participantId || service || is('regulator')) && alive;
    case 'suspended':
    case 'reinstated':
      if (!is('regulator') || !alive || u.suspended !== (type === 'reinstated')) return false;
      u.suspended = type === 'suspended';
      return true;
    case 'stolen_reported':
    case 'recovered':
      if (!owner || !alive || u.stolen !== (type === 'recovered')) return false;
      u.stolen = type === 'stolen_reported';
      return true;
    case 'decommissioned':
      if (!owner || !['registered', 'in_use'].includes(u.status)) return false;
      u.status = 'decommissioned';
      u.operator = null;
      return true;
    case 'recycling_received':
      if (!owner || !is('recycler') || u.status !== 'decommissioned') return false;
      u.status = 'recycling';
      return true;
    case 'scrapped':
      if (!owner || !is('recycler') || u.status !== 'recycling') return false;
      u.status = 'scrapped';
      return true;
    case 'software_updated': {
      // Over the air by the maker whoever holds the unit, or by a shop under the owner's grant.
      const [from, to] = updateOf(target);
      if (!(maker || service) || !active) return false;
      if (to !== CAMPAIGN.to || !CAMPAIGN.from.includes(from) || u.software !== from) return false;
      u.software = to;
      return true;
    }
    case 'usage_reported': {
      const [hours, cycles] = readingOf(target);
      if (!(owner || u.operator === actor.participantId) || !active) return false;
      if (u.usage && (hours < u.usage.hours || cycles < u.usage.cycles)) return false;
      u.usage = { hours, cycles };
      return true;
    }
    case 'brand_recorded': {
      const brand = brandChoice(target);
      const insurer = is('insurer') && u.covers.has(actor.participantId);
      if (!(is('regulator') || service || insurer) || !alive || !BRAND_CODES.has(brand)) return false;
      if (brand === 'total_loss' && !(is('regulator') || insurer)) return false;
      u.brands.add(brand);
      return true;
    }
    case 'brand_corrected':
      // A correction annotates a brand the unit carries; it never removes it.
      return is('regulator') && alive && u.brands.has(brandChoice(target));
    case 'insurer_named':
      if (!owner || !active || !target.roles.includes('insurer')) return false;
      u.covers.add(target.participantId);
      return true;
    case 'insurer_revoked':
      if (!owner || !alive || !u.covers.has(target.participantId)) return false;
      u.covers.delete(target.participantId);
      return true;
    // Issue #16: the owner exports a unit in the trade or in use, not flagged, not offered; any importer re-imports it and holds it.
    case 'exported':
      if (!owner || !['registered', 'in_use'].includes(u.status) || u.suspended || u.stolen || u.offer) return false;
      u.status = 'exported';
      u.operator = null;
      return true;
    case 'reimported':
      if (!is('importer') || u.status !== 'exported') return false;
      u.status = 'registered';
      u.owner = actor.participantId;
      u.operator = null;
      u.grants.clear();
      u.covers.clear();
      return true;
  }
}

/** updateOf is the (from, to) a software_updated step reports: one of UPDATES, by its target's index. */
function updateOf(target: Actor): [string, string] {
  return UPDATES[actors.indexOf(target) % UPDATES.length] ?? ['1.0.0', '1.1.0'];
}

function request(type: Type, target: Actor, sale: boolean): EventRequest {
  const data: Record<Type, unknown> = {
    transferred: { to: target.participantId, sale },
    transfer_accepted: {},
    transfer_declined: {},
    transfer_withdrawn: {},
    deployed: { site: { province: 'Sichuan', city: 'Chengdu', address: '8 Tianfu Ave' }, domain: 'logistics' },
    undeployed: {},
    service_granted: { service: target.participantId, expiresAt: '2099-01-01T00:00:00Z' },
    service_revoked: { service: target.participantId },
    service_started: {},
    serviced: { kind: 'maintenance' },
    incident_reported: { severity: 'minor', kind: 'malfunction', description: 'stopped' },
    suspended: { reason: 'inspection' },
    reinstated: { reason: 'cleared' },
    stolen_reported: {},
    recovered: {},
    decommissioned: {},
    recycling_received: {},
    scrapped: {},
    software_updated: { campaignId, from: updateOf(target)[0], to: updateOf(target)[1] },
    usage_reported: { hours: readingOf(target)[0], cycles: readingOf(target)[1] },
    brand_recorded: { brand: brandChoice(target), evidence: 'survey' },
    brand_corrected: { brand: brandChoice(target), correction: 'annotated' },
    insurer_named: { insurer: target.participantId, expiresAt: '2099-01-01T00:00:00Z' },
    insurer_revoked: { insurer: target.participantId },
    exported: { destination: 'VN', declaration: 'EX-MODEL' },
    reimported: { declaration: 'IM-MODEL', origin: 'VN' },
  };
  return { type, data: data[type] } as EventRequest;
}

let r: TestRegistry;
let actors: Actor[];
let maker: Actor;
let model: string;

before(async () => {
  r = await testRegistry();
  const spec: [string, Role[]][] = [
    ['maker', ['manufacturer', 'seller']],
    ['dealer', ['seller']],
    ['op1', ['operator']],
    ['op2', ['operator']],
    ['svc', ['service']],
    ['recycler', ['recycler']],
    ['insurer', ['insurer']],
    ['importer', ['importer']],
  ];
  actors = [];
  for (const [key, roles] of spec) {
    const e = await enrol(r, roles, key);
    actors.push({ key, participantId: e.id, name: key, roles, enterpriseCode: e.enterpriseCode });
  }
  const [reg] = await r.ctx.store.query<{ id: string }>("SELECT id FROM participants WHERE 'regulator' = ANY(roles) LIMIT 1");
  actors.push({ key: 'regulator', participantId: reg!.id, name: 'regulator', roles: ['regulator'], enterpriseCode: null });
  maker = actors[0]!;
  const op1 = actors.find((a) => a.key === STANDING)!;
  await acceptStanding(
    r.ctx,
    op1,
    op1.participantId,
    actors.filter((a) => a !== op1).map((a) => a.participantId),
  );
  const makerToken = (await r.call('POST', `/v1/participants/${maker.participantId}/tokens`, { token: r.regulatorToken, body: {} })).body
    .token;
  model = await fileModel(r, { id: maker.participantId, token: makerToken, enterpriseCode: maker.enterpriseCode });
  for (const version of ['0.9.0', '1.0.0', '1.1.0', '1.2.0']) {
    await fileSoftwareVersion(r.ctx, maker, maker.enterpriseCode!, model, {
      identifier: 'HX-OS',
      version,
      releasedOn: '2026-01-01',
      changes: version,
      safetyRelevant: false,
      sha256: 'ab'.repeat(32),
    });
  }
  await decideSoftwareVersion(r.ctx, actors.at(-1), maker.enterpriseCode!, model, '0.9.0', 'block', 'model-based test');
});
after(() => r.dispose());

test(`[${ENGINE}] random event sequences from random participants match the model`, { timeout: 300_000 }, async () => {
  // Half the time the current owner or operator acts, so deep lifecycles are reached.
  type Who = 'owner' | 'operator' | 'recipient';
  const who = fc.oneof(fc.constant<Who>('owner'), fc.constant<Who>('operator'), fc.constant<Who>('recipient'), fc.nat(actors.length - 1));
  const step = fc.record({ actor: who, type: fc.constantFrom(...TYPES), target: fc.nat(actors.length - 1), sale: fc.boolean() });
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.array(step, { minLength: 5, maxLength: 30 }), async (first, steps) => {
      const software = first % 2 === 0 ? '1.0.0' : '0.9.0';
      const [unit] = await registerRobots(r.ctx, maker, [{ ...unitBody(model), softwareVersion: software }]);
      const code = unit!.code;
      campaignId = (
        await fileCampaign(r.ctx, maker, {
          models: [model],
          fromVersions: CAMPAIGN.from,
          toVersion: CAMPAIGN.to,
          scope: { codes: { from: code, to: code } },
          safetySummary: 'model-based test',
          plannedStart: r.ctx.now().toISOString(),
        })
      ).campaign.id;
      const m: ModelUnit = {
        status: 'registered',
        owner: maker.participantId,
        operator: null,
        suspended: false,
        stolen: false,
        resume: null,
        grants: new Set(),
        offer: null,
        software,
        usage: null,
        brands: new Set(),
        covers: new Set(),
      };
      for (const s of steps) {
        const byId = (id: string | null) => actors.find((a) => a.participantId === id);
        const actor = (
          s.actor === 'owner'
            ? byId(m.owner)
            : s.actor === 'operator'
              ? (byId(m.operator) ?? byId(m.owner))
              : s.actor === 'recipient'
                ? (byId(m.offer?.to ?? null) ?? byId(m.owner))
                : actors[s.actor]
        )!;
        const target = actors[s.target]!;
        const want = expected(m, actor, s.type, target, s.sale, maker.participantId, (id) => byId(id)!.key);
        let got: boolean;
        try {
          await recordEvent(r.ctx, actor, code, request(s.type, target, s.sale));
          got = true;
        } catch (e) {
          if (!isRegistryError(e) || e.status >= 500) throw e;
          got = false;
        }
        assert.equal(got, want, `${actor.key} ${s.type} (target ${target.key}, sale ${s.sale}) on a ${m.status} unit`);
        const [row] = await r.ctx.store.query<{
          status: string;
          owner_id: string;
          operator_id: string | null;
          suspended: boolean;
          stolen: boolean;
          offer: { to: string; sale: boolean } | null;
          software_version: string;
          brands: string[];
          usage_hours: string | null;
          usage_cycles: string | null;
        }>(
          'SELECT status, owner_id, operator_id, suspended, stolen, offer, software_version, brands, usage_hours::text, usage_cycles::text FROM robots WHERE code = $1',
          [code],
        );
        assert.deepEqual(
          {
            status: row!.status,
            owner: row!.owner_id,
            operator: row!.operator_id,
            suspended: row!.suspended,
            stolen: row!.stolen,
            offer: row!.offer && { to: row!.offer.to, sale: row!.offer.sale },
            software: row!.software_version,
            brands: [...row!.brands].sort(),
            usage: row!.usage_hours === null ? null : { hours: Number(row!.usage_hours), cycles: Number(row!.usage_cycles) },
          },
          {
            status: m.status,
            owner: m.owner,
            operator: m.operator,
            suspended: m.suspended,
            stolen: m.stolen,
            offer: m.offer,
            software: m.software,
            brands: [...m.brands].sort(),
            usage: m.usage,
          },
        );
      }
    }),
    { numRuns: 60, seed: Number(process.env.FC_SEED ?? 20261126) },
  );
});
