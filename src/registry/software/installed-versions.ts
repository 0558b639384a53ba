import { RegistryError } from '../../errors.ts';
import { english, msg } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import { versionKey } from '../../software/version-id.ts';
import type { Tx } from '../../store/store.ts';

/**
 * installedVersions resolves each unit's factory software version (in any
 * spelling) to the key of a version filed for its model, or null where the
 * unit names none; a malformed or unfiled one refuses the run, naming every
 * unit at fault. A blocked version may be registered: it is the fact, and
 * market access refuses the unit's sale (BLOCKED_SOFTWARE).
 */
export async function installedVersions(
  tx: Pick<Tx, 'query'>,
  enterprise: string,
  units: readonly { model: string; softwareVersion?: string }[],
): Promise<(string | null)[]> {
  if (!units.some((u) => u.softwareVersion !== undefined)) return units.map(() => null);
  const problems: { unit: number; code: 'MALFORMED_VERSION' | 'UNKNOWN_SOFTWARE_VERSION'; message: string }[] = [];
  const keys = units.map((u, i) => {
    if (u.softwareVersion === undefined) return null;
    try {
      return versionKey(u.softwareVersion, `body.units.${i}.softwareVersion`);
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      problems.push({ unit: i, code: 'MALFORMED_VERSION', message: err.message });
      return null;
    }
  });
  const wanted = units.flatMap((u, i) => (keys[i] ? [{ model: u.model, key: must(keys[i], 'filtered') }] : []));
  const rows = await tx.query<{ model_code: string; version_key: string }>(
    `SELECT DISTINCT v.model_code, v.version_key FROM software_versions v JOIN unnest($2::text[], $3::text[]) AS x(m, k)
        ON v.model_code = x.m AND v.version_key = x.k WHERE v.enterprise_code = $1`,
    [enterprise, wanted.map((w) => w.model), wanted.map((w) => w.key)],
  );
  const filed = new Set(rows.map((r) => `${r.model_code} ${r.version_key}`));
  units.forEach((u, i) => {
    const k = keys[i];
    if (k && !filed.has(`${u.model} ${k}`)) {
      problems.push({
        unit: i,
        code: 'UNKNOWN_SOFTWARE_VERSION',
        message: english(msg('problem.software.unknown', { version: k, model: enterprise + u.model })),
      });
    }
  });
  if (problems.length > 0) {
    problems.sort((a, b) => a.unit - b.unit);
    const first = must(problems[0], 'a problem');
    throw new RegistryError(
      first.code,
      msg('problem.robots.unitRefused', { unit: first.unit, detail: first.message, more: problems.length - 1 }),
      {
        errors: problems,
      },
    );
  }
  return keys;
}

/** setInstalledVersions records the factory versions of units just inserted (a statement only when any unit names one). */
export async function setInstalledVersions(
  tx: Pick<Tx, 'query'>,
  codes: readonly string[],
  keys: readonly (string | null)[],
): Promise<void> {
  if (!keys.some((k) => k !== null)) return;
  await tx.query(
    'UPDATE robots r SET software_version = x.v FROM unnest($1::char(29)[], $2::text[]) AS x(code, v) WHERE r.code = x.code AND x.v IS NOT NULL',
    [codes, keys],
  );
}
