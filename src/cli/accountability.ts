import { clientFrom, seg } from './api-client.ts';
import { defineCommand } from './command.ts';
import { isoFlag } from './event-record.ts';
import { CLIENT_FLAGS } from './flags.ts';
import { printFields, printJson, type Cell } from './output.ts';

interface Party {
  id: string;
  name: string | null;
  nameEn?: string | null;
}

/** Accountability is GET /v1/robots/{code}/accountability. */
interface Accountability {
  code: string;
  at: string;
  maker: Party | null;
  seller: Party | null;
  owner: Party | null;
  operator: Party | null;
  site: { province: string; city: string; address?: string; latitude?: number; longitude?: number; domain: string } | null;
  lastService: { seq: number; at: string; kind: string; by: Party | null } | null;
  firmware: string | null;
  openRecalls: { id: string; hazard: string; remedy: string; stopSale: boolean; stopUse: boolean }[];
}

const party = (p: Party | null): Cell => (p ? `${p.name ?? '(unknown name)'}${p.nameEn ? ` / ${p.nameEn}` : ''} (${p.id})` : null);

/** accountability answers who made, sold, owned, operated and last serviced a unit at a moment. */
export const accountability = defineCommand({
  name: 'hreg accountability',
  summary: 'Who made, sold, owned, operated and last serviced a unit at a moment; its firmware and open recalls',
  args: 'CODE',
  positionals: ['CODE'],
  flags: {
    at: { type: 'string', value: 'ISO', description: 'the moment to answer for: YYYY-MM-DD or an RFC 3339 time (default: now)' },
    ...CLIENT_FLAGS,
  },
  details: "For the regulator and those entitled to the unit's full passport. Typical use: the time of an incident.",
  examples: ['hreg accountability CN-0A1B-00002X-261120000000001K7 --at 2027-03-04T09:15:00Z'],
  async action({ flags, positionals, json }) {
    const a = await clientFrom(flags).get<Accountability>(`/v1/robots/${seg(positionals[0]!)}/accountability`, {
      at: isoFlag(flags, 'at'),
    });
    if (json) return printJson(a);
    const site = a.site
      ? [
          [a.site.address, a.site.city, a.site.province].filter(Boolean).join(', ') +
            (a.site.latitude !== undefined ? ` (${a.site.latitude}, ${a.site.longitude})` : ''),
          `domain ${a.site.domain}`,
        ].join('; ')
      : null;
    const service = a.lastService
      ? `${a.lastService.kind} on ${a.lastService.at} by ${String(party(a.lastService.by) ?? '-')} (seq ${a.lastService.seq})`
      : null;
    const recalls =
      a.openRecalls.length === 0
        ? 'none'
        : a.openRecalls
            .map((r) => `${r.id}: ${r.hazard}; remedy ${r.remedy}${r.stopSale ? '; stop sale' : ''}${r.stopUse ? '; stop use' : ''}`)
            .join('\n');
    printFields([
      ['Code', a.code],
      ['At', a.at],
      ['Maker', party(a.maker)],
      ['Seller', party(a.seller)],
      ['Owner', party(a.owner)],
      ['Operator', party(a.operator)],
      ['Site', site],
      ['Last service', service],
      ['Firmware', a.firmware],
      ['Open recalls', recalls],
    ]);
  },
});
