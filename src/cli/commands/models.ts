import { clientFrom, seg } from '../api-client.ts';
import { defineCommand, defineGroup, type Command } from '../command.ts';
import { usageError } from '../cli-error.ts';
import { CLIENT_FLAGS, pageFlags } from '../flags.ts';
import { MODEL_PARAMETER_FLAGS, modelParameters } from './model-parameters.ts';
import { COMPONENT_TYPE } from '../../contract/limits.ts';
import { note, printFields, printJson, printTable } from '../output.ts';
import { t, type Text, word } from '../lang.ts';

/** Model is a filed model as the API returns it. */
interface Model {
  enterpriseCode: string;
  modelCode: string;
  name: string;
  nameEn: string | null;
  category: string;
  parameters: Record<string, unknown>;
  componentTypes: string[];
  status: string;
  filedAt: string;
  updatedAt: string;
}

function printModel(m: Model): void {
  const p = m.parameters;
  printFields([
    ['cli.field.model', `${m.enterpriseCode} ${m.modelCode}`],
    ['cli.field.name', m.name],
    ['cli.field.englishName', m.nameEn],
    ['cli.field.category', m.category],
    ['cli.field.status', word('lifecycle.modelStatus', m.status)],
    ['cli.field.keyComponents', m.componentTypes.join(', ')],
    ['cli.field.heightMass', `${String(p.heightCm)} cm / ${String(p.massKg)} kg`],
    ['cli.field.degreesOfFreedom', p.degreesOfFreedom as number],
    ['cli.field.payloadTopSpeed', `${String(p.payloadKg)} kg / ${String(p.topSpeedKmh)} km/h`],
    ['cli.field.battery', `${String(p.batteryChemistry)}, ${String(p.batteryCapacityWh)} Wh`],
    ['cli.field.autonomy', p.autonomyLevel as string],
    ['cli.field.applications', Array.isArray(p.applications) ? p.applications.join(', ') : null],
    ['cli.field.filed', m.filedAt],
    ['cli.field.updated', m.updatedAt],
  ]);
}

const file = defineCommand({
  name: 'hreg models file',
  summary: 'cli.models.file.summary',
  flags: {
    name: { type: 'string', value: 'NAME', required: true, description: 'cli.models.file.flag.name' },
    'name-en': { type: 'string', value: 'NAME', description: 'cli.models.file.flag.nameEn' },
    category: { type: 'string', value: 'CATEGORY', required: true, description: 'cli.models.file.flag.category' },
    components: {
      type: 'string',
      value: 'TYPE,…',
      required: true,
      description: 'cli.models.file.flag.components',
    },
    ...MODEL_PARAMETER_FLAGS,
    ...CLIENT_FLAGS,
  },
  details: 'cli.models.file.details',
  examples: [
    'hreg models file --name "H1" --category "general-purpose humanoid" --components main_controller,battery_pack --params h1.json',
    'hreg models file --name H1 --category humanoid --components main_controller,battery_pack --height-cm 172 --mass-kg 63 --dof 43 --payload-kg 20 --top-speed-kmh 7.2 --battery-chemistry NMC --battery-wh 2100 --autonomy L3 --applications logistics,retail',
  ],
  async action({ flags, json }) {
    const componentTypes = flags.list('components') ?? [];
    const bad = componentTypes.filter((t) => !COMPONENT_TYPE.test(t));
    if (componentTypes.length === 0 || bad.length > 0)
      throw usageError(bad.length > 0 ? t('cli.models.file.badComponents', { bad: bad.join(', ') }) : t('cli.models.file.noComponents'));
    const body = {
      name: flags.required('name'),
      ...(flags.string('name-en') ? { nameEn: flags.string('name-en') } : {}),
      category: flags.required('category'),
      parameters: modelParameters(flags),
      componentTypes,
    };
    const m = await clientFrom(flags).post<Model>('/v1/models', body);
    if (json) return printJson(m);
    printModel(m);
  },
});

const list = defineCommand({
  name: 'hreg models list',
  summary: 'cli.models.list.summary',
  flags: {
    enterprise: { type: 'string', value: 'E', description: 'cli.models.list.flag.enterprise' },
    q: { type: 'string', value: 'TEXT', description: 'cli.models.list.flag.q' },
    ...pageFlags(),
    ...CLIENT_FLAGS,
  },
  examples: ['hreg models list --enterprise 0A1B', 'hreg models list --q 星河'],
  async action({ flags, json }) {
    const page = await clientFrom(flags).get<{ items: Model[]; next: string | null }>('/v1/models', {
      enterprise: flags.string('enterprise')?.toUpperCase(),
      q: flags.string('q'),
      limit: flags.limit(),
      after: flags.string('after'),
    });
    if (json) return printJson(page);
    printTable(
      [
        'cli.field.enterprise',
        'cli.field.model',
        'cli.field.name',
        'cli.field.englishName',
        'cli.field.category',
        'cli.field.status',
        'cli.field.keyComponents',
      ],
      page.items.map((m) => [
        m.enterpriseCode,
        m.modelCode,
        m.name,
        m.nameEn,
        m.category,
        word('lifecycle.modelStatus', m.status),
        m.componentTypes.join(','),
      ]),
    );
    if (page.next) note(t('cli.output.more', { command: `hreg models list --after ${page.next}` }));
  },
});

const modelPath = (arg: (i: number) => string) => `/v1/models/${seg(arg(0).toUpperCase())}/${seg(arg(1).toUpperCase())}`;

const show = defineCommand({
  name: 'hreg models show',
  summary: 'cli.models.show.summary',
  args: 'ENTERPRISE MODEL',
  positionals: ['ENTERPRISE', 'MODEL'],
  flags: CLIENT_FLAGS,
  examples: ['hreg models show 0A1B 00002X'],
  async action({ flags, arg, json }) {
    const m = await clientFrom(flags).get<Model>(modelPath(arg));
    if (json) return printJson(m);
    printModel(m);
  },
});

function statusChange(action: 'approve' | 'suspend' | 'withdraw', summary: Text): Command {
  return defineCommand({
    name: `hreg models ${action}`,
    summary,
    args: 'ENTERPRISE MODEL',
    positionals: ['ENTERPRISE', 'MODEL'],
    flags: CLIENT_FLAGS,
    examples: [`hreg models ${action} 0A1B 00002X`],
    async action({ flags, arg, json }) {
      const m = await clientFrom(flags).post<Model>(`${modelPath(arg)}/${action}`);
      if (json) return printJson(m);
      printModel(m);
    },
  });
}

/** models files product models and changes their type approval. */
export const models = defineGroup(
  'hreg models',
  'cli.models.summary',
  {
    file,
    list,
    show,
    approve: statusChange('approve', 'cli.models.approve.summary'),
    suspend: statusChange('suspend', 'cli.models.suspend.summary'),
    withdraw: statusChange('withdraw', 'cli.models.withdraw.summary'),
  },
  'hreg models approve 0A1B 00002X',
);
