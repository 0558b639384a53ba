/**
 * What `software_updated` and market access need of software when events are
 * recorded (issue #15): the campaigns reports name and whether each unit is in
 * one, the blocked state of target and installed versions, read locked for
 * share for a sale or deployment so a block racing it is ordered with it; and, once
 * accepted, the units' new versions, campaign progress and OTA recall remedies.
 */
import type { EventFacts } from '../../lifecycle/decide.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { checkReport } from '../../software/campaign-rules.ts';
import { versionKey } from '../../software/version-id.ts';
import type { Tx } from '../../store/store.ts';
import type { EventRequest } from '../events/event-data.ts';
import type { RobotFacts } from '../robots/robot-facts.ts';
import { campaignFacts, loadCampaigns } from './campaigns.ts';

/** SALE_OR_USE are the events market access can refuse: the installed version's block is read locked for them. */
const SALE_OR_USE = new Set(['transferred', 'transfer_accepted', 'deployed']);

/** SoftwareLookups are the software facts a set of events needs, read in one query per kind. */
export interface SoftwareLookups {
  campaigns: Awaited<ReturnType<typeof loadCampaigns>>;
  /** members holds `campaign code` for every reported unit its campaign reached. */
  members: Set<string>;
  /** blocked holds `enterprise model key` of every blocked version the events name or run. */
  blocked: Set<string>;
  /** lockedBlocked maps a unit of a sale or deployment to whether its installed version is blocked, read locked. */
  lockedBlocked: Map<string, boolean>;
}

type Item = { code: string; req: EventRequest };

function updateOf(req: EventRequest): { campaignId: string; from: string; to: string } | undefined {
  return req.type === 'software_updated' ? req.data : undefined;
}

/** safeKey is a version's key, or the spelling itself when it has none (the check refuses it with its field). */
function safeKey(v: string): string {
  try {
    return versionKey(v);
  } catch {
    return v;
  }
}

/** loadSoftwareLookups reads, for events on locked units, the campaigns they name, membership, and blocked versions. */
export async function loadSoftwareLookups(
  tx: Pick<Tx, 'query'>,
  items: readonly Item[],
  facts: Map<string, RobotFacts>,
): Promise<SoftwareLookups> {
  const updates = items.flatMap((i) => {
    const u = updateOf(i.req);
    const f = facts.get(i.code);
    return u && f ? [{ code: i.code, f, ...u }] : [];
  });
  // Read without a lock: every report of a campaign reads its one row and its target's, and a share
  // lock on that hot row (a MultiXact per locker) cost 40 % of the report rate in bench/ota.ts. An
  // acknowledgement only widens what is allowed, and a report that read its target unblocked just
  // before a block commits is ordered before the block.
  const campaigns = await loadCampaigns(
    tx,
    updates.map((u) => u.campaignId),
  );
  const members =
    updates.length === 0
      ? []
      : await tx.query<{ campaign_id: string; robot_code: string }>(
          `SELECT u.campaign_id, u.robot_code FROM campaign_units u JOIN unnest($1::uuid[], $2::char(29)[]) AS x(c, r)
              ON u.campaign_id = x.c AND u.robot_code = x.r`,
          [updates.map((u) => u.campaignId), updates.map((u) => u.code)],
        );
  const targets = updates.map((u) => ({ e: u.f.enterpriseCode, m: u.f.modelCode, k: safeKey(u.to) }));
  const blocked =
    targets.length === 0
      ? []
      : await tx.query<{ enterprise_code: string; model_code: string; version_key: string }>(
          `SELECT v.enterprise_code, v.model_code, v.version_key FROM software_versions v
             JOIN unnest($1::text[], $2::text[], $3::text[]) AS x(e, m, k) ON v.enterprise_code = x.e AND v.model_code = x.m AND v.version_key = x.k
            WHERE v.blocked`,
          [targets.map((t) => t.e), targets.map((t) => t.m), targets.map((t) => t.k)],
        );
  // A new statement after the units' lock: it waits for a block in flight and then sees it.
  const selling = items.filter((i) => SALE_OR_USE.has(i.req.type) && facts.get(i.code)?.softwareVersion);
  const installed =
    selling.length === 0
      ? []
      : await tx.query<{ code: string; blocked: boolean }>(
          `SELECT r.code, v.blocked FROM robots r
             JOIN software_versions v ON v.enterprise_code = r.enterprise_code AND v.model_code = r.model_code AND v.version_key = r.software_version
            WHERE r.code = ANY($1::char(29)[]) FOR SHARE OF v`,
          [selling.map((s) => s.code)],
        );
  return {
    campaigns,
    members: new Set(members.map((m) => `${m.campaign_id} ${m.robot_code}`)),
    blocked: new Set(blocked.map((b) => `${b.enterprise_code} ${b.model_code} ${b.version_key}`)),
    lockedBlocked: new Map(installed.map((r) => [r.code, r.blocked])),
  };
}

