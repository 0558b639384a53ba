// Where each part sits in the 29-character compact code (DESIGN.md §1): [start, end) offsets.

/** CODE_LENGTH is the number of characters of a compact identity code. */
export const CODE_LENGTH = 29;

/** CODE_PARTS are the [start, end) offsets of each part of the compact code. */
export const CODE_PARTS = {
  country: [0, 2],
  enterprise: [2, 6],
  model: [6, 12],
  serial: [12, 29],
  productionDate: [12, 18],
  sequence: [18, 28],
  check: [28, 29],
} as const satisfies Record<string, readonly [number, number]>;

/** codePart is one part of a compact code (possibly short when the code is). */
export function codePart(code: string, part: keyof typeof CODE_PARTS): string {
  const [start, end] = CODE_PARTS[part];
  return code.slice(start, end);
}
