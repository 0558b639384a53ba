/** RobotStatus is where a unit stands in its life (DESIGN.md §4). */
export type RobotStatus =
  | 'registered'
  | 'in_use'
  | 'deployed'
  | 'in_service'
  | 'decommissioned'
  | 'recycling'
  | 'scrapped'
  | 'exported'
  | 'remanufactured';

/** ROBOT_STATUSES lists every status in lifecycle order. */
export const ROBOT_STATUSES: readonly RobotStatus[] = [
  'registered',
  'in_use',
  'deployed',
  'in_service',
  'decommissioned',
  'recycling',
  'scrapped',
  'exported',
  'remanufactured',
];

/** ModelStatus is a model's type-approval state (DESIGN.md §3). */
export type ModelStatus = 'filed' | 'approved' | 'suspended' | 'withdrawn';

/** ModelAction is what the regulator may do to a model's approval. */
export type ModelAction = 'approve' | 'suspend' | 'withdraw';

const MODEL_TRANSITIONS: Record<ModelAction, { from: readonly ModelStatus[]; to: ModelStatus }> = {
  approve: { from: ['filed', 'suspended'], to: 'approved' },
  suspend: { from: ['approved'], to: 'suspended' },
  withdraw: { from: ['filed', 'approved', 'suspended'], to: 'withdrawn' },
};

/** nextModelStatus returns the model's status after action, or undefined when the action is not allowed from `from`. */
export function nextModelStatus(from: ModelStatus, action: ModelAction): ModelStatus | undefined {
  const t = MODEL_TRANSITIONS[action];
  return t.from.includes(from) ? t.to : undefined;
}
