import { clientFrom, seg } from '../api-client.ts';
import { defineCommand } from '../command.ts';
import { PUBLIC_CLIENT_FLAGS } from '../flags.ts';
import { printFields, printJson } from '../output.ts';
import { accessText } from './robots.ts';

/** marketAccess asks whether a code may be sold or deployed ("no code, no market access"). */
export const marketAccess = defineCommand({
  name: 'hreg market-access',
  summary: 'cli.market-access.summary',
  args: 'CODE',
  positionals: ['CODE'],
  flags: PUBLIC_CLIENT_FLAGS,
  details: 'cli.market-access.details',
  examples: ['hreg market-access CN-0A1B-00002X-261120000000001K7 --json'],
  async action({ flags, arg, json }) {
    const a = await clientFrom(flags, { anonymous: true }).get<{ code: string; allowed: boolean; reasons: string[] }>(
      `/v1/robots/${seg(arg(0))}/market-access`,
    );
    if (json) return printJson(a);
    printFields([
      ['cli.field.code', a.code],
      ['cli.field.marketAccess', accessText(a)],
    ]);
  },
});
