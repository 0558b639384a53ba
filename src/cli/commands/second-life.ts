/**
 * hreg customs (import, export, reimport), hreg remanufacture, hreg certified
 * and hreg mandates: issue #16's imports, exports, remanufacture and the
 * public list of certified recyclers and remanufacturers.
 */
import { readFileSync } from 'node:fs';
import type { CertificationView, Lineage, Mandate } from '../../contract/second-life.ts';
import { clientFrom, seg } from '../api-client.ts';
import { usageError } from '../cli-error.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { CLIENT_FLAGS, PUBLIC_CLIENT_FLAGS } from '../flags.ts';
import { t } from '../lang.ts';
import { printJson, printTable } from '../output.ts';
import { EVENT_FLAGS, recordAndPrint } from './event-record.ts';

const CODE_EXAMPLE = 'CN-0A1B-00002X-261120000000001K7';
const ID_EXAMPLE = '6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f';

interface Registered {
  code: string;
  displayCode: string;
  model: string;
  productionDate: string;
  logIndex: number;
}

/** readUnits reads a JSON file holding one unit or an array of units, as POST /v1/robots takes them. */
function readUnits(path: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw usageError(t('cli.secondLife.badFile', { path, error: (err as Error).message }));
  }
  return Array.isArray(parsed) ? parsed : [parsed];
}

const printUnits = (units: Registered[], json: boolean) => {
  if (json) return printJson(units);
  printTable(
    ['cli.field.code', 'cli.field.model', 'cli.secondLife.field.productionDate', 'cli.secondLife.field.logIndex'],
    units.map((u) => [u.displayCode, u.model, u.productionDate, u.logIndex]),
  );
};

const importUnits = defineCommand({
  name: 'hreg customs import',
  summary: 'cli.customs.import.summary',
  args: '--maker EEEE --declaration D --cleared-at TIME --file UNITS.json',
  flags: {
    maker: { type: 'string', value: 'EEEE', required: true, description: 'cli.customs.flag.maker' },
    declaration: { type: 'string', value: 'D', required: true, description: 'cli.customs.flag.declaration' },
    'cleared-at': { type: 'string', value: 'TIME', required: true, description: 'cli.customs.flag.clearedAt' },
    origin: { type: 'string', value: 'CC', description: 'cli.customs.flag.origin' },
    file: { type: 'string', value: 'UNITS.json', required: true, description: 'cli.customs.flag.file' },
    ...CLIENT_FLAGS,
  },
  details: 'cli.customs.import.details',
  examples: ['hreg customs import --maker 0A2C --declaration 531620261234567890 --cleared-at 2026-11-28T09:00:00Z --file units.json'],
  async action({ flags, json }) {
    const origin = flags.string('origin');
    const res = await clientFrom(flags).post<{ units: Registered[] }>('/v1/imports', {
      maker: flags.required('maker'),
      customs: { declaration: flags.required('declaration'), clearedAt: flags.required('cleared-at'), ...(origin ? { origin } : {}) },
      units: readUnits(flags.required('file')),
    });
    printUnits(res.units, json);
  },
});

const exportUnit = defineCommand({
  name: 'hreg customs export',
  summary: 'cli.customs.export.summary',
  args: 'CODE --to CC --declaration D',
  positionals: ['CODE'],
  flags: {
    to: { type: 'string', value: 'CC', required: true, description: 'cli.customs.flag.to' },
    declaration: { type: 'string', value: 'D', required: true, description: 'cli.customs.flag.declaration' },
    ...EVENT_FLAGS,
  },
  details: 'cli.customs.export.details',
  examples: [`hreg customs export ${CODE_EXAMPLE} --to VN --declaration 531620269876543210`],
  async action({ flags, arg, json }) {
    await recordAndPrint(
      flags,
      arg(0),
      'exported',
      { destination: flags.required('to'), declaration: flags.required('declaration') },
      json,
    );
  },
});

const reimport = defineCommand({
  name: 'hreg customs reimport',
  summary: 'cli.customs.reimport.summary',
  args: 'CODE --declaration D [--origin CC] [--at TIME]',
  positionals: ['CODE'],
  flags: {
    declaration: { type: 'string', value: 'D', required: true, description: 'cli.customs.flag.declaration' },
    origin: { type: 'string', value: 'CC', description: 'cli.customs.flag.origin' },
    ...EVENT_FLAGS,
  },
  details: 'cli.customs.reimport.details',
  examples: [`hreg customs reimport ${CODE_EXAMPLE} --declaration 531620261111111111 --origin VN`],
  async action({ flags, arg, json }) {
    const origin = flags.string('origin');
    await recordAndPrint(flags, arg(0), 'reimported', { declaration: flags.required('declaration'), ...(origin ? { origin } : {}) }, json);
  },
});

