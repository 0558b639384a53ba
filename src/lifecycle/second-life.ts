/**
 * Across borders and into second life (issue #16): who may take a
 * decommissioned unit, exports and re-imports, and which units a certified
 * remanufacturer may build a new unit from. Pure: every fact is passed in.
 */
import { RegistryError } from '../errors.ts';
import { allOf, msg, term } from '../i18n/message.ts';
import type { MarketAccess } from './market-access.ts';
import type { RobotStatus } from './status.ts';

/** TAKER_ROLES are the certified roles that may take a decommissioned unit: a recycler, or a remanufacturer. */
export const TAKER_ROLES = ['recycler', 'remanufacturer'] as const;

/**
 * Taker is a participant a decommissioned unit would be handed to. `roles`
 * hold a taker role only while the regulator's certification of it is
 * current (the registry strips an uncertified one); `unlisted` says it holds
 * such a role without a current certification, so the refusal can say so.
 */
export interface Taker {
  roles: readonly string[];
  unlisted?: boolean;
}

/** takesDecommissioned tells whether to may take a decommissioned unit: a listed recycler or remanufacturer. */
export function takesDecommissioned(to: Taker): boolean {
  return TAKER_ROLES.some((r) => to.roles.includes(r));
}

/** checkTaker refuses handing a decommissioned unit to anyone but a listed recycler or remanufacturer (DESIGN.md §2, issue #16 item 7). */
export function checkTaker(status: RobotStatus, to: Taker): void {
  if (takesDecommissioned(to)) return;
  if (to.unlisted)
    throw new RegistryError('NOT_CERTIFIED', msg('problem.secondLife.unlisted'), { unitStatus: status, rule: 'certified-taker' });
  throw new RegistryError('INVALID_TRANSITION', msg('problem.lifecycle.recyclerOnly'), { unitStatus: status, rule: 'recipient' });
}

/**
 * checkExport refuses exporting a unit the regulator or its owner has
 * flagged (suspended, reported stolen) or one with a pending transfer offer:
 * an export must not carry a unit out from under a flag or an offer.
 */
export function checkExport(
  s: { status: RobotStatus; suspended: boolean; stolen: boolean },
  access: MarketAccess,
  offerPending: boolean,
): void {
  const flagged = access.reasons.filter((r) => r === 'SUSPENDED' || r === 'REPORTED_STOLEN');
  if (flagged.length > 0 || s.suspended || s.stolen) {
    const reasons = flagged.length > 0 ? flagged : [s.suspended ? 'SUSPENDED' : 'REPORTED_STOLEN'];
    throw new RegistryError(
      'MARKET_ACCESS_DENIED',
      msg('problem.secondLife.exportFlagged', { reasons: allOf(reasons.map((r) => term('accessReason', r))) }),
      { reasons, unitStatus: s.status, rule: 'export' },
    );
  }
  if (offerPending)
    throw new RegistryError('OFFER_PENDING', msg('problem.secondLife.exportOffer'), { unitStatus: s.status, rule: 'offer' });
}

/** Predecessor is what the remanufacture rules read of one unit a remanufacturer names. */
export interface Predecessor {
  code: string;
  status: RobotStatus;
  ownerId: string;
  /** successor is the unit it was already remanufactured into, if any. */
  successor: string | null;
  /** suspended and stolen are the unit's flags: a flagged unit is not built into a new one, which would carry none. */
  suspended?: boolean;
  stolen?: boolean;
}

/**
 * checkPredecessor refuses a unit a remanufacturer may not build from: one
 * already remanufactured (UNIT_REMANUFACTURED), exported (UNIT_EXPORTED), one
 * it does not hold (PREDECESSOR_NOT_HELD), one that is not decommissioned
 * — a scrapped or recycling unit's parts never come back (INVALID_TRANSITION)
 * — or one suspended or reported stolen (MARKET_ACCESS_DENIED): the new unit
 * would start without the flag, which only the regulator, or the owner for a
 * theft, lifts.
 */
export function checkPredecessor(p: Predecessor, remanufacturerId: string): void {
  if (p.status === 'remanufactured')
    throw new RegistryError(
      'UNIT_REMANUFACTURED',
      msg('problem.secondLife.alreadyRemanufactured', { code: p.code, successor: p.successor ?? '?' }),
      {
        robot: p.code,
        successor: p.successor,
      },
    );
  if (p.status === 'exported')
    throw new RegistryError('UNIT_EXPORTED', msg('problem.secondLife.exportedUnit', { code: p.code }), { robot: p.code });
  if (p.ownerId !== remanufacturerId)
    throw new RegistryError('PREDECESSOR_NOT_HELD', msg('problem.secondLife.notHeld', { code: p.code }), { robot: p.code });
  if (p.status !== 'decommissioned')
    throw new RegistryError(
      'INVALID_TRANSITION',
      msg('problem.secondLife.notDecommissioned', { code: p.code, status: term('status', p.status) }),
      { robot: p.code, unitStatus: p.status, rule: 'predecessor' },
    );
  const reasons = [...(p.suspended ? ['SUSPENDED'] : []), ...(p.stolen ? ['REPORTED_STOLEN'] : [])];
  if (reasons.length > 0)
    throw new RegistryError(
      'MARKET_ACCESS_DENIED',
      msg('problem.secondLife.remanufactureFlagged', { code: p.code, reasons: allOf(reasons.map((r) => term('accessReason', r))) }),
      { robot: p.code, reasons, unitStatus: p.status, rule: 'predecessor' },
    );
}

/** isDomestic tells whether a maker's country is the registry's own: its units are registered by the maker, never imported. */
export function isDomestic(makerCountry: string, home: string): boolean {
  return makerCountry === home;
}
