import { clientFrom, seg } from './api-client.ts';
import { defineCommand } from './command.ts';
import { PUBLIC_CLIENT_FLAGS } from './flags.ts';
import { printFields, printJson } from './output.ts';
import { accessText } from './robots.ts';

/** marketAccess asks whether a code may be sold or deployed ("no code, no market access"). */
export const marketAccess = defineCommand({
  name: 'hreg market-access',
  summary: 'May this code be sold or deployed? Every reason that applies, in plain words (public)',
  args: 'CODE',
  positionals: ['CODE'],
  flags: PUBLIC_CLIENT_FLAGS,
  details:
    'Sends no token. The registry always answers, for invalid and unknown codes too, so the exit\n' +
    'code is 0 whenever it answered; read "allowed" (or the JSON member) for the verdict.',
  examples: ['hreg market-access CN-0A1B-00002X-261120000000001K7 --json'],
  async action({ flags, positionals, json }) {
    const a = await clientFrom(flags, { anonymous: true }).get<{ code: string; allowed: boolean; reasons: string[] }>(
      `/v1/robots/${seg(positionals[0]!)}/market-access`,
    );
    if (json) return printJson(a);
    printFields([
      ['Code', a.code],
      ['Market access', accessText(a)],
    ]);
  },
});
