import { readFileSync } from 'node:fs';
import { clientFrom, seg } from '../api-client.ts';
import { usageError } from '../cli-error.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { CLIENT_FLAGS, pageFlags, PUBLIC_CLIENT_FLAGS, type Flags, type FlagSpecs } from '../flags.ts';
import { note, printFields, printJson, printTable } from '../output.ts';
import { t, word } from '../lang.ts';

interface Recall {
  id: string;
  kind: string;
  enterprise: string | null;
  scope: Record<string, unknown>;
  hazard: string;
  severity: string;
  remedy: string;
  stopSale: boolean;
  stopUse: boolean;
  issuedAt: string;
  closedAt: string | null;
  version: number;
}

const SCOPE_FLAGS: FlagSpecs = {
  enterprise: {
    type: 'string',
    value: 'E',
    description: 'cli.recalls.flag.enterprise',
  },
  models: { type: 'string', value: 'M,…', description: 'cli.recalls.flag.models' },
  'produced-from': { type: 'string', value: 'YYYY-MM-DD', description: 'cli.recalls.flag.producedFrom' },
  'produced-to': { type: 'string', value: 'YYYY-MM-DD', description: 'cli.recalls.flag.producedTo' },
  'codes-from': { type: 'string', value: 'CODE', description: 'cli.recalls.flag.codesFrom' },
  'codes-to': { type: 'string', value: 'CODE', description: 'cli.recalls.flag.codesTo' },
  'component-type': { type: 'string', value: 'TYPE', description: 'cli.recalls.flag.componentType' },
  'component-maker': { type: 'string', value: 'MAKER', description: 'cli.recalls.flag.componentMaker' },
  lots: { type: 'string', value: 'LOT,…', description: 'cli.recalls.flag.lots' },
  'scope-file': {
    type: 'string',
    value: 'FILE',
    description: 'cli.recalls.flag.scopeFile',
  },
};

const TERM_FLAGS: FlagSpecs = {
  hazard: { type: 'string', value: 'TEXT', description: 'cli.recalls.flag.hazard' },
  severity: { type: 'string', value: 'low|medium|high|critical', description: 'cli.recalls.flag.severity' },
  remedy: { type: 'string', value: 'REMEDY', description: 'cli.recalls.flag.remedy' },
  'stop-sale': { type: 'boolean', description: 'cli.recalls.flag.stopSale' },
  'stop-use': { type: 'boolean', description: 'cli.recalls.flag.stopUse' },
};

const compact = (s: string) => s.replace(/[\s-]/g, '').toUpperCase();

/** scopeFrom builds a recall scope from the flags, or reads --scope-file; undefined when none is given. */
function scopeFrom(flags: Flags): Record<string, unknown> | undefined {
  const file = flags.string('scope-file');
  if (file) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const scope: Record<string, unknown> = {};
  const e = flags.string('enterprise');
  if (e) scope.enterprise = e.toUpperCase();
  const models = flags.list('models');
  if (models?.length) scope.models = models.map((m) => m.toUpperCase());
  const from = flags.string('produced-from');
  const to = flags.string('produced-to');
  if (from || to) scope.productionDate = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const cf = flags.string('codes-from');
  const ct = flags.string('codes-to');
  if (!!cf !== !!ct) throw usageError(t('cli.recalls.codesTogether'));
  if (cf && ct) scope.codes = { from: compact(cf), to: compact(ct) };
  const type = flags.string('component-type');
  if (type) {
    const lots = flags.list('lots');
    const maker = flags.string('component-maker');
    scope.component = { type, ...(maker ? { maker } : {}), ...(lots?.length ? { lots } : {}) };
  } else if (flags.string('component-maker') || flags.list('lots')) throw usageError(t('cli.recalls.componentNeedsType'));
  return Object.keys(scope).length ? scope : undefined;
}

function printRecall(r: Recall & { affected?: number; joined?: number }): void {
  printFields([
    ['cli.field.recall', r.id],
    ['cli.field.kind', word('lifecycle.recallKind', r.kind)],
    ['cli.field.enterprise', r.enterprise ?? t('cli.word.all')],
    ['cli.field.scope', JSON.stringify(r.scope)],
    ['cli.field.hazard', r.hazard],
    ['cli.field.severity', word('lifecycle.recallSeverity', r.severity)],
    ['cli.field.remedy', word('lifecycle.remedy', r.remedy)],
    [
      'cli.field.stopsSaleUse',
      `${r.stopSale ? t('cli.word.yes') : t('cli.word.no')} / ${r.stopUse ? t('cli.word.yes') : t('cli.word.no')}`,
    ],
    ['cli.field.issued', r.issuedAt],
    ['cli.field.closed', r.closedAt ?? t('cli.recalls.open')],
    ['cli.field.version', r.version],
  ]);
}

const issue = defineCommand({
  name: 'hreg recalls issue',
  summary: 'cli.recalls.issue.summary',
  flags: {
    ...SCOPE_FLAGS,
    ...TERM_FLAGS,
    campaign: { type: 'string', value: 'CAMPAIGN_ID', description: 'cli.recalls.flag.campaign' },
    ...CLIENT_FLAGS,
  },
  details: 'cli.recalls.issue.details',
  examples: [
    'hreg recalls issue --models 00002X --produced-from 2026-01-01 --produced-to 2026-03-31 --hazard "knee actuator may lock" --severity high --remedy repair --stop-sale',
    'hreg recalls issue --component-type battery_pack --component-maker "Cells Co" --lots L7,L8 --hazard "thermal runaway" --severity critical --remedy part_replacement --stop-sale --stop-use',
    'hreg recalls issue --models 00002X --hazard "balance loop may oscillate" --severity high --remedy software_update --stop-sale --campaign 6f1c…',
  ],
  async action({ flags, json }) {
    const scope = scopeFrom(flags);
    if (!scope) throw usageError(t('cli.recalls.noScope'));
    const campaign = flags.string('campaign');
    const body = {
      scope,
      hazard: flags.required('hazard'),
      severity: flags.required('severity'),
      remedy: flags.required('remedy'),
      stopSale: flags.bool('stop-sale'),
      stopUse: flags.bool('stop-use'),
      ...(campaign ? { campaignId: campaign } : {}),
    };
    const res = await clientFrom(flags).post<{ recall: Recall; affected: number }>('/v1/recalls', body);
    if (json) return printJson(res);
    printRecall(res.recall);
    note(t('cli.recalls.affected', { count: res.affected }));
  },
});

