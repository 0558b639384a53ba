import type { Principal } from '../access/principal.ts';
import type { Party } from '../lifecycle/events.ts';
import type { Tx } from '../store/store.ts';
import type { RobotFacts } from './robot-facts.ts';

/** partiesOf lists how caller stands to the unit for recording events (lifecycle table "who"); granted: the caller holds an active service grant on it. */
export function partiesOf(caller: Principal, f: RobotFacts, granted: boolean): Party[] {
  const parties: Party[] = [];
  const id = caller.participantId;
  if (f.ownerId === id) parties.push('owner');
  if (f.ownerId === id && caller.roles.includes('recycler')) parties.push('recycler');
  if (f.operatorId === id) parties.push('operator');
  if (caller.enterpriseCode === f.enterpriseCode) parties.push('manufacturer');
  if (caller.roles.includes('regulator')) parties.push('regulator');
  if (caller.roles.includes('service') && granted) parties.push('service');
  return parties;
}

/** grantKey names an active service grant: a unit and its service participant. */
export function grantKey(code: string, serviceId: string): string {
  return `${code} ${serviceId}`;
}

/** grantedUnits returns the active service grants at now (as grantKeys) that callers with the service role hold on codes. */
export async function grantedUnits(tx: Pick<Tx, 'query'>, callers: readonly Principal[], codes: readonly string[], now: Date): Promise<Set<string>> {
  const services = [...new Set(callers.filter((c) => c.roles.includes('service')).map((c) => c.participantId))];
  if (services.length === 0 || codes.length === 0) return new Set();
  const rows = await tx.query<{ robot_code: string; service_id: string }>(
    'SELECT DISTINCT robot_code, service_id FROM service_grants WHERE robot_code = ANY($1::char(29)[]) AND service_id = ANY($2::uuid[]) AND revoked_at IS NULL AND expires_at > $3',
    [codes, services, now],
  );
  return new Set(rows.map((r) => grantKey(r.robot_code, r.service_id)));
}
