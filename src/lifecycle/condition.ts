/**
 * Usage counters and condition brands (issue #15, items 5 and 6): the pure
 * rules decide applies to `usage_reported`, `brand_recorded`,
 * `brand_corrected` and to the readings a service record carries.
 */
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import type { Party } from './events.ts';

/** Brand is a permanent condition brand (DESIGN.md §5). */
export type Brand = 'water_damaged' | 'fire_damaged' | 'major_collision' | 'total_loss' | 'rebuilt';

/** BRANDS lists every condition brand, in the order pages show them. */
export const BRANDS: readonly Brand[] = ['water_damaged', 'fire_damaged', 'major_collision', 'total_loss', 'rebuilt'];

/** BRAND_WHO says who may record each brand: a total loss only an insurer or the regulator declares. */
export const BRAND_WHO: Readonly<Record<Brand, readonly Party[]>> = {
  water_damaged: ['regulator', 'service', 'insurer'],
  fire_damaged: ['regulator', 'service', 'insurer'],
  major_collision: ['regulator', 'service', 'insurer'],
  total_loss: ['regulator', 'insurer'],
  rebuilt: ['regulator', 'service', 'insurer'],
};

/** UsageReading is a unit's usage counters: operating hours and duty cycles, and when they were read. */
export interface UsageReading {
  hours: number;
  cycles: number;
  at: string;
}

/**
 * brandOf accepts exactly a brand's code. Another spelling ("Water-Damaged",
 * "water damaged") is refused, not folded: the stored set holds one spelling
 * per brand, and a client learns the code it meant from `known`.
 */
export function brandOf(input: string): Brand {
  if ((BRANDS as readonly string[]).includes(input)) return input as Brand;
  const folded = input
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const meant = BRANDS.find((b) => b === folded);
  throw new RegistryError('UNKNOWN_BRAND', msg('problem.condition.unknownBrand', { brand: input.slice(0, 64) }), {
    known: BRANDS,
    ...(meant ? { suggestion: meant } : {}),
  });
}

/** checkBrandParty refuses a brand the caller's standing may not record (a total loss by a shop). */
export function checkBrandParty(brand: Brand, parties: readonly Party[]): void {
  const who = BRAND_WHO[brand];
  if (!who.some((p) => parties.includes(p))) {
    throw new RegistryError('BRAND_NOT_ALLOWED', msg('problem.condition.brandWho', { brand }), { brand, allowed: who });
  }
}

/** withBrand adds brand to a unit's brands (a set that only grows, in BRANDS order). */
export function withBrand(brands: readonly Brand[], brand: Brand): Brand[] {
  const set = new Set<Brand>([...brands, brand]);
  return BRANDS.filter((b) => set.has(b));
}

/** checkCorrection refuses correcting a brand the unit does not carry: a correction annotates a recorded brand. */
export function checkCorrection(brands: readonly Brand[], brand: Brand): void {
  if (!brands.includes(brand)) {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.condition.notCarried', { brand }), {
      errors: [{ field: 'body.data.brand', message: 'not a brand this unit carries' }],
    });
  }
}

/**
 * nextUsage checks a new reading against the last one: either counter lower
 * than before is refused (COUNTER_BACKWARDS) — the registry keeps no reading a
 * dealer rolled back, whatever route it arrives by (owner report, service
 * record, software update). Equal readings are accepted (an idle unit).
 */
export function nextUsage(last: UsageReading | null | undefined, reading: { hours: number; cycles: number }, at: Date): UsageReading {
  if (last && (reading.hours < last.hours || reading.cycles < last.cycles)) {
    throw new RegistryError(
      'COUNTER_BACKWARDS',
      msg('problem.condition.backwards', { hours: reading.hours, cycles: reading.cycles, lastHours: last.hours, lastCycles: last.cycles }),
      { last },
    );
  }
  return { hours: reading.hours, cycles: reading.cycles, at: at.toISOString() };
}

/** isBatteryType tells whether a key component type is a battery (its state of health may be reported). */
export function isBatteryType(type: string): boolean {
  return type.split('_').includes('battery');
}