const amend = defineCommand({
  name: 'hreg recalls amend',
  summary: 'cli.recalls.amend.summary',
  args: 'RECALL_ID',
  positionals: ['RECALL_ID'],
  flags: { ...SCOPE_FLAGS, ...TERM_FLAGS, ...CLIENT_FLAGS },
  details: 'cli.recalls.amend.details',
  examples: ['hreg recalls amend 6f1c… --produced-to 2026-06-30 --models 00002X'],
  async action({ flags, arg, json }) {
    const body: Record<string, unknown> = {};
    const scope = scopeFrom(flags);
    if (scope) body.scope = scope;
    for (const k of ['hazard', 'severity', 'remedy'] as const) if (flags.string(k)) body[k] = flags.string(k);
    if (flags.bool('stop-sale')) body.stopSale = true;
    if (flags.bool('stop-use')) body.stopUse = true;
    if (Object.keys(body).length === 0) throw usageError(t('cli.recalls.nothingToAmend'));
    const res = await clientFrom(flags).post<{ recall: Recall; joined: number }>(`/v1/recalls/${seg(arg(0))}/amend`, body);
    if (json) return printJson(res);
    printRecall(res.recall);
    note(t('cli.recalls.joined', { count: res.joined }));
  },
});

const close = defineCommand({
  name: 'hreg recalls close',
  summary: 'cli.recalls.close.summary',
  args: 'RECALL_ID',
  positionals: ['RECALL_ID'],
  flags: CLIENT_FLAGS,
  examples: ['hreg recalls close 6f1c…'],
  async action({ flags, arg, json }) {
    const r = await clientFrom(flags).post<Recall>(`/v1/recalls/${seg(arg(0))}/close`);
    if (json) return printJson(r);
    printRecall(r);
  },
});

interface Progress {
  units: number;
  notified: number;
  remedied: number;
  completion: number;
}

const show = defineCommand({
  name: 'hreg recalls show',
  summary: 'cli.recalls.show.summary',
  args: 'RECALL_ID',
  positionals: ['RECALL_ID'],
  flags: PUBLIC_CLIENT_FLAGS,
  examples: ['hreg recalls show 6f1c…'],
  async action({ flags, arg, json }) {
    const r = await clientFrom(flags, { anonymous: true }).get<
      Recall & { totals: Progress; byModel: (Progress & { model: string })[]; byProvince: (Progress & { province: string })[] }
    >(`/v1/recalls/${seg(arg(0))}`);
    if (json) return printJson(r);
    printRecall(r);
    const pct = (p: Progress) => `${(p.completion * 100).toFixed(1)} %`;
    printTable(
      ['cli.field.model', 'cli.field.units', 'cli.field.notified', 'cli.field.remedied', 'cli.field.completion'],
      r.byModel.map((m) => [m.model, m.units, m.notified, m.remedied, pct(m)]),
    );
    printTable(
      ['cli.field.province', 'cli.field.units', 'cli.field.notified', 'cli.field.remedied', 'cli.field.completion'],
      r.byProvince.map((m) => [m.province, m.units, m.notified, m.remedied, pct(m)]),
    );
    note(t('cli.recalls.total', { units: r.totals.units, remedied: r.totals.remedied, completion: pct(r.totals) }));
  },
});

const robots = defineCommand({
  name: 'hreg recalls robots',
  summary: 'cli.recalls.robots.summary',
  args: 'RECALL_ID',
  positionals: ['RECALL_ID'],
  flags: {
    ...pageFlags('CODE'),
    ...CLIENT_FLAGS,
  },
  examples: ['hreg recalls robots 6f1c… --limit 500'],
  async action({ flags, arg, json }) {
    const page = await clientFrom(flags).get<{
      items: {
        code: string;
        status: string;
        notified: boolean;
        remedied: boolean;
        ownerId?: string;
        site?: { province?: string; city?: string } | null;
      }[];
      next: string | null;
    }>(`/v1/recalls/${seg(arg(0))}/robots`, { limit: flags.limit(), after: flags.string('after') });
    if (json) return printJson(page);
    printTable(
      ['cli.field.code', 'cli.field.status', 'cli.field.notified', 'cli.field.remedied', 'cli.field.owner', 'cli.field.site'],
      page.items.map((u) => [
        u.code,
        word('lifecycle.status', u.status),
        u.notified ? t('cli.word.true') : t('cli.word.false'),
        u.remedied ? t('cli.word.true') : t('cli.word.false'),
        u.ownerId ?? '',
        u.site ? `${u.site.province ?? ''} ${u.site.city ?? ''}` : '',
      ]),
    );
    if (page.next) note(t('cli.output.more', { command: `hreg recalls robots ${arg(0)} --after ${page.next}` }));
  },
});

/** recalls issues, amends, closes and reports recalls. */
export const recalls = defineGroup('hreg recalls', 'cli.recalls.summary', { issue, amend, close, show, robots }, 'hreg recalls show 6f1c…');
