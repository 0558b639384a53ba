import type { Principal } from '../access/principal.ts';
import type { Party } from '../lifecycle/events.ts';
import type { Tx } from '../store/store.ts';
import type { RobotFacts } from './robot-facts.ts';

/** partiesOf lists how caller stands to the unit for recording events (lifecycle table "who"). */
export async function partiesOf(tx: Pick<Tx, 'query'>, caller: Principal, f: RobotFacts, now: Date): Promise<Party[]> {
  const parties: Party[] = [];
  const id = caller.participantId;
  if (f.ownerId === id) parties.push('owner');
  if (f.ownerId === id && caller.roles.includes('recycler')) parties.push('recycler');
  if (f.operatorId === id) parties.push('operator');
  if (caller.enterpriseCode === f.enterpriseCode) parties.push('manufacturer');
  if (caller.roles.includes('regulator')) parties.push('regulator');
  if (caller.roles.includes('service')) {
    const grants = await tx.query(
      'SELECT 1 FROM service_grants WHERE robot_code = $1 AND service_id = $2 AND revoked_at IS NULL AND expires_at > $3 LIMIT 1',
      [f.code, id, now],
    );
    if (grants.length > 0) parties.push('service');
  }
  return parties;
}
