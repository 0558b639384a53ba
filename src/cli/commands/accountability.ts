import { clientFrom, seg } from '../api-client.ts';
import { defineCommand } from '../command.ts';
import { isoFlag } from './event-record.ts';
import { CLIENT_FLAGS } from '../flags.ts';
import { printFields, printJson, type Cell } from '../output.ts';
import { t, word } from '../lang.ts';

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
  software: { version: string; since: string; campaignId: string | null } | null;
  openRecalls: { id: string; hazard: string; remedy: string; stopSale: boolean; stopUse: boolean }[];
}

const party = (p: Party | null): Cell =>
  p ? `${p.name ?? t('cli.accountability.unknownName')}${p.nameEn ? ` / ${p.nameEn}` : ''} (${p.id})` : null;

/** accountability answers who made, sold, owned, operated and last serviced a unit at a moment. */
export const accountability = defineCommand({
  name: 'hreg accountability',
  summary: 'cli.accountability.summary',
  args: 'CODE',
  positionals: ['CODE'],
  flags: {
    at: { type: 'string', value: 'ISO', description: 'cli.accountability.flag.at' },
    ...CLIENT_FLAGS,
  },
  details: 'cli.accountability.details',
  examples: ['hreg accountability CN-0A1B-00002X-261120000000001K7 --at 2027-03-04T09:15:00Z'],
  async action({ flags, arg, json }) {
    const a = await clientFrom(flags).get<Accountability>(`/v1/robots/${seg(arg(0))}/accountability`, {
      at: isoFlag(flags, 'at'),
    });
    if (json) return printJson(a);
    const site = a.site
      ? [
          [a.site.address, a.site.city, a.site.province].filter(Boolean).join(', ') +
            (a.site.latitude !== undefined ? ` (${a.site.latitude}, ${a.site.longitude})` : ''),
          t('cli.accountability.domain', { domain: word('lifecycle.domain', a.site.domain) ?? a.site.domain }),
        ].join('; ')
      : null;
    const service = a.lastService
      ? t('cli.accountability.service', {
          kind: word('lifecycle.serviceKind', a.lastService.kind) ?? a.lastService.kind,
          at: a.lastService.at,
          by: String(party(a.lastService.by) ?? '-'),
          seq: a.lastService.seq,
        })
      : null;
    const recalls =
      a.openRecalls.length === 0
        ? t('cli.word.none')
        : a.openRecalls
            .map((r) =>
              t('cli.accountability.recall', {
                id: r.id,
                hazard: r.hazard,
                remedy: word('lifecycle.remedy', r.remedy) ?? r.remedy,
                stopSale: r.stopSale ? 'yes' : 'no',
                stopUse: r.stopUse ? 'yes' : 'no',
              }),
            )
            .join('\n');
    printFields([
      ['cli.field.code', a.code],
      ['cli.field.at', a.at],
      ['cli.field.maker', party(a.maker)],
      ['cli.field.seller', party(a.seller)],
      ['cli.field.owner', party(a.owner)],
      ['cli.field.operator', party(a.operator)],
      ['cli.field.site', site],
      ['cli.field.lastService', service],
      ['cli.field.firmware', a.firmware],
      [
        'cli.software.field.running',
        a.software ? t('cli.software.running', { version: a.software.version, since: a.software.since }) : null,
      ],
      ['cli.field.openRecalls', recalls],
    ]);
  },
});
