import { entitlementOf } from '../../access/entitlement.ts';
import { relationTo } from '../../access/relation.ts';
import { hasRole, type Principal } from '../../access/principal.ts';
import type { Tx } from '../../store/store.ts';

/**
 * readableUnits is the subset of codes whose passport caller may read in
 * full (regulator, maker, owner, operator, granted service): only those may
 * a refusal or a component lookup name (issue #11, item 8).
 */
export async function readableUnits(tx: Pick<Tx, 'query'>, caller: Principal, codes: readonly string[], now: Date): Promise<Set<string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Set();
  if (hasRole(caller, 'regulator')) return new Set(unique);
  const rows = await tx.query<{
    code: string;
    enterprise_code: string;
    owner_id: string;
    operator_id: string | null;
    granted: boolean;
    insures: boolean;
  }>(
    `SELECT r.code, r.enterprise_code, r.owner_id, r.operator_id,
            EXISTS (SELECT 1 FROM service_grants g WHERE g.robot_code = r.code AND g.service_id = $2 AND g.revoked_at IS NULL AND g.expires_at > $3) AS granted,
            EXISTS (SELECT 1 FROM insurance_covers i WHERE i.robot_code = r.code AND i.insurer_id = $2 AND i.revoked_at IS NULL AND i.expires_at > $3) AS insures
       FROM robots r WHERE r.code = ANY($1::char(29)[])`,
    [unique, caller.participantId, now],
  );
  const readable = rows.filter((r) => {
    const unit = { enterpriseCode: r.enterprise_code, ownerId: r.owner_id, operatorId: r.operator_id };
    return (
      entitlementOf(caller, relationTo(caller, unit, { activeServiceGrant: r.granted, pastOwnerUntilSeq: null, insures: r.insures }))
        .kind === 'full'
    );
  });
  return new Set(readable.map((r) => r.code.trim()));
}
