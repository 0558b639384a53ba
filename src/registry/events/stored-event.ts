import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { decodeLeaf, openLeaf, type LeafOpening, type LedgerEvent } from '../../ledger/index.ts';

/** parseOpening reads an opening stored beside its event (events.opening), or undefined for a version 1 leaf. */
export function parseOpening(stored: Buffer | null): LeafOpening | undefined {
  if (stored === null) return undefined;
  try {
    return JSON.parse(stored.toString('utf8')) as LeafOpening;
  } catch {
    throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.openingNotJson'));
  }
}

/**
 * storedEvent reads an event back from its leaf — the one copy the log's
 * proofs protect — and, for a version 2 leaf, the opening stored beside it,
 * checked against the leaf's commitment: a database copy edited outside the
 * registry is refused (LOG_VERIFICATION_FAILED), never shown.
 */
export function storedEvent(leaf: Buffer, opening: Buffer | null): LedgerEvent {
  return openLeaf(decodeLeaf(leaf), parseOpening(opening));
}
