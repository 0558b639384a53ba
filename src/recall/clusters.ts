/** SignalCount is how many defect signals one group drew, and of how many units. */
export interface SignalCount {
  enterprise: string;
  model: string;
  componentType: string;
  /** lot is the component lot, or null when grouping by model only. */
  lot: string | null;
  signals: number;
  units: number;
}

/** Cluster is a group whose defect rate stands out, with the recall scope that would reach it. */
export interface Cluster extends SignalCount {
  rate: number;
  baseline: number;
  /** ratio is rate / baseline, or null when the baseline is zero (every rate stands out; JSON has no infinity). */
  ratio: number | null;
  suggestedScope: { enterprise: string; models: string[]; component: { type: string; lots?: string[] } };
}

/** ClusterRule tunes what "stands out" means. */
export interface ClusterRule {
  /** minSignals a group needs before it can stand out. */
  minSignals: number;
  /** minRatio of the group's rate to the baseline (the median rate of all groups). */
  minRatio: number;
}

/** DEFAULT_CLUSTER_RULE: at least 3 signals and 3× the median rate. */
export const DEFAULT_CLUSTER_RULE: ClusterRule = { minSignals: 3, minRatio: 3 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const upper = s[mid];
  if (upper === undefined) return 0;
  const lower = s[mid - 1];
  return s.length % 2 || lower === undefined ? upper : (lower + upper) / 2;
}

/**
 * findClusters flags groups (a model's component type, or one lot of it) whose
 * signals per unit stand out against the median of all groups. Groups with no
 * signal count toward the baseline at rate 0, so a fleet where one model fails
 * stands out even when no other model reports anything.
 */
export function findClusters(groups: readonly SignalCount[], rule: ClusterRule = DEFAULT_CLUSTER_RULE): Cluster[] {
  const rates = groups.filter((g) => g.units > 0).map((g) => g.signals / g.units);
  const baseline = median(rates);
  return groups
    .filter((g) => g.units > 0 && g.signals >= rule.minSignals)
    .map((g) => {
      const rate = g.signals / g.units;
      const ratio = baseline > 0 ? rate / baseline : null;
      return {
        ...g,
        rate,
        baseline,
        ratio,
        suggestedScope: {
          enterprise: g.enterprise,
          models: [g.model],
          component: { type: g.componentType, ...(g.lot ? { lots: [g.lot] } : {}) },
        },
      };
    })
    .filter((c) => c.ratio === null || c.ratio >= rule.minRatio)
    .sort((a, b) => (b.ratio ?? Number.POSITIVE_INFINITY) - (a.ratio ?? Number.POSITIVE_INFINITY) || b.signals - a.signals);
}
