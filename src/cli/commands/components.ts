import { clientFrom } from '../api-client.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { CLIENT_FLAGS, LIMIT_FLAG } from '../flags.ts';
import { printFields, printJson, printLine, printTable } from '../output.ts';
import { t, word } from '../lang.ts';

/** ComponentRecord is the lookup's answer, as far as the command prints it. */
interface ComponentRecord {
  part: { type: string; maker: string; serial: string };
  spelling: { maker: string; serial: string; lot: string | null };
  state: string;
  scrapped: boolean;
  unit: string | null;
  holdings: { unit: string | null; maker: string; serial: string; installedAt: string | null; removedAt: string | null }[];
  conflicts: { maker: string; serial: string; unit: string | null; state: string }[];
}

interface IdentityConflict {
  part: { type: string; maker: string; serial: string };
  rank: number;
  maker: string;
  serial: string;
  unit: string;
  state: string;
}

const show = defineCommand({
  name: 'hreg components show',
  summary: 'cli.components.show.summary',
  args: '--type TYPE --maker MAKER --serial SERIAL',
  flags: {
    type: { type: 'string', value: 'TYPE', required: true, description: 'cli.components.show.flag.type' },
    maker: { type: 'string', value: 'MAKER', required: true, description: 'cli.components.show.flag.maker' },
    serial: { type: 'string', value: 'SERIAL', required: true, description: 'cli.components.show.flag.serial' },
    ...CLIENT_FLAGS,
  },
  details: 'cli.components.show.details',
  examples: ['hreg components show --type battery_pack --maker "CATL" --serial "BP-2026-0001"'],
  async action({ flags, json }) {
    const q = new URLSearchParams({ type: flags.required('type'), maker: flags.required('maker'), serial: flags.required('serial') });
    const c = await clientFrom(flags).get<ComponentRecord>(`/v1/components?${q}`);
    if (json) return printJson(c);
    const hidden = (u: string | null) => u ?? t('cli.components.hidden');
    printFields([
      ['cli.field.canonicalPart', `${c.part.type}/${c.part.maker}/${c.part.serial}`],
      [
        'cli.field.declaredAs',
        `${c.spelling.maker} ${c.spelling.serial}${c.spelling.lot ? t('cli.components.lot', { lot: c.spelling.lot }) : ''}`,
      ],
      ['cli.field.state', c.scrapped ? t('cli.components.scrapped') : word('lifecycle.componentState', c.state)],
      ['cli.field.unitNow', c.unit ?? '—'],
    ]);
    if (c.holdings.length > 0) {
      printLine(t('cli.components.heldBy'));
      printTable(
        ['cli.field.unit', 'cli.field.declaredAs', 'cli.field.installed', 'cli.field.removed'],
        c.holdings.map((h) => [hidden(h.unit), `${h.maker} ${h.serial}`, h.installedAt, h.removedAt]),
      );
    }
    if (c.conflicts.length > 0) {
      printLine(t('cli.components.conflicts'));
      printTable(
        ['cli.field.declaredAs', 'cli.field.unit', 'cli.field.state'],
        c.conflicts.map((x) => [`${x.maker} ${x.serial}`, hidden(x.unit), x.state]),
      );
    }
  },
});

const conflicts = defineCommand({
  name: 'hreg components conflicts',
  summary: 'cli.components.conflicts.summary',
  flags: {
    limit: LIMIT_FLAG,
    ...CLIENT_FLAGS,
  },
  examples: ['hreg components conflicts --json'],
  async action({ flags, json }) {
    const limit = flags.limit() ?? 100;
    const res = await clientFrom(flags).get<{ items: IdentityConflict[] }>(`/v1/components/conflicts?limit=${limit}`);
    if (json) return printJson(res.items);
    printTable(
      ['cli.field.canonicalPart', 'cli.field.rank', 'cli.field.declaredAs', 'cli.field.unit', 'cli.field.state'],
      res.items.map((x) => [`${x.part.type}/${x.part.maker}/${x.part.serial}`, x.rank, `${x.maker} ${x.serial}`, x.unit, x.state]),
    );
  },
});

/** components looks key components up by canonical identity. */
export const components = defineGroup(
  'hreg components',
  'cli.components.summary',
  { show, conflicts },
  'hreg components show --type battery_pack --maker CATL --serial BP-1',
);
