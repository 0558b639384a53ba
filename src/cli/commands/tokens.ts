import { clientFrom, seg } from '../api-client.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { CLIENT_FLAGS } from '../flags.ts';
import { printFields, printJson, printLine, printTable } from '../output.ts';
import { t } from '../lang.ts';

/** IssuedToken is a fresh token as the API returns it, the only time its secret is shown. */
interface IssuedToken {
  id: string;
  participantId: string;
  token: string;
  expiresAt: string;
}

interface TokenInfo {
  id: string;
  label: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

const issue = defineCommand({
  name: 'hreg tokens issue',
  summary: 'cli.tokens.issue.summary',
  args: 'PARTICIPANT_ID',
  positionals: ['PARTICIPANT_ID'],
  flags: {
    days: { type: 'string', value: 'N', description: 'cli.tokens.issue.flag.days' },
    label: { type: 'string', value: 'LABEL', description: 'cli.tokens.issue.flag.label' },
    ...CLIENT_FLAGS,
  },
  examples: ['hreg tokens issue 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f --days 90 --label "factory line 3"'],
  async action({ flags, arg, json }) {
    const days = flags.int('days', 1, 3650);
    const label = flags.string('label');
    const issued = await clientFrom(flags).post<IssuedToken>(`/v1/participants/${seg(arg(0))}/tokens`, {
      ...(days !== undefined ? { days } : {}),
      ...(label ? { label } : {}),
    });
    if (json) return printJson(issued);
    printFields([
      ['cli.field.tokenId', issued.id],
      ['cli.field.participant', issued.participantId],
      ['cli.field.expires', issued.expiresAt],
    ]);
    printLine(t('cli.tokens.secret'));
    printLine(`  ${issued.token}`);
  },
});

const list = defineCommand({
  name: 'hreg tokens list',
  summary: 'cli.tokens.list.summary',
  args: 'PARTICIPANT_ID',
  positionals: ['PARTICIPANT_ID'],
  flags: CLIENT_FLAGS,
  examples: ['hreg tokens list 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f'],
  async action({ flags, arg, json }) {
    const res = await clientFrom(flags).get<{ items: TokenInfo[] }>(`/v1/participants/${seg(arg(0))}/tokens`);
    if (json) return printJson(res.items);
    printTable(
      ['cli.field.tokenId', 'cli.field.label', 'cli.field.created', 'cli.field.expires', 'cli.field.revoked'],
      res.items.map((t) => [t.id, t.label, t.createdAt, t.expiresAt, t.revokedAt]),
    );
  },
});

const revoke = defineCommand({
  name: 'hreg tokens revoke',
  summary: 'cli.tokens.revoke.summary',
  args: 'PARTICIPANT_ID TOKEN_ID',
  positionals: ['PARTICIPANT_ID', 'TOKEN_ID'],
  flags: CLIENT_FLAGS,
  examples: ['hreg tokens revoke 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f 0a1b2c3d4e5f'],
  async action({ flags, positionals, json }) {
    const [participant, token] = positionals as [string, string];
    await clientFrom(flags).delete(`/v1/participants/${seg(participant)}/tokens/${seg(token)}`);
    if (json) return printJson({ participantId: participant, tokenId: token, revoked: true });
    printLine(t('cli.tokens.revoked', { token, participant }));
  },
});

/** tokens issues, lists and revokes participants' API tokens. */
export const tokens = defineGroup(
  'hreg tokens',
  'cli.tokens.summary',
  { issue, list, revoke },
  'hreg tokens issue 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f --days 90',
);