/** customs registers imports, marks exports and records re-imports. */
export const customs = defineGroup(
  'hreg customs',
  'cli.customs.summary',
  { import: importUnits, export: exportUnit, reimport },
  `hreg customs export ${CODE_EXAMPLE} --to VN --declaration 531620269876543210`,
);

/** remanufacture registers a remanufactured unit built from decommissioned units the caller holds. */
export const remanufacture = defineCommand({
  name: 'hreg remanufacture',
  summary: 'cli.remanufacture.summary',
  args: '--from CODE[,CODE…] --file UNIT.json',
  flags: {
    from: { type: 'string', value: 'CODE[,CODE…]', required: true, description: 'cli.remanufacture.flag.from' },
    file: { type: 'string', value: 'UNIT.json', required: true, description: 'cli.remanufacture.flag.file' },
    ...CLIENT_FLAGS,
  },
  details: 'cli.remanufacture.details',
  examples: [`hreg remanufacture --from ${CODE_EXAMPLE},CN-0A1B-00002X-261120000000002K5 --file unit.json`],
  async action({ flags, json }) {
    const predecessors = flags
      .required('from')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const [unit] = readUnits(flags.required('file'));
    const res = await clientFrom(flags).post<Registered & { remanufacturedFrom: string[] }>('/v1/remanufactures', { predecessors, unit });
    if (json) return printJson(res);
    printUnits([res], false);
    printTable(
      ['cli.secondLife.field.predecessor'],
      res.remanufacturedFrom.map((c) => [c]),
    );
  },
});

/** lineage prints a unit's public lineage. */
export const lineage = defineCommand({
  name: 'hreg lineage',
  summary: 'cli.lineage.summary',
  args: 'CODE',
  positionals: ['CODE'],
  flags: PUBLIC_CLIENT_FLAGS,
  examples: [`hreg lineage ${CODE_EXAMPLE}`],
  async action({ flags, arg, json }) {
    const l = await clientFrom(flags).get<Lineage>(`/v1/robots/${seg(arg(0))}/lineage`);
    if (json) return printJson(l);
    printTable(
      ['cli.field.code', 'cli.secondLife.field.from', 'cli.secondLife.field.into', 'cli.secondLife.field.brands'],
      [[l.code, l.remanufacturedFrom.join(', ') || '—', l.remanufacturedInto ?? '—', l.brands.join(', ') || '—']],
    );
  },
});

const printCertifications = (items: CertificationView[], json: boolean) => {
  if (json) return printJson(items);
  printTable(
    [
      'cli.field.name',
      'cli.field.englishName',
      'cli.secondLife.field.role',
      'cli.secondLife.field.scope',
      'cli.secondLife.field.province',
      'cli.field.since',
    ],
    items.map((c) => [c.name, c.nameEn, c.role, c.scope, c.province, c.revokedAt ? `${c.certifiedAt} → ${c.revokedAt}` : c.certifiedAt]),
  );
};

const ROLE_FLAG = { type: 'string', value: 'recycler|remanufacturer', description: 'cli.certified.flag.role' } as const;

const certifiedList = defineCommand({
  name: 'hreg certified list',
  summary: 'cli.certified.list.summary',
  flags: { role: ROLE_FLAG, province: { type: 'string', value: 'P', description: 'cli.certified.flag.province' }, ...PUBLIC_CLIENT_FLAGS },
  examples: ['hreg certified list --role recycler --province Guangdong'],
  async action({ flags, json }) {
    const q = new URLSearchParams();
    const role = flags.string('role');
    const province = flags.string('province');
    if (role) q.set('role', role);
    if (province) q.set('province', province);
    const res = await clientFrom(flags).get<{ certified: CertificationView[] }>(`/v1/certified${q.size ? `?${q}` : ''}`);
    printCertifications(res.certified, json);
  },
});

