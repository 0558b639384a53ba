import { clientFrom } from './api-client.ts';
import { defineCommand, defineGroup } from './command.ts';
import { CLIENT_FLAGS, LIMIT_FLAG } from './flags.ts';
import { printFields, printJson, printLine, printTable } from './output.ts';

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
  summary:
    'Look a key component up by its identity, in any spelling: the unit holding it now, the units that held it, whether it is scrapped',
  args: '--type TYPE --maker MAKER --serial SERIAL',
  flags: {
    type: { type: 'string', value: 'TYPE', required: true, description: 'component type, e.g. battery_pack' },
    maker: { type: 'string', value: 'MAKER', required: true, description: 'the component maker, any spelling' },
    serial: { type: 'string', value: 'SERIAL', required: true, description: 'the component serial, any spelling' },
    ...CLIENT_FLAGS,
  },
  details:
    'For the regulator, and for whoever may read the unit holding the part. Spellings are matched by the\n' +
    'canonical identity of docs/components.md ("ACME", "acme ", "Ａｃｍｅ" are one maker). Units the caller\n' +
    'may not read are shown as "(not yours to read)".',
  examples: ['hreg components show --type battery_pack --maker "CATL" --serial "BP-2026-0001"'],
  async action({ flags, json }) {
    const q = new URLSearchParams({ type: flags.string('type')!, maker: flags.string('maker')!, serial: flags.string('serial')! });
    const c = await clientFrom(flags).get<ComponentRecord>(`/v1/components?${q}`);
    if (json) return printJson(c);
    const hidden = (u: string | null) => u ?? '(not yours to read)';
    printFields([
      ['Canonical part', `${c.part.type}/${c.part.maker}/${c.part.serial}`],
      ['Declared as', `${c.spelling.maker} ${c.spelling.serial}${c.spelling.lot ? ` (lot ${c.spelling.lot})` : ''}`],
      ['State', c.scrapped ? 'scrapped: may never be fitted again' : c.state],
      ['Unit now', c.unit ?? '—'],
    ]);
    if (c.holdings.length > 0) {
      printLine('Held by:');
      printTable(
        ['Unit', 'Declared as', 'Installed', 'Removed'],
        c.holdings.map((h) => [hidden(h.unit), `${h.maker} ${h.serial}`, h.installedAt, h.removedAt]),
      );
    }
    if (c.conflicts.length > 0) {
      printLine('Other spellings found colliding when the registry migrated (to resolve):');
      printTable(
        ['Declared as', 'Unit', 'State'],
        c.conflicts.map((x) => [`${x.maker} ${x.serial}`, hidden(x.unit), x.state]),
      );
    }
  },
});

const conflicts = defineCommand({
  name: 'hreg components conflicts',
  summary: 'List the component spellings that met one canonical identity when the registry migrated (regulator)',
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
      ['Canonical part', 'Rank', 'Declared as', 'Unit', 'State'],
      res.items.map((x) => [`${x.part.type}/${x.part.maker}/${x.part.serial}`, x.rank, `${x.maker} ${x.serial}`, x.unit, x.state]),
    );
  },
});

/** components looks key components up by canonical identity. */
export const components = defineGroup(
  'hreg components',
  'Key components by canonical identity: where a part is, where it was, whether it is scrapped',
  { show, conflicts },
  'hreg components show --type battery_pack --maker CATL --serial BP-1',
);
