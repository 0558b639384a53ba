import { MARKET_ACCESS_TEXT, type MarketAccessReason } from '../../lifecycle/market-access.ts';
import { clientFrom, seg } from '../api-client.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { CLIENT_FLAGS } from '../flags.ts';
import { printFields, printJson, printLine, printTable, type Cell } from '../output.ts';
import { robotsRegister } from './robots-register.ts';
import { eventsList } from './events-list.ts';
import { t, type Text, tr, word } from '../lang.ts';

/** reasonText says a market-access reason in plain words, keeping unknown (newer) reasons as they are. */
export function reasonText(reason: string): string {
  if (!Object.hasOwn(MARKET_ACCESS_TEXT, reason)) return reason;
  const key = `lifecycle.marketAccess.${reason}`;
  return tr().locale !== 'en' && tr().has(key) ? tr().t(key) : MARKET_ACCESS_TEXT[reason as MarketAccessReason];
}

/** accessText is "allowed" or "denied: reason. reason." for a market-access answer. */
export function accessText(access: { allowed: boolean; reasons: string[] }): string {
  return access.allowed
    ? t('cli.access.allowed')
    : [t('cli.access.denied'), ...access.reasons.map((r) => `  - ${reasonText(r)} (${r})`)].join('\n');
}

interface Passport {
  code: string;
  enterprise: string;
  model: { code: string; name: string; status: string };
  manufacturer: { name: string };
  productionDate: string;
  status: string;
  marketAccess: { allowed: boolean; reasons: string[] };
  view: string;
  ownerId?: string | null;
  operatorId?: string | null;
  firmware?: string | null;
  suspended?: boolean;
  stolen?: boolean;
  version?: number;
  registeredAt?: string;
  updatedAt?: string;
  components?: { type: string; maker: string; serial: string; lot: string | null; state: string }[];
}

const show = defineCommand({
  name: 'hreg robots show',
  summary: 'cli.robots.show.summary',
  args: 'CODE',
  positionals: ['CODE'],
  flags: CLIENT_FLAGS,
  examples: ['hreg robots show CN-0A1B-00002X-261120000000001K7'],
  async action({ flags, arg, json }) {
    const p = await clientFrom(flags).get<Passport>(`/v1/robots/${seg(arg(0))}`);
    if (json) return printJson(p);
    const fields: [Text, Cell][] = [
      ['cli.field.code', p.code],
      ['cli.field.manufacturer', `${p.manufacturer.name} (${p.enterprise})`],
      ['cli.field.model', `${p.model.name} (${p.model.code}, ${word('lifecycle.modelStatus', p.model.status)})`],
      ['cli.field.productionDate', p.productionDate],
      ['cli.field.status', word('lifecycle.status', p.status)],
      ['cli.field.marketAccess', accessText(p.marketAccess)],
      ['cli.field.view', p.view],
    ];
    if (p.view !== 'public') {
      fields.push(
        ['cli.field.owner', p.ownerId],
        ['cli.field.operator', p.operatorId],
        ['cli.field.firmware', p.firmware],
        ['cli.field.suspended', p.suspended ? t('cli.word.yes') : t('cli.word.no')],
        ['cli.field.reportedStolen', p.stolen ? t('cli.word.yes') : t('cli.word.no')],
        ['cli.field.version', p.version],
        ['cli.field.registered', p.registeredAt],
        ['cli.field.updated', p.updatedAt],
      );
    }
    printFields(fields);
    if (p.components && p.components.length > 0) {
      printLine(t('cli.robots.show.components'));
      printTable(
        ['cli.field.type', 'cli.field.maker', 'cli.field.serial', 'cli.field.lot', 'cli.field.state'],
        p.components.map((c) => [word('lifecycle.component', c.type), c.maker, c.serial, c.lot, word('lifecycle.componentState', c.state)]),
      );
    }
  },
});

/** robots registers units and reads passports and events. */
export const robots = defineGroup(
  'hreg robots',
  'cli.robots.summary',
  { register: robotsRegister, show, events: eventsList('hreg robots events') },
  'hreg robots register --csv run.csv --out codes.csv',
);
