/**
 * Imports (issue #16, item 1): an importer registers units made abroad under
 * the foreign maker's enterprise code (the code's country segment is the
 * maker's country), acting for it under the regulator's mandate, with the
 * customs declaration and clearance date. The first event is `imported`,
 * dated at the customs clearance (its reporting deadline runs from there);
 * the importer holds the units as the trade holds new ones.
 */
import { requireRole, type Principal } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { RegistryContext } from '../context.ts';
import { checkRun, registerUnits, type NewUnit, type RegisteredUnit } from '../robots/register-robots.ts';
import { foreignMaker, requireMandate } from './mandates.ts';
import { customsCountry } from './second-life-events.ts';

/** Customs is a customs declaration: its number, when the goods cleared, and the country they came from. */
export interface Customs {
  declaration: string;
  /** clearedAt is when customs cleared the units (RFC 3339), never ahead of the registry's clock. */
  clearedAt: string;
  origin?: string;
}

/** ImportRun is an importer's declaration of units of one foreign maker cleared under one customs declaration. */
export interface ImportRun {
  /** maker is the foreign maker's enterprise code. */
  maker: string;
  customs: Customs;
  units: readonly NewUnit[];
}

/** clearance parses a customs clearance time and refuses one ahead of now. */
export function clearance(at: string, now: Date): Date {
  const t = new Date(at);
  if (Number.isNaN(t.getTime()) || t.getTime() > now.getTime())
    throw new RegistryError('EVENT_IN_FUTURE', msg('problem.secondLife.clearedAt'), {
      errors: [{ field: 'body.customs.clearedAt', message: 'ahead of the registry clock' }],
    });
  return t;
}

/** importRobots registers an import run: all units or none, each with an `imported` event and its customs crossing. */
export async function importRobots(ctx: RegistryContext, caller: Principal | undefined, run: ImportRun): Promise<RegisteredUnit[]> {
  const importer = requireRole(caller, 'importer');
  checkRun(run.units);
  const clearedAt = clearance(run.customs.clearedAt, ctx.now());
  const declaredOrigin = run.customs.origin === undefined ? undefined : customsCountry(run.customs.origin, 'body.customs.origin');
  const enterprise = run.maker.trim().toUpperCase();
  const maker = await ctx.store.readOnly(async (tx) => {
    const m = await foreignMaker(tx, { enterprise });
    await requireMandate(tx, importer.participantId, m);
    return m;
  });
  const origin = declaredOrigin ?? maker.country;
  return registerUnits(ctx, run.units, {
    actor: importer,
    enterprise: maker.enterpriseCode,
    ownerId: importer.participantId,
    event: () => ({
      type: 'imported',
      occurredAt: clearedAt,
      party: 'importer',
      data: {
        importer: importer.participantId,
        maker: maker.id,
        customs: { declaration: run.customs.declaration, clearedAt: clearedAt.toISOString(), origin },
      },
    }),
    // Checked again under the write: a mandate revoked meanwhile stops the run.
    before: (tx) => requireMandate(tx, importer.participantId, maker),
    after: async (tx, units) => {
      await tx.query(
        `INSERT INTO customs_crossings (robot_code, seq, direction, party_id, country, declaration, cleared_at)
         SELECT c, 1, 'import', $2, $3, $4, $5 FROM unnest($1::char(29)[]) AS c`,
        [units.map((u) => u.code), importer.participantId, origin, run.customs.declaration, clearedAt],
      );
    },
  });
}
