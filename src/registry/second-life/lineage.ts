import type { Tx } from '../../store/store.ts';

/** Lineage is a unit's public lineage (issue #16, item 3): where it came from and where it went. */
export interface UnitLineage {
  code: string;
  remanufacturedFrom: string[];
  remanufacturedInto: string | null;
  /** brands: `remanufactured` for a unit built from predecessors (permanent and public). */
  brands: string[];
}

/** lineageOf reads a unit's lineage; a unit with none has empty lists. */
export async function lineageOf(tx: Pick<Tx, 'query'>, code: string): Promise<UnitLineage> {
  const rows = await tx.query<{ predecessor: string; successor: string }>(
    'SELECT predecessor, successor FROM remanufacture_lineage WHERE successor = $1 OR predecessor = $1 ORDER BY predecessor',
    [code],
  );
  const from = rows.filter((r) => r.successor === code).map((r) => r.predecessor);
  return {
    code,
    remanufacturedFrom: from,
    remanufacturedInto: rows.find((r) => r.predecessor === code)?.successor ?? null,
    brands: from.length > 0 ? ['remanufactured'] : [],
  };
}
