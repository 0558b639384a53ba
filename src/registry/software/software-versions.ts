/**
 * Software versions per model (issue #15, item 1): a maker files the versions
 * of its own models; the regulator blocks and unblocks them, each decision a
 * new row with its reason. Every filing and decision changes what verification
 * shows (which version is current, market access), so each drops the cached
 * public answers here and, through migration 015's triggers, in every process.
 */
import { requireOwnEnterprise, requireRole, type Caller } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import { currentVersion } from '../../software/campaign-rules.ts';
import { sha256Hex, versionKey } from '../../software/version-id.ts';
import type { Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';

/** NewSoftwareVersion is what a maker files for one version of a model. */
export interface NewSoftwareVersion {
  identifier: string;
  version: string;
  releasedOn: string;
  changes: string;
  safetyRelevant: boolean;
  sha256: string;
}

/** VersionDecision is one block or unblock by the regulator. */
export interface VersionDecision {
  action: 'blocked' | 'unblocked';
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

/** SoftwareVersion is a filed version as the API shows it. */
export interface SoftwareVersion {
  enterprise: string;
  model: string;
  key: string;
  version: string;
  identifier: string;
  releasedOn: string;
  changes: string;
  safetyRelevant: boolean;
  sha256: string;
  blocked: boolean;
  current: boolean;
  filedAt: string;
  decisions: VersionDecision[];
}

interface VersionRow {
  enterprise_code: string;
  model_code: string;
  version_key: string;
  version: string;
  identifier: string;
  released_on: string;
  changes: string;
  safety_relevant: boolean;
  sha256: string;
  blocked: boolean;
  filed_at: Date;
}

const COLUMNS = `enterprise_code, model_code, version_key, version, identifier, to_char(released_on, 'YYYY-MM-DD') AS released_on,
  changes, safety_relevant, sha256, blocked, filed_at`;

function toVersion(r: VersionRow, current: string | null, decisions: VersionDecision[]): SoftwareVersion {
  return {
    enterprise: r.enterprise_code,
    model: r.model_code,
    key: r.version_key,
    version: r.version,
    identifier: r.identifier,
    releasedOn: r.released_on,
    changes: r.changes,
    safetyRelevant: r.safety_relevant,
    sha256: r.sha256,
    blocked: r.blocked,
    current: r.version_key === current,
    filedAt: r.filed_at.toISOString(),
    decisions,
  };
}

/** modelOf checks the model exists, and for a maker that it is its own. */
async function modelOf(tx: Pick<Tx, 'query'>, enterprise: string, model: string): Promise<void> {
  const [m] = await tx.query('SELECT 1 FROM models WHERE enterprise_code = $1 AND model_code = $2', [enterprise, model]);
  if (!m) throw new RegistryError('UNKNOWN_MODEL', msg('problem.models.notFound', { enterprise, model }));
}

/** fileSoftwareVersion files a version of one of the maker's own models; another spelling of a filed version is SOFTWARE_VERSION_EXISTS. */
export async function fileSoftwareVersion(
  ctx: RegistryContext,
  caller: Caller,
  enterprise: string,
  model: string,
  v: NewSoftwareVersion,
): Promise<SoftwareVersion> {
  const maker = requireRole(caller, 'manufacturer');
  requireOwnEnterprise(maker, enterprise);
  const key = versionKey(v.version, 'body.version');
  const sha256 = sha256Hex(v.sha256, 'body.sha256');
  const out = await ctx.store.readWrite(async (tx) => {
    await modelOf(tx, enterprise, model);
    const [row] = await tx.query<VersionRow>(
      `INSERT INTO software_versions (enterprise_code, model_code, version_key, version, identifier, released_on, changes, safety_relevant, sha256, filed_by, filed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (enterprise_code, model_code, version_key) DO NOTHING RETURNING ${COLUMNS}`,
      [
        enterprise,
        model,
        key,
        v.version.trim(),
        v.identifier,
        v.releasedOn,
        v.changes,
        v.safetyRelevant,
        sha256,
        maker.participantId,
        ctx.now(),
      ],
    );
    if (!row) {
      throw new RegistryError('SOFTWARE_VERSION_EXISTS', msg('problem.software.exists', { version: key, model: enterprise + model }), {
        key,
      });
    }
    return row;
  });
  // The model's current version may have changed: every unit's answer shows it.
  ctx.facts.clear();
  const versions = await listSoftwareVersions(ctx, enterprise, model);
  return must(
    versions.find((x) => x.key === out.version_key),
    'the version just filed is listed',
  );
}

/** listSoftwareVersions lists a model's versions, newest release first, with each one's decisions and which is current (public). */
export async function listSoftwareVersions(ctx: RegistryContext, enterprise: string, model: string): Promise<SoftwareVersion[]> {
  return ctx.store.readOnly(async (tx) => {
    await modelOf(tx, enterprise, model);
    const rows = await tx.query<VersionRow>(
      `SELECT ${COLUMNS} FROM software_versions WHERE enterprise_code = $1 AND model_code = $2 ORDER BY released_on DESC, filed_at DESC`,
      [enterprise, model],
    );
    const decisions = await tx.query<{
      version_key: string;
      action: 'blocked' | 'unblocked';
      reason: string;
      decided_by: string;
      decided_at: Date;
    }>(
      'SELECT version_key, action, reason, decided_by, decided_at FROM software_version_decisions WHERE enterprise_code = $1 AND model_code = $2 ORDER BY id',
      [enterprise, model],
    );
    const current = currentVersion(
      rows.map((r) => ({ key: r.version_key, releasedOn: r.released_on, filedAt: r.filed_at, blocked: r.blocked })),
    );
    return rows.map((r) =>
      toVersion(
        r,
        current,
        decisions
          .filter((d) => d.version_key === r.version_key)
          .map((d) => ({ action: d.action, reason: d.reason, decidedBy: d.decided_by, decidedAt: d.decided_at.toISOString() })),
      ),
    );
  });
}

/**
 * decideSoftwareVersion records the regulator's block or unblock of a version,
 * with its reason, as a new decision. The version's row is locked, so a sale
 * or deployment that read it unblocked commits before the block, and one that
 * comes after sees it blocked (robot-facts.ts locks the same row for share).
 */
export async function decideSoftwareVersion(
  ctx: RegistryContext,
  caller: Caller,
  enterprise: string,
  model: string,
  version: string,
  action: 'block' | 'unblock',
  reason: string,
): Promise<SoftwareVersion> {
  const regulator = requireRole(caller, 'regulator');
  const key = versionKey(version, 'path.version');
  await ctx.store.readWrite(async (tx) => {
    await modelOf(tx, enterprise, model);
    const [row] = await tx.query<{ blocked: boolean }>(
      'SELECT blocked FROM software_versions WHERE enterprise_code = $1 AND model_code = $2 AND version_key = $3 FOR UPDATE',
      [enterprise, model, key],
    );
    if (!row)
      throw new RegistryError('UNKNOWN_SOFTWARE_VERSION', msg('problem.software.unknown', { version: key, model: enterprise + model }));
    const blocked = action === 'block';
    if (row.blocked === blocked)
      throw new RegistryError('BLOCK_STATE', msg('problem.software.blockState', { version: key, blocked: String(blocked) }));
    const now = ctx.now();
    await tx.query(
      `INSERT INTO software_version_decisions (enterprise_code, model_code, version_key, action, reason, decided_by, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [enterprise, model, key, blocked ? 'blocked' : 'unblocked', reason, regulator.participantId, now],
    );
    await tx.query('UPDATE software_versions SET blocked = $4 WHERE enterprise_code = $1 AND model_code = $2 AND version_key = $3', [
      enterprise,
      model,
      key,
      blocked,
    ]);
  });
  // Every unit running it changed market access, and the model's current version may have.
  ctx.facts.clear();
  const versions = await listSoftwareVersions(ctx, enterprise, model);
  return must(
    versions.find((x) => x.key === key),
    'the version just decided is listed',
  );
}

/**
 * filedVersionKeys resolves each (model, spelled version) to the canonical key
 * of a version filed for that model, or an error naming which is not filed.
 */
export async function filedVersionKeys(
  tx: Pick<Tx, 'query'>,
  enterprise: string,
  wanted: readonly { model: string; version: string; field: string }[],
): Promise<Map<string, { key: string; blocked: boolean; safetyRelevant: boolean }>> {
  const keyed = wanted.map((w) => ({ ...w, key: versionKey(w.version, w.field) }));
  const rows =
    keyed.length === 0
      ? []
      : await tx.query<{ model_code: string; version_key: string; blocked: boolean; safety_relevant: boolean }>(
          `SELECT v.model_code, v.version_key, v.blocked, v.safety_relevant FROM software_versions v
             JOIN unnest($2::text[], $3::text[]) AS x(m, k) ON v.model_code = x.m AND v.version_key = x.k
            WHERE v.enterprise_code = $1 FOR SHARE OF v`,
          [enterprise, keyed.map((k) => k.model), keyed.map((k) => k.key)],
        );
  const found = new Map(
    rows.map((r) => [`${r.model_code} ${r.version_key}`, { key: r.version_key, blocked: r.blocked, safetyRelevant: r.safety_relevant }]),
  );
  const out = new Map<string, { key: string; blocked: boolean; safetyRelevant: boolean }>();
  for (const k of keyed) {
    const hit = found.get(`${k.model} ${k.key}`);
    if (!hit) {
      throw new RegistryError(
        'UNKNOWN_SOFTWARE_VERSION',
        msg('problem.software.unknown', { version: k.key, model: enterprise + k.model }),
        {
          errors: [{ field: k.field, message: 'not filed for the model' }],
        },
      );
    }
    out.set(`${k.model} ${k.version}`, hit);
  }
  return out;
}
