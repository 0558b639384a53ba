import { clientFrom, seg } from '../api-client.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { CLIENT_FLAGS } from '../flags.ts';
import { note, printFields, printJson, printTable } from '../output.ts';
import { t } from '../lang.ts';
import type { CampaignBody as Campaign } from '../../contract/software.ts';

const yes = (b: boolean) => (b ? t('cli.word.yes') : t('cli.word.no'));

function printCampaign(c: Campaign): void {
  printFields([
    ['cli.campaigns.field.id', c.id],
    ['cli.campaigns.field.models', `${c.enterprise}/${c.models.join(',')}`],
    ['cli.campaigns.field.versions', `${c.fromVersions.join(', ')} → ${c.toVersion}`],
    ['cli.software.field.safety', yes(c.safetyRelevant)],
    ['cli.campaigns.field.summary', c.safetySummary],
    ['cli.campaigns.field.start', c.plannedStart],
    ['cli.campaigns.field.acknowledged', c.acknowledgedAt ?? t('cli.word.no')],
    ['cli.campaigns.field.cleared', c.clearedAt ?? ''],
  ]);
}

const file = defineCommand({
  name: 'hreg campaigns file',
  summary: 'cli.campaigns.file.summary',
  args: '--models M,… --from V,… --to V --summary TEXT [--start ISO] [--produced-from D] [--produced-to D] [--codes-from C --codes-to C]',
  flags: {
    models: { type: 'string', value: 'M,…', required: true, description: 'cli.campaigns.flag.models' },
    from: { type: 'string', value: 'V,…', required: true, description: 'cli.campaigns.flag.from' },
    to: { type: 'string', value: 'V', required: true, description: 'cli.campaigns.flag.to' },
    summary: { type: 'string', value: 'TEXT', required: true, description: 'cli.campaigns.flag.summary' },
    start: { type: 'string', value: 'ISO', description: 'cli.campaigns.flag.start' },
    'produced-from': { type: 'string', value: 'YYYY-MM-DD', description: 'cli.recalls.flag.producedFrom' },
    'produced-to': { type: 'string', value: 'YYYY-MM-DD', description: 'cli.recalls.flag.producedTo' },
    'codes-from': { type: 'string', value: 'CODE', description: 'cli.recalls.flag.codesFrom' },
    'codes-to': { type: 'string', value: 'CODE', description: 'cli.recalls.flag.codesTo' },
    ...CLIENT_FLAGS,
  },
  details: 'cli.campaigns.file.details',
  examples: ['hreg campaigns file --models 00002X --from 2.0.0 --to 2.1.0 --summary "gait fix; motion limits unchanged"'],
  async action({ flags, json }) {
    const scope: Record<string, unknown> = {};
    const pf = flags.string('produced-from');
    const pt = flags.string('produced-to');
    if (pf || pt) scope.productionDate = { ...(pf ? { from: pf } : {}), ...(pt ? { to: pt } : {}) };
    const cf = flags.string('codes-from');
    const ct = flags.string('codes-to');
    if (cf && ct) scope.codes = { from: cf.replace(/[\s-]/g, '').toUpperCase(), to: ct.replace(/[\s-]/g, '').toUpperCase() };
    const res = await clientFrom(flags).post<{ campaign: Campaign; units: number }>('/v1/campaigns', {
      models: (flags.list('models') ?? []).map((m) => m.toUpperCase()),
      fromVersions: flags.list('from') ?? [],
      toVersion: flags.required('to'),
      safetySummary: flags.required('summary'),
      plannedStart: flags.string('start') ?? new Date().toISOString(),
      scope,
    });
    if (json) return printJson(res);
    printCampaign(res.campaign);
    note(t('cli.campaigns.reached', { count: res.units }));
  },
});

const list = defineCommand({
  name: 'hreg campaigns list',
  summary: 'cli.campaigns.list.summary',
  flags: CLIENT_FLAGS,
  examples: ['hreg campaigns list'],
  async action({ flags, json }) {
    const res = await clientFrom(flags).get<{ items: Campaign[] }>('/v1/campaigns');
    if (json) return printJson(res);
    printTable(
      [
        'cli.campaigns.field.id',
        'cli.campaigns.field.models',
        'cli.campaigns.field.versions',
        'cli.software.field.safety',
        'cli.campaigns.field.cleared',
      ],
      res.items.map((c) => [
        c.id,
        `${c.enterprise}/${c.models.join(',')}`,
        `${c.fromVersions.join(',')} → ${c.toVersion}`,
        yes(c.safetyRelevant),
        c.clearedAt ?? '',
      ]),
    );
  },
});

interface Progress {
  units: number;
  updated: number;
  completion: number;
}

const show = defineCommand({
  name: 'hreg campaigns show',
  summary: 'cli.campaigns.show.summary',
  args: 'CAMPAIGN_ID',
  positionals: ['CAMPAIGN_ID'],
  flags: CLIENT_FLAGS,
  examples: ['hreg campaigns show 6f1c…'],
  async action({ flags, arg, json }) {
    const c = await clientFrom(flags).get<
      Campaign & { totals: Progress; byModel: (Progress & { model: string })[]; byProvince: (Progress & { province: string })[] }
    >(`/v1/campaigns/${seg(arg(0))}`);
    if (json) return printJson(c);
    printCampaign(c);
    const pct = (p: Progress) => `${(p.completion * 100).toFixed(1)} %`;
    printTable(
      ['cli.field.model', 'cli.field.units', 'cli.campaigns.field.updated', 'cli.field.completion'],
      c.byModel.map((m) => [m.model, m.units, m.updated, pct(m)]),
    );
    printTable(
      ['cli.field.province', 'cli.field.units', 'cli.campaigns.field.updated', 'cli.field.completion'],
      c.byProvince.map((m) => [m.province, m.units, m.updated, pct(m)]),
    );
    note(t('cli.campaigns.total', { units: c.totals.units, updated: c.totals.updated, completion: pct(c.totals) }));
  },
});

const acknowledge = defineCommand({
  name: 'hreg campaigns acknowledge',
  summary: 'cli.campaigns.acknowledge.summary',
  args: 'CAMPAIGN_ID',
  positionals: ['CAMPAIGN_ID'],
  flags: CLIENT_FLAGS,
  examples: ['hreg campaigns acknowledge 6f1c…'],
  async action({ flags, arg, json }) {
    const c = await clientFrom(flags).post<Campaign>(`/v1/campaigns/${seg(arg(0))}/acknowledge`);
    if (json) return printJson(c);
    printCampaign(c);
  },
});

/** campaigns files OTA campaigns, lists and shows them with their progress, and acknowledges safety-relevant ones. */
export const campaigns = defineGroup(
  'hreg campaigns',
  'cli.campaigns.summary',
  { file, list, show, acknowledge },
  'hreg campaigns show 6f1c…',
);
