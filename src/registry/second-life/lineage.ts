import { BRANDS } from '../../lifecycle/condition.ts';
import type { Tx } from '../../store/store.ts';

/** Lineage is a unit's public lineage (issue #16, item 3): where it came from and where it went. */
export interface UnitLineage {
  code: string;
  remanufacturedFrom: string[];
  remanufacturedInto: string | null;
  /**
   * brands are the condition brands that follow from the lineage: for a unit built from
   * predecessors, every brand it carried over from them (issue #15, item 6) and `remanufactured`
   * (permanent and public). A unit with no predecessors has none here (its own brands are on verify).
   */
  brands: string[];
}

/** lineageOf reads a unit's lineage; a unit with none has empty lists. */
export async function lineageOf(tx: Pick<Tx, 'query'>, code: string): Promise<UnitLineage> {
  const rows = await tx.query<{ predecessor: string; successor: string }>(
    'SELECT predecessor, successor FROM remanufacture_lineage WHERE successor = $1 OR predecessor = $1 ORDER BY predecessor',
    [code],
  );
  const from = rows.filter((r) => r.successor === code).map((r) => r.predecessor);
  let brands: string[] = [];
  if (from.length > 0) {
    // The successor's own brands at remanufacture are exactly those carried from its predecessors;
    // brands recorded on it later are its own, shown by verify, not by its lineage.
    const [carried] = await tx.query<{ brands: string[] }>(
      `SELECT coalesce((SELECT array_agg(DISTINCT b) FROM robots p, unnest(p.brands) b WHERE p.code = ANY($1::text[])), '{}') AS brands`,
      [from],
    );
    const held = new Set(carried?.brands ?? []);
    brands = [...BRANDS.filter((b) => held.has(b)), 'remanufactured'];
  }
  return {
    code,
    remanufacturedFrom: from,
    remanufacturedInto: rows.find((r) => r.predecessor === code)?.successor ?? null,
    brands,
  };
}
