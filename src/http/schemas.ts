import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';

// The request and response schemas live in the contract module (src/contract), which the
// CLI and the browser import too; this file keeps the HTTP edge's query-time parsing and
// re-exports the schemas for the route files until they import the contract directly.
export * from '../contract/schemas.ts';

/** EARLIEST_MOMENT bounds times in queries: nothing in the registry predates it. */
const EARLIEST_MOMENT = Date.UTC(1970, 0, 1);

/** parseMoment reads an RFC 3339 query time, refusing ones before 1970 (year 0 and the like) with a problem. */
export function parseMoment(field: string, value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || at.getTime() < EARLIEST_MOMENT) {
    throw new RegistryError('INVALID_REQUEST', msg('problem.http.before1970', { field }), {
      errors: [{ field: `querystring.${field}`, message: 'before 1970 or not a time' }],
    });
  }
  return at;
}
