import type { Principal } from '../../access/principal.ts';
import type { Tx } from '../../store/store.ts';

/** grantKey names an active service grant: a unit and its service participant. */
export function grantKey(code: string, serviceId: string): string {
  return `${code} ${serviceId}`;
}

/** grantedUnits returns the active service grants at now (as grantKeys) that callers with the service role hold on codes. */
export async function grantedUnits(
  tx: Pick<Tx, 'query'>,
  callers: readonly Principal[],
  codes: readonly string[],
  now: Date,
): Promise<Set<string>> {
  // A maker may hold a grant on units it sold, like any shop.
  const services = [...new Set(callers.filter((c) => c.roles.includes('service') || c.enterpriseCode).map((c) => c.participantId))];
  if (services.length === 0 || codes.length === 0) return new Set();
  const rows = await tx.query<{ robot_code: string; service_id: string }>(
    'SELECT DISTINCT robot_code, service_id FROM service_grants WHERE robot_code = ANY($1::char(29)[]) AND service_id = ANY($2::uuid[]) AND revoked_at IS NULL AND expires_at > $3',
    [codes, services, now],
  );
  return new Set(rows.map((r) => grantKey(r.robot_code, r.service_id)));
}
