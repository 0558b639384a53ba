/**
 * The canonical leaf encodings, one implementation for the server and the
 * browser: no node:* module, no Buffer (leaf.ts is the server's side). Each
 * accepted event is one leaf of the log; the leaf's bytes are what RFC 6962
 * §2.1 hashes as SHA-256(0x00 || leaf).
 * Version 1 publishes the whole event; version 2 (opening-check.ts) publishes
 * only the unit, sequence, type and times plus a salted commitment to the
 * rest. New events are written as version 2; version 1 leaves stay valid.
 *
 * Version 1:
 *
 *   leaf = UTF-8( RFC 8785 canonical JSON of
 *     { "v": 1,                      encoding version; any other value is refused
 *       "robot": "<29-char code>",   identity code, upper-case alphanumerics
 *       "seq": <integer ≥ 1>,        the robot's event number, gap-free from 1
 *       "type": "<event type>",      non-empty
 *       "occurredAt": "<RFC 3339>",  when it happened, as reported
 *       "recordedAt": "<RFC 3339>",  when the registry accepted it
 *       "actor": "<participant id>", non-empty
 *       "data": { ... },             public event data, any JSON object
 *       "private": "<64 hex>" })     optional: commitPrivate (leaf.ts)
 *
 * RFC 8785 fixes member order (UTF-16 code units), number form and string
 * escaping, so one entry has exactly one encoding; decodeLeaf refuses any byte
 * string that is not that encoding. Unknown members are refused: a new member
 * means a new version. Version 2 has exactly the members v, robot, seq, type,
 * occurredAt, recordedAt and "commitment" (64 lower-case hex digits).
 * Personal data never enters the leaf: the leaf holds
 * only SHA-256(salt || canonical JSON(personal)), and erasing the salt and the
 * data leaves a commitment that no longer reveals or confirms anything, while
 * the leaf and every proof through it stay valid.
 */
import canonicalize from 'canonicalize';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import { bytesEqual, utf8 } from './bytes.ts';

/** LeafEntry is one log leaf, version 1. */
export interface LeafEntry {
  v: 1;
  robot: string;
  seq: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  data: Record<string, unknown>;
  private?: string;
}

/** LeafV2 is one log leaf, version 2: the event's public header and a commitment to the rest (leaf-opening.ts). */
export interface LeafV2 {
  v: 2;
  robot: string;
  seq: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  commitment: string;
}

/** Leaf is a decoded leaf of either version. */
export type Leaf = LeafEntry | LeafV2;

/** MAX_LEAF_BYTES bounds the encoded size of a leaf. */
export const MAX_LEAF_BYTES = 64 * 1024;

const MAX_DEPTH = 32;
const RFC3339 =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const KEYS = {
  1: new Set(['v', 'robot', 'seq', 'type', 'occurredAt', 'recordedAt', 'actor', 'data', 'private']),
  2: new Set(['v', 'robot', 'seq', 'type', 'occurredAt', 'recordedAt', 'commitment']),
};
const HEX64 = /^[0-9a-f]{64}$/;

// RFC 3339 §5.6 date-time, with the day checked against the month's length.
function isRfc3339(t: string): boolean {
  if (!RFC3339.test(t)) return false;
  const [y, m, d] = t.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
}

function bad(detail: string): never {
  throw new RegistryError('INVALID_ARGUMENT', msg('problem.ledger.malformedLeaf', { detail }));
}

/** isObject tells a plain JSON object from arrays, null and class instances. */
export const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;

/** canonicalJson returns the RFC 8785 form of a JSON value, refusing anything JSON cannot carry. */
export function canonicalJson(value: unknown): string {
  checkJson(value, 0, 'value');
  return must(canonicalize(value), 'a checked JSON value has a canonical form');
}

function checkJson(value: unknown, depth: number, at: string): void {
  if (depth > MAX_DEPTH) bad(`${at} is nested too deeply`);
  if (value === null || typeof value === 'boolean') return;
  // A lone surrogate has no UTF-8 form, so it could not round-trip.
  if (typeof value === 'string') {
    if (/\p{Cs}/u.test(value)) bad(`${at} holds a lone surrogate`);
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) bad(`${at} is not a finite number`);
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) checkJson(v, depth + 1, `${at}[${i}]`);
    return;
  }
  if (!isObject(value)) bad(`${at} is not a JSON value`);
  for (const [k, v] of Object.entries(value)) {
    checkJson(k, depth + 1, `${at} member name`);
    checkJson(v, depth + 1, `${at}.${k}`);
  }
}

function checkEntry(e: unknown): asserts e is Leaf {
  if (!isObject(e)) bad('not an object');
  if (e.v !== 1 && e.v !== 2) bad('v must be 1 or 2');
  const keys = KEYS[e.v];
  const unknown = Object.keys(e).filter((k) => !keys.has(k));
  if (unknown.length > 0) bad(`unknown member ${unknown.join(', ')}`);
  if (typeof e.robot !== 'string' || !/^[0-9A-Z]{29}$/.test(e.robot)) bad('robot must be a 29-character code');
  if (typeof e.seq !== 'number' || !Number.isSafeInteger(e.seq) || e.seq < 1) bad('seq must be an integer ≥ 1');
  if (typeof e.type !== 'string' || e.type === '') bad('type must be a non-empty string');
  for (const k of ['occurredAt', 'recordedAt'] as const) {
    const t = e[k];
    if (typeof t !== 'string' || !isRfc3339(t)) bad(`${k} must be an RFC 3339 timestamp`);
  }
  if (e.v === 2) {
    if (typeof e.commitment !== 'string' || !HEX64.test(e.commitment)) bad('commitment must be 64 lower-case hex digits');
    checkJson(e, 0, 'leaf');
    return;
  }
  if (typeof e.actor !== 'string' || e.actor === '') bad('actor must be a non-empty string');
  if (!isObject(e.data)) bad('data must be an object');
  checkJson(e, 0, 'leaf');
  if ('private' in e && (typeof e.private !== 'string' || !HEX64.test(e.private))) bad('private must be 64 lower-case hex digits');
}

/** leafBytes returns the canonical bytes of a leaf entry of either version (leaf.ts's encodeLeaf gives them as a Buffer). */
export function leafBytes(entry: Leaf): Uint8Array {
  checkEntry(entry);
  const bytes = utf8(must(canonicalize(entry), 'a checked entry has a canonical form'));
  if (bytes.length > MAX_LEAF_BYTES) bad(`larger than ${MAX_LEAF_BYTES} bytes`);
  return bytes;
}

/** decodeLeaf parses leaf bytes, refusing any that are not the canonical encoding of a valid entry. */
export function decodeLeaf(bytes: Uint8Array): Leaf {
  if (bytes.length > MAX_LEAF_BYTES) bad(`larger than ${MAX_LEAF_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch {
    bad('not UTF-8 JSON');
  }
  checkEntry(parsed);
  if (!bytesEqual(utf8(must(canonicalize(parsed), 'a checked entry has a canonical form')), bytes)) bad('not in canonical form');
  return parsed;
}
