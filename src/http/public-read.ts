import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RegistryContext } from '../registry/context.ts';
import type { ReadTarget } from '../registry/replicas/read-set.ts';
import type { ReadNeeds } from '../replica/freshness.ts';
import { isUnreachable } from '../store/unreachable.ts';

/**
 * CHECKPOINT_SIZE_HEADER says which log a public answer reflects: every event
 * at a log index below it is in the answer (the tree of that size, whose
 * signed checkpoint /v1/log/checkpoint served or will serve). Sent when the
 * registry has read replicas (docs/operations.md, Read replicas).
 */
export const CHECKPOINT_SIZE_HEADER = 'registry-checkpoint-size';

/** READ_FROM_HEADER says whether a replica or the primary answered: `replica` or `primary`. */
export const READ_FROM_HEADER = 'registry-read-from';

/** PUBLIC_READ_HEADERS document the two headers on a public answer. */
export const PUBLIC_READ_HEADERS = {
  'Registry-Checkpoint-Size': {
    type: 'string',
    description: 'With read replicas: every event below this log index is reflected in the answer (docs/operations.md)',
  },
  'Registry-Read-From': { type: 'string', description: 'With read replicas: `replica` or `primary`, the server that answered' },
};

/** conflictsWithRecovery: a standby cancelled the read because replay needed what it held (SQLSTATE 40001 there); the primary can answer it. */
function conflictsWithRecovery(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '40001';
}

function label(reply: FastifyReply, t: ReadTarget): void {
  reply.header(READ_FROM_HEADER, t.replica ? 'replica' : 'primary');
  if (t.logSize !== undefined) reply.header(CHECKPOINT_SIZE_HEADER, String(t.logSize));
  else reply.removeHeader(CHECKPOINT_SIZE_HEADER);
}

/**
 * publicRead runs one public read where it belongs: on a replica within the
 * staleness bound when the caller is anonymous and no replica is too short for
 * what the read names (`needs`), else on the primary, whose answers show the
 * caller's own writes. A replica that fails mid-read is taken out of the read
 * set and the read runs again on the primary, as does a read the standby
 * cancelled for a conflict with its replay.
 */
export async function publicRead<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  read: (ctx: RegistryContext) => Promise<T>,
  needs: ReadNeeds = {},
): Promise<T> {
  const ctx = req.server.registry;
  const reads = ctx.reads;
  if (reads === undefined) return read(ctx);
  const target = req.caller === undefined ? reads.pick(needs) : reads.primary();
  label(reply, target);
  try {
    return await read(target.ctx);
  } catch (err) {
    if (!target.replica || !(isUnreachable(err) || conflictsWithRecovery(err))) throw err;
    if (isUnreachable(err)) reads.unreachable(target);
    const primary = reads.primary();
    label(reply, primary);
    return read(primary.ctx);
  }
}
