import { canonicalLot, canonicalText } from '../component/part-identity.ts';
import type { Tx } from './store.ts';

/** PART_IDENTITY_MIGRATION is the schema version whose rows backfillPartIdentity fills. */
export const PART_IDENTITY_MIGRATION = 8;

const CHUNK = 5000;

/**
 * backfillPartIdentity gives every component row from before migration 008
 * its canonical identity, computed by the one TypeScript definition, in the
 * migration's transaction. Rows of one canonical part are ranked (0 is the
 * one the rules see: scrapped, then installed, then removed, then the oldest)
 * and, when more than one, reported in component_identity_conflicts rather
 * than merged. Their holdings start from what the rows say now. It returns
 * how many rows it filled and how many collided.
 */
export async function backfillPartIdentity(tx: Pick<Tx, 'query'>, now: Date): Promise<{ rows: number; conflicts: number }> {
  // Page through the primary key. A row the backfill filled may move ahead of
  // the cursor and be met again (filling it twice gives the same values); a
  // row still to fill never moves, so each is met.
  let after: [string, string, string, number] = ['', '', '', -2_147_483_648];
  for (;;) {
    const page = await tx.query<{
      component_type: string;
      canonical_maker: string;
      canonical_serial: string;
      identity_rank: number;
      maker: string;
      serial: string;
      lot: string | null;
    }>(
      `SELECT component_type, canonical_maker, canonical_serial, identity_rank, maker, serial, lot FROM components
        WHERE (component_type, canonical_maker, canonical_serial, identity_rank) > ($1, $2, $3, $4)
        ORDER BY component_type, canonical_maker, canonical_serial, identity_rank LIMIT $5`,
      [...after, CHUNK],
    );
    const end = page.at(-1);
    if (end === undefined) break;
    const todo = page.filter((p) => p.identity_rank < 0);
    await tx.query(
      `UPDATE components c SET canonical_maker = x.m, canonical_serial = x.s, canonical_lot = x.l
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[]) AS x(t, om, os, r, m, s, l)
        WHERE (c.component_type, c.canonical_maker, c.canonical_serial, c.identity_rank) = (x.t, x.om, x.os, x.r)`,
      [
        todo.map((p) => p.component_type),
        todo.map((p) => p.canonical_maker),
        todo.map((p) => p.canonical_serial),
        todo.map((p) => p.identity_rank),
        todo.map((p) => canonicalText(p.maker)),
        todo.map((p) => canonicalText(p.serial)),
        todo.map((p) => canonicalLot(p.lot)),
      ],
    );
    after = [end.component_type, end.canonical_maker, end.canonical_serial, end.identity_rank];
  }
  // Final ranks are >= 0 and the placeholders < 0, so no two rows meet on the key mid-update.
  const [ranked] = await tx.query<{ n: number }>(
    `WITH u AS (UPDATE components c SET identity_rank = x.rk FROM (
       SELECT identity_rank AS old, row_number() OVER (
                PARTITION BY component_type, canonical_maker, canonical_serial
                ORDER BY CASE state WHEN 'scrapped' THEN 0 WHEN 'installed' THEN 1 ELSE 2 END, updated_at, maker, serial) - 1 AS rk
         FROM components WHERE identity_rank < 0) x
      WHERE c.identity_rank = x.old
     RETURNING 1) SELECT count(*)::int AS n FROM u`,
  );
  if (!ranked?.n) return { rows: 0, conflicts: 0 };
  const [conflicts] = await tx.query<{ n: number }>(
    `WITH i AS (INSERT INTO component_identity_conflicts (component_type, canonical_maker, canonical_serial, identity_rank, maker, serial, robot_code, state, found_at)
     SELECT c.component_type, c.canonical_maker, c.canonical_serial, c.identity_rank, c.maker, c.serial, c.robot_code, c.state, $1 FROM components c
      WHERE EXISTS (SELECT 1 FROM components o WHERE o.component_type = c.component_type AND o.canonical_maker = c.canonical_maker
                       AND o.canonical_serial = c.canonical_serial AND o.identity_rank <> c.identity_rank)
     RETURNING 1) SELECT count(*)::int AS n FROM i`,
    [now],
  );
  await tx.query(
    `INSERT INTO component_holdings (component_type, canonical_maker, canonical_serial, robot_code, maker, serial, lot, removed_at)
     SELECT component_type, canonical_maker, canonical_serial, robot_code, maker, serial, lot, CASE WHEN state = 'removed' THEN updated_at END
       FROM components`,
  );
  return { rows: ranked.n, conflicts: conflicts?.n ?? 0 };
}
