import { readFileSync } from 'node:fs';
import { clientFrom, seg } from '../api-client.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { usageError } from '../cli-error.ts';
import { CLIENT_FLAGS } from '../flags.ts';
import { printJson, printLine, printTable } from '../output.ts';
import { t, word } from '../lang.ts';
import { solveChallenge } from '../../report/proof-of-work.ts';
import type { LateReports, QueuedReport } from '../../contract/reports.ts';
import { REPORT_CATEGORIES, TRIAGE_OUTCOMES } from '../../contract/reports.ts';

const file = defineCommand({
  name: 'hreg reports file',
  summary: 'cli.reports.file.summary',
  args: 'CODE',
  positionals: ['CODE'],
  flags: {
    category: { type: 'string', value: 'CATEGORY', required: true, description: 'cli.reports.flag.category' },
    description: { type: 'string', value: 'TEXT', required: true, description: 'cli.reports.flag.description' },
    contact: { type: 'string', value: 'TEXT', description: 'cli.reports.flag.contact' },
    photo: { type: 'string', value: 'FILE', description: 'cli.reports.flag.photo' },
    ...CLIENT_FLAGS,
  },
  details: 'cli.reports.file.details',
  examples: ['hreg reports file CN-0001-000001-26010100000000001X --category safety_hazard --description "Arm swings at head height"'],
  async action({ flags, arg, json }) {
    const category = flags.required('category');
    if (!(REPORT_CATEGORIES as readonly string[]).includes(category))
      throw usageError(t('cli.reports.badChoice', { flag: '--category', allowed: REPORT_CATEGORIES.join(', ') }));
    const client = clientFrom(flags);
    const code = arg(0);
    const { challenge, bits } = await client.get<{ challenge: string; bits: number }>(`/v1/robots/${seg(code)}/reports/challenge`);
    const photo = flags.string('photo');
    const filed = await client.post<{ id: string; code: string; category: string; digest: string }>(`/v1/robots/${seg(code)}/reports`, {
      category,
      description: flags.required('description'),
      ...(flags.string('contact') ? { contact: flags.string('contact') } : {}),
      ...(photo ? { photo: readFileSync(photo).toString('base64') } : {}),
      challenge,
      work: solveChallenge(challenge, bits),
    });
    if (json) return printJson(filed);
    printLine(
      t('cli.reports.filed', { id: filed.id, code: filed.code, category: word('report.category', filed.category) ?? filed.category }),
    );
  },
});

const list = defineCommand({
  name: 'hreg reports list',
  summary: 'cli.reports.list.summary',
  flags: {
    state: { type: 'string', value: 'STATE', description: 'cli.reports.flag.state' },
    code: { type: 'string', value: 'CODE', description: 'cli.reports.flag.code' },
    ...CLIENT_FLAGS,
  },
  examples: ['hreg reports list --state open'],
  async action({ flags, json }) {
    const res = await clientFrom(flags).get<{ items: QueuedReport[]; next: string | null }>('/v1/reports', {
      state: flags.string('state'),
      code: flags.string('code'),
    });
    if (json) return printJson(res);
    if (res.items.length === 0) return printLine(t('cli.reports.empty'));
    printTable(
      ['cli.field.id', 'cli.field.code', 'cli.field.category', 'cli.field.state', 'cli.field.filed', 'cli.reports.field.description'],
      res.items.map((r) => [
        r.id,
        r.code,
        word('report.category', r.category),
        word('report.state', r.state),
        r.filedAt,
        r.description.length > 60 ? `${r.description.slice(0, 59)}…` : r.description,
      ]),
    );
  },
});

