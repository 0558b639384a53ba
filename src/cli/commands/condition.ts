/**
 * Model revisions, usage readings, condition brands and insurers from the
 * command line (issue #15, items 4–6): `hreg revisions`, `hreg usage`,
 * `hreg brand` and `hreg insurer`.
 */
import { clientFrom, seg } from '../api-client.ts';
import { defineCommand, defineGroup, type Command } from '../command.ts';
import { usageError } from '../cli-error.ts';
import { CLIENT_FLAGS, PUBLIC_CLIENT_FLAGS } from '../flags.ts';
import { COMPONENT_TYPE } from '../../contract/limits.ts';
import type { Revision } from '../../contract/revisions.ts';
import type { BrandList } from '../../contract/condition.ts';
import { printFields, printJson, printTable } from '../output.ts';
import { t, word } from '../lang.ts';
import { EVENT_DETAILS, EVENT_FLAGS, idFlag, isoFlag, recordAndPrint } from './event-record.ts';
import { MODEL_PARAMETER_FLAGS, modelParameters } from './model-parameters.ts';

const CODE_EXAMPLE = 'CN-0A1B-00002X-261120000000001K7';
const modelPath = (arg: (i: number) => string) => `/v1/models/${seg(arg(0).toUpperCase())}/${seg(arg(1).toUpperCase())}`;

function printRevisions(items: Revision[]): void {
  printTable(
    ['condition.revision', 'cli.field.status', 'condition.revisionChanges', 'cli.field.keyComponents', 'cli.field.filed'],
    items.map((r) => [
      r.revision,
      r.status === 'model' ? t('cli.revisions.asFiled') : word('lifecycle.revisionStatus', r.status),
      r.changes.join(', '),
      r.componentTypes.join(','),
      r.filedAt,
    ]),
  );
}

const list = defineCommand({
  name: 'hreg revisions list',
  summary: 'cli.revisions.list.summary',
  args: 'ENTERPRISE MODEL',
  positionals: ['ENTERPRISE', 'MODEL'],
  flags: PUBLIC_CLIENT_FLAGS,
  examples: ['hreg revisions list 0A1B 00002X'],
  async action({ flags, arg, json }) {
    const page = await clientFrom(flags).get<{ items: Revision[] }>(`${modelPath(arg)}/revisions`);
    if (json) return printJson(page);
    printRevisions(page.items);
  },
});

const file = defineCommand({
  name: 'hreg revisions file',
  summary: 'cli.revisions.file.summary',
  args: 'ENTERPRISE MODEL',
  positionals: ['ENTERPRISE', 'MODEL'],
  flags: {
    summary: { type: 'string', value: 'TEXT', required: true, description: 'cli.revisions.file.flag.summary' },
    components: { type: 'string', value: 'TYPE,…', required: true, description: 'cli.models.file.flag.components' },
    ...MODEL_PARAMETER_FLAGS,
    ...CLIENT_FLAGS,
  },
  details: 'cli.revisions.file.details',
  examples: [
    'hreg revisions file 0A1B 00002X --params h1-rev2.json --components main_controller,battery_pack --summary "3 kWh battery pack"',
  ],
  async action({ flags, arg, json }) {
    const componentTypes = flags.list('components') ?? [];
    const bad = componentTypes.filter((c) => !COMPONENT_TYPE.test(c));
    if (componentTypes.length === 0 || bad.length > 0)
      throw usageError(bad.length > 0 ? t('cli.models.file.badComponents', { bad: bad.join(', ') }) : t('cli.models.file.noComponents'));
    const body = { parameters: modelParameters(flags), componentTypes, summary: flags.required('summary') };
    const r = await clientFrom(flags).post<Revision>(`${modelPath(arg)}/revisions`, body);
    if (json) return printJson(r);
    printRevisions([r]);
  },
});

function decision(action: 'approve' | 'refuse'): Command {
  return defineCommand({
    name: `hreg revisions ${action}`,
    summary: action === 'approve' ? 'cli.revisions.approve.summary' : 'cli.revisions.refuse.summary',
    args: 'ENTERPRISE MODEL REVISION',
    positionals: ['ENTERPRISE', 'MODEL', 'REVISION'],
    flags: CLIENT_FLAGS,
    examples: [`hreg revisions ${action} 0A1B 00002X 2`],
    async action({ flags, arg, json }) {
      const r = await clientFrom(flags).post<Revision>(`${modelPath(arg)}/revisions/${seg(arg(2))}/${action}`);
      if (json) return printJson(r);
      printRevisions([r]);
    },
  });
}

/** revisions files, lists and decides model revisions. */
export const revisions = defineGroup(
  'hreg revisions',
  'cli.revisions.summary',
  { list, file, approve: decision('approve'), refuse: decision('refuse') },
  'hreg revisions list 0A1B 00002X',
);

/** usage records the owner's usage reading (never lower than the last). */
export const usage = defineCommand({
  name: 'hreg usage',
  summary: 'cli.usage.summary',
  args: 'CODE --hours N --cycles N',
  positionals: ['CODE'],
  flags: {
    hours: { type: 'string', value: 'N', required: true, description: 'cli.usage.flag.hours' },
    cycles: { type: 'string', value: 'N', required: true, description: 'cli.usage.flag.cycles' },
    ...EVENT_FLAGS,
  },
  details: ['cli.usage.details', EVENT_DETAILS],
  examples: [`hreg usage ${CODE_EXAMPLE} --hours 1250.5 --cycles 48210`],
  async action({ flags, arg, json }) {
    const hours = flags.number('hours');
    const cycles = flags.int('cycles', 0, 1_000_000_000_000);
    await recordAndPrint(flags, arg(0), 'usage_reported', { hours, cycles }, json);
  },
});

