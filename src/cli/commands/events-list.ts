import type { RobotEvent } from '../../contract/events.ts';
import { clientFrom, seg } from '../api-client.ts';
import { defineCommand, type Command } from '../command.ts';
import { CLIENT_FLAGS, LIMIT_FLAG, PAGE_LIMIT_MAX } from '../flags.ts';
import { note, printJson, printTable } from '../output.ts';
import { msg } from '../../i18n/message.ts';
import { t, word } from '../lang.ts';

/** MAX_PAGES bounds --all (500 pages of up to 500 events). */
const MAX_PAGES = 500;

/**
 * eventsList lists a unit's events; `hreg events list` and `hreg robots events` are this one
 * command under two names (name is the one its help and its "more" hint show).
 */
export function eventsList(name: string): Command {
  return defineCommand({
    name,
    summary: 'cli.events-list.summary',
    args: 'CODE',
    positionals: ['CODE'],
    flags: {
      after: { type: 'string', value: 'N', description: 'cli.events-list.flag.after' },
      limit: { ...LIMIT_FLAG, description: msg('cli.events-list.flag.limit', { max: PAGE_LIMIT_MAX }) },
      all: { type: 'boolean', description: 'cli.events-list.flag.all' },
      ...CLIENT_FLAGS,
    },
    details: 'cli.events-list.details',
    examples: [`${name} CN-0A1B-00002X-261120000000001K7 --all`, `${name} CN0A1B00002X261120000000001K7 --after 10 --limit 50 --json`],
    async action({ flags, arg, json }) {
      const code = arg(0);
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
          note(t('cli.events-list.stopped', { pages: MAX_PAGES, next }));
          break;
        }
        after = next;
      }
      if (json) return printJson({ items, next });
      printTable(
        ['cli.field.seq', 'cli.field.type', 'cli.field.occurred', 'cli.field.actor', 'cli.field.logIndex'],
        items.map((e) => [e.seq, word('lifecycle.event', e.type), e.occurredAt, e.actorId, e.logIndex]),
      );
      if (next !== null) note(t('cli.output.more', { command: `${name} ${code} --after ${next}${flags.bool('all') ? ' --all' : ''}` }));
    },
  });
}
