/** Page is one page of a list answer: its items and the cursor of the next page, null on the last. */
export interface Page<T, Cursor> {
  items: T[];
  next: Cursor | null;
}

/** DEFAULT_PAGE is the page size when a list request names no limit. */
export const DEFAULT_PAGE = 100;

/**
 * page answers a list route: a full page names the cursor of the next one, taken from its
 * last item; a shorter page is the last (a client may still get one empty page at the end).
 */
export function page<T, Cursor>(items: T[], limit: number, cursorOf: (last: T) => Cursor): Page<T, Cursor> {
  const last = items.length === limit ? items.at(-1) : undefined;
  return { items, next: last === undefined ? null : cursorOf(last) };
}
