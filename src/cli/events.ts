import { readFileSync } from 'node:fs';
import type { RobotEvent } from '../registry/robots/passport.ts';
import { clientFrom, seg } from './api-client.ts';
import { defineCommand, defineGroup } from './command.ts';
import { usageError } from './cli-error.ts';
import { EVENT_DETAILS, EVENT_FLAGS, recordAndPrint } from './event-record.ts';
import { CLIENT_FLAGS } from './flags.ts';
import { eventsBatch } from './events-batch.ts';
import { note, printJson, printTable } from './output.ts';

/** EVENT_TYPES says what `data` each event type takes (the registry validates it). */
const EVENT_TYPES = `Event types and their data (shortcut command in brackets):
  transferred          {to, sale}                                     [hreg transfer]
  deployed             {site: {province, city, address?, latitude?, longitude?}, domain, operator?}  [hreg deploy]
  undeployed           {notes?}                                       [hreg deploy --end]
  service_granted      {service, expiresAt}                           [hreg service grant]
  service_revoked      {service}                                      [hreg service revoke]
  service_started      {notes?}                                       [hreg service start]
  serviced             {kind, notes?, firmware?, replaced?, componentType?, failureMode?, recallId?}  [hreg service record]
  incident_reported    {severity, kind, description, componentType?, failureMode?}  [hreg incident]
  suspended            {reason}                                       [hreg suspend]
  reinstated           {reason}                                       [hreg reinstate]
  stolen_reported      {notes?}                                       [hreg stolen]
  recovered            {notes?}                                       [hreg recovered]
  decommissioned       {reason?}                                      [hreg decommission]
  recycling_received   {notes?}                                       [hreg recycle receive]
  scrapped             {method?}                                      [hreg scrap]`;

/** readData reads --data JSON or --data-file FILE (default {}) as the event's data object. */
function readData(text: string | undefined, file: string | undefined): Record<string, unknown> {
  if (text !== undefined && file !== undefined) throw usageError('give --data or --data-file, not both');
  let source = text;
  let from = '--data';
  if (file !== undefined) {
    from = `--data-file ${file}`;
    try {
      source = readFileSync(file, 'utf8');
    } catch (err) {
      throw usageError(`--data-file: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (source === undefined) return {};
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (err) {
    throw usageError(`${from} is not JSON: ${(err as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw usageError(`${from} must be a JSON object, e.g. '{"reason":"audit"}'`);
  return data as Record<string, unknown>;
}

const record = defineCommand({
  name: 'hreg events record',
  summary: 'Record any lifecycle event on a unit, with its data as JSON',
  args: 'CODE --type TYPE',
  positionals: ['CODE'],
  flags: {
    type: { type: 'string', value: 'TYPE', required: true, description: 'event type (list below)' },
    data: { type: 'string', value: 'JSON', description: 'the event\'s data as a JSON object (default {})' },
    'data-file': { type: 'string', value: 'FILE', description: 'read the data JSON object from FILE instead' },
    ...EVENT_FLAGS,
  },
  details: `${EVENT_TYPES}\n\n${EVENT_DETAILS}`,
  examples: [
    'hreg events record CN-0A1B-00002X-261120000000001K7 --type suspended --data \'{"reason":"type approval review"}\'',
    'hreg events record CN0A1B00002X261120000000001K7 --type serviced --data-file service.json --if-match 4 --verbose',
  ],
  async action({ flags, positionals, json }) {
    const type = flags.required('type').trim();
    if (!/^[a-z][a-z_]*$/.test(type)) throw usageError(`--type must be an event type such as transferred or serviced, not "${type}"`);
    const data = readData(flags.string('data'), flags.string('data-file'));
    await recordAndPrint(flags, positionals[0]!, type, data, json);
  },
});


/** MAX_PAGES bounds --all (500 pages of up to 500 events). */
const MAX_PAGES = 500;

const list = defineCommand({
  name: 'hreg events list',
  summary: 'List a unit\'s events in order, with their ledger indexes',
  args: 'CODE',
  positionals: ['CODE'],
  flags: {
    after: { type: 'string', value: 'N', description: 'only events after sequence number N (default 0)' },
    limit: { type: 'string', value: 'N', description: 'page size, 1 to 500 (default 100; with --all, events per request)' },
    all: { type: 'boolean', description: 'follow the pages to the last event' },
    ...CLIENT_FLAGS,
  },
  details: 'Output: a table of seq, type, occurred at, actor and log index; --json prints {items, next}\n'
    + '(next is the --after for the following page, or null on the last page; with --all always null).',
  examples: ['hreg events list CN-0A1B-00002X-261120000000001K7 --all', 'hreg events list CN0A1B00002X261120000000001K7 --after 10 --limit 50 --json'],
  async action({ flags, positionals, json }) {
    const code = positionals[0]!;
    const client = clientFrom(flags);
    const limit = flags.int('limit', 1, 500);
    let after = flags.int('after', 0, 2_147_483_647);
    const items: RobotEvent[] = [];
    let next: number | null = null;
    for (let page = 0; ; page++) {
      const res: { items: RobotEvent[]; next: number | null } = await client.get(`/v1/robots/${seg(code)}/events`, { after, limit: flags.bool('all') ? limit ?? 500 : limit });
      items.push(...res.items);
      next = res.next;
      if (!flags.bool('all') || next === null || res.items.length === 0) break;
      if (page + 1 >= MAX_PAGES) {
        note(`stopped after ${MAX_PAGES} pages; continue with --after ${next}`);
        break;
      }
      after = next;
    }
    if (json) return printJson({ items, next });
    printTable(['Seq', 'Type', 'Occurred', 'Actor', 'Log index'], items.map((e) => [e.seq, e.type, e.occurredAt, e.actorId, e.logIndex]));
    if (next !== null) note(`more: hreg events list ${code} --after ${next}${flags.bool('all') ? ' --all' : ''}`);
  },
});

/** events records any lifecycle event and lists a unit's events. */
export const events = defineGroup(
  'hreg events',
  'Record any lifecycle event on a unit, many from a file, or list a unit\'s events',
  { record, batch: eventsBatch, list },
  'hreg events list CN-0A1B-00002X-261120000000001K7 --all',
);
