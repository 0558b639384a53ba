import type { UnitSoftware } from '../../contract/software.ts';
import { currentVersion } from '../../software/campaign-rules.ts';
import type { Tx } from '../../store/store.ts';

/** currentSoftwareOf reads a model's current software version: the latest unblocked one filed (software/campaign-rules.ts). */
export async function currentSoftwareOf(tx: Pick<Tx, 'query'>, enterprise: string, model: string): Promise<string | null> {
  const rows = await tx.query<{ version_key: string; released_on: string; filed_at: Date; blocked: boolean }>(
    `SELECT version_key, to_char(released_on, 'YYYY-MM-DD') AS released_on, filed_at, blocked
       FROM software_versions WHERE enterprise_code = $1 AND model_code = $2`,
    [enterprise, model],
  );
  return currentVersion(rows.map((r) => ({ key: r.version_key, releasedOn: r.released_on, filedAt: r.filed_at, blocked: r.blocked })));
}

/** unitSoftware is a unit's software as verification and the passport show it. */
export function unitSoftware(installed: string | null, current: string | null, blocked: boolean): UnitSoftware {
  return { installed, current, upToDate: installed === null ? null : installed === current, blocked };
}
