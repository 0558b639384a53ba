/**
 * Model revisions (issue #15, item 4): which changes to an approved model are
 * significant — they touch a parameter its type approval rests on — and so
 * file a revision the regulator approves before units built to it may be sold.
 * A minor change (software within an approved line, a height or an
 * application) files none. Pure.
 */
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';

/** SIGNIFICANT_PARAMETERS are the parameters a type approval rests on (plus the key component types). */
export const SIGNIFICANT_PARAMETERS = [
  'massKg',
  'payloadKg',
  'topSpeedKmh',
  'batteryChemistry',
  'batteryCapacityWh',
  'autonomyLevel',
] as const;

/** RevisionChange names one significant change: a parameter or `componentTypes`. */
export type RevisionChange = (typeof SIGNIFICANT_PARAMETERS)[number] | 'componentTypes';

/** RevisionStatus is where a revision's approval stands; revision 1 is the model's filing and follows the model. */
export type RevisionStatus = 'filed' | 'approved' | 'refused';

/** ModelLine is what a revision compares: the parameters and key component types. */
export interface ModelLine {
  parameters: Record<string, unknown>;
  componentTypes: readonly string[];
}

/** sameText compares texts as one spelling: "LFP" and " lfp " are one chemistry, not a change. */
function sameText(a: unknown, b: unknown): boolean {
  const fold = (v: unknown) => (typeof v === 'string' ? v.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ') : v);
  return fold(a) === fold(b);
}

/** significantChanges lists the significant parameters that differ between the approved line and the proposed one. */
export function significantChanges(approved: ModelLine, proposed: ModelLine): RevisionChange[] {
  const changes: RevisionChange[] = SIGNIFICANT_PARAMETERS.filter((p) => !sameText(approved.parameters[p], proposed.parameters[p]));
  const was = new Set(approved.componentTypes);
  const now = new Set(proposed.componentTypes);
  if (was.size !== now.size || [...now].some((t) => !was.has(t))) changes.push('componentTypes');
  return changes;
}

/**
 * checkRevision refuses a revision that changes nothing significant
 * (REVISION_NOT_SIGNIFICANT: a minor change files none) and returns its changes.
 */
export function checkRevision(approved: ModelLine, proposed: ModelLine): RevisionChange[] {
  const changes = significantChanges(approved, proposed);
  if (changes.length === 0) {
    throw new RegistryError('REVISION_NOT_SIGNIFICANT', msg('problem.revisions.notSignificant'), {
      significant: [...SIGNIFICANT_PARAMETERS, 'componentTypes'],
    });
  }
  return changes;
}

/** nextRevisionStatus is a revision's status after the regulator's decision, or undefined when it was already decided. */
export function nextRevisionStatus(from: RevisionStatus, action: 'approve' | 'refuse'): RevisionStatus | undefined {
  if (from !== 'filed') return undefined;
  return action === 'approve' ? 'approved' : 'refused';
}
