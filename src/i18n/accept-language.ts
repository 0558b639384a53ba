/** The server's reading of an Accept-Language header (RFC 9110 §12.5.4) into one of the registry's languages. */
import Negotiator from 'negotiator';
import { API_DEFAULT_LOCALE, type Locale, matchLocale } from './locale.ts';

/** localeOfAcceptLanguage reads an Accept-Language header (q-values honoured; `*` and junk ignored). */
export function localeOfAcceptLanguage(header: string | undefined, fallback: Locale = API_DEFAULT_LOCALE): Locale {
  if (!header) return fallback;
  const requested = new Negotiator({ headers: { 'accept-language': header } }).languages().filter((l) => l !== '*');
  return matchLocale(requested, fallback);
}
