import { MARKET_ACCESS_TEXT, type MarketAccessReason } from '../lifecycle/market-access.ts';
import { clientFrom, seg } from './api-client.ts';
import { defineCommand, defineGroup } from './command.ts';
import { CLIENT_FLAGS } from './flags.ts';
import { printFields, printJson, printLine, printTable, type Cell } from './output.ts';
import { robotsRegister } from './robots-register.ts';
import { eventsList } from './events-list.ts';

/** reasonText says a market-access reason in plain words, keeping unknown (newer) reasons as they are. */
export function reasonText(reason: string): string {
  return Object.hasOwn(MARKET_ACCESS_TEXT, reason) ? MARKET_ACCESS_TEXT[reason as MarketAccessReason] : reason;
}

/** accessText is "allowed" or "denied: reason. reason." for a market-access answer. */
export function accessText(access: { allowed: boolean; reasons: string[] }): string {
  return access.allowed ? 'allowed' : ['denied', ...access.reasons.map((r) => `  - ${reasonText(r)} (${r})`)].join('\n');
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
  summary: "Show a robot's passport, as much as your token may see",
  args: 'CODE',
  positionals: ['CODE'],
  flags: CLIENT_FLAGS,
  examples: ['hreg robots show CN-0A1B-00002X-261120000000001K7'],
  async action({ flags, positionals, json }) {
    const p = await clientFrom(flags).get<Passport>(`/v1/robots/${seg(positionals[0]!)}`);
    if (json) return printJson(p);
    const fields: [string, Cell][] = [
      ['Code', p.code],
      ['Manufacturer', `${p.manufacturer.name} (${p.enterprise})`],
      ['Model', `${p.model.name} (${p.model.code}, ${p.model.status})`],
      ['Production date', p.productionDate],
      ['Status', p.status],
      ['Market access', accessText(p.marketAccess)],
      ['View', p.view],
    ];
    if (p.view !== 'public') {
      fields.push(
        ['Owner', p.ownerId],
        ['Operator', p.operatorId],
        ['Firmware', p.firmware],
        ['Suspended', p.suspended ? 'yes' : 'no'],
        ['Reported stolen', p.stolen ? 'yes' : 'no'],
        ['Version', p.version],
        ['Registered', p.registeredAt],
        ['Updated', p.updatedAt],
      );
    }
    printFields(fields);
    if (p.components && p.components.length > 0) {
      printLine('Key components:');
      printTable(
        ['Type', 'Maker', 'Serial', 'Lot', 'State'],
        p.components.map((c) => [c.type, c.maker, c.serial, c.lot, c.state]),
      );
    }
  },
});

/** robots registers units and reads passports and events. */
export const robots = defineGroup(
  'hreg robots',
  'Register units and read their passports and events',
  { register: robotsRegister, show, events: eventsList('hreg robots events') },
  'hreg robots register --csv run.csv --out codes.csv',
);