const certify = defineCommand({
  name: 'hreg certified certify',
  summary: 'cli.certified.certify.summary',
  args: 'PARTICIPANT_ID --role R [--scope S] [--province P]',
  positionals: ['PARTICIPANT_ID'],
  flags: {
    role: { ...ROLE_FLAG, required: true },
    scope: { type: 'string', value: 'S', description: 'cli.certified.flag.scope' },
    province: { type: 'string', value: 'P', description: 'cli.certified.flag.province' },
    ...CLIENT_FLAGS,
  },
  details: 'cli.certified.certify.details',
  examples: [`hreg certified certify ${ID_EXAMPLE} --role recycler --scope "batteries and frames" --province Guangdong`],
  async action({ flags, arg, json }) {
    const scope = flags.string('scope');
    const province = flags.string('province');
    const c = await clientFrom(flags).post<CertificationView>(`/v1/participants/${seg(arg(0))}/certifications`, {
      role: flags.required('role'),
      ...(scope ? { scope } : {}),
      ...(province ? { province } : {}),
    });
    printCertifications([c], json);
  },
});

const revoke = defineCommand({
  name: 'hreg certified revoke',
  summary: 'cli.certified.revoke.summary',
  args: 'PARTICIPANT_ID --role R [--reason TEXT]',
  positionals: ['PARTICIPANT_ID'],
  flags: {
    role: { ...ROLE_FLAG, required: true },
    reason: { type: 'string', value: 'TEXT', description: 'cli.certified.flag.reason' },
    ...CLIENT_FLAGS,
  },
  examples: [`hreg certified revoke ${ID_EXAMPLE} --role recycler --reason "audit failed"`],
  async action({ flags, arg, json }) {
    const reason = flags.string('reason');
    const c = await clientFrom(flags).post<CertificationView>(
      `/v1/participants/${seg(arg(0))}/certifications/${seg(flags.required('role'))}/revoke`,
      reason ? { reason } : {},
    );
    printCertifications([c], json);
  },
});

/** certified lists, certifies and revokes recyclers and remanufacturers. */
export const certified = defineGroup(
  'hreg certified',
  'cli.certified.summary',
  { list: certifiedList, certify, revoke },
  'hreg certified list --role remanufacturer',
);

const printMandates = (items: Mandate[], json: boolean) => {
  if (json) return printJson(items);
  printTable(
    ['cli.secondLife.field.maker', 'cli.field.name', 'cli.secondLife.field.enterprise', 'cli.secondLife.field.country', 'cli.field.since'],
    items.map((m) => [m.makerId, m.makerName, m.enterpriseCode, m.country, m.revokedAt ? `${m.grantedAt} → ${m.revokedAt}` : m.grantedAt]),
  );
};

const mandatesList = defineCommand({
  name: 'hreg mandates list',
  summary: 'cli.mandates.list.summary',
  args: 'IMPORTER_ID',
  positionals: ['IMPORTER_ID'],
  flags: CLIENT_FLAGS,
  examples: [`hreg mandates list ${ID_EXAMPLE}`],
  async action({ flags, arg, json }) {
    printMandates((await clientFrom(flags).get<{ mandates: Mandate[] }>(`/v1/participants/${seg(arg(0))}/mandates`)).mandates, json);
  },
});

const grant = defineCommand({
  name: 'hreg mandates grant',
  summary: 'cli.mandates.grant.summary',
  args: 'IMPORTER_ID --maker MAKER_ID',
  positionals: ['IMPORTER_ID'],
  flags: { maker: { type: 'string', value: 'MAKER_ID', required: true, description: 'cli.mandates.flag.maker' }, ...CLIENT_FLAGS },
  details: 'cli.mandates.grant.details',
  examples: [`hreg mandates grant ${ID_EXAMPLE} --maker 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b`],
  async action({ flags, arg, json }) {
    printMandates(
      [await clientFrom(flags).post<Mandate>(`/v1/participants/${seg(arg(0))}/mandates`, { maker: flags.required('maker') })],
      json,
    );
  },
});

const end = defineCommand({
  name: 'hreg mandates revoke',
  summary: 'cli.mandates.revoke.summary',
  args: 'IMPORTER_ID --maker MAKER_ID',
  positionals: ['IMPORTER_ID'],
  flags: { maker: { type: 'string', value: 'MAKER_ID', required: true, description: 'cli.mandates.flag.maker' }, ...CLIENT_FLAGS },
  examples: [`hreg mandates revoke ${ID_EXAMPLE} --maker 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b`],
  async action({ flags, arg, json }) {
    printMandates(
      [await clientFrom(flags).post<Mandate>(`/v1/participants/${seg(arg(0))}/mandates/${seg(flags.required('maker'))}/revoke`)],
      json,
    );
  },
});

/** mandates grants and revokes importers' mandates to act for foreign makers. */
export const mandates = defineGroup(
  'hreg mandates',
  'cli.mandates.summary',
  { list: mandatesList, grant, revoke: end },
  `hreg mandates list ${ID_EXAMPLE}`,
);
