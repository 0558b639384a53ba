import { clientFrom, seg } from '../api-client.ts';
import { defineCommand } from '../command.ts';
import { PUBLIC_CLIENT_FLAGS } from '../flags.ts';
import { printFields, printJson } from '../output.ts';
import { accessText } from './robots.ts';
import { t, tr, word } from '../lang.ts';

interface Verification {
  code: string;
  parts: { country: string; enterprise: string; model: string; serial: string };
  manufacturer: { name: string };
  model: { name: string };
  productionDate: string;
  status: string;
  marketAccess: { allowed: boolean; reasons: string[] };
  openRecalls: unknown[];
  /** revision, brands and usage: issue #15 (absent from older servers). */
  revision?: number;
  brands?: string[];
  usage?: { hours: number; cycles: number; at: string } | null;
}

/** verify checks a code the way a buyer, marketplace or customs officer would, without a token. */
export const verify = defineCommand({
  name: 'hreg verify',
  summary: 'cli.verify.summary',
  args: 'CODE',
  positionals: ['CODE'],
  flags: PUBLIC_CLIENT_FLAGS,
  details: 'cli.verify.details',
  examples: ['hreg verify CN-0A1B-00002X-261120000000001K7'],
  async action({ flags, positionals, json }) {
    const v = await clientFrom(flags, { anonymous: true }).get<Verification>(`/v1/verify/${seg(positionals[0] ?? '')}`);
    if (json) return printJson(v);
    printFields([
      ['cli.field.code', t('cli.verify.code', { code: `${v.parts.country}-${v.parts.enterprise}-${v.parts.model}-${v.parts.serial}` })],
      ['cli.field.manufacturer', `${v.manufacturer.name} (${v.parts.enterprise})`],
      ['cli.field.model', `${v.model.name} (${v.parts.model})`],
      ['cli.field.productionDate', v.productionDate],
      ['cli.field.status', word('lifecycle.status', v.status)],
      ['cli.field.marketAccess', accessText(v.marketAccess)],
      ['cli.field.openRecalls', v.openRecalls.length === 0 ? t('cli.word.none') : tr().number(v.openRecalls.length)],
      ['condition.revision', v.revision ?? null],
      ['condition.brands', v.brands?.length ? v.brands.map((b) => word('lifecycle.brand', b)).join(', ') : t('condition.noBrands')],
      [
        'condition.usage',
        v.usage ? t('condition.usageReading', { hours: v.usage.hours, cycles: v.usage.cycles, at: v.usage.at }) : t('condition.noUsage'),
      ],
    ]);
  },
});
