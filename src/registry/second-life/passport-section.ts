/**
 * The passport's lineage and customs (issue #16): where a unit came from and
 * went, for its passport (src/registry/robots/passport.ts). The lineage is
 * public, as verification shows it; the customs crossings — declaration
 * numbers, clearance times, the importer or exporter — name parties and go
 * only to those who may read the events that recorded them (DESIGN.md §7):
 * the readers of the full passport all of them, a past owner those up to its
 * handover, the public none.
 */
import type { CustomsCrossing } from '../../contract/second-life.ts';
import type { Tx } from '../../store/store.ts';
import { lineageOf } from './lineage.ts';

/** PassportSecondLife is the passport's lineage, and the customs crossings its reader may see. */
export interface PassportSecondLife {
  remanufacturedFrom: string[];
  remanufacturedInto: string | null;
  /** brands are the brands that follow from the lineage (`remanufactured`), added to the unit's own. */
  brands: 'remanufactured'[];
  customs?: CustomsCrossing[];
}

interface CrossingRow {
  direction: 'import' | 'export';
  country: string;
  declaration: string;
  cleared_at: Date;
  seq: number;
  party_id: string;
  name: string;
  name_en: string | null;
}

/** customsOf reads a unit's crossings of the border recorded by its events up to seq, in their order. */
export async function customsOf(tx: Pick<Tx, 'query'>, code: string, seq: number): Promise<CustomsCrossing[]> {
  const rows = await tx.query<CrossingRow>(
    `SELECT c.direction, c.country, c.declaration, c.cleared_at, c.seq, c.party_id, p.name, p.name_en
       FROM customs_crossings c JOIN participants p ON p.id = c.party_id
      WHERE c.robot_code = $1 AND c.seq <= $2 ORDER BY c.seq`,
    [code, seq],
  );
  return rows.map((r) => ({
    direction: r.direction,
    country: r.country,
    declaration: r.declaration,
    clearedAt: r.cleared_at.toISOString(),
    seq: r.seq,
    party: { id: r.party_id, name: r.name, nameEn: r.name_en },
  }));
}

/**
 * passportSecondLife reads a unit's lineage for anyone, and the customs
 * crossings recorded by the events the reader may read: up to seq, or none
 * when seq is null (the public view).
 */
export async function passportSecondLife(tx: Pick<Tx, 'query'>, code: string, seq: number | null): Promise<PassportSecondLife> {
  const lineage = await lineageOf(tx, code);
  const section: PassportSecondLife = {
    remanufacturedFrom: lineage.remanufacturedFrom,
    remanufacturedInto: lineage.remanufacturedInto,
    brands: lineage.remanufacturedFrom.length > 0 ? ['remanufactured'] : [],
  };
  return seq === null ? section : { ...section, customs: await customsOf(tx, code, seq) };
}
