import type { ErrorCode } from '../errors.ts';

const DAY_MS = 86_400_000;

/**
 * PRE_FILING_DAYS is how long before its model was filed a unit may have been
 * made: two years. Pre-series and type-test units are built before a model is
 * filed, and at the registry's launch makers file models already on the market
 * and register the units they made before (the demo's 18 months of history,
 * filed through the API on the day it runs). No longer: a unit dated years
 * before its model existed is a unit dated out of a recall's production-date
 * range.
 */
export const PRE_FILING_DAYS = 730;

/**
 * LATEST_ZONE_MS is how far ahead of UTC the easternmost time zone (UTC+14)
 * runs: a factory there may date today's units a day after UTC's today.
 */
export const LATEST_ZONE_MS = 14 * 3_600_000;

/** ProductionDateProblem is why a production date is refused. */
export interface ProductionDateProblem {
  code: Extract<ErrorCode, 'PRODUCTION_DATE_IN_FUTURE' | 'PRODUCTION_DATE_BEFORE_MODEL'>;
  message: string;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * productionDateProblem checks a unit's production date (YYYY-MM-DD) against
 * the registry's clock and its model's filing: not later than today anywhere
 * on Earth, and not more than PRE_FILING_DAYS before the model was filed.
 */
export function productionDateProblem(productionDate: string, modelFiledAt: Date, now: Date): ProductionDateProblem | undefined {
  const latest = dayOf(now.getTime() + LATEST_ZONE_MS);
  if (productionDate > latest) {
    return {
      code: 'PRODUCTION_DATE_IN_FUTURE',
      message: `production date ${productionDate} is later than today (${latest} at the latest)`,
    };
  }
  const earliest = dayOf(modelFiledAt.getTime() - PRE_FILING_DAYS * DAY_MS);
  if (productionDate < earliest) {
    return {
      code: 'PRODUCTION_DATE_BEFORE_MODEL',
      message: `production date ${productionDate} is more than ${PRE_FILING_DAYS} days before the model was filed on ${dayOf(modelFiledAt.getTime())} (${earliest} at the earliest)`,
    };
  }
  return undefined;
}
