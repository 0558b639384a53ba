import { createHash, randomBytes } from 'node:crypto';
import type { Principal, Role } from '../../access/principal.ts';
import { requireRole } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';
import { tokenCacheOf } from './token-cache.ts';

const TOKEN_PREFIX = 'hreg_';
/** MAX_TOKEN_DAYS bounds a token's lifetime. */
export const MAX_TOKEN_DAYS = 3650;

/** IssuedToken is a fresh API token: `token` is shown once and stored only as its hash. */
export interface IssuedToken {
  id: string;
  participantId: string;
  token: string;
  expiresAt: string;
}

/** TokenInfo describes a stored token without its secret. */
export interface TokenInfo {
  id: string;
  label: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** hashToken is the stored form of a token: SHA-256 suffices for 256 random bits. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** createToken issues a token for participantId inside tx. */
export async function createToken(tx: Tx, now: Date, participantId: string, days: number, label: string | null): Promise<IssuedToken> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.tokens.days', { max: MAX_TOKEN_DAYS, days }));
  }
  const id = randomBytes(6).toString('hex');
  const token = `${TOKEN_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  await tx.query('INSERT INTO api_tokens (id, participant_id, token_hash, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    id,
    participantId,
    hashToken(token),
    label,
    now,
    expiresAt,
  ]);
  return { id, participantId, token, expiresAt: expiresAt.toISOString() };
}

interface PrincipalRow {
  token_id: string;
  expires_at: Date;
  id: string;
  name: string;
  roles: Role[];
  enterprise_code: string | null;
}

/**
 * authenticate returns the principal behind a bearer token, refusing unknown, malformed, expired and revoked tokens alike.
 * Tokens found are cached per store (token-cache.ts): a revocation here forgets them at once, one in another process
 * shows within TOKEN_CACHE_TTL_MS; expiry is checked against ctx.now() on every request.
 */
export async function authenticate(ctx: RegistryContext, token: string): Promise<Principal> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) throw new RegistryError('UNAUTHENTICATED', msg('problem.tokens.malformed'));
  const hash = hashToken(token);
  const now = ctx.now();
  const found = await tokenCacheOf(ctx.store).load(hash.toString('hex'), now, async () => {
    const rows = await ctx.store.query<PrincipalRow>(
      `SELECT t.id AS token_id, t.expires_at, p.id, p.name, p.roles, p.enterprise_code FROM api_tokens t JOIN participants p ON p.id = t.participant_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2`,
      [hash, now],
    );
    const p = rows[0];
    if (!p) return undefined;
    return {
      tokenId: p.token_id,
      expiresAtMs: p.expires_at.getTime(),
      principal: { participantId: p.id, name: p.name, roles: p.roles, enterpriseCode: p.enterprise_code },
    };
  });
  if (!found) throw new RegistryError('UNAUTHENTICATED', msg('problem.tokens.unknown'));
  return found.principal;
}

/** issueToken lets the regulator issue a token for any participant. */
export async function issueToken(
  ctx: RegistryContext,
  caller: Principal | undefined,
  participantId: string,
  opts: { days?: number; label?: string },
): Promise<IssuedToken> {
  requireRole(caller, 'regulator');
  return ctx.store.readWrite(async (tx) => {
    const found = await tx.query('SELECT 1 FROM participants WHERE id = $1', [participantId]);
    if (found.length === 0) throw new RegistryError('UNKNOWN_PARTICIPANT', msg('problem.participants.notFound', { id: participantId }));
    return createToken(tx, ctx.now(), participantId, opts.days ?? 365, opts.label ?? null);
  });
}

/** listTokens shows a participant's tokens, without secrets, to the regulator or the participant itself. */
export async function listTokens(ctx: RegistryContext, caller: Principal | undefined, participantId: string): Promise<TokenInfo[]> {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  if (caller.participantId !== participantId) requireRole(caller, 'regulator');
  const rows = await ctx.store.query<{ id: string; label: string | null; created_at: Date; expires_at: Date; revoked_at: Date | null }>(
    'SELECT id, label, created_at, expires_at, revoked_at FROM api_tokens WHERE participant_id = $1 ORDER BY created_at',
    [participantId],
  );
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

/** revokeToken ends a token at once; the regulator may revoke any, a participant its own. */
export async function revokeToken(
  ctx: RegistryContext,
  caller: Principal | undefined,
  participantId: string,
  tokenId: string,
): Promise<void> {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  if (caller.participantId !== participantId) requireRole(caller, 'regulator');
  const rows = await ctx.store.query(
    'UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $1 AND participant_id = $2 RETURNING id',
    [tokenId, participantId, ctx.now()],
  );
  // Forget it after the update, whatever its outcome: the next request with it is looked up again and refused.
  tokenCacheOf(ctx.store).forgetToken(tokenId);
  if (rows.length === 0)
    throw new RegistryError('NOT_FOUND', msg('problem.tokens.notFound', { token: tokenId, participant: participantId }));
}
