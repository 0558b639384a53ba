import type { RobotEvent } from '../contract/events.ts';
import { clientFrom, seg } from './api-client.ts';
import { defineCommand, type Command } from './command.ts';
import { CLIENT_FLAGS, LIMIT_FLAG, PAGE_LIMIT_MAX } from './flags.ts';
import { note, printJson, printTable } from './output.ts';

/** MAX_PAGES bounds --all (500 pages of up to 500 events). */
const MAX_PAGES = 500;

/**
 * eventsList lists a unit's events; `hreg events list` and `hreg robots events` are this one
 * command under two names (name is the one its help and its "more" hint show).
 */
export function eventsList(name: string): Command {
  return defineCommand({
    name,
    summary: "List a unit's events in order, with their ledger indexes",
    args: 'CODE',
    positionals: ['CODE'],
    flags: {
      after: { type: 'string', value: 'N', description: 'only events after sequence number N (default 0)' },
      limit: { ...LIMIT_FLAG, description: `page size, 1 to ${PAGE_LIMIT_MAX} (default 100; with --all, events per request)` },
      all: { type: 'boolean', description: 'follow the pages to the last event' },
      ...CLIENT_FLAGS,
    },
    details:
      'Output: a table of seq, type, occurred at, actor and log index; --json prints {items, next}\n' +
      '(next is the --after for the following page, or null on the last page; with --all always null).',
    examples: [`${name} CN-0A1B-00002X-261120000000001K7 --all`, `${name} CN0A1B00002X261120000000001K7 --after 10 --limit 50 --json`],
    async action({ flags, positionals, json }) {
      const code = positionals[0]!;
      const client = clientFrom(flags);
      const limit = flags.limit();
      let after = flags.int('after', 0, 2_147_483_647);
      const items: RobotEvent[] = [];
      let next: number | null = null;
      for (let page = 0; ; page++) {
        const res: { items: RobotEvent[]; next: number | null } = await client.get(`/v1/robots/${seg(code)}/events`, {
          after,
          limit: flags.bool('all') ? (limit ?? PAGE_LIMIT_MAX) : limit,
        });
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
      printTable(
        ['Seq', 'Type', 'Occurred', 'Actor', 'Log index'],
        items.map((e) => [e.seq, e.type, e.occurredAt, e.actorId, e.logIndex]),
      );
      if (next !== null) note(`more: ${name} ${code} --after ${next}${flags.bool('all') ? ' --all' : ''}`);
    },
  });
}
