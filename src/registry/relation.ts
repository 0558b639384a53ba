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

/** grantedUnits returns those of codes on which caller holds an active service grant at now (none unless it has the service role). */
export async function grantedUnits(tx: Pick<Tx, 'query'>, caller: Principal, codes: readonly string[], now: Date): Promise<Set<string>> {
  if (!caller.roles.includes('service')) return new Set();
  const rows = await tx.query<{ robot_code: string }>(
    'SELECT DISTINCT robot_code FROM service_grants WHERE robot_code = ANY($1::char(29)[]) AND service_id = $2 AND revoked_at IS NULL AND expires_at > $3',
    [codes, caller.participantId, now],
  );
  return new Set(rows.map((r) => r.robot_code));
}
