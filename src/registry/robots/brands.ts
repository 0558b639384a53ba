/**
 * A unit's condition brands as anyone may read them (issue #15, item 6), and
 * the one answer to a request to remove one: brands are permanent.
 */
import type { Caller } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { brandOf, type Brand } from '../../lifecycle/condition.ts';
import type { RegistryContext } from '../context.ts';
import { compactCode } from './passport.ts';
import type { BrandList } from '../../contract/condition.ts';

/** listBrands returns a unit's brands and each record of them, with the regulator's annotations; public. */
export async function listBrands(ctx: RegistryContext, input: string): Promise<BrandList> {
  const code = compactCode(input);
  return ctx.store.readOnly(async (tx) => {
    const [unit] = await tx.query<{ brands: Brand[] }>('SELECT brands FROM robots WHERE code = $1', [code]);
    if (!unit) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
    const records = await tx.query<{ brand: Brand; seq: number; recorded_at: Date; corrected_seq: number | null }>(
      'SELECT brand, seq, recorded_at, corrected_seq FROM condition_brands WHERE robot_code = $1 ORDER BY seq',
      [code],
    );
    return {
      code,
      brands: unit.brands,
      records: records.map((r) => ({ brand: r.brand, seq: r.seq, recordedAt: r.recorded_at.toISOString(), correctedSeq: r.corrected_seq })),
    };
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
