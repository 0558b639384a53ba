/**
 * Lawful remanufacture with lineage (issue #16, item 3; DESIGN.md §5): a
 * certified remanufacturer builds a new unit, under its own enterprise code,
 * from decommissioned units it holds. The new unit's parts are declared as
 * for any registration; a declared part still installed in one of the named
 * predecessors moves to the new unit with its history (its holding on the
 * predecessor closes, a new one opens), any other part meets the usual rules
 * (a scrapped part, or one in another unit, is refused). The predecessors
 * become `remanufactured` (terminal), each with an event naming its successor.
 *
 * Condition brands survive remanufacture (DESIGN.md §5): the new unit carries
 * every brand of every predecessor, and its registration names the record
 * each rests on, so a water-damaged unit cannot come back clean under a new code.
 */
import { requireRole, type Principal } from '../../access/principal.ts';
import { partIdentity } from '../../component/part-identity.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { BRANDS, type Brand } from '../../lifecycle/condition.ts';
import { checkPredecessor } from '../../lifecycle/second-life.ts';
import { must } from '../../must.ts';
import type { Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';
import { writeEvents } from '../events/event-writer.ts';
import { brandOrigins } from '../robots/brands.ts';
import { compactCode } from '../robots/passport.ts';
import { registerUnits, type NewUnit, type RegisteredUnit } from '../robots/register-robots.ts';
import { lockRobotFacts, type RobotFacts } from '../robots/robot-facts.ts';
import { listedRoles } from './certifications.ts';

/** MAX_PREDECESSORS is the most decommissioned units one remanufactured unit is built from. */
export const MAX_PREDECESSORS = 50;

/** Remanufacture is a remanufacturer's new unit and the units it is built from. */
export interface Remanufacture {
  predecessors: readonly string[];
  unit: NewUnit;
}

/** predecessorCodes compacts each named code (any spelling) and refuses one named twice. */
export function predecessorCodes(named: readonly string[]): string[] {
  if (named.length === 0 || named.length > MAX_PREDECESSORS)
    throw new RegistryError('INVALID_ARGUMENT', `between 1 and ${MAX_PREDECESSORS} predecessors`, {
      errors: [{ field: 'body.predecessors', message: `1 to ${MAX_PREDECESSORS} codes` }],
    });
  const codes: string[] = [];
  for (const n of named) {
    const code = compactCode(n);
    if (codes.includes(code)) throw new RegistryError('INVALID_ARGUMENT', msg('problem.secondLife.duplicatePredecessor', { code }));
    codes.push(code);
  }
  return codes;
}

/** checkHeld locks the predecessors and refuses any the remanufacturer may not build from. */
async function checkHeld(tx: Tx, codes: readonly string[], remanufacturerId: string): Promise<RobotFacts[]> {
  const facts = await lockRobotFacts(tx, codes);
  const successors = await tx.query<{ predecessor: string; successor: string }>(
    'SELECT predecessor, successor FROM remanufacture_lineage WHERE predecessor = ANY($1::char(29)[])',
    [codes],
  );
  const next = new Map(successors.map((s) => [s.predecessor, s.successor]));
  return codes.map((code) => {
    const f = facts.get(code);
    if (!f) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
    checkPredecessor(
      { code, status: f.status, ownerId: f.ownerId, successor: next.get(code) ?? null, suspended: f.suspended, stolen: f.stolen },
      remanufacturerId,
    );
    return f;
  });
}

/** freeParts takes the declared parts still installed in the predecessors out of them, so the registration fits them to the new unit. */
async function freeParts(tx: Tx, held: readonly RobotFacts[], unit: NewUnit, now: Date): Promise<void> {
  const ids = unit.components.map((c, i) => partIdentity(c, `body.unit.components.${i}`));
  const moved = await tx.query<{ robot_code: string; component_type: string; canonical_maker: string; canonical_serial: string }>(
    `UPDATE components SET state = 'removed', updated_at = $5
      WHERE robot_code = ANY($1::char(29)[]) AND state = 'installed'
        AND (component_type, canonical_maker, canonical_serial) IN (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]))
      RETURNING robot_code, component_type, canonical_maker, canonical_serial`,
    [held.map((f) => f.code), ids.map((p) => p.type), ids.map((p) => p.maker), ids.map((p) => p.serial), now],
  );
  if (moved.length === 0) return;
  const seqOf = new Map(held.map((f) => [f.code, f.version + 1]));
  await tx.query(
    `UPDATE component_holdings h SET removed_seq = x.seq, removed_at = $6
       FROM unnest($1::char(29)[], $2::text[], $3::text[], $4::text[], $5::int[]) AS x(code, t, m, s, seq)
      WHERE h.robot_code = x.code AND h.component_type = x.t AND h.canonical_maker = x.m AND h.canonical_serial = x.s AND h.removed_at IS NULL`,
    [
      moved.map((m) => m.robot_code),
      moved.map((m) => m.component_type),
      moved.map((m) => m.canonical_maker),
      moved.map((m) => m.canonical_serial),
      moved.map((m) => must(seqOf.get(m.robot_code), 'a moved part comes from a predecessor')),
      now,
    ],
  );
}

/** CarriedBrand is a brand a remanufactured unit carries, and the record on an earlier unit it rests on. */
export interface CarriedBrand {
  brand: Brand;
  from: string;
  seq: number;
}

/** carriedBrands reads what the successor of held carries: every brand of every predecessor (and theirs), with its records. */
async function carriedBrands(tx: Tx, held: readonly RobotFacts[]): Promise<{ brands: Brand[]; records: CarriedBrand[] }> {
  const origins = await brandOrigins(
    tx,
    held.map((f) => f.code),
  );
  const set = new Set<Brand>([...held.flatMap((f) => f.brands), ...origins.map((o) => o.brand)]);
  return {
    brands: BRANDS.filter((b) => set.has(b)),
    records: origins.map((o) => ({ brand: o.brand, from: o.code, seq: o.seq })),
  };
}

/** retire makes each predecessor `remanufactured`, links it to its successor and logs its `remanufactured` event. */
async function retire(
  ctx: RegistryContext,
  tx: Tx,
  actor: Principal,
  held: readonly RobotFacts[],
  successor: RegisteredUnit,
  now: Date,
): Promise<void> {
  const codes = held.map((f) => f.code);
  await tx.query(
    `UPDATE robots SET status = 'remanufactured', operator_id = NULL, site = NULL, offer = NULL, resume_status = NULL,
            version = version + 1, updated_at = $2
      WHERE code = ANY($1::char(29)[])`,
    [codes, now],
  );
  await tx.query(
    'INSERT INTO remanufacture_lineage (predecessor, successor, seq) SELECT p, $2, s FROM unnest($1::char(29)[], $3::int[]) AS x(p, s)',
    [codes, successor.code, held.map((f) => f.version + 1)],
  );
  await tx.query('UPDATE service_grants SET revoked_at = $2 WHERE robot_code = ANY($1::char(29)[]) AND revoked_at IS NULL', [codes, now]);
  await writeEvents(
    tx,
    ctx.signer,
    held.map((f) => ({
      robotCode: f.code,
      seq: f.version + 1,
      type: 'remanufactured',
      occurredAt: now,
      recordedAt: now,
      actorId: actor.participantId,
      ownerId: f.ownerId,
      // The log says which brands went on with the successor.
      data: { successor: successor.code, ...(f.brands.length > 0 ? { brands: f.brands } : {}) },
    })),
  );
}

/**
 * remanufacture registers one remanufactured unit from predecessors the
 * caller holds: all or nothing. The caller must be a remanufacturer the
 * regulator lists, with its own enterprise code and the model filed.
 */
export async function remanufacture(ctx: RegistryContext, caller: Principal | undefined, r: Remanufacture): Promise<RegisteredUnit> {
  const maker = requireRole(caller, 'remanufacturer');
  const enterprise = maker.enterpriseCode;
  if (!enterprise) throw new RegistryError('FORBIDDEN_ROLE', msg('problem.robots.noEnterprise'));
  const codes = predecessorCodes(r.predecessors);
  let held: RobotFacts[] = [];
  let carried: { brands: Brand[]; records: CarriedBrand[] } = { brands: [], records: [] };
  // The first event's data is taken after `before` has run: its carried brands are read there, under the predecessors' locks.
  const data: Record<string, unknown> = { remanufacturedFrom: codes, brands: ['remanufactured'] };
  const [unit] = await registerUnits(ctx, [r.unit], {
    actor: maker,
    enterprise,
    ownerId: maker.participantId,
    event: (_u, now) => ({ type: 'registered', occurredAt: now, data }),
    before: async (tx, now) => {
      const listed = await listedRoles(tx, [maker.participantId]);
      if (!listed.has(`${maker.participantId} remanufacturer`))
        throw new RegistryError('NOT_CERTIFIED', msg('problem.secondLife.unlisted'));
      held = await checkHeld(tx, codes, maker.participantId);
      carried = await carriedBrands(tx, held);
      if (carried.brands.length > 0) Object.assign(data, { brands: [...carried.brands, 'remanufactured'], carriedBrands: carried.records });
      await freeParts(tx, held, r.unit, now);
    },
    after: async (tx, units, now) => {
      const successor = must(units[0], 'one unit');
      if (carried.brands.length > 0) await tx.query('UPDATE robots SET brands = $2 WHERE code = $1', [successor.code, carried.brands]);
      await retire(ctx, tx, maker, held, successor, now);
    },
  });
  ctx.facts.invalidate(codes);
  return must(unit, 'registerUnits registers the one unit');
}