/** softwareTarget is the version a `software_updated` installs, for decide (softwareFactsOf checks it after the table's rules). */
export function softwareTarget(req: EventRequest): { softwareTo?: string } {
  const u = updateOf(req);
  return u ? { softwareTo: safeKey(u.to) } : {};
}

/** lockedFacts are a unit's facts with its installed version's block as read locked (for a sale or deployment). */
export function lockedFacts(f: RobotFacts, l: SoftwareLookups): RobotFacts {
  const locked = l.lockedBlocked.get(f.code);
  return locked === undefined ? f : { ...f, blockedSoftware: locked };
}

/**
 * softwareFactsOf checks a `software_updated` report against its campaign and
 * the unit, and gives the target version for decide and the canonical
 * versions the leaf records (the spelling reported is not kept). Pure.
 */
export function softwareFactsOf(
  f: RobotFacts,
  req: EventRequest,
  l: SoftwareLookups,
  now: Date,
): { facts: Partial<EventFacts>; derived: Record<string, unknown> } {
  const u = updateOf(req);
  if (!u) return { facts: {}, derived: {} };
  const from = versionKey(u.from, 'body.data.from');
  const to = versionKey(u.to, 'body.data.to');
  const row = l.campaigns.get(u.campaignId);
  // Another maker's campaign is, to this unit, no campaign at all.
  if (!row || row.enterprise_code !== f.enterpriseCode) {
    throw new RegistryError('NOT_FOUND', msg('problem.software.campaignNotFound', { id: u.campaignId }));
  }
  checkReport(
    campaignFacts(row),
    {
      code: f.code,
      modelCode: f.modelCode,
      installed: f.softwareVersion,
      from,
      to,
      inCampaign: l.members.has(`${row.id} ${f.code}`),
      toBlocked: l.blocked.has(`${f.enterpriseCode} ${f.modelCode} ${to}`),
    },
    now,
  );
  return { facts: { softwareTo: to }, derived: { campaignId: row.id, from, to } };
}

/** Updated is an accepted `software_updated`: the unit, its new version and the event's seq. */
export interface Updated {
  code: string;
  seq: number;
  campaignId: string;
  to: string;
}

/**
 * applySoftwareUpdates writes accepted updates: each unit's installed version,
 * its campaign's progress, and the remedy of every open recall whose campaign
 * installs that version on the unit's model (no shop visit needed).
 */
export async function applySoftwareUpdates(tx: Pick<Tx, 'query'>, updates: readonly Updated[]): Promise<void> {
  if (updates.length === 0) return;
  const codes = updates.map((u) => u.code);
  const seqs = updates.map((u) => u.seq);
  const tos = updates.map((u) => u.to);
  await tx.query('UPDATE robots r SET software_version = x.v FROM unnest($1::char(29)[], $2::text[]) AS x(code, v) WHERE r.code = x.code', [
    codes,
    tos,
  ]);
  await tx.query(
    `UPDATE campaign_units u SET updated_seq = x.seq FROM unnest($1::uuid[], $2::char(29)[], $3::int[]) AS x(c, code, seq)
      WHERE u.campaign_id = x.c AND u.robot_code = x.code`,
    [updates.map((u) => u.campaignId), codes, seqs],
  );
  await tx.query(
    `UPDATE recall_units u SET remedied_seq = x.seq
       FROM unnest($1::char(29)[], $2::int[], $3::text[]) AS x(code, seq, v), recalls r, ota_campaigns c
      WHERE u.robot_code = x.code AND u.remedied_seq IS NULL AND r.id = u.recall_id AND r.closed_at IS NULL
        AND c.id = r.campaign_id AND c.to_version = x.v AND c.enterprise_code = substr(x.code, 3, 4)
        AND substr(x.code, 7, 6) = ANY(c.models)`,
    [codes, seqs, tos],
  );
}
