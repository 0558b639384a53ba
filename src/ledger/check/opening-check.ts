/**
 * Leaf version 2: the public log proves a unit's history without publishing
 * it (DESIGN.md §7, docs/ledger.md). The public leaf holds the unit, sequence,
 * event type and times, and a salted commitment to the whole event:
 *
 *   leaf       = canonical JSON of {v: 2, robot, seq, type, occurredAt, recordedAt, commitment}
 *   commitment = hex SHA-256( "hreg/leaf/v2/commitment" || 0x00 || salt || event bytes )
 *   salt       = 32 random bytes, kept beside the event, never in the log
 *   event bytes = the event's version 1 leaf encoding (leaf-check.ts): actor, data
 *                 (parties, sites, components, …) and the personal-data
 *                 commitment `private`, with the header above
 *
 * The tag and the salt have fixed lengths, so the hashed string splits one way
 * only. The salt is uniform and secret, so the commitment reveals nothing of
 * the event (hiding); SHA-256's collision resistance lets no one open it to two
 * different events (binding). An opening — {salt, actor, data, private?} — goes
 * only to readers entitled to the event; with the leaf's header it rebuilds the
 * event bytes, and checkOpening checks them against the commitment. This is
 * the one implementation for the server (leaf-opening.ts, node:crypto) and
 * the browser (WebCrypto), hashing through the crypto port (crypto-port.ts).
 */
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { bytesEqual, decodeBase64, encodeHex, utf8 } from './bytes.ts';
import { type Verification, sha256 } from './crypto-port.ts';
import { type Leaf, type LeafEntry, leafBytes } from './leaf-check.ts';

/** LedgerEvent is an event's full content: what a version 1 leaf publishes and a version 2 leaf commits to. */
export type LedgerEvent = Omit<LeafEntry, 'v'>;

/** PublicEvent is what every leaf tells anyone: the unit, its event number, the event type and times. */
export type PublicEvent = Pick<LeafEntry, 'robot' | 'seq' | 'type' | 'occurredAt' | 'recordedAt'>;

/** LeafOpening is what an entitled reader gets beside a version 2 leaf to read and check the event. */
export interface LeafOpening {
  /** salt is base64 of the commitment's 32-byte salt. */
  salt: string;
  actor: string;
  data: Record<string, unknown>;
  private?: string;
}

/** COMMITMENT_SALT_BYTES is the length of a version 2 commitment's salt: 256 bits. */
export const COMMITMENT_SALT_BYTES = 32;

// Domain separation: no other hash in the registry starts with these bytes.
const TAG = utf8('hreg/leaf/v2/commitment\0');
const OPENING_KEYS = new Set(['salt', 'actor', 'data', 'private']);

function refuse(detail: string): never {
  throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.opening', { detail }));
}

/** publicEvent is the part of a leaf of either version that the public log shows. */
export function publicEvent(leaf: Leaf): PublicEvent {
  return { robot: leaf.robot, seq: leaf.seq, type: leaf.type, occurredAt: leaf.occurredAt, recordedAt: leaf.recordedAt };
}

/** commitment returns the version 2 commitment to event under salt: hex SHA-256(tag || salt || the event's version 1 bytes). */
export function* commitment(salt: Uint8Array, event: LedgerEvent): Verification<string> {
  if (salt.length !== COMMITMENT_SALT_BYTES)
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.saltExact', { n: COMMITMENT_SALT_BYTES }));
  return encodeHex(yield* sha256(TAG, salt, leafBytes({ v: 1, ...event })));
}

/**
 * checkOpening returns the full event of a leaf: a version 1 leaf is its own
 * content (and takes no opening); a version 2 leaf needs its opening, which
 * is hostile input until it matches the commitment. Throws
 * LOG_VERIFICATION_FAILED when the opening is missing, malformed or does not match.
 */
export function* checkOpening(leaf: Leaf, opening?: unknown): Verification<LedgerEvent> {
  if (leaf.v === 1) {
    if (opening !== undefined) refuse('a version 1 leaf publishes its event and takes no opening');
    const { v: _v, ...event } = leaf;
    return event;
  }
  if (opening === undefined) refuse(`event ${leaf.seq} is sealed: no opening was given`);
  if (typeof opening !== 'object' || opening === null || Array.isArray(opening)) refuse('the opening is not an object');
  const o = opening as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !OPENING_KEYS.has(k));
  if (unknown.length > 0) refuse(`the opening has unknown member ${unknown.join(', ')}`);
  const salt = typeof o.salt === 'string' ? decodeBase64(o.salt) : undefined;
  if (salt === undefined || salt.length !== COMMITMENT_SALT_BYTES)
    refuse(`the opening's salt is not base64 of ${COMMITMENT_SALT_BYTES} bytes`);
  const event = { ...publicEvent(leaf), actor: o.actor, data: o.data, ...('private' in o ? { private: o.private } : {}) } as LedgerEvent;
  let computed: string;
  try {
    computed = yield* commitment(salt, event);
  } catch (e) {
    if (e instanceof RegistryError) refuse(`the opening does not describe an event (${e.message})`);
    throw e;
  }
  // Both are 64 hex digits for a decoded leaf; compared in constant time.
  if (!bytesEqual(utf8(computed), utf8(leaf.commitment))) refuse(`the opening of event ${leaf.seq} does not match its leaf's commitment`);
  return event;
}
