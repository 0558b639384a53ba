/**
 * The regulator's certifications of recyclers and remanufacturers (issue #16,
 * item 7). Enrolling a participant with the `recycler` or `remanufacturer`
 * role certifies it (the regulator enrols); the regulator may revoke a
 * certification and certify again later (a new row, the revoked one kept).
 * Only a participant with a current certification is listed publicly and may
 * take a decommissioned unit.
 */
import { requireRole, type Principal } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg, term } from '../../i18n/message.ts';
import { TAKER_ROLES } from '../../lifecycle/second-life.ts';
import { must } from '../../must.ts';
import type { Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';

/** TakerRole is a role the regulator certifies: a recycler or a remanufacturer. */
export type TakerRole = (typeof TAKER_ROLES)[number];

/** DEFAULT_SCOPE is the scope of a certification the regulator states no scope for. */
export const DEFAULT_SCOPE = 'humanoid robots';

/** Certification is one participant's certification in one role, current or revoked. */
export interface Certification {
  id: number;
  participantId: string;
  name: string;
  nameEn: string | null;
  role: TakerRole;
  scope: string;
  province: string | null;
  certifiedAt: string;
  revokedAt: string | null;
}

interface Row {
  id: string | number;
  participant_id: string;
  name: string;
  name_en: string | null;
  role: TakerRole;
  scope: string;
  province: string | null;
  certified_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = `c.id, c.participant_id, p.name, p.name_en, c.role, c.scope, c.province, c.certified_at, c.revoked_at`;

function certificationOf(r: Row): Certification {
  return {
    id: Number(r.id),
    participantId: r.participant_id,
    name: r.name,
    nameEn: r.name_en,
    role: r.role,
    scope: r.scope,
    province: r.province,
    certifiedAt: r.certified_at.toISOString(),
    revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
  };
}

/** CertificationTerms are what the regulator states when it certifies: the scope and, optionally, the province. */
export interface CertificationTerms {
  scope?: string;
  province?: string;
}

/** insertCertification certifies participantId in role inside tx; DUPLICATE while a current one exists. */
export async function insertCertification(
  tx: Pick<Tx, 'query'>,
  participantId: string,
  role: TakerRole,
  terms: CertificationTerms,
  by: string | null,
  now: Date,
): Promise<number> {
  const [row] = await tx.query<{ id: string | number }>(
    `INSERT INTO certifications (participant_id, role, scope, province, certified_by, certified_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (participant_id, role) WHERE revoked_at IS NULL DO NOTHING RETURNING id`,
    [participantId, role, terms.scope ?? DEFAULT_SCOPE, terms.province ?? null, by, now],
  );
  if (!row) throw new RegistryError('DUPLICATE', msg('problem.secondLife.noCertification', { role: term('role', role) }));
  return Number(row.id);
}

/** certify lets the regulator certify a participant holding role (again, after a revocation). */
export async function certify(
  ctx: RegistryContext,
  caller: Principal | undefined,
  participantId: string,
  role: TakerRole,
  terms: CertificationTerms,
): Promise<Certification> {
  const regulator = requireRole(caller, 'regulator');
  return ctx.store.readWrite(async (tx) => {
    const [p] = await tx.query<{ roles: string[] }>('SELECT roles FROM participants WHERE id = $1', [participantId]);
    if (!p) throw new RegistryError('UNKNOWN_PARTICIPANT', msg('problem.participants.notFound', { id: participantId }));
    if (!p.roles.includes(role))
      throw new RegistryError('INVALID_ARGUMENT', msg('problem.secondLife.notTaker', { role: term('role', role) }), {
        errors: [{ field: 'path.id', message: `does not hold the ${role} role` }],
      });
    const id = await insertCertification(tx, participantId, role, terms, regulator.participantId, ctx.now());
    const [row] = await tx.query<Row>(
      `SELECT ${COLUMNS} FROM certifications c JOIN participants p ON p.id = c.participant_id WHERE c.id = $1`,
      [id],
    );
    return certificationOf(must(row, 'the certification just written'));
  });
}

/** revoke lets the regulator revoke a participant's current certification in role: it is no longer listed nor takes decommissioned units. */
export async function revoke(
  ctx: RegistryContext,
  caller: Principal | undefined,
  participantId: string,
  role: TakerRole,
  reason: string | undefined,
): Promise<Certification> {
  requireRole(caller, 'regulator');
  return ctx.store.readWrite(async (tx) => {
    const [row] = await tx.query<{ id: string | number }>(
      `UPDATE certifications SET revoked_at = $3, revoked_reason = $4 WHERE participant_id = $1 AND role = $2 AND revoked_at IS NULL RETURNING id`,
      [participantId, role, ctx.now(), reason ?? null],
    );
    if (!row) throw new RegistryError('NOT_FOUND', msg('problem.secondLife.noCertification', { role: term('role', role) }));
    const [c] = await tx.query<Row>(
      `SELECT ${COLUMNS} FROM certifications c JOIN participants p ON p.id = c.participant_id WHERE c.id = $1`,
      [row.id],
    );
    return certificationOf(must(c, 'the certification just revoked'));
  });
}

/** listCertified is the public list: every current certification, by role and name, optionally of one role or province. */
export async function listCertified(ctx: RegistryContext, opts: { role?: TakerRole; province?: string }): Promise<Certification[]> {
  const rows = await ctx.store.query<Row>(
    `SELECT ${COLUMNS} FROM certifications c JOIN participants p ON p.id = c.participant_id
      WHERE c.revoked_at IS NULL AND ($1::text IS NULL OR c.role = $1) AND ($2::text IS NULL OR c.province = $2)
      ORDER BY c.role, p.name, c.id LIMIT 1000`,
    [opts.role ?? null, opts.province ?? null],
  );
  return rows.map(certificationOf);
}

/** listedRoles reads which of ids hold a current certification, as `id role` keys. */
export async function listedRoles(tx: Pick<Tx, 'query'>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.query<{ participant_id: string; role: string }>(
    'SELECT participant_id, role FROM certifications WHERE participant_id = ANY($1::uuid[]) AND revoked_at IS NULL',
    [[...new Set(ids)]],
  );
  return new Set(rows.map((r) => `${r.participant_id} ${r.role}`));
}

/**
 * certifiedRoles keeps of roles only the taker roles id is listed in (a
 * recycler or remanufacturer without a current certification takes nothing),
 * and tells whether it dropped one.
 */
export function certifiedRoles(id: string, roles: readonly string[], listed: ReadonlySet<string>): { roles: string[]; unlisted: boolean } {
  const kept = roles.filter((r) => !(TAKER_ROLES as readonly string[]).includes(r) || listed.has(`${id} ${r}`));
  return { roles: kept, unlisted: kept.length !== roles.length };
}