const triage = defineCommand({
  name: 'hreg reports triage',
  summary: 'cli.reports.triage.summary',
  args: 'ID',
  positionals: ['ID'],
  flags: {
    outcome: { type: 'string', value: 'OUTCOME', required: true, description: 'cli.reports.flag.outcome' },
    incident: { type: 'string', value: 'LOG_INDEX', description: 'cli.reports.flag.incident' },
    'component-type': { type: 'string', value: 'TYPE', description: 'cli.reports.flag.componentType' },
    'failure-mode': { type: 'string', value: 'TEXT', description: 'cli.reports.flag.failureMode' },
    note: { type: 'string', value: 'TEXT', description: 'cli.reports.flag.note' },
    ...CLIENT_FLAGS,
  },
  examples: [
    'hreg reports triage 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f --outcome dismissed --note duplicate',
    'hreg reports triage 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f --outcome escalated --component-type battery_pack --failure-mode "thermal runaway"',
  ],
  async action({ flags, arg, json }) {
    const outcome = flags.required('outcome');
    if (!(TRIAGE_OUTCOMES as readonly string[]).includes(outcome))
      throw usageError(t('cli.reports.badChoice', { flag: '--outcome', allowed: TRIAGE_OUTCOMES.join(', ') }));
    const incident = flags.int('incident', 0, Number.MAX_SAFE_INTEGER);
    const body = {
      outcome,
      ...(incident !== undefined ? { incident } : {}),
      ...(flags.string('component-type') ? { componentType: flags.string('component-type') } : {}),
      ...(flags.string('failure-mode') ? { failureMode: flags.string('failure-mode') } : {}),
      ...(flags.string('note') ? { note: flags.string('note') } : {}),
    };
    const r = await clientFrom(flags).post<QueuedReport>(`/v1/reports/${seg(arg(0))}/triage`, body);
    if (json) return printJson(r);
    printLine(t('cli.reports.triaged', { id: r.id, state: word('report.state', r.state) ?? r.state }));
  },
});

const erase = defineCommand({
  name: 'hreg reports erase',
  summary: 'cli.reports.erase.summary',
  args: 'ID',
  positionals: ['ID'],
  flags: CLIENT_FLAGS,
  examples: ['hreg reports erase 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f'],
  async action({ flags, arg, json }) {
    const r = await clientFrom(flags).post<{ id: string; erased: boolean }>(`/v1/reports/${seg(arg(0))}/personal-data/erase`);
    if (json) return printJson(r);
    printLine(t('cli.reports.erased', { id: r.id, erased: String(r.erased) }));
  },
});

/** reports files public reports about robots and works the regulator's queue: file, list, triage, erase. */
export const reports = defineGroup('hreg reports', 'cli.reports.summary', { file, list, triage, erase }, 'hreg reports list --state open');

/** late prints events recorded after their reporting deadline: the regulator sees everyone's, a participant its own. */
export const late = defineCommand({
  name: 'hreg late',
  summary: 'cli.late.summary',
  flags: {
    days: { type: 'string', value: 'N', description: 'cli.late.flag.days' },
    ...CLIENT_FLAGS,
  },
  examples: ['hreg late --days 30', 'hreg late --json'],
  async action({ flags, json }) {
    const res = await clientFrom(flags).get<LateReports>('/v1/late-reports', { days: flags.int('days', 1, 3_660) });
    if (json) return printJson(res);
    if (res.total === 0) return printLine(t('cli.late.empty'));
    printLine(t('cli.late.total', { total: res.total, since: res.since }));
    printTable(
      ['cli.field.participant', 'cli.field.type', 'cli.late.field.late', 'cli.late.field.worst'],
      res.byParticipant.map((g) => [g.name, word('lifecycle.event', g.type), g.late, g.worstLateByHours]),
    );
  },
});

const robotFeed = defineCommand({
  name: 'hreg feed robot',
  summary: 'cli.feed.robot.summary',
  args: 'CODE',
  positionals: ['CODE'],
  flags: CLIENT_FLAGS,
  examples: ['hreg feed robot CN-0001-000001-26010100000000001X'],
  async action({ flags, arg }) {
    printLine((await clientFrom(flags).text(`/v1/robots/${seg(arg(0))}/feed.atom`)).trimEnd());
  },
});

const mineFeed = defineCommand({
  name: 'hreg feed mine',
  summary: 'cli.feed.flag.mine',
  flags: CLIENT_FLAGS,
  examples: ['hreg feed mine'],
  async action({ flags }) {
    printLine((await clientFrom(flags).text('/v1/feeds/mine.atom')).trimEnd());
  },
});

/** feed prints a robot's public Atom feed, or the feed of the caller's own robots. */
export const feed = defineGroup(
  'hreg feed',
  'cli.feed.summary',
  { robot: robotFeed, mine: mineFeed },
  'hreg feed robot CN-0001-000001-26010100000000001X',
);
