/**
 * must returns value when it is neither undefined nor null, and throws otherwise.
 * It stands where the code knows a value exists (a row a query always returns, a
 * key the caller just set) but the type cannot say so: a broken invariant then
 * fails loudly, naming what was missing, instead of as a TypeError further on.
 * It is a bug check, not a way to refuse a request: refusals are RegistryErrors.
 */
export function must<T>(value: T, why: string): NonNullable<T> {
  if (value === undefined || value === null) throw new Error(`invariant broken: ${why}`);
  return value;
}
