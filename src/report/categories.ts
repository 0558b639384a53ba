/**
 * What a public report may be about (issue #16, item 4). `counterfeit` is a code on a
 * robot that does not match its registered maker or model: the regulator sees it first.
 */
export const REPORT_CATEGORIES = ['counterfeit', 'injury', 'safety_hazard', 'malfunction', 'privacy', 'complaint', 'other'] as const;

/** ReportCategory is one category of public report. */
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** TRIAGE_OUTCOMES are what the regulator may make of a report: link it to an incident, dismiss it, or escalate it to a defect signal. */
export const TRIAGE_OUTCOMES = ['linked', 'dismissed', 'escalated'] as const;

/** TriageOutcome is one triage outcome. */
export type TriageOutcome = (typeof TRIAGE_OUTCOMES)[number];

/** ReportState is a report's place in the queue: open until triaged. */
export type ReportState = 'open' | TriageOutcome;

/** queueRank orders the regulator's queue: suspected counterfeits first, then injuries and hazards, then the rest. */
export function queueRank(category: ReportCategory): number {
  return category === 'counterfeit' ? 0 : category === 'injury' || category === 'safety_hazard' ? 1 : 2;
}

/** MAX_DESCRIPTION is the longest description a report may carry (characters). */
export const MAX_DESCRIPTION = 2_000;
/** MAX_CONTACT is the longest contact a report may carry (characters). */
export const MAX_CONTACT = 200;
/** MAX_PHOTO_BYTES is the largest photo a report may carry, decoded. */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
