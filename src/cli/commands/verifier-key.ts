import { readFileSync, statSync } from 'node:fs';
import { parseVerifierKey, type Verifier } from '../../ledger/index.ts';
import { usageError } from '../cli-error.ts';
import { t } from '../lang.ts';

/** KEY_DESCRIPTION describes --key on the commands that check the log's signatures. */
export const KEY_DESCRIPTION = 'cli.flag.key';

/** LoadedKey is a checked verifier key and its text. */
export interface LoadedKey {
  text: string;
  verifier: Verifier;
}

/** loadVerifierKey reads --key: the key text itself, or the path of a file that holds it. */
export function loadVerifierKey(value: string): LoadedKey {
  let text = value.trim();
  let from = t('cli.verifierKey.text');
  let isFile = false;
  try {
    isFile = statSync(value).isFile();
  } catch {
    // Not a file: the value is the key itself.
  }
  if (isFile) {
    try {
      text = readFileSync(value, 'utf8').trim();
    } catch (err) {
      throw usageError(
        t('cli.usage.cannotRead', { flag: '--key', file: value, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message }),
      );
    }
    from = t('cli.verifierKey.file', { file: value });
  }
  try {
    return { text, verifier: parseVerifierKey(text) };
  } catch (err) {
    const error = (err as Error).message;
    throw usageError(
      isFile || text.includes('+')
        ? t('cli.verifierKey.bad', { what: from, error })
        : t('cli.verifierKey.badNoFile', { what: from, error }),
    );
  }
}
