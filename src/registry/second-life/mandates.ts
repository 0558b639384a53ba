/**
 * Import mandates (issue #16, item 1): the regulator enrols a foreign maker
 * (role `manufacturer`, its own country) and grants an importer the mandate
 * to act for it. Only an importer holding a current mandate registers that
 * maker's units; the regulator may revoke the mandate and grant it again.
 */
import { requireRole, type Principal } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { isDomestic } from '../../lifecycle/second-life.ts';
import { must } from '../../must.ts';
import type { Tx } from '../../store/store.ts';
import type { Mandate } from '../../contract/second-life.ts';
import type { RegistryContext } from '../context.ts';

/** REGISTRY_COUNTRY is the registry's own country: a maker from here registers its own units, never through an importer. */
export const REGISTRY_COUNTRY = 'CN';

interface Row {
  importer_id: string;
  maker_id: string;
  name: string;
  enterprise_code: string;
  country: string;
  granted_at: Date;
  revoked_at: Date | null;
}

const SELECT = `SELECT m.importer_id, m.maker_id, p.name, p.enterprise_code, p.country, m.granted_at, m.revoked_at
  FROM import_mandates m JOIN participants p ON p.id = m.maker_id`;

function mandateOf(r: Row): Mandate {
  return {
    importerId: r.importer_id,
    makerId: r.maker_id,
    makerName: r.name,
    enterpriseCode: r.enterprise_code,
    country: r.country,
    grantedAt: r.granted_at.toISOString(),
    revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
  };
}

/** ForeignMaker is a maker an importer names by its enterprise code. */
export interface ForeignMaker {
  id: string;
  country: string;
  enterpriseCode: string;
}

/** foreignMaker reads the maker of enterprise and refuses a domestic one (DOMESTIC_MAKER) or an unknown code. */
export async function foreignMaker(tx: Pick<Tx, 'query'>, by: { enterprise?: string; id?: string }): Promise<ForeignMaker> {
  const [p] = await tx.query<{ id: string; country: string; enterprise_code: string | null; roles: string[] }>(
    'SELECT id, country, enterprise_code, roles FROM participants WHERE ($1::text IS NULL OR enterprise_code = $1) AND ($2::uuid IS NULL OR id = $2)',
    [by.enterprise ?? null, by.id ?? null],
  );
  const enterprise = by.enterprise ?? p?.enterprise_code ?? '';
  if (!p?.enterprise_code || !p.roles.includes('manufacturer'))
    throw new RegistryError('UNKNOWN_PARTICIPANT', msg('problem.secondLife.unknownMaker', { enterprise }));
  if (isDomestic(p.country, REGISTRY_COUNTRY))
    throw new RegistryError('DOMESTIC_MAKER', msg('problem.secondLife.domesticMaker', { enterprise, country: p.country }));
  return { id: p.id, country: p.country, enterpriseCode: p.enterprise_code };
}

/** requireMandate refuses (NOT_MANDATED) an importer without a current mandate for makerId. */
export async function requireMandate(tx: Pick<Tx, 'query'>, importerId: string, maker: ForeignMaker): Promise<void> {
  const [m] = await tx.query('SELECT 1 FROM import_mandates WHERE importer_id = $1 AND maker_id = $2 AND revoked_at IS NULL', [
    importerId,
    maker.id,
  ]);
  if (!m) throw new RegistryError('NOT_MANDATED', msg('problem.secondLife.notMandated', { enterprise: maker.enterpriseCode }));
}

/** grantMandate lets the regulator name an importer to act for a foreign maker (again, after a revocation). */
export async function grantMandate(
  ctx: RegistryContext,
  caller: Principal | undefined,
  importerId: string,
  makerId: string,
): Promise<Mandate> {
  const regulator = requireRole(caller, 'regulator');
  return ctx.store.readWrite(async (tx) => {
    const [imp] = await tx.query<{ roles: string[] }>('SELECT roles FROM participants WHERE id = $1', [importerId]);
    if (!imp) throw new RegistryError('UNKNOWN_PARTICIPANT', msg('problem.participants.notFound', { id: importerId }));
    if (!imp.roles.includes('importer'))
      throw new RegistryError('INVALID_ARGUMENT', msg('problem.secondLife.notImporter'), {
        errors: [{ field: 'path.id', message: 'does not hold the importer role' }],
      });
    const maker = await foreignMaker(tx, { id: makerId });
    const [row] = await tx.query(
      `INSERT INTO import_mandates (importer_id, maker_id, granted_by, granted_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (importer_id, maker_id) DO UPDATE SET granted_by = EXCLUDED.granted_by, granted_at = EXCLUDED.granted_at, revoked_at = NULL
        WHERE import_mandates.revoked_at IS NOT NULL
       RETURNING importer_id`,
      [importerId, maker.id, regulator.participantId, ctx.now()],
    );
    if (!row) throw new RegistryError('DUPLICATE', msg('problem.secondLife.noMandate'));
    const [m] = await tx.query<Row>(`${SELECT} WHERE m.importer_id = $1 AND m.maker_id = $2`, [importerId, maker.id]);
    return mandateOf(must(m, 'the mandate just granted'));
  });
}

/** revokeMandate lets the regulator end an importer's mandate for a maker. */
export async function revokeMandate(
  ctx: RegistryContext,
  caller: Principal | undefined,
  importerId: string,
  makerId: string,
): Promise<Mandate> {
  requireRole(caller, 'regulator');
  return ctx.store.readWrite(async (tx) => {
    const [row] = await tx.query(
      'UPDATE import_mandates SET revoked_at = $3 WHERE importer_id = $1 AND maker_id = $2 AND revoked_at IS NULL RETURNING importer_id',
      [importerId, makerId, ctx.now()],
    );
    if (!row) throw new RegistryError('NOT_FOUND', msg('problem.secondLife.noMandate'));
    const [m] = await tx.query<Row>(`${SELECT} WHERE m.importer_id = $1 AND m.maker_id = $2`, [importerId, makerId]);
    return mandateOf(must(m, 'the mandate just revoked'));
  });
}

/** listMandates shows an importer its mandates (the regulator any importer's). */
export async function listMandates(ctx: RegistryContext, caller: Principal | undefined, importerId: string): Promise<Mandate[]> {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  if (caller.participantId !== importerId) requireRole(caller, 'regulator');
  const rows = await ctx.store.query<Row>(`${SELECT} WHERE m.importer_id = $1 ORDER BY p.name`, [importerId]);
  return rows.map(mandateOf);
}
