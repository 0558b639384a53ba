import { isConfigError } from './config-checks.ts';
import { isRegistryError } from './errors.ts';
import type { Locale } from './i18n/locale.ts';
import { isMessage, renderIn } from './i18n/message.ts';
import { translator } from './i18n/translator.ts';

/** EXIT_CONFIG is the exit status of a server stopped by its configuration (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

/** StartFailure is what a server that cannot start prints (one line) and the status it exits with. */
export interface StartFailure {
  line: string;
  exitCode: number;
}

/**
 * startFailure says why the server cannot start, in locale: an invalid configuration and
 * a PostgreSQL that may lose acknowledged writes exit EX_CONFIG with the catalogue's line;
 * anything else exits 1 with its English text (the stack goes to the log).
 */
export function startFailure(err: unknown, locale: Locale): StartFailure {
  const t = translator(locale);
  if (isConfigError(err)) return { line: t.t('config.stopped', { reason: renderIn(t, err.reason) }), exitCode: EXIT_CONFIG };
  if (isRegistryError(err)) {
    const reason = isMessage(err.detail) ? renderIn(t, err.detail) : err.message;
    return {
      line: t.t('config.stopped', { reason: `${err.code}: ${reason}` }),
      exitCode: err.code === 'UNSAFE_DURABILITY' ? EXIT_CONFIG : 1,
    };
  }
  return { line: t.t('config.stopped', { reason: err instanceof Error ? err.message : String(err) }), exitCode: 1 };
}
