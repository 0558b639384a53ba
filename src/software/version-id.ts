/**
 * The canonical key of a software version and the checked form of an
 * artefact digest (issue #15). A version is known by one key whatever its
 * spelling, so "V1.2.0", "v1.02.0", "1.2.0 " and "１.２.０" are one version: a
 * maker can neither file it twice nor report an update under another
 * spelling of it. Pure.
 */
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';

// Default ignorables and controls never show: removed before anything else.
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]/gu;
const KEY = /^[0-9a-z][0-9a-z._+-]{0,63}$/;

/**
 * versionKey is the canonical key of a version as spelled: NFKC (full-width
 * digits become ASCII), no invisible characters or spaces, lower case, no
 * leading "v" before a digit, no leading zeros in a numeric dot segment.
 * What is left must be ASCII letters, digits and `._+-` (so a Cyrillic "о"
 * cannot pass for a Latin one); anything else is MALFORMED_VERSION.
 */
export function versionKey(spelled: string, field = 'version'): string {
  const folded = spelled.normalize('NFKC').replace(IGNORABLE, '').replace(/\s+/gu, '').toLowerCase();
  const bare = /^v\d/.test(folded) ? folded.slice(1) : folded;
  const key = bare
    .split('.')
    .map((s) => (/^\d+$/.test(s) ? String(BigInt(s)) : s))
    .join('.');
  if (!KEY.test(key)) {
    throw new RegistryError('MALFORMED_VERSION', msg('problem.software.malformedVersion', { version: spelled.slice(0, 80) }), {
      errors: [{ field, message: 'letters, digits and . _ + - only, up to 64' }],
    });
  }
  return key;
}

/** sha256Hex checks an artefact digest: 64 hexadecimal digits (either case, optionally `sha256:`-prefixed), returned in lower case. */
export function sha256Hex(input: string, field = 'sha256'): string {
  const bare = input.trim().replace(/^sha256:/i, '');
  if (!/^[0-9a-fA-F]{64}$/.test(bare)) {
    throw new RegistryError('MALFORMED_DIGEST', msg('problem.software.malformedDigest'), {
      errors: [{ field, message: '64 hexadecimal digits' }],
    });
  }
  return bare.toLowerCase();
}
