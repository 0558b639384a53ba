/** Helpers for the software tests (issue #15): filing versions and campaigns, and a snapshot of everything software may change. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Enrolled, TestRegistry } from '../harness.ts';
import { snapshot, type Res } from '../lifecycle/flow.ts';

/** sha is a well-formed artefact digest for a name. */
export const sha = (name: string) => createHash('sha256').update(name).digest('hex');

/** fileVersion files a version of maker's model through the API. */
export function fileVersion(
  r: TestRegistry,
  maker: Enrolled,
  model: string,
  version: string,
  extra: { safetyRelevant?: boolean; releasedOn?: string; sha256?: string } = {},
): Promise<Res> {
  return r.call('POST', `/v1/models/${maker.enterpriseCode}/${model}/software`, {
    token: maker.token,
    body: {
      identifier: 'HX-OS',
      version,
      releasedOn: extra.releasedOn ?? new Date().toISOString().slice(0, 10),
      changes: `Release ${version}`,
      safetyRelevant: extra.safetyRelevant ?? false,
      sha256: extra.sha256 ?? sha(version),
    },
  });
}

/** fileCampaign files a campaign starting now. */
export function fileCampaign(
  r: TestRegistry,
  maker: Enrolled,
  body: { models: string[]; fromVersions: string[]; toVersion: string; scope?: unknown; enterprise?: string; plannedStart?: string },
): Promise<Res> {
  return r.call('POST', '/v1/campaigns', {
    token: maker.token,
    body: { safetySummary: 'Assessed: no change to motion limits', plannedStart: r.ctx.now().toISOString(), ...body },
  });
}

/** update has token report a unit's update in campaign. */
export function update(r: TestRegistry, token: string, code: string, campaignId: string, from: string, to: string): Promise<Res> {
  return r.call('POST', `/v1/robots/${code}/events`, { token, body: { type: 'software_updated', data: { campaignId, from, to } } });
}

/** softSnapshot is a unit's snapshot with its installed version, and every software table's size and progress. */
export async function softSnapshot(r: TestRegistry, code: string) {
  const q = r.ctx.store;
  const [robot] = await q.query<{ software_version: string | null }>('SELECT software_version FROM robots WHERE code = $1', [code]);
  const [counts] = await q.query(
    `SELECT (SELECT count(*)::int FROM software_versions) AS versions,
            (SELECT count(*)::int FROM software_versions WHERE blocked) AS blocked,
            (SELECT count(*)::int FROM software_version_decisions) AS decisions,
            (SELECT count(*)::int FROM ota_campaigns) AS campaigns,
            (SELECT count(*)::int FROM ota_campaigns WHERE acknowledged_at IS NOT NULL) AS acknowledged,
            (SELECT count(*)::int FROM campaign_units) AS campaignUnits,
            (SELECT count(updated_seq)::int FROM campaign_units) AS campaignUpdated,
            (SELECT count(remedied_seq)::int FROM recall_units) AS remedied`,
  );
  return { base: await snapshot(r, code), software: robot?.software_version ?? null, counts };
}

/** unchangedSoftware runs fn (which should be refused) and asserts it changed nothing on code, the log or any software table. */
export async function unchangedSoftware(r: TestRegistry, code: string, fn: () => Promise<unknown>): Promise<void> {
  const before = await softSnapshot(r, code);
  await fn();
  assert.deepEqual(await softSnapshot(r, code), before, 'a refused request changed nothing');
}
