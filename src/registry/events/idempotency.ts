import { createHash } from 'node:crypto';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { Tx } from '../../store/store.ts';

/** StoredResponse is the first answer to an idempotent request. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/** requestHash fingerprints a request so a reused key with a different request is caught. */
export function requestHash(parts: unknown): Buffer {
  return createHash('sha256').update(JSON.stringify(parts)).digest();
}

/**
 * claimKey reserves an Idempotency-Key inside tx. It returns the stored
 * response when the key was already used for the same request (a concurrent
 * first attempt holds the row lock, so this waits for its commit), throws
 * IDEMPOTENCY_CONFLICT for a different request, and returns undefined when
 * this request is the first: the caller then does the work and calls
 * storeResponse in the same transaction. A failed first attempt rolls back
 * its claim, so a retry runs again.
 */
export async function claimKey(tx: Tx, participantId: string, key: string, hash: Buffer): Promise<StoredResponse | undefined> {
  const claimed = await tx.query(
    `INSERT INTO idempotency_keys (participant_id, key, request_hash, status, response) VALUES ($1, $2, $3, 0, '{}')
     ON CONFLICT (participant_id, key) DO NOTHING RETURNING key`,
    [participantId, key, hash],
  );
  if (claimed.length > 0) return undefined;
  const [row] = await tx.query<{ request_hash: Buffer; status: number; response: unknown }>(
    'SELECT request_hash, status, response FROM idempotency_keys WHERE participant_id = $1 AND key = $2',
    [participantId, key],
  );
  if (!row || !row.request_hash.equals(hash)) {
    throw new RegistryError('IDEMPOTENCY_CONFLICT', msg('problem.events.idempotency', { key }));
  }
  return { status: row.status, body: row.response };
}

/** storeResponse records the answer for a claimed key. */
export async function storeResponse(tx: Tx, participantId: string, key: string, response: StoredResponse): Promise<void> {
  await storeResponses(tx, [{ participantId, key, response }]);
}

/** storeResponses records the answers for several claimed keys in one statement (single events that shared a round). */
export async function storeResponses(
  tx: Tx,
  answers: readonly { participantId: string; key: string; response: StoredResponse }[],
): Promise<void> {
  if (answers.length === 0) return;
  await tx.query(
    `UPDATE idempotency_keys k SET status = x.status, response = x.response
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::jsonb[]) AS x(participant_id, key, status, response)
      WHERE k.participant_id = x.participant_id AND k.key = x.key`,
    [
      answers.map((a) => a.participantId),
      answers.map((a) => a.key),
      answers.map((a) => a.response.status),
      answers.map((a) => JSON.stringify(a.response.body)),
    ],
  );
}

/** releaseKey gives up a claim whose request was refused, so a retry with the key runs again (as when a refused request rolls back its claim). */
export async function releaseKey(tx: Tx, participantId: string, key: string): Promise<void> {
  await tx.query('DELETE FROM idempotency_keys WHERE participant_id = $1 AND key = $2', [participantId, key]);
}
