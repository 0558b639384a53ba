/**
 * Standing acceptance: a participant accepts every transfer from a named
 * sender at once, so a fleet purchase from a regular supplier stays one step
 * (DESIGN.md §2). Without it, a transfer is an offer the recipient answers.
 */
import type { Principal } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { RegistryContext } from '../context.ts';

/** MAX_STANDING_SENDERS is the most senders one request names. */
export const MAX_STANDING_SENDERS = 1_000;

/** StandingAcceptance is one sender whose transfers the participant accepts without an offer. */
export interface StandingAcceptance {
  senderId: string;
  senderName: string;
  senderNameEn: string | null;
  createdAt: string;
}

/** checkCaller lets a participant manage its own acceptances, and the regulator read anyone's. */
function checkCaller(caller: Principal | undefined, participantId: string, write: boolean): Principal {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  if (caller.participantId === participantId) return caller;
  if (!write && caller.roles.includes('regulator')) return caller;
  throw new RegistryError('NOT_ENTITLED', msg('problem.standing.self'));
}

/** listStandingAcceptances lists the senders whose transfers participantId accepts standing. */
export async function listStandingAcceptances(
  ctx: RegistryContext,
  caller: Principal | undefined,
  participantId: string,
): Promise<StandingAcceptance[]> {
  checkCaller(caller, participantId, false);
  const rows = await ctx.store.query<{ sender_id: string; name: string; name_en: string | null; created_at: Date }>(
    'SELECT s.sender_id, p.name, p.name_en, s.created_at FROM standing_acceptances s JOIN participants p ON p.id = s.sender_id WHERE s.participant_id = $1 ORDER BY p.name, s.sender_id',
    [participantId],
  );
  return rows.map((r) => ({ senderId: r.sender_id, senderName: r.name, senderNameEn: r.name_en, createdAt: r.created_at.toISOString() }));
}

/** acceptStanding has participantId accept transfers from each of senders without an offer; senders it already accepts stay as they are. */
export async function acceptStanding(
  ctx: RegistryContext,
  caller: Principal | undefined,
  participantId: string,
  senders: readonly string[],
): Promise<StandingAcceptance[]> {
  checkCaller(caller, participantId, true);
  const unique = [...new Set(senders)];
  if (unique.length === 0 || unique.length > MAX_STANDING_SENDERS) {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.standing.count', { max: MAX_STANDING_SENDERS }), {
      errors: [{ field: 'body.senders', message: `1 to ${MAX_STANDING_SENDERS} ids` }],
    });
  }
  if (unique.includes(participantId))
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.standing.fromItself'), {
      errors: [{ field: 'body.senders', message: 'names the participant itself' }],
    });
  const now = ctx.now();
  await ctx.store.readWrite(async (tx) => {
    const known = await tx.query<{ id: string }>('SELECT id FROM participants WHERE id = ANY($1::uuid[])', [unique]);
    const missing = unique.filter((id) => !known.some((k) => k.id === id));
    if (missing.length > 0)
      throw new RegistryError('UNKNOWN_PARTICIPANT', msg('problem.standing.unknown', { id: missing[0] }), { missing });
    await tx.query(
      'INSERT INTO standing_acceptances (participant_id, sender_id, created_at) SELECT $1, s, $3 FROM unnest($2::uuid[]) AS s ON CONFLICT DO NOTHING',
      [participantId, unique, now],
    );
  });
  return listStandingAcceptances(ctx, caller, participantId);
}

/** revokeStanding ends participantId's standing acceptance of sender's transfers; later transfers from it are offers again. */
export async function revokeStanding(
  ctx: RegistryContext,
  caller: Principal | undefined,
  participantId: string,
  senderId: string,
): Promise<void> {
  checkCaller(caller, participantId, true);
  const rows = await ctx.store.query('DELETE FROM standing_acceptances WHERE participant_id = $1 AND sender_id = $2 RETURNING sender_id', [
    participantId,
    senderId,
  ]);
  if (rows.length === 0)
    throw new RegistryError('NOT_FOUND', msg('problem.standing.notFound', { participant: participantId, sender: senderId }));
}
