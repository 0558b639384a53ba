import { clientFrom, seg } from './api-client.ts';
import { defineCommand } from './command.ts';
import { PUBLIC_CLIENT_FLAGS } from './flags.ts';
import { printFields, printJson } from './output.ts';
import { accessText } from './robots.ts';

interface Verification {
  code: string;
  parts: { country: string; enterprise: string; model: string; serial: string };
  manufacturer: { name: string };
  model: { name: string };
  productionDate: string;
  status: string;
  marketAccess: { allowed: boolean; reasons: string[] };
  openRecalls: unknown[];
}

/** verify checks a code the way a buyer, marketplace or customs officer would, without a token. */
export const verify = defineCommand({
  name: 'hreg verify',
  summary: 'Verify an identity code (public): maker, model, status, market access; "did you mean" for typos',
  args: 'CODE',
  positionals: ['CODE'],
  flags: PUBLIC_CLIENT_FLAGS,
  details:
    'Sends no token. Exit 0 when the code is registered (whether or not market access is allowed);\n' +
    'exit 1 when the code is malformed or not registered. For a malformed code, "did you mean" lists at most\n' +
    'five codes one character away: the registered ones first, each with its maker and model, and no\n' +
    'unregistered code beside a registered one; --json prints the whole problem (suggestions and candidates).',
  examples: ['hreg verify CN-0A1B-00002X-261120000000001K7'],
  async action({ flags, positionals, json }) {
    const v = await clientFrom(flags, { anonymous: true }).get<Verification>(`/v1/verify/${seg(positionals[0] ?? '')}`);
    if (json) return printJson(v);
    printFields([
      ['Code', `${v.parts.country}-${v.parts.enterprise}-${v.parts.model}-${v.parts.serial} (valid, registered)`],
      ['Manufacturer', `${v.manufacturer.name} (${v.parts.enterprise})`],
      ['Model', `${v.model.name} (${v.parts.model})`],
      ['Production date', v.productionDate],
      ['Status', v.status],
      ['Market access', accessText(v.marketAccess)],
      ['Open recalls', v.openRecalls.length === 0 ? 'none' : String(v.openRecalls.length)],
    ]);
  },
});
