import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { clientFrom, seg } from '../api-client.ts';
import { usageError } from '../cli-error.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { CLIENT_FLAGS, PUBLIC_CLIENT_FLAGS } from '../flags.ts';
import { note, printFields, printJson, printTable } from '../output.ts';
import { t } from '../lang.ts';
import type { SoftwareVersionBody as SoftwareVersion } from '../../contract/software.ts';

const yes = (b: boolean) => (b ? t('cli.word.yes') : t('cli.word.no'));

function printVersion(v: SoftwareVersion): void {
  printFields([
    ['cli.software.field.model', `${v.enterprise}/${v.model}`],
    ['cli.software.field.version', v.version],
    ['cli.software.field.key', v.key],
    ['cli.software.field.identifier', v.identifier],
    ['cli.software.field.released', v.releasedOn],
    ['cli.software.field.safety', yes(v.safetyRelevant)],
    ['cli.software.field.sha256', v.sha256],
    ['cli.software.field.blocked', yes(v.blocked)],
    ['cli.software.field.current', yes(v.current)],
  ]);
  for (const d of v.decisions) note(t('cli.software.decision', { action: d.action, at: d.decidedAt, reason: d.reason }));
}

const MODEL = 'ENTERPRISE/MODEL';
const modelPath = (s: string) => {
  const [e, m] = s.toUpperCase().split('/');
  if (!e || !m) throw usageError(t('cli.software.modelArg'));
  return `/v1/models/${seg(e)}/${seg(m)}/software`;
};

const file = defineCommand({
  name: 'hreg software file',
  summary: 'cli.software.file.summary',
  args: `${MODEL} VERSION --identifier ID --released YYYY-MM-DD --changes TEXT (--sha256 HEX | --artefact FILE) [--safety-relevant]`,
  positionals: [MODEL, 'VERSION'],
  flags: {
    identifier: { type: 'string', value: 'ID', required: true, description: 'cli.software.flag.identifier' },
    released: { type: 'string', value: 'YYYY-MM-DD', required: true, description: 'cli.software.flag.released' },
    changes: { type: 'string', value: 'TEXT', required: true, description: 'cli.software.flag.changes' },
    sha256: { type: 'string', value: 'HEX', description: 'cli.software.flag.sha256' },
    artefact: { type: 'string', value: 'FILE', description: 'cli.software.flag.artefact' },
    'safety-relevant': { type: 'boolean', description: 'cli.software.flag.safety' },
    ...CLIENT_FLAGS,
  },
  details: 'cli.software.file.details',
  examples: [
    'hreg software file 0001/00002X 2.1.0 --identifier HX-OS --released 2026-11-20 --changes "gait fix on slopes" --artefact hx-os-2.1.0.bin --safety-relevant',
  ],
  async action({ flags, arg, json }) {
    const artefact = flags.string('artefact');
    const given = flags.string('sha256');
    if (!!artefact === !!given) throw usageError(t('cli.software.digestOne'));
    const sha256 = artefact ? createHash('sha256').update(readFileSync(artefact)).digest('hex') : String(given);
    const v = await clientFrom(flags).post<SoftwareVersion>(modelPath(arg(0)), {
      identifier: flags.required('identifier'),
      version: arg(1),
      releasedOn: flags.required('released'),
      changes: flags.required('changes'),
      safetyRelevant: flags.bool('safety-relevant'),
      sha256,
    });
    if (json) return printJson(v);
    printVersion(v);
  },
});

const list = defineCommand({
  name: 'hreg software list',
  summary: 'cli.software.list.summary',
  args: MODEL,
  positionals: [MODEL],
  flags: PUBLIC_CLIENT_FLAGS,
  examples: ['hreg software list 0001/00002X'],
  async action({ flags, arg, json }) {
    const res = await clientFrom(flags, { anonymous: true }).get<{ items: SoftwareVersion[] }>(modelPath(arg(0)));
    if (json) return printJson(res);
    printTable(
      [
        'cli.software.field.version',
        'cli.software.field.key',
        'cli.software.field.released',
        'cli.software.field.safety',
        'cli.software.field.blocked',
        'cli.software.field.current',
      ],
      res.items.map((v) => [v.version, v.key, v.releasedOn, yes(v.safetyRelevant), yes(v.blocked), yes(v.current)]),
    );
  },
});

const decide = (action: 'block' | 'unblock') =>
  defineCommand({
    name: `hreg software ${action}`,
    summary: action === 'block' ? 'cli.software.block.summary' : 'cli.software.unblock.summary',
    args: `${MODEL} VERSION --reason TEXT`,
    positionals: [MODEL, 'VERSION'],
    flags: { reason: { type: 'string', value: 'TEXT', required: true, description: 'cli.software.flag.reason' }, ...CLIENT_FLAGS },
    examples: [
      `hreg software ${action} 0001/00002X 2.0.0 --reason "${action === 'block' ? 'unbounded joint torque' : 'fixed in 2.0.1 firmware'}"`,
    ],
    async action({ flags, arg, json }) {
      const v = await clientFrom(flags).post<SoftwareVersion>(`${modelPath(arg(0))}/${seg(arg(1))}/${action}`, {
        reason: flags.required('reason'),
      });
      if (json) return printJson(v);
      printVersion(v);
    },
  });

const update = defineCommand({
  name: 'hreg software update',
  summary: 'cli.software.update.summary',
  args: 'CODE --campaign ID --from VERSION --to VERSION',
  positionals: ['CODE'],
  flags: {
    campaign: { type: 'string', value: 'ID', required: true, description: 'cli.software.flag.campaign' },
    from: { type: 'string', value: 'VERSION', required: true, description: 'cli.software.flag.from' },
    to: { type: 'string', value: 'VERSION', required: true, description: 'cli.software.flag.to' },
    ...CLIENT_FLAGS,
  },
  details: 'cli.software.update.details',
  examples: ['hreg software update CN-0001-00002X-261120-000001-Q --campaign 6f1c… --from 2.0.0 --to 2.1.0'],
  async action({ flags, arg, json }) {
    const code = arg(0).replace(/[\s-]/g, '').toUpperCase();
    const e = await clientFrom(flags).post<{ seq: number; logIndex: number; data: { from: string; to: string } }>(
      `/v1/robots/${seg(code)}/events`,
      {
        type: 'software_updated',
        data: { campaignId: flags.required('campaign'), from: flags.required('from'), to: flags.required('to') },
      },
    );
    if (json) return printJson(e);
    note(t('cli.software.updated', { code, from: e.data.from, to: e.data.to, logIndex: e.logIndex }));
  },
});

/** software files a model's software versions, lists them, blocks and unblocks them, and reports a unit's update. */
export const software = defineGroup(
  'hreg software',
  'cli.software.summary',
  { file, list, block: decide('block'), unblock: decide('unblock'), update },
  'hreg software list 0001/00002X',
);
