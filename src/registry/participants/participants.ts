import { enterpriseCodeFor, isAssignedCountry } from '../../code/index.ts';
import { ROLES, requireRole, type Principal, type Role } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';

/** NewParticipant is what the regulator states when it enrols an organisation. */
export interface NewParticipant {
  name: string;
  country: string;
  uscc?: string;
  roles: Role[];
}

/** Participant is an enrolled organisation. */
export interface Participant {
  id: string;
  name: string;
  country: string;
  uscc: string | null;
  roles: Role[];
  enterpriseCode: string | null;
  createdAt: string;
}

interface ParticipantRow {
  id: string;
  name: string;
  country: string;
  uscc: string | null;
  roles: Role[];
  enterprise_code: string | null;
  created_at: Date;
}

const COLUMNS = 'id, name, country, uscc, roles, enterprise_code, created_at';

function toParticipant(r: ParticipantRow): Participant {
  return {
    id: r.id,
    name: r.name,
    country: r.country,
    uscc: r.uscc,
    roles: r.roles,
    enterpriseCode: r.enterprise_code,
    createdAt: r.created_at.toISOString(),
  };
}

/** insertParticipant enrols p inside tx; a manufacturer gets the next enterprise code. */
export async function insertParticipant(tx: Tx, p: NewParticipant): Promise<Participant> {
  // Checked before an enterprise number is drawn: the country becomes the first two characters of every code the participant issues.
  if (!isAssignedCountry(p.country)) {
    throw new RegistryError('UNKNOWN_COUNTRY', msg('problem.participants.country', { country: JSON.stringify(p.country) }), {
      errors: [{ field: 'body.country', message: 'not an assigned ISO 3166-1 alpha-2 code' }],
    });
  }
  const roles = [...new Set(p.roles)];
  const unknown = roles.filter((r) => !ROLES.includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new RegistryError('INVALID_REQUEST', msg('problem.participants.roles', { roles: ROLES.join(', ') }), {
      errors: [{ field: 'roles', message: 'unknown or empty' }],
    });
  }
  let enterprise: string | null = null;
  if (roles.includes('manufacturer')) {
    const [seq] = await tx.query<{ n: number }>("SELECT nextval('enterprise_number_seq') AS n");
    enterprise = enterpriseCodeFor(seq!.n);
  }
  try {
    const [row] = await tx.query<ParticipantRow>(
      `INSERT INTO participants (name, country, uscc, roles, enterprise_code) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [p.name, p.country, p.uscc ?? null, roles, enterprise],
    );
    return toParticipant(row!);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      throw new RegistryError('DUPLICATE', msg('problem.participants.duplicateUscc', { uscc: p.uscc }));
    }
    throw err;
  }
}

/** createParticipant lets the regulator enrol an organisation. */
export async function createParticipant(ctx: RegistryContext, caller: Principal | undefined, p: NewParticipant): Promise<Participant> {
  requireRole(caller, 'regulator');
  return ctx.store.readWrite((tx) => insertParticipant(tx, p));
}

/** getParticipant shows a participant to the regulator or to itself; others see only its public face. */
export async function getParticipant(ctx: RegistryContext, caller: Principal | undefined, id: string): Promise<Participant> {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  const rows = await ctx.store.query<ParticipantRow>(`SELECT ${COLUMNS} FROM participants WHERE id = $1`, [id]);
  const row = rows[0];
  if (!row) throw new RegistryError('UNKNOWN_PARTICIPANT', msg('problem.participants.notFound', { id }));
  const p = toParticipant(row);
  // Others see the organisation's public face: not its registration number.
  return caller.participantId === id || caller.roles.includes('regulator') ? p : { ...p, uscc: null };
}

/** listParticipants pages through participants in creation order (regulator only). */
export async function listParticipants(
  ctx: RegistryContext,
  caller: Principal | undefined,
  opts: { role?: Role; after?: string; limit: number },
): Promise<Participant[]> {
  requireRole(caller, 'regulator');
  const rows = await ctx.store.query<ParticipantRow>(
    `SELECT ${COLUMNS} FROM participants
      WHERE ($1::text IS NULL OR $1 = ANY(roles)) AND ($2::uuid IS NULL OR id > $2)
      ORDER BY id LIMIT $3`,
    [opts.role ?? null, opts.after ?? null, opts.limit],
  );
  return rows.map(toParticipant);
}
