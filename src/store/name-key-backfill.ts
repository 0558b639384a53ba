import { nameKey } from '../names/display-name.ts';
import type { Tx } from './store.ts';

/** NAME_KEY_MIGRATION is the schema version whose rows backfillNameKeys fills. */
export const NAME_KEY_MIGRATION = 12;

/**
 * backfillNameKeys gives every participant and model from before migration
 * 012 the comparison key of its name, computed by the one TypeScript
 * definition, in the migration's transaction. Participants and models number
 * in the hundreds, so one statement per table suffices.
 */
export async function backfillNameKeys(tx: Pick<Tx, 'query'>): Promise<void> {
  const participants = await tx.query<{ id: string; name: string }>('SELECT id, name FROM participants');
  await tx.query('UPDATE participants p SET name_key = x.k FROM unnest($1::uuid[], $2::text[]) AS x(id, k) WHERE p.id = x.id', [
    participants.map((p) => p.id),
    participants.map((p) => nameKey(p.name)),
  ]);
  const models = await tx.query<{ enterprise_code: string; model_code: string; name: string }>(
    'SELECT enterprise_code, model_code, name FROM models',
  );
  await tx.query(
    `UPDATE models m SET name_key = x.k FROM unnest($1::text[], $2::text[], $3::text[]) AS x(e, c, k)
      WHERE m.enterprise_code = x.e AND m.model_code = x.c`,
    [models.map((m) => m.enterprise_code), models.map((m) => m.model_code), models.map((m) => nameKey(m.name))],
  );
}
