import { readFileSync } from 'node:fs';
import { defineCommand, defineGroup } from './command.ts';
import { usageError } from './cli-error.ts';
import { EVENT_DETAILS, EVENT_FLAGS, recordAndPrint } from './event-record.ts';
import { eventsBatch } from './events-batch.ts';
import { eventsList } from './events-list.ts';

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
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw usageError(`${from} must be a JSON object, e.g. '{"reason":"audit"}'`);
  return data as Record<string, unknown>;
}

const record = defineCommand({
  name: 'hreg events record',
  summary: 'Record any lifecycle event on a unit, with its data as JSON',
  args: 'CODE --type TYPE',
  positionals: ['CODE'],
  flags: {
    type: { type: 'string', value: 'TYPE', required: true, description: 'event type (list below)' },
    data: { type: 'string', value: 'JSON', description: "the event's data as a JSON object (default {})" },
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

/** events records any lifecycle event and lists a unit's events. */
export const events = defineGroup(
  'hreg events',
  "Record any lifecycle event on a unit, many from a file, or list a unit's events",
  { record, batch: eventsBatch, list: eventsList('hreg events list') },
  'hreg events list CN-0A1B-00002X-261120000000001K7 --all',
);
