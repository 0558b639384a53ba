import { readFileSync } from 'node:fs';
import { clientFrom, seg } from './api-client.ts';
import { usageError } from './cli-error.ts';
import { defineCommand, defineGroup } from './command.ts';
import { CLIENT_FLAGS, pageFlags, PUBLIC_CLIENT_FLAGS, type Flags, type FlagSpecs } from './flags.ts';
import { note, printFields, printJson, printTable } from './output.ts';

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
    description: 'limit to one manufacturer (regulator; a manufacturer always recalls its own units)',
  },
  models: { type: 'string', value: 'M,…', description: 'model codes (6 characters)' },
  'produced-from': { type: 'string', value: 'YYYY-MM-DD', description: 'first production date in scope' },
  'produced-to': { type: 'string', value: 'YYYY-MM-DD', description: 'last production date in scope' },
  'codes-from': { type: 'string', value: 'CODE', description: 'first identity code of a serial range (with --codes-to)' },
  'codes-to': { type: 'string', value: 'CODE', description: 'last identity code of a serial range' },
  'component-type': { type: 'string', value: 'TYPE', description: 'units with an installed key component of this type…' },
  'component-maker': { type: 'string', value: 'MAKER', description: '…made by this component maker…' },
  lots: { type: 'string', value: 'LOT,…', description: '…from these lots' },
  'scope-file': {
    type: 'string',
    value: 'FILE',
    description: "the scope as JSON (e.g. a defect cluster's suggestedScope) instead of the flags",
  },
};

const TERM_FLAGS: FlagSpecs = {
  hazard: { type: 'string', value: 'TEXT', description: 'the hazard, in plain words' },
  severity: { type: 'string', value: 'low|medium|high|critical', description: 'severity' },
  remedy: { type: 'string', value: 'REMEDY', description: 'inspection, repair, part_replacement, software_update or stop_use' },
  'stop-sale': { type: 'boolean', description: 'units may not be sold until remedied' },
  'stop-use': { type: 'boolean', description: 'units may not be deployed; deployed units are marked' },
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
  if (!!cf !== !!ct) throw usageError('--codes-from and --codes-to go together');
  if (cf && ct) scope.codes = { from: compact(cf), to: compact(ct) };
  const type = flags.string('component-type');
  if (type) {
    const lots = flags.list('lots');
    const maker = flags.string('component-maker');
    scope.component = { type, ...(maker ? { maker } : {}), ...(lots?.length ? { lots } : {}) };
  } else if (flags.string('component-maker') || flags.list('lots')) throw usageError('--component-maker and --lots need --component-type');
  return Object.keys(scope).length ? scope : undefined;
}

function printRecall(r: Recall & { affected?: number; joined?: number }): void {
  printFields([
    ['Recall', r.id],
    ['Kind', r.kind],
    ['Enterprise', r.enterprise ?? 'all'],
    ['Scope', JSON.stringify(r.scope)],
    ['Hazard', r.hazard],
    ['Severity', r.severity],
    ['Remedy', r.remedy],
    ['Stops sale / use', `${r.stopSale ? 'yes' : 'no'} / ${r.stopUse ? 'yes' : 'no'}`],
    ['Issued', r.issuedAt],
    ['Closed', r.closedAt ?? 'open'],
    ['Version', r.version],
  ]);
}

const issue = defineCommand({
  name: 'hreg recalls issue',
  summary: 'Issue a recall: voluntary (manufacturer, own units) or ordered (regulator)',
  flags: { ...SCOPE_FLAGS, ...TERM_FLAGS, ...CLIENT_FLAGS },
  details:
    'Every scope criterion given must hold. Affected units are resolved at once; units registered\n' +
    'later, or repaired with a part from a recalled lot, join automatically.',
  examples: [
    'hreg recalls issue --models 00002X --produced-from 2026-01-01 --produced-to 2026-03-31 --hazard "knee actuator may lock" --severity high --remedy repair --stop-sale',
    'hreg recalls issue --component-type battery_pack --component-maker "Cells Co" --lots L7,L8 --hazard "thermal runaway" --severity critical --remedy part_replacement --stop-sale --stop-use',
  ],
  async action({ flags, json }) {
    const scope = scopeFrom(flags);
    if (!scope) throw usageError('name at least one scope criterion; see `hreg recalls issue --help`');
    const body = {
      scope,
      hazard: flags.required('hazard'),
      severity: flags.required('severity'),
      remedy: flags.required('remedy'),
      stopSale: flags.bool('stop-sale'),
      stopUse: flags.bool('stop-use'),
    };
    const res = await clientFrom(flags).post<{ recall: Recall; affected: number }>('/v1/recalls', body);
    if (json) return printJson(res);
    printRecall(res.recall);
    note(`${res.affected} unit(s) affected; their owners are being told`);
  },
});

