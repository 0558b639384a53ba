import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '../../contract/events.ts';
import { clientFrom, seg } from '../api-client.ts';
import { CliError, EXIT, usageError } from '../cli-error.ts';
import { CLIENT_FLAGS, type FlagSpecs, type Flags } from '../flags.ts';
import { note, printFields, printJson } from '../output.ts';
import { t, type Text, word } from '../lang.ts';

/** EVENT_FLAGS are on every command that records an event: when, retry safety, lost-update guard, and the client flags. */
export const EVENT_FLAGS: FlagSpecs = {
  'occurred-at': {
    type: 'string',
    value: 'ISO',
    description: 'cli.event-record.flag.occurredAt',
  },
  'idempotency-key': {
    type: 'string',
    value: 'K',
    description: 'cli.event-record.flag.idempotencyKey',
  },
  'if-match': {
    type: 'string',
    value: 'VERSION',
    description: 'cli.event-record.flag.ifMatch',
  },
  verbose: { type: 'boolean', short: 'v', description: 'cli.event-record.flag.verbose' },
  ...CLIENT_FLAGS,
};

/** EVENT_DETAILS explain retries and If-Match in every event command's --help. */
export const EVENT_DETAILS = 'cli.event-record.details';

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/i;

/** isoFlag reads a date or a zoned RFC 3339 time and returns it as an ISO 8601 UTC time. */
export function isoFlag(flags: Flags, name: string): string | undefined {
  const v = flags.string(name);
  if (v === undefined) return undefined;
  const s = v.trim();
  const ms = ISO.test(s) && realDay(s) ? Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s) : Number.NaN;
  if (Number.isNaN(ms)) throw usageError(t('cli.usage.time', { flag: `--${name}`, value: v }));
  return new Date(ms).toISOString();
}

/** realDay is false for dates such as 2026-02-30, which Date.parse would roll over into March. */
function realDay(t: string): boolean {
  const [y, m, d] = t.slice(0, 10).split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
}

/** oneOf reads a flag whose value must be one of choices. */
export function oneOf<T extends string>(flags: Flags, name: string, choices: readonly T[]): T | undefined {
  const v = flags.string(name);
  if (v === undefined) return undefined;
  if (!(choices as readonly string[]).includes(v))
    throw usageError(t('cli.usage.oneOf', { flag: `--${name}`, choices: choices.join(', '), value: v }));
  return v as T;
}

/** UUID matches a participant or recall id. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** idFlag reads a participant (or recall) id flag, checking its form. */
export function idFlag(flags: Flags, name: string, required: true): string;
export function idFlag(flags: Flags, name: string, required?: false): string | undefined;
export function idFlag(flags: Flags, name: string, required = false): string | undefined {
  const v = required ? flags.required(name) : flags.string(name);
  if (v === undefined) return undefined;
  if (!UUID.test(v.trim())) throw usageError(t('cli.usage.participantId', { flag: `--${name}`, value: v }));
  return v.trim().toLowerCase();
}

/** RETRY_DELAYS_MS are the waits before each retry of a request that got no answer or a 5xx. */
const RETRY_DELAYS_MS = [500, 1500];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** postEvent sends one event with an Idempotency-Key (and If-Match), retrying unanswered requests with the same key. */
export async function postEvent(flags: Flags, code: string, type: string, data: Record<string, unknown>): Promise<RecordedEvent> {
  const occurredAt = isoFlag(flags, 'occurred-at');
  const ifMatch = flags.int('if-match', 0, 999_999_999);
  const given = flags.string('idempotency-key');
  if (given !== undefined && (given.trim() === '' || given.length > 200)) throw usageError(t('cli.usage.idempotencyKey'));
  const key = given ?? `hreg-${randomUUID()}`;
  const verbose = flags.bool('verbose');
  const client = clientFrom(flags);
  const headers: Record<string, string> = { 'idempotency-key': key, ...(ifMatch !== undefined ? { 'if-match': `"${ifMatch}"` } : {}) };
  const body = { type, ...(occurredAt ? { occurredAt } : {}), data };
  if (verbose) note(t('cli.event.idempotencyKey', { key }));
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.post<RecordedEvent>(`/v1/robots/${seg(code)}/events`, body, undefined, headers);
    } catch (err) {
      if (!(err instanceof CliError) || err.exitCode !== EXIT.unavailable) throw err;
      const wait = RETRY_DELAYS_MS[attempt];
      if (wait === undefined) {
        throw new CliError(
          err.code,
          `${err.message}; retry with --idempotency-key ${key} so the event is recorded at most once`,
          err.exitCode,
          { ...err.problem, idempotencyKey: key },
        );
      }
      if (verbose) note(t('cli.event.retrying', { code: err.code, detail: err.message, ms: wait }));
      await sleep(wait);
    }
  }
}

/** printEvent shows a recorded event and the unit's state after it. */
export function printEvent(e: RecordedEvent, json: boolean): void {
  if (json) {
    printJson(e);
    return;
  }
  const flagsSet = [e.robot.suspended ? t('cli.event.suspended') : '', e.robot.stolen ? t('cli.event.stolen') : ''].filter(Boolean);
  printFields([
    ['cli.field.event', t('cli.event.title', { type: word('lifecycle.event', e.type) ?? e.type, seq: e.seq })],
    ['cli.field.code', e.robot.code],
    ['cli.field.occurred', e.occurredAt],
    ['cli.field.recorded', e.recordedAt],
    ['cli.field.logIndex', e.logIndex],
    [
      'cli.field.status',
      flagsSet.length > 0
        ? `${word('lifecycle.status', e.robot.status)} (${flagsSet.join(', ')})`
        : word('lifecycle.status', e.robot.status),
    ],
    ['cli.field.owner', e.robot.ownerId],
    ...(e.robot.offer
      ? [
          [
            'cli.field.offerPending',
            t('cli.event.offer', { to: e.robot.offer.to, sale: e.robot.offer.sale ? 'yes' : 'no', until: e.robot.offer.expiresAt }),
          ] as [Text, string],
        ]
      : []),
    ['cli.field.version', e.robot.version],
  ]);
}

/** recordAndPrint posts an event for the command's CODE and prints the answer. */
export async function recordAndPrint(
  flags: Flags,
  code: string,
  type: string,
  data: Record<string, unknown>,
  json: boolean,
): Promise<void> {
  printEvent(await postEvent(flags, code, type, data), json);
}
