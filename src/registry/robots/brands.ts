/**
 * A unit's condition brands as anyone may read them (issue #15, item 6), and
 * the one answer to a request to remove one: brands are permanent.
 */
import type { Caller } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { brandOf, type Brand } from '../../lifecycle/condition.ts';
import type { Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';
import { compactCode } from './passport.ts';
import type { BrandList } from '../../contract/condition.ts';

/** BrandOrigin is one brand recorded on a unit, by the event that recorded it there. */
export interface BrandOrigin {
  code: string;
  brand: Brand;
  seq: number;
  recordedAt: Date;
  correctedSeq: number | null;
}

/**
 * brandOrigins reads the brand records of codes and of every unit they were
 * remanufactured from, however many generations back: a remanufactured unit
 * carries each of them (DESIGN.md §5), so these are the evidence of its brands.
 */
export async function brandOrigins(tx: Pick<Tx, 'query'>, codes: readonly string[]): Promise<BrandOrigin[]> {
  const rows = await tx.query<{ robot_code: string; brand: Brand; seq: number; recorded_at: Date; corrected_seq: number | null }>(
    `WITH RECURSIVE lineage(code) AS (
       SELECT unnest($1::char(29)[])
       UNION SELECT l.predecessor FROM remanufacture_lineage l JOIN lineage ON l.successor = lineage.code)
     SELECT b.robot_code, b.brand, b.seq, b.recorded_at, b.corrected_seq
       FROM condition_brands b JOIN lineage ON b.robot_code = lineage.code
      ORDER BY b.recorded_at, b.robot_code, b.seq`,
    [codes],
  );
  return rows.map((r) => ({ code: r.robot_code, brand: r.brand, seq: r.seq, recordedAt: r.recorded_at, correctedSeq: r.corrected_seq }));
}

/**
 * listBrands returns a unit's brands and each record of them, with the
 * regulator's annotations; public. A brand carried from a predecessor is
 * recorded here by the remanufacture (the registration, seq 1) and names the
 * predecessor's record it rests on; a correction of it is this unit's own
 * `brand_corrected` event.
 */
export async function listBrands(ctx: RegistryContext, input: string): Promise<BrandList> {
  const code = compactCode(input);
  return ctx.store.readOnly(async (tx) => {
    const [unit] = await tx.query<{ brands: Brand[]; registered_at: Date }>('SELECT brands, registered_at FROM robots WHERE code = $1', [
      code,
    ]);
    if (!unit) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
    const origins = await brandOrigins(tx, [code]);
    const carried = origins.filter((o) => o.code !== code);
    const corrections =
      carried.length === 0
        ? []
        : await tx.query<{ seq: number; brand: string }>(
            "SELECT seq, data->>'brand' AS brand FROM events WHERE robot_code = $1 AND type = 'brand_corrected' ORDER BY seq",
            [code],
          );
    const own = origins
      .filter((o) => o.code === code)
      .map((o) => ({ brand: o.brand, seq: o.seq, recordedAt: o.recordedAt.toISOString(), correctedSeq: o.correctedSeq }));
    const inherited = carried.map((o) => ({
      brand: o.brand,
      seq: 1,
      recordedAt: unit.registered_at.toISOString(),
      correctedSeq: corrections.find((c) => c.brand === o.brand)?.seq ?? null,
      carriedFrom: { code: o.code, seq: o.seq, recordedAt: o.recordedAt.toISOString() },
    }));
    return { code, brands: unit.brands, records: [...inherited, ...own] };
  });
}

/**
 * removeBrand answers every request to remove a brand, the regulator's
 * included, with BRAND_PERMANENT and changes nothing: a correction is a new
 * event (brand_corrected) that annotates the brand. An unknown code or brand
 * is named first, as for any request.
 */
export async function removeBrand(ctx: RegistryContext, caller: Caller, input: string, brandInput: string): Promise<never> {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  const code = compactCode(input);
  const brand = brandOf(brandInput);
  const [unit] = await ctx.store.query<{ code: string }>('SELECT code FROM robots WHERE code = $1', [code]);
  if (!unit) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
  throw new RegistryError('BRAND_PERMANENT', msg('problem.condition.permanent', { brand, code }), { brand, correction: 'brand_corrected' });
}
