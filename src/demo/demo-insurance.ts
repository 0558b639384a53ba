/**
 * Insurance in the demo fleet (issue #15, item 6): two insurers cover a
 * share of the operators' orders (the owner names one, `insurer_named`),
 * and record condition brands with their evidence: on the first insured order
 * a major collision, which the regulator later annotates (`brand_corrected`);
 * on the next a fire that ends in a total loss the owner retires. Part of an
 * order's life (demo-lives.ts `live`), once its units are in the field. Pure.
 */
import { must } from '../must.ts';
import { after, daysBefore, GRANT_EXPIRY, record, type Fleet, type Order } from './demo-lives.ts';

/** Underwriters are who insures and who oversees brands, by participant key. */
export interface Underwriters {
  insurers: readonly string[];
  /** regulator is the regulator's body that annotates a brand. */
  regulator: string;
}

/** Cover is the running state of the demo's insurance while lives are laid out. */
export interface Cover extends Underwriters {
  /** credit spreads policies evenly over orders (INSURED_SHARE of them), the first order insured. */
  credit: number;
  policies: number;
  collided: boolean;
  burned: boolean;
}

/** INSURED_SHARE is about the share of orders an insurer covers. */
const INSURED_SHARE = 0.06;

/** BRAND_ROOM_DAYS is the room an order needs before the end for the policy, an incident, brands and a correction or retirement. */
const BRAND_ROOM_DAYS = 70;

/** newCover starts the demo's insurance: no policy yet, the first order to be insured. */
export function newCover(who: Underwriters): Cover {
  return { ...who, credit: 1, policies: 0, collided: false, burned: false };
}

/**
 * insureOrder has the owner of every INSURED_SHARE-th order name an insurer on
 * its units in the field, and of the first orders with room for it before the
 * end, so that each brand shows at any scale; one unit of those is branded.
 */
export function insureOrder(f: Fleet, order: Order, cover: Cover): void {
  const { int } = f.draw;
  cover.credit += INSURED_SHARE;
  const units = order.units.filter((u) => f.status[u] === 'in_use' || f.status[u] === 'deployed');
  // One branded unit per order, never of the recalled model (its remedy campaign needs it in service).
  const branded = units.find((x) => f.unitModel[x] !== f.recallModel);
  const brandDue = (!cover.collided || !cover.burned) && branded !== undefined && daysBefore(f, units, f.endMs) >= BRAND_ROOM_DAYS;
  if (units.length === 0 || (cover.credit < 1 && !brandDue)) return;
  const insurer = must(cover.insurers[cover.policies % cover.insurers.length], 'the plan enrols insurers');
  const policy = `RB-${String(cover.policies + 1).padStart(6, '0')}`;
  if (!record(f, after(f, units, int(2, 20)), order.owner, 'insurer_named', units, { insurer, expiresAt: GRANT_EXPIRY, policy })) return;
  cover.credit = Math.max(0, cover.credit - 1);
  cover.policies += 1;
  if (!brandDue || branded === undefined) return;
  if (!cover.collided) cover.collided = collision(f, order.owner, branded, insurer, cover.regulator);
  else cover.burned = totalLoss(f, order.owner, branded, insurer);
}

/** collision: the owner reports a forklift collision, the insurer brands the unit `major_collision`, and the regulator annotates the record. */
function collision(f: Fleet, owner: string, u: number, insurer: string, regulator: string): boolean {
  const { int } = f.draw;
  const incident = {
    severity: 'serious',
    kind: 'property_damage',
    description: 'Struck by a reversing forklift in the loading bay; frame and left arm bent.',
  };
  if (!record(f, after(f, [u], int(3, 10)), owner, 'incident_reported', [u], incident)) return false;
  const evidence = "Claim RB-C-0001: the loss adjuster's report, 12 photographs and the repair estimate (frame replaced).";
  if (!record(f, after(f, [u], int(2, 8)), insurer, 'brand_recorded', [u], { brand: 'major_collision', evidence })) return false;
  return record(f, after(f, [u], int(3, 12)), regulator, 'brand_corrected', [u], {
    brand: 'major_collision',
    correction: 'The claim file named the wrong loading bay; the damage assessment and the brand stand.',
  });
}

/** totalLoss: a fire in the charging area, the insurer brands the unit fire-damaged and a total loss, and the owner retires it. */
function totalLoss(f: Fleet, owner: string, u: number, insurer: string): boolean {
  const { int } = f.draw;
  const incident = { severity: 'serious', kind: 'property_damage', description: 'Battery fire in the charging area; the unit burned out.' };
  if (!record(f, after(f, [u], int(3, 10)), owner, 'incident_reported', [u], incident)) return false;
  const claim = "Claim RB-F-0002: the fire brigade's report and the loss adjuster's finding";
  if (!record(f, after(f, [u], int(2, 6)), insurer, 'brand_recorded', [u], { brand: 'fire_damaged', evidence: `${claim}.` })) return false;
  const loss = { brand: 'total_loss', evidence: `${claim} that repair would cost more than the unit is worth.` };
  if (!record(f, after(f, [u], int(1, 4)), insurer, 'brand_recorded', [u], loss)) return false;
  if (f.status[u] === 'deployed' && !record(f, after(f, [u], int(1, 3)), owner, 'undeployed', [u], {}, 'in_use')) return true;
  record(f, after(f, [u], int(2, 10)), owner, 'decommissioned', [u], { reason: 'total loss, settled by the insurer' }, 'decommissioned');
  return true;
}
