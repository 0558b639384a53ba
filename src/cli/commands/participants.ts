import { clientFrom, seg } from '../api-client.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { usageError } from '../cli-error.ts';
import { CLIENT_FLAGS, pageFlags } from '../flags.ts';
import { note, printFields, printJson, printTable } from '../output.ts';
import { msg } from '../../i18n/message.ts';
import { t, word } from '../lang.ts';

/** Participant is an enrolled organisation as the API returns it. */
interface Participant {
  id: string;
  name: string;
  nameEn: string | null;
  country: string;
  uscc: string | null;
  roles: string[];
  enterpriseCode: string | null;
  createdAt: string;
}

const ROLES = ['manufacturer', 'seller', 'operator', 'service', 'recycler', 'regulator', 'insurer'];

function printParticipant(p: Participant): void {
  printFields([
    ['cli.field.id', p.id],
    ['cli.field.name', p.name],
    ['cli.field.englishName', p.nameEn],
    ['cli.field.country', p.country],
    ['cli.field.uscc', p.uscc],
    ['cli.field.roles', p.roles.map((x) => word('lifecycle.role', x)).join(', ')],
    ['cli.field.enterpriseCode', p.enterpriseCode],
    ['cli.field.enrolled', p.createdAt],
  ]);
}

const create = defineCommand({
  name: 'hreg participants create',
  summary: 'cli.participants.create.summary',
  flags: {
    name: { type: 'string', value: 'NAME', required: true, description: 'cli.participants.create.flag.name' },
    'name-en': { type: 'string', value: 'NAME', description: 'cli.participants.create.flag.nameEn' },
    country: { type: 'string', value: 'CC', required: true, description: 'cli.participants.create.flag.country' },
    roles: {
      type: 'string',
      value: 'ROLE,…',
      required: true,
      description: msg('cli.participants.create.flag.roles', { roles: ROLES.join(', ') }),
    },
    uscc: { type: 'string', value: 'USCC', description: 'cli.participants.create.flag.uscc' },
    ...CLIENT_FLAGS,
  },
  details: 'cli.participants.create.details',
  examples: [
    'hreg participants create --name "杭州星河智能科技有限公司" --name-en "Hangzhou Xinghe Intelligent Technology" --country CN --roles manufacturer,seller --uscc 91330100MA2H0X1234',
  ],
  async action({ flags, json }) {
    const roles = flags.list('roles') ?? [];
    const unknown = roles.filter((r) => !ROLES.includes(r));
    if (unknown.length > 0)
      throw usageError(t('cli.participants.create.unknownRoles', { unknown: unknown.join(', '), roles: ROLES.join(', ') }));
    const body = {
      name: flags.required('name'),
      ...(flags.string('name-en') ? { nameEn: flags.string('name-en') } : {}),
      country: flags.required('country').toUpperCase(),
      roles,
      ...(flags.string('uscc') ? { uscc: flags.string('uscc') } : {}),
    };
    const p = await clientFrom(flags).post<Participant>('/v1/participants', body);
    if (json) return printJson(p);
    printParticipant(p);
  },
});

const list = defineCommand({
  name: 'hreg participants list',
  summary: 'cli.participants.list.summary',
  flags: {
    role: { type: 'string', value: 'ROLE', description: msg('cli.participants.list.flag.role', { roles: ROLES.join(', ') }) },
    q: { type: 'string', value: 'TEXT', description: 'cli.participants.list.flag.q' },
    ...pageFlags(),
    ...CLIENT_FLAGS,
  },
  examples: [
    'hreg participants list --role manufacturer --limit 50',
    'hreg participants list --q 星河',
    'hreg participants list --q xinghe',
  ],
  async action({ flags, json }) {
    const role = flags.string('role');
    if (role !== undefined && !ROLES.includes(role))
      throw usageError(t('cli.usage.oneOf', { flag: '--role', choices: ROLES.join(', '), value: role }));
    const page = await clientFrom(flags).get<{ items: Participant[]; next: string | null }>('/v1/participants', {
      role,
      q: flags.string('q'),
      limit: flags.limit(),
      after: flags.string('after'),
    });
    if (json) return printJson(page);
    printTable(
      ['cli.field.id', 'cli.field.name', 'cli.field.englishName', 'cli.field.country', 'cli.field.roles', 'cli.field.enterprise'],
      page.items.map((p) => [p.id, p.name, p.nameEn, p.country, p.roles.join(','), p.enterpriseCode]),
    );
    if (page.next) note(t('cli.output.more', { command: `hreg participants list --after ${page.next}` }));
  },
});

const show = defineCommand({
  name: 'hreg participants show',
  summary: 'cli.participants.show.summary',
  args: 'ID',
  positionals: ['ID'],
  flags: CLIENT_FLAGS,
  examples: ['hreg participants show 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f'],
  async action({ flags, arg, json }) {
    const p = await clientFrom(flags).get<Participant>(`/v1/participants/${seg(arg(0))}`);
    if (json) return printJson(p);
    printParticipant(p);
  },
});

/** participants enrols and reads organisations. */
export const participants = defineGroup(
  'hreg participants',
  'cli.participants.summary',
  { create, list, show },
  'hreg participants create --name "ACME Robotics" --country CN --roles manufacturer',
);
