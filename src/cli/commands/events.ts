import { readFileSync } from 'node:fs';
import { defineCommand, defineGroup } from '../command.ts';
import { usageError } from '../cli-error.ts';
import { EVENT_DETAILS, EVENT_FLAGS, recordAndPrint } from './event-record.ts';
import { eventsBatch } from './events-batch.ts';
import { eventsList } from './events-list.ts';
import { t } from '../lang.ts';

/** readData reads --data JSON or --data-file FILE (default {}) as the event's data object. */
function readData(text: string | undefined, file: string | undefined): Record<string, unknown> {
  if (text !== undefined && file !== undefined) throw usageError(t('cli.events.record.dataOrFile'));
  let source = text;
  let from = '--data';
  if (file !== undefined) {
    from = `--data-file ${file}`;
    try {
      source = readFileSync(file, 'utf8');
    } catch (err) {
      throw usageError(
        t('cli.usage.cannotRead', { flag: '--data-file', file, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message }),
      );
    }
  }
  if (source === undefined) return {};
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (err) {
    throw usageError(t('cli.usage.notJson', { what: from, error: (err as Error).message }));
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw usageError(t('cli.events.record.notObject', { what: from, example: `'{"reason":"audit"}'` }));
  return data as Record<string, unknown>;
}

const record = defineCommand({
  name: 'hreg events record',
  summary: 'cli.events.record.summary',
  args: 'CODE --type TYPE',
  positionals: ['CODE'],
  flags: {
    type: { type: 'string', value: 'TYPE', required: true, description: 'cli.events.record.flag.type' },
    data: { type: 'string', value: 'JSON', description: 'cli.events.record.flag.data' },
    'data-file': { type: 'string', value: 'FILE', description: 'cli.events.record.flag.dataFile' },
    ...EVENT_FLAGS,
  },
  details: ['cli.events.record.types', EVENT_DETAILS],
  examples: [
    'hreg events record CN-0A1B-00002X-261120000000001K7 --type suspended --data \'{"reason":"type approval review"}\'',
    'hreg events record CN0A1B00002X261120000000001K7 --type serviced --data-file service.json --if-match 4 --verbose',
  ],
  async action({ flags, arg, json }) {
    const type = flags.required('type').trim();
    if (!/^[a-z][a-z_]*$/.test(type)) throw usageError(t('cli.events.record.badType', { value: type }));
    const data = readData(flags.string('data'), flags.string('data-file'));
    await recordAndPrint(flags, arg(0), type, data, json);
  },
});

/** events records any lifecycle event and lists a unit's events. */
export const events = defineGroup(
  'hreg events',
  'cli.events.summary',
  { record, batch: eventsBatch, list: eventsList('hreg events list') },
  'hreg events list CN-0A1B-00002X-261120000000001K7 --all',
);
