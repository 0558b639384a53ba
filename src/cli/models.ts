import { clientFrom, seg } from './api-client.ts';
import { defineCommand, defineGroup, type Command } from './command.ts';
import { usageError } from './cli-error.ts';
import { CLIENT_FLAGS, pageFlags } from './flags.ts';
import { MODEL_PARAMETER_FLAGS, modelParameters } from './model-parameters.ts';
import { COMPONENT_TYPE } from '../contract/limits.ts';
import { note, printFields, printJson, printTable } from './output.ts';

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
    ['Model', `${m.enterpriseCode} ${m.modelCode}`],
    ['Name', m.name],
    ['English name', m.nameEn],
    ['Category', m.category],
    ['Status', m.status],
    ['Key components', m.componentTypes.join(', ')],
    ['Height / mass', `${String(p.heightCm)} cm / ${String(p.massKg)} kg`],
    ['Degrees of freedom', p.degreesOfFreedom as number],
    ['Payload / top speed', `${String(p.payloadKg)} kg / ${String(p.topSpeedKmh)} km/h`],
    ['Battery', `${String(p.batteryChemistry)}, ${String(p.batteryCapacityWh)} Wh`],
    ['Autonomy', p.autonomyLevel as string],
    ['Applications', Array.isArray(p.applications) ? p.applications.join(', ') : null],
    ['Filed', m.filedAt],
    ['Updated', m.updatedAt],
  ]);
}

const file = defineCommand({
  name: 'hreg models file',
  summary: 'File a product model with its parameters and key component types (manufacturer)',
  flags: {
    name: { type: 'string', value: 'NAME', required: true, description: 'official model name, in any script' },
    'name-en': { type: 'string', value: 'NAME', description: 'English or pinyin name, shown beside the official one' },
    category: { type: 'string', value: 'CATEGORY', required: true, description: 'category, e.g. "general-purpose humanoid"' },
    components: {
      type: 'string',
      value: 'TYPE,…',
      required: true,
      description: 'comma-separated key component types every unit must declare (lower_snake_case)',
    },
    ...MODEL_PARAMETER_FLAGS,
    ...CLIENT_FLAGS,
  },
  details:
    'A filed model starts `filed`; units may be registered but not sold until the regulator approves it.\n' +
    'A --params file holds e.g. {"heightCm":172,"massKg":63,"degreesOfFreedom":43,"payloadKg":20,"topSpeedKmh":7.2,\n' +
    '"batteryChemistry":"NMC","batteryCapacityWh":2100,"autonomyLevel":"L3","applications":["logistics"]}.',
  examples: [
    'hreg models file --name "H1" --category "general-purpose humanoid" --components main_controller,battery_pack --params h1.json',
    'hreg models file --name H1 --category humanoid --components main_controller,battery_pack --height-cm 172 --mass-kg 63 --dof 43 --payload-kg 20 --top-speed-kmh 7.2 --battery-chemistry NMC --battery-wh 2100 --autonomy L3 --applications logistics,retail',
  ],
  async action({ flags, json }) {
    const componentTypes = flags.list('components') ?? [];
    const bad = componentTypes.filter((t) => !COMPONENT_TYPE.test(t));
    if (componentTypes.length === 0 || bad.length > 0)
      throw usageError(
        `--components must be lower_snake_case types such as main_controller,battery_pack${bad.length ? `; bad: ${bad.join(', ')}` : ''}`,
      );
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
  summary: 'List filed models',
  flags: {
    enterprise: { type: 'string', value: 'E', description: "only this manufacturer's models (4-character enterprise code)" },
    q: { type: 'string', value: 'TEXT', description: 'only models whose name or English name holds TEXT (any case or width)' },
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
      ['Enterprise', 'Model', 'Name', 'English name', 'Category', 'Status', 'Key components'],
      page.items.map((m) => [m.enterpriseCode, m.modelCode, m.name, m.nameEn, m.category, m.status, m.componentTypes.join(',')]),
    );
    if (page.next) note(`more: hreg models list --after ${page.next}`);
  },
});

const modelPath = (positionals: string[]) => `/v1/models/${seg(positionals[0]!.toUpperCase())}/${seg(positionals[1]!.toUpperCase())}`;

const show = defineCommand({
  name: 'hreg models show',
  summary: 'Show one model',
  args: 'ENTERPRISE MODEL',
  positionals: ['ENTERPRISE', 'MODEL'],
  flags: CLIENT_FLAGS,
  examples: ['hreg models show 0A1B 00002X'],
  async action({ flags, positionals, json }) {
    const m = await clientFrom(flags).get<Model>(modelPath(positionals));
    if (json) return printJson(m);
    printModel(m);
  },
});

function statusChange(action: 'approve' | 'suspend' | 'withdraw', summary: string): Command {
  return defineCommand({
    name: `hreg models ${action}`,
    summary,
    args: 'ENTERPRISE MODEL',
    positionals: ['ENTERPRISE', 'MODEL'],
    flags: CLIENT_FLAGS,
    examples: [`hreg models ${action} 0A1B 00002X`],
    async action({ flags, positionals, json }) {
      const m = await clientFrom(flags).post<Model>(`${modelPath(positionals)}/${action}`);
      if (json) return printJson(m);
      printModel(m);
    },
  });
}

/** models files product models and changes their type approval. */
export const models = defineGroup(
  'hreg models',
  'File product models and manage their type approval',
  {
    file,
    list,
    show,
    approve: statusChange('approve', 'Grant a model type approval (regulator)'),
    suspend: statusChange('suspend', "Suspend a model's type approval (regulator)"),
    withdraw: statusChange('withdraw', "Withdraw a model's type approval (regulator)"),
  },
  'hreg models approve 0A1B 00002X',
);
