/**
 * Name search on list routes (issue #13): `q` finds a participant or model by
 * either of its names, as spelled or in their comparison form. Pure.
 */
import { nameKey } from './display-name.ts';

/** NameSearch holds the two LIKE patterns of a query, with `\` as their escape character. */
export interface NameSearch {
  /** spelled matches a name holding q as typed (ILIKE: case-insensitive). */
  spelled: string;
  /** canonical matches a name key holding q's key, or is null when q has no key (punctuation alone). */
  canonical: string | null;
}

/** escapeLike escapes LIKE's wildcards `%` and `_` and its escape `\`, so each matches itself. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, '\\$&');
}

/** nameSearch is the patterns that find a name holding q anywhere, in any width or case. */
export function nameSearch(q: string): NameSearch {
  const typed = q.normalize('NFC').trim();
  const key = nameKey(typed);
  return { spelled: `%${escapeLike(typed)}%`, canonical: key === '' ? null : `%${escapeLike(key)}%` };
}
