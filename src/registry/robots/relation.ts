import type { Principal } from '../../access/principal.ts';
import type { Party } from '../../lifecycle/events.ts';
import type { Tx } from '../../store/store.ts';
import type { RobotFacts } from './robot-facts.ts';

/**
 * partiesOf lists how caller stands to the unit for recording events
 * (lifecycle table "who"); granted: the caller holds an active grant of the
 * current owner on it. Custody decides: the maker acts as manufacturer only
 * while it holds the unit; once sold, a grant gives it a shop's rights.
 */
export function partiesOf(caller: Principal, f: RobotFacts, granted: boolean): Party[] {
  const parties: Party[] = [];
  const id = caller.participantId;
  const makesUnit = caller.enterpriseCode === f.enterpriseCode;
  if (f.ownerId === id) parties.push('owner');
  if (f.ownerId === id && caller.roles.includes('recycler')) parties.push('recycler');
  if (f.operatorId === id) parties.push('operator');
  if (makesUnit && f.ownerId === id) parties.push('manufacturer');
  if (caller.roles.includes('regulator')) parties.push('regulator');
  if (granted && (caller.roles.includes('service') || makesUnit)) parties.push('service');
  if (f.offer?.to === id) parties.push('recipient');
  if (makesUnit) parties.push('maker');
  return parties;
}

/** grantKey names an active service grant: a unit and its service participant. */
export function grantKey(code: string, serviceId: string): string {
  return `${code} ${serviceId}`;
}

/** grantedUnits returns the active service grants at now (as grantKeys) that callers with the service role hold on codes. */
export async function grantedUnits(tx: Pick<Tx, 'query'>, callers: readonly Principal[], codes: readonly string[], now: Date): Promise<Set<string>> {
  // A maker may hold a grant on units it sold, like any shop.
  const services = [...new Set(callers.filter((c) => c.roles.includes('service') || c.enterpriseCode).map((c) => c.participantId))];
  if (services.length === 0 || codes.length === 0) return new Set();
  const rows = await tx.query<{ robot_code: string; service_id: string }>(
    'SELECT DISTINCT robot_code, service_id FROM service_grants WHERE robot_code = ANY($1::char(29)[]) AND service_id = ANY($2::uuid[]) AND revoked_at IS NULL AND expires_at > $3',
    [codes, services, now],
  );
  return new Set(rows.map((r) => grantKey(r.robot_code, r.service_id)));
}
