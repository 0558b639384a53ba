import { clientFrom, seg } from '../api-client.ts';
import { usageError } from '../cli-error.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { CLIENT_FLAGS } from '../flags.ts';
import { printJson, printLine, printTable } from '../output.ts';
import { t } from '../lang.ts';

/** StandingAcceptance is one sender whose transfers a participant accepts without an offer. */
interface StandingAcceptance {
  senderId: string;
  senderName: string;
  senderNameEn: string | null;
  createdAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_EXAMPLE = '6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f';

const print = (items: StandingAcceptance[], json: boolean) => {
  if (json) return printJson(items);
  printTable(
    ['cli.field.sender', 'cli.field.name', 'cli.field.englishName', 'cli.field.since'],
    items.map((a) => [a.senderId, a.senderName, a.senderNameEn, a.createdAt]),
  );
};

const list = defineCommand({
  name: 'hreg standing list',
  summary: 'cli.standing.list.summary',
  args: 'PARTICIPANT_ID',
  positionals: ['PARTICIPANT_ID'],
  flags: CLIENT_FLAGS,
  examples: [`hreg standing list ${ID_EXAMPLE}`],
  async action({ flags, arg, json }) {
    const res = await clientFrom(flags).get<{ items: StandingAcceptance[] }>(`/v1/participants/${seg(arg(0))}/standing-acceptances`);
    print(res.items, json);
  },
});

const accept = defineCommand({
  name: 'hreg standing accept',
  summary: 'cli.standing.accept.summary',
  args: 'PARTICIPANT_ID --from ID[,ID…]',
  positionals: ['PARTICIPANT_ID'],
  flags: {
    from: {
      type: 'string',
      value: 'ID[,ID…]',
      required: true,
      description: 'cli.standing.accept.flag.from',
    },
    ...CLIENT_FLAGS,
  },
  details: 'cli.standing.accept.details',
  examples: [`hreg standing accept ${ID_EXAMPLE} --from 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b`],
  async action({ flags, arg, json }) {
    const senders = (flags.string('from') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = senders.find((s) => !UUID.test(s));
    if (senders.length === 0 || bad !== undefined)
      throw usageError(bad ? t('cli.standing.badSender', { value: bad }) : t('cli.standing.noSenders'));
    const res = await clientFrom(flags).post<{ items: StandingAcceptance[] }>(`/v1/participants/${seg(arg(0))}/standing-acceptances`, {
      senders,
    });
    print(res.items, json);
  },
});

const revoke = defineCommand({
  name: 'hreg standing revoke',
  summary: 'cli.standing.revoke.summary',
  args: 'PARTICIPANT_ID SENDER_ID',
  positionals: ['PARTICIPANT_ID', 'SENDER_ID'],
  flags: CLIENT_FLAGS,
  examples: [`hreg standing revoke ${ID_EXAMPLE} 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b`],
  async action({ flags, positionals, json }) {
    const [participant, sender] = positionals as [string, string];
    await clientFrom(flags).delete(`/v1/participants/${seg(participant)}/standing-acceptances/${seg(sender)}`);
    if (json) return printJson({ participantId: participant, senderId: sender, revoked: true });
    printLine(t('cli.standing.revoked', { participant, sender }));
  },
});

/** standing manages whose transfers a participant accepts without an offer. */
export const standing = defineGroup(
  'hreg standing',
  'cli.standing.summary',
  { list, accept, revoke },
  `hreg standing accept ${ID_EXAMPLE} --from 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b`,
);
