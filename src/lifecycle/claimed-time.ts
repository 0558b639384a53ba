import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';

/** CLOCK_SKEW_MS is how far in the future a client's occurredAt may lie. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * claimedTime checks a client's occurredAt: not ahead of the registry's clock
 * and not before the unit's last event. A time up to CLOCK_SKEW_MS ahead (a
 * client clock running fast) is taken as now, so no event is ever dated ahead
 * of the registry and an event recorded later never sorts before it.
 */
export function claimedTime(occurredAt: string | undefined, now: Date, lastAt: Date | undefined): Date {
  if (occurredAt === undefined) return now;
  const at = new Date(occurredAt);
  if (Number.isNaN(at.getTime()) || at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new RegistryError('EVENT_IN_FUTURE', msg('problem.lifecycle.inFuture', { occurredAt, now: now.toISOString() }), {
      errors: [{ field: 'body.occurredAt', message: 'in the future' }],
    });
  }
  if (lastAt && at < lastAt) {
    throw new RegistryError('EVENT_OUT_OF_ORDER', msg('problem.lifecycle.outOfOrder', { occurredAt, last: lastAt.toISOString() }), {
      errors: [{ field: 'body.occurredAt', message: 'before the last event' }],
    });
  }
  return at > now ? now : at;
}