const amend = defineCommand({
  name: 'hreg recalls amend',
  summary: "Widen a recall's scope or change its terms (issuer or regulator)",
  args: 'RECALL_ID',
  positionals: ['RECALL_ID'],
  flags: { ...SCOPE_FLAGS, ...TERM_FLAGS, ...CLIENT_FLAGS },
  details: 'A new scope must reach at least every unit the old one did. --stop-sale/--stop-use set the flag on.',
  examples: ['hreg recalls amend 6f1c… --produced-to 2026-06-30 --models 00002X'],
  async action({ flags, positionals, json }) {
    const body: Record<string, unknown> = {};
    const scope = scopeFrom(flags);
    if (scope) body.scope = scope;
    for (const k of ['hazard', 'severity', 'remedy'] as const) if (flags.string(k)) body[k] = flags.string(k);
    if (flags.bool('stop-sale')) body.stopSale = true;
    if (flags.bool('stop-use')) body.stopUse = true;
    if (Object.keys(body).length === 0) throw usageError('nothing to amend; see `hreg recalls amend --help`');
    const res = await clientFrom(flags).post<{ recall: Recall; joined: number }>(`/v1/recalls/${seg(positionals[0]!)}/amend`, body);
    if (json) return printJson(res);
    printRecall(res.recall);
    note(`${res.joined} more unit(s) joined`);
  },
});

const close = defineCommand({
  name: 'hreg recalls close',
  summary: 'Close a recall (issuer or regulator)',
  args: 'RECALL_ID',
  positionals: ['RECALL_ID'],
  flags: CLIENT_FLAGS,
  examples: ['hreg recalls close 6f1c…'],
  async action({ flags, positionals, json }) {
    const r = await clientFrom(flags).post<Recall>(`/v1/recalls/${seg(positionals[0]!)}/close`);
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
  summary: 'A recall and its completion by model and by province (public)',
  args: 'RECALL_ID',
  positionals: ['RECALL_ID'],
  flags: PUBLIC_CLIENT_FLAGS,
  examples: ['hreg recalls show 6f1c…'],
  async action({ flags, positionals, json }) {
    const r = await clientFrom(flags, { anonymous: true }).get<
      Recall & { totals: Progress; byModel: (Progress & { model: string })[]; byProvince: (Progress & { province: string })[] }
    >(`/v1/recalls/${seg(positionals[0]!)}`);
    if (json) return printJson(r);
    printRecall(r);
    const pct = (p: Progress) => `${(p.completion * 100).toFixed(1)} %`;
    printTable(
      ['Model', 'Units', 'Notified', 'Remedied', 'Completion'],
      r.byModel.map((m) => [m.model, m.units, m.notified, m.remedied, pct(m)]),
    );
    printTable(
      ['Province', 'Units', 'Notified', 'Remedied', 'Completion'],
      r.byProvince.map((m) => [m.province, m.units, m.notified, m.remedied, pct(m)]),
    );
    note(`total: ${r.totals.units} units, ${r.totals.remedied} remedied (${pct(r.totals)})`);
  },
});

const robots = defineCommand({
  name: 'hreg recalls robots',
  summary: 'Units a recall reaches, with remedy state (the issuer and the regulator also see owner and site)',
  args: 'RECALL_ID',
  positionals: ['RECALL_ID'],
  flags: {
    ...pageFlags('CODE'),
    ...CLIENT_FLAGS,
  },
  examples: ['hreg recalls robots 6f1c… --limit 500'],
  async action({ flags, positionals, json }) {
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
    }>(`/v1/recalls/${seg(positionals[0]!)}/robots`, { limit: flags.limit(), after: flags.string('after') });
    if (json) return printJson(page);
    printTable(
      ['Code', 'Status', 'Notified', 'Remedied', 'Owner', 'Site'],
      page.items.map((u) => [
        u.code,
        u.status,
        u.notified,
        u.remedied,
        u.ownerId ?? '',
        u.site ? `${u.site.province ?? ''} ${u.site.city ?? ''}` : '',
      ]),
    );
    if (page.next) note(`more: hreg recalls robots ${positionals[0]} --after ${page.next}`);
  },
});

/** recalls issues, amends, closes and reports recalls. */
export const recalls = defineGroup(
  'hreg recalls',
  'Issue, amend, close and follow recalls',
  { issue, amend, close, show, robots },
  'hreg recalls show 6f1c…',
);
