import { clientFrom, seg } from './api-client.ts';
import { usageError } from './cli-error.ts';
import { defineCommand, defineGroup } from './command.ts';
import { CLIENT_FLAGS } from './flags.ts';
import { printJson, printLine, printTable } from './output.ts';

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
    ['Sender', 'Name', 'English name', 'Since'],
    items.map((a) => [a.senderId, a.senderName, a.senderNameEn, a.createdAt]),
  );
};

const list = defineCommand({
  name: 'hreg standing list',
  summary: 'List the senders whose transfers a participant accepts without an offer (itself, or the regulator)',
  args: 'PARTICIPANT_ID',
  positionals: ['PARTICIPANT_ID'],
  flags: CLIENT_FLAGS,
  examples: [`hreg standing list ${ID_EXAMPLE}`],
  async action({ flags, positionals, json }) {
    const res = await clientFrom(flags).get<{ items: StandingAcceptance[] }>(
      `/v1/participants/${seg(positionals[0]!)}/standing-acceptances`,
    );
    print(res.items, json);
  },
});

const accept = defineCommand({
  name: 'hreg standing accept',
  summary: 'Accept every transfer from the named senders at once, so their fleet sales to you stay one step (yourself only)',
  args: 'PARTICIPANT_ID --from ID[,ID…]',
  positionals: ['PARTICIPANT_ID'],
  flags: {
    from: {
      type: 'string',
      value: 'ID[,ID…]',
      required: true,
      description: 'participant ids of the senders, comma-separated (up to 1,000)',
    },
    ...CLIENT_FLAGS,
  },
  details: 'Without standing acceptance a transfer to you is an offer you answer with `hreg offers accept|decline`.',
  examples: [`hreg standing accept ${ID_EXAMPLE} --from 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b`],
  async action({ flags, positionals, json }) {
    const senders = (flags.string('from') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = senders.find((s) => !UUID.test(s));
    if (senders.length === 0 || bad !== undefined)
      throw usageError(`--from needs participant ids (UUIDs)${bad ? `; "${bad}" is not one` : ''}.`);
    const res = await clientFrom(flags).post<{ items: StandingAcceptance[] }>(
      `/v1/participants/${seg(positionals[0]!)}/standing-acceptances`,
      { senders },
    );
    print(res.items, json);
  },
});

const revoke = defineCommand({
  name: 'hreg standing revoke',
  summary: "End a standing acceptance: the sender's later transfers are offers again",
  args: 'PARTICIPANT_ID SENDER_ID',
  positionals: ['PARTICIPANT_ID', 'SENDER_ID'],
  flags: CLIENT_FLAGS,
  examples: [`hreg standing revoke ${ID_EXAMPLE} 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b`],
  async action({ flags, positionals, json }) {
    const [participant, sender] = positionals as [string, string];
    await clientFrom(flags).delete(`/v1/participants/${seg(participant)}/standing-acceptances/${seg(sender)}`);
    if (json) return printJson({ participantId: participant, senderId: sender, revoked: true });
    printLine(`${participant} no longer accepts transfers from ${sender} standing; they are offers again.`);
  },
});

/** standing manages whose transfers a participant accepts without an offer. */
export const standing = defineGroup(
  'hreg standing',
  'Standing acceptance: whose transfers you accept without an offer',
  { list, accept, revoke },
  `hreg standing accept ${ID_EXAMPLE} --from 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b`,
);
