import { enterpriseCodeFor, isAssignedCountry } from '../../code/index.ts';
import { ROLES, requireRole, type Principal, type Role } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import { displayName, nameKey, nameKeys } from '../../names/display-name.ts';
import { nameSearch } from '../../names/name-search.ts';
import type { Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';
import { TAKER_ROLES } from '../../lifecycle/second-life.ts';
import { insertCertification, type CertificationTerms } from '../second-life/certifications.ts';

/** NewParticipant is what the regulator states when it enrols an organisation. */
export interface NewParticipant {
  /** name is the official name, in any script (Chinese in practice). */
  name: string;
  /** nameEn is the English or pinyin name, where it has one. */
  nameEn?: string;
  country: string;
  uscc?: string;
  roles: Role[];
  /** certification is the scope and province of a recycler's or remanufacturer's certification (listed publicly). */
  certification?: CertificationTerms;
}

/** Participant is an enrolled organisation. */
export interface Participant {
  id: string;
  name: string;
  nameEn: string | null;
  country: string;
  uscc: string | null;
  roles: Role[];
  enterpriseCode: string | null;
  createdAt: string;
}

interface ParticipantRow {
  id: string;
  name: string;
  name_en: string | null;
  country: string;
  uscc: string | null;
  roles: Role[];
  enterprise_code: string | null;
  created_at: Date;
}

const COLUMNS = 'id, name, name_en, country, uscc, roles, enterprise_code, created_at';

function toParticipant(r: ParticipantRow): Participant {
  return {
    id: r.id,
    name: r.name,
    nameEn: r.name_en,
    country: r.country,
    uscc: r.uscc,
    roles: r.roles,
    enterpriseCode: r.enterprise_code,
    createdAt: r.created_at.toISOString(),
  };
}

// Enrolments take this transaction-scoped advisory lock, so two confusable names enrolled at once meet one after the other.
const ENROLMENT_LOCK = 1_312_013;

/**
 * refuseConfusable refuses (DUPLICATE) a new participant when its name or
 * English name reads as an enrolled participant's name or English name:
 * a reader could not tell the two organisations apart (issue #13).
 */
async function refuseConfusable(tx: Tx, name: string, nameEn: string | null): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [ENROLMENT_LOCK]);
  const [twin] = await tx.query<{ id: string; name: string; name_en: string | null; name_key: string; name_en_key: string | null }>(
    `SELECT id, name, name_en, name_key, name_en_key FROM participants
      WHERE name_key = ANY($1::text[]) OR name_en_key = ANY($1::text[]) ORDER BY created_at, id LIMIT 1`,
    [nameKeys(name, nameEn)],
  );
  if (!twin) return;
  const spelled = [twin.name_key, twin.name_en_key].includes(nameKey(name)) || nameEn === null ? name : nameEn;
  throw new RegistryError(
    'DUPLICATE',
    twin.name_en
      ? msg('problem.participants.confusableEn', { spelled, twin: twin.name, twinEn: twin.name_en })
      : msg('problem.participants.confusable', { spelled, twin: twin.name }),
    { confusableWith: { id: twin.id, name: twin.name, nameEn: twin.name_en } },
  );
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
  const name = displayName(p.name, 'body.name');
  const nameEn = p.nameEn === undefined ? null : displayName(p.nameEn, 'body.nameEn');
  await refuseConfusable(tx, name, nameEn);
  let enterprise: string | null = null;
  // A remanufacturer issues codes under its own enterprise code too (issue #16).
  if (roles.includes('manufacturer') || roles.includes('remanufacturer')) {
    const [seq] = await tx.query<{ n: number }>("SELECT nextval('enterprise_number_seq') AS n");
    enterprise = enterpriseCodeFor(must(seq, 'nextval returns a row').n);
  }
  try {
    const [row] = await tx.query<ParticipantRow>(
      `INSERT INTO participants (name, name_en, name_key, name_en_key, country, uscc, roles, enterprise_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [name, nameEn, nameKey(name), nameEn === null ? null : nameKey(nameEn), p.country, p.uscc ?? null, roles, enterprise],
    );
    const enrolled = toParticipant(must(row, 'INSERT … RETURNING returns the participant'));
    // Enrolling a recycler or remanufacturer certifies it: it is listed until the regulator revokes (issue #16).
    for (const role of TAKER_ROLES) {
      if (roles.includes(role)) await insertCertification(tx, enrolled.id, role, p.certification ?? {}, null, new Date());
    }
    return enrolled;
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

/** listParticipants pages through participants in creation order (regulator only), those holding role or whose name or English name holds q. */
export async function listParticipants(
  ctx: RegistryContext,
  caller: Principal | undefined,
  opts: { role?: Role; q?: string; after?: string; limit: number },
): Promise<Participant[]> {
  requireRole(caller, 'regulator');
  const search = opts.q === undefined ? null : nameSearch(opts.q);
  const rows = await ctx.store.query<ParticipantRow>(
    `SELECT ${COLUMNS} FROM participants
      WHERE ($1::text IS NULL OR $1 = ANY(roles)) AND ($2::uuid IS NULL OR id > $2)
        AND ($4::text IS NULL OR name ILIKE $4 ESCAPE '\\' OR name_en ILIKE $4 ESCAPE '\\'
             OR name_key LIKE $5 ESCAPE '\\' OR name_en_key LIKE $5 ESCAPE '\\')
      ORDER BY id LIMIT $3`,
    [opts.role ?? null, opts.after ?? null, opts.limit, search?.spelled ?? null, search?.canonical ?? null],
  );
  return rows.map(toParticipant);
}
