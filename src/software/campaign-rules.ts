/**
 * The rules an OTA campaign and a `software_updated` report meet (issue #15,
 * item 2). A campaign is filed before it ships; one whose target version is
 * safety-relevant may not be reported on a unit until the regulator
 * acknowledged it or CAMPAIGN_WAIT_DAYS passed since it was filed (the
 * waiting period, in the manner of the filing of OTA updates with the
 * authorities before they are pushed). Pure.
 */
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';

/** CAMPAIGN_WAIT_DAYS is how long a safety-relevant campaign waits for the regulator before units may report it without acknowledgement. */
export const CAMPAIGN_WAIT_DAYS = 14;
/** START_SLACK_MS is how far before its filing a campaign's planned start may lie (clock skew between the maker and the registry). */
export const START_SLACK_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** CampaignFacts are what the rules read of a campaign. */
export interface CampaignFacts {
  id: string;
  enterpriseCode: string;
  models: readonly string[];
  fromVersions: readonly string[];
  toVersion: string;
  safetyRelevant: boolean;
  plannedStart: Date;
  filedAt: Date;
  acknowledgedAt: Date | null;
}

/** ReportFacts are a `software_updated` report and the unit it is about, versions as canonical keys. */
export interface ReportFacts {
  code: string;
  modelCode: string;
  installed: string | null;
  from: string;
  to: string;
  /** inCampaign: the campaign reached the unit when it was filed. */
  inCampaign: boolean;
  /** toBlocked: the regulator blocked the target version. */
  toBlocked: boolean;
}

/** clearedAt is when units may first report a campaign: its planned start, and for a safety-relevant one not before acknowledgement or the waiting period. */
export function clearedAt(c: CampaignFacts): Date | null {
  if (!c.safetyRelevant || c.acknowledgedAt) return c.plannedStart;
  const waited = c.filedAt.getTime() + CAMPAIGN_WAIT_DAYS * DAY_MS;
  return new Date(Math.max(waited, c.plannedStart.getTime()));
}

/**
 * checkReport refuses a `software_updated` report the campaign does not
 * cover, in the order a maker would try to get around it: another version,
 * another starting version, a unit outside the campaign, a report before the
 * campaign is cleared, a target the regulator blocked.
 */
export function checkReport(c: CampaignFacts, r: ReportFacts, now: Date): void {
  if (r.to !== c.toVersion || !c.fromVersions.includes(r.from) || !c.models.includes(r.modelCode)) {
    throw new RegistryError('SOFTWARE_NOT_IN_CAMPAIGN', msg('problem.software.notInCampaign', { from: r.from, to: r.to, campaign: c.id }), {
      campaign: { fromVersions: c.fromVersions, toVersion: c.toVersion },
    });
  }
  if (r.installed !== r.from) {
    throw new RegistryError(
      'SOFTWARE_FROM_MISMATCH',
      msg('problem.software.fromMismatch', { from: r.from, installed: r.installed ?? '—' }),
      {
        installed: r.installed,
      },
    );
  }
  if (!r.inCampaign) {
    throw new RegistryError('UNIT_NOT_IN_CAMPAIGN', msg('problem.software.unitNotInCampaign', { code: r.code, campaign: c.id }));
  }
  const cleared = clearedAt(c);
  if (cleared === null || now < cleared) {
    throw new RegistryError(
      'CAMPAIGN_NOT_CLEARED',
      c.safetyRelevant && !c.acknowledgedAt
        ? msg('problem.software.notAcknowledged', { campaign: c.id, days: CAMPAIGN_WAIT_DAYS })
        : msg('problem.software.notStarted', { campaign: c.id, at: c.plannedStart.toISOString() }),
      { clearedAt: cleared?.toISOString() ?? null },
    );
  }
  if (r.toBlocked) {
    throw new RegistryError('SOFTWARE_VERSION_BLOCKED', msg('problem.software.blocked', { version: r.to }));
  }
}

/** checkPlannedStart refuses a campaign filed after its planned start (beyond the clock-skew slack): a campaign is filed before it ships. */
export function checkPlannedStart(plannedStart: Date, now: Date): void {
  if (plannedStart.getTime() < now.getTime() - START_SLACK_MS) {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.software.startPast'), {
      errors: [{ field: 'body.plannedStart', message: 'not before the filing' }],
    });
  }
}

/** VersionFacts are what currency reads of a filed version. */
export interface VersionFacts {
  key: string;
  releasedOn: string;
  filedAt: Date;
  blocked: boolean;
}

/** currentVersion is the model's current version: the latest unblocked one filed, by release date then filing time; null when none. */
export function currentVersion(versions: readonly VersionFacts[]): string | null {
  let best: VersionFacts | null = null;
  for (const v of versions) {
    if (v.blocked) continue;
    if (!best || v.releasedOn > best.releasedOn || (v.releasedOn === best.releasedOn && v.filedAt > best.filedAt)) best = v;
  }
  return best?.key ?? null;
}
