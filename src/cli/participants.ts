import { clientFrom, seg } from './api-client.ts';
import { defineCommand, defineGroup } from './command.ts';
import { usageError } from './cli-error.ts';
import { CLIENT_FLAGS, pageFlags } from './flags.ts';
import { note, printFields, printJson, printTable } from './output.ts';

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

const ROLES = ['manufacturer', 'seller', 'operator', 'service', 'recycler', 'regulator'];

function printParticipant(p: Participant): void {
  printFields([
    ['ID', p.id],
    ['Name', p.name],
    ['English name', p.nameEn],
    ['Country', p.country],
    ['USCC', p.uscc],
    ['Roles', p.roles.join(', ')],
    ['Enterprise code', p.enterpriseCode],
    ['Enrolled', p.createdAt],
  ]);
}

const create = defineCommand({
  name: 'hreg participants create',
  summary: 'Enrol an organisation with its roles (regulator)',
  flags: {
    name: { type: 'string', value: 'NAME', required: true, description: 'official name, in any script (Chinese in practice)' },
    'name-en': { type: 'string', value: 'NAME', description: 'English or pinyin name, shown beside the official one' },
    country: { type: 'string', value: 'CC', required: true, description: 'ISO 3166-1 alpha-2 country code, e.g. CN' },
    roles: { type: 'string', value: 'ROLE,…', required: true, description: `comma-separated roles: ${ROLES.join(', ')}` },
    uscc: { type: 'string', value: 'USCC', description: 'unified social credit code (18 characters), where it has one' },
    ...CLIENT_FLAGS,
  },
  details: 'A manufacturer gets its 4-character enterprise code on enrolment.',
  examples: [
    'hreg participants create --name "杭州星河智能科技有限公司" --name-en "Hangzhou Xinghe Intelligent Technology" --country CN --roles manufacturer,seller --uscc 91330100MA2H0X1234',
  ],
  async action({ flags, json }) {
    const roles = flags.list('roles') ?? [];
    const unknown = roles.filter((r) => !ROLES.includes(r));
    if (unknown.length > 0) throw usageError(`--roles: unknown role(s) ${unknown.join(', ')}; choose from ${ROLES.join(', ')}`);
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
  summary: 'List enrolled organisations (regulator)',
  flags: {
    role: { type: 'string', value: 'ROLE', description: `only participants holding this role (${ROLES.join(', ')})` },
    q: { type: 'string', value: 'TEXT', description: 'only participants whose name or English name holds TEXT (any case or width)' },
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
    if (role !== undefined && !ROLES.includes(role)) throw usageError(`--role must be one of ${ROLES.join(', ')}, not "${role}"`);
    const page = await clientFrom(flags).get<{ items: Participant[]; next: string | null }>('/v1/participants', {
      role,
      q: flags.string('q'),
      limit: flags.limit(),
      after: flags.string('after'),
    });
    if (json) return printJson(page);
    printTable(
      ['ID', 'Name', 'English name', 'Country', 'Roles', 'Enterprise'],
      page.items.map((p) => [p.id, p.name, p.nameEn, p.country, p.roles.join(','), p.enterpriseCode]),
    );
    if (page.next) note(`more: hreg participants list --after ${page.next}`);
  },
});

const show = defineCommand({
  name: 'hreg participants show',
  summary: 'Show one participant',
  args: 'ID',
  positionals: ['ID'],
  flags: CLIENT_FLAGS,
  examples: ['hreg participants show 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f'],
  async action({ flags, positionals, json }) {
    const p = await clientFrom(flags).get<Participant>(`/v1/participants/${seg(positionals[0]!)}`);
    if (json) return printJson(p);
    printParticipant(p);
  },
});

/** participants enrols and reads organisations. */
export const participants = defineGroup(
  'hreg participants',
  'Enrol organisations and read them',
  { create, list, show },
  'hreg participants create --name "ACME Robotics" --country CN --roles manufacturer',
);