const record = defineCommand({
  name: 'hreg brand record',
  summary: 'cli.brand.record.summary',
  args: 'CODE --brand B --evidence TEXT',
  positionals: ['CODE'],
  flags: {
    brand: { type: 'string', value: 'BRAND', required: true, description: 'cli.brand.flag.brand' },
    evidence: { type: 'string', value: 'TEXT', required: true, description: 'cli.brand.flag.evidence' },
    ...EVENT_FLAGS,
  },
  details: ['cli.brand.record.details', EVENT_DETAILS],
  examples: [`hreg brand record ${CODE_EXAMPLE} --brand water_damaged --evidence "Flood survey FS-22"`],
  async action({ flags, arg, json }) {
    await recordAndPrint(flags, arg(0), 'brand_recorded', { brand: flags.required('brand'), evidence: flags.required('evidence') }, json);
  },
});

const correct = defineCommand({
  name: 'hreg brand correct',
  summary: 'cli.brand.correct.summary',
  args: 'CODE --brand B --correction TEXT',
  positionals: ['CODE'],
  flags: {
    brand: { type: 'string', value: 'BRAND', required: true, description: 'cli.brand.flag.brand' },
    correction: { type: 'string', value: 'TEXT', required: true, description: 'cli.brand.flag.correction' },
    ...EVENT_FLAGS,
  },
  details: ['cli.brand.correct.details', EVENT_DETAILS],
  examples: [`hreg brand correct ${CODE_EXAMPLE} --brand major_collision --correction "Damage was cosmetic"`],
  async action({ flags, arg, json }) {
    await recordAndPrint(
      flags,
      arg(0),
      'brand_corrected',
      { brand: flags.required('brand'), correction: flags.required('correction') },
      json,
    );
  },
});

const show = defineCommand({
  name: 'hreg brand list',
  summary: 'cli.brand.list.summary',
  args: 'CODE',
  positionals: ['CODE'],
  flags: PUBLIC_CLIENT_FLAGS,
  examples: [`hreg brand list ${CODE_EXAMPLE}`],
  async action({ flags, arg, json }) {
    const b = await clientFrom(flags).get<BrandList>(`/v1/robots/${seg(arg(0))}/brands`);
    if (json) return printJson(b);
    printFields([
      ['condition.brands', b.brands.length ? b.brands.map((x) => word('lifecycle.brand', x)).join(', ') : t('condition.noBrands')],
    ]);
    if (b.records.length > 0)
      printTable(
        ['condition.brands', 'cli.field.seq', 'cli.field.recorded', 'condition.correction', 'condition.carriedFrom'],
        b.records.map((r) => [
          word('lifecycle.brand', r.brand),
          r.seq,
          r.recordedAt,
          r.correctedSeq,
          r.carriedFrom ? `${r.carriedFrom.code} #${r.carriedFrom.seq}` : '',
        ]),
      );
  },
});

/** brand records, annotates and lists a unit's permanent condition brands. */
export const brand = defineGroup(
  'hreg brand',
  'cli.brand.summary',
  { record, correct, list: show },
  'hreg brand list CN-0A1B-00002X-261120000000001K7',
);

const name = defineCommand({
  name: 'hreg insurer name',
  summary: 'cli.insurer.name.summary',
  args: 'CODE --insurer ID --expires TIME',
  positionals: ['CODE'],
  flags: {
    insurer: { type: 'string', value: 'PARTICIPANT_ID', required: true, description: 'cli.insurer.flag.insurer' },
    expires: { type: 'string', value: 'TIME', required: true, description: 'cli.insurer.flag.expires' },
    policy: { type: 'string', value: 'TEXT', description: 'cli.insurer.flag.policy' },
    ...EVENT_FLAGS,
  },
  details: ['cli.insurer.name.details', EVENT_DETAILS],
  examples: [
    `hreg insurer name ${CODE_EXAMPLE} --insurer 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b --expires 2027-12-31T00:00:00Z --policy P-88`,
  ],
  async action({ flags, arg, json }) {
    const policy = flags.string('policy');
    const data = { insurer: idFlag(flags, 'insurer', true), expiresAt: isoFlag(flags, 'expires'), ...(policy ? { policy } : {}) };
    await recordAndPrint(flags, arg(0), 'insurer_named', data, json);
  },
});

const revoke = defineCommand({
  name: 'hreg insurer revoke',
  summary: 'cli.insurer.revoke.summary',
  args: 'CODE --insurer ID',
  positionals: ['CODE'],
  flags: {
    insurer: { type: 'string', value: 'PARTICIPANT_ID', required: true, description: 'cli.insurer.flag.insurer' },
    ...EVENT_FLAGS,
  },
  examples: [`hreg insurer revoke ${CODE_EXAMPLE} --insurer 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b`],
  async action({ flags, arg, json }) {
    await recordAndPrint(flags, arg(0), 'insurer_revoked', { insurer: idFlag(flags, 'insurer', true) }, json);
  },
});

/** insurer names and removes the insurer of a unit (its owner). */
export const insurer = defineGroup(
  'hreg insurer',
  'cli.insurer.summary',
  { name, revoke },
  'hreg insurer name CN-0A1B-00002X-261120000000001K7 --insurer ID --expires 2027-12-31T00:00:00Z',
);
