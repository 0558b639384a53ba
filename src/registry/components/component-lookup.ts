import { hasRole, requireRole, type Caller } from '../../access/principal.ts';
import { partIdentity, type PartIdentity, type PartName } from '../../component/part-identity.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { RegistryContext } from '../context.ts';
import { readableUnits } from '../robots/readable-units.ts';

/** ComponentHolding is one installation of a part in a unit; unit is null where the caller may not read that unit. */
export interface ComponentHolding {
  unit: string | null;
  maker: string;
  serial: string;
  lot: string | null;
  installedAt: string | null;
  removedAt: string | null;
}

/** ComponentRecord answers a lookup by canonical identity: where the part is now, where it was, whether it is scrapped. */
export interface ComponentRecord {
  part: PartIdentity;
  /** spelling is the part as last declared, for display. */
  spelling: { maker: string; serial: string; lot: string | null };
  state: 'installed' | 'removed' | 'scrapped';
  scrapped: boolean;
  /** unit holds the part now (installed, or scrapped with it); null once removed. */
  unit: string | null;
  holdings: ComponentHolding[];
  /** conflicts are other spellings that were separate rows before migration 008, reported for the regulator. */
  conflicts: { maker: string; serial: string; unit: string | null; state: string }[];
}

// One answer for "no such part" and "not yours to read", so the lookup is no oracle.
const notFound = (id: PartIdentity) =>
  new RegistryError('NOT_FOUND', msg('problem.components.notFound', { type: id.type, maker: id.maker, serial: id.serial }));

/**
 * lookupComponent finds a key component by its canonical identity, for the
 * regulator and for whoever may read the unit that holds it now (its owner,
 * maker, operator or granted service). Other units it held are named only
 * where the caller may read them too.
 */
export async function lookupComponent(ctx: RegistryContext, caller: Caller, name: PartName): Promise<ComponentRecord> {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  const p = caller;
  const id = partIdentity(name, 'querystring');
  return ctx.store.readOnly(async (tx) => {
    const rows = await tx.query<{
      maker: string;
      serial: string;
      lot: string | null;
      state: ComponentRecord['state'];
      robot_code: string;
      identity_rank: number;
    }>(
      `SELECT maker, serial, lot, state, robot_code, identity_rank FROM components
        WHERE component_type = $1 AND canonical_maker = $2 AND canonical_serial = $3 ORDER BY identity_rank`,
      [id.type, id.maker, id.serial],
    );
    const main = rows[0];
    if (!main) throw notFound(id);
    const holder = main.state === 'removed' ? null : main.robot_code.trim();
    const regulator = hasRole(p, 'regulator');
    if (!regulator && (holder === null || !(await readableUnits(tx, p, [holder], ctx.now())).has(holder))) throw notFound(id);
    const held = await tx.query<{
      robot_code: string;
      maker: string;
      serial: string;
      lot: string | null;
      installed_at: Date | null;
      removed_at: Date | null;
    }>(
      `SELECT robot_code, maker, serial, lot, installed_at, removed_at FROM component_holdings
        WHERE component_type = $1 AND canonical_maker = $2 AND canonical_serial = $3 ORDER BY installed_at NULLS FIRST, id`,
      [id.type, id.maker, id.serial],
    );
    const readable = await readableUnits(
      tx,
      p,
      [...held, ...rows].map((h) => h.robot_code.trim()),
      ctx.now(),
    );
    const named = (code: string) => (readable.has(code.trim()) ? code.trim() : null);
    return {
      part: id,
      spelling: { maker: main.maker, serial: main.serial, lot: main.lot },
      state: main.state,
      scrapped: main.state === 'scrapped',
      unit: holder,
      holdings: held.map((h) => ({
        unit: named(h.robot_code),
        maker: h.maker,
        serial: h.serial,
        lot: h.lot,
        installedAt: h.installed_at?.toISOString() ?? null,
        removedAt: h.removed_at?.toISOString() ?? null,
      })),
      conflicts: rows.slice(1).map((c) => ({ maker: c.maker, serial: c.serial, unit: named(c.robot_code), state: c.state })),
    };
  });
}

/** IdentityConflict is one component row whose spelling met another's canonical identity when migration 008 ran. */
export interface IdentityConflict {
  part: PartIdentity;
  rank: number;
  maker: string;
  serial: string;
  unit: string;
  state: string;
  foundAt: string;
}

/** listIdentityConflicts pages through the spellings migration 008 found colliding, for the regulator to resolve. */
export async function listIdentityConflicts(
  ctx: RegistryContext,
  caller: Caller,
  opts: { limit: number; offset: number },
): Promise<IdentityConflict[]> {
  requireRole(caller, 'regulator');
  const rows = await ctx.store.query<{
    component_type: string;
    canonical_maker: string;
    canonical_serial: string;
    identity_rank: number;
    maker: string;
    serial: string;
    robot_code: string;
    state: string;
    found_at: Date;
  }>(
    `SELECT * FROM component_identity_conflicts ORDER BY component_type, canonical_maker, canonical_serial, identity_rank LIMIT $1 OFFSET $2`,
    [opts.limit, opts.offset],
  );
  return rows.map((r) => ({
    part: { type: r.component_type, maker: r.canonical_maker, serial: r.canonical_serial },
    rank: r.identity_rank,
    maker: r.maker,
    serial: r.serial,
    unit: r.robot_code.trim(),
    state: r.state,
    foundAt: r.found_at.toISOString(),
  }));
}
