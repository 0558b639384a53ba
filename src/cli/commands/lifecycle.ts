import { defineCommand, defineGroup, type Command } from '../command.ts';
import { usageError } from '../cli-error.ts';
import { EVENT_DETAILS, EVENT_FLAGS, idFlag, isoFlag, oneOf, recordAndPrint } from './event-record.ts';
import type { FlagSpecs, Flags } from '../flags.ts';
import { COMPONENT_TYPE } from '../../contract/limits.ts';
import { msg } from '../../i18n/message.ts';
import type { Text } from '../lang.ts';
import { t } from '../lang.ts';

const CODE_EXAMPLE = 'CN-0A1B-00002X-261120000000001K7';

/** Shortcut declares a command that records one event type from flags. */
interface Shortcut {
  name: string;
  summary: Text;
  args?: string;
  flags: FlagSpecs;
  details?: Text;
  examples: string[];
  /** event maps the checked flags to the event's type and data. */
  event(flags: Flags): { type: string; data: Record<string, unknown> };
}

function shortcut(s: Shortcut): Command {
  return defineCommand({
    name: s.name,
    summary: s.summary,
    args: s.args ? `CODE ${s.args}` : 'CODE',
    positionals: ['CODE'],
    flags: { ...s.flags, ...EVENT_FLAGS },
    details: s.details ? [s.details, EVENT_DETAILS] : EVENT_DETAILS,
    examples: s.examples,
    async action({ flags, arg, json }) {
      const { type, data } = s.event(flags);
      await recordAndPrint(flags, arg(0), type, data, json);
    },
  });
}

/** text reads an optional free-text flag, leaving out blanks. */
function text(flags: Flags, name: string): string | undefined {
  const v = flags.string(name);
  return v === undefined || v.trim() === '' ? undefined : v;
}

/** withOptional adds the members whose values are defined. */
function withOptional(data: Record<string, unknown>, optional: Record<string, unknown>): Record<string, unknown> {
  return { ...data, ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) };
}

const NOTES: FlagSpecs = { notes: { type: 'string', value: 'TEXT', description: 'cli.lifecycle.flag.notes' } };
const notesEvent = (type: string) => (flags: Flags) => ({ type, data: withOptional({}, { notes: text(flags, 'notes') }) });

export const transfer = shortcut({
  name: 'hreg transfer',
  summary: 'cli.transfer.summary',
  args: '--to PARTICIPANT_ID [--sale] [--expires TIME]',
  details: 'cli.transfer.details',
  flags: {
    to: { type: 'string', value: 'PARTICIPANT_ID', required: true, description: 'cli.transfer.flag.to' },
    sale: { type: 'boolean', description: 'cli.transfer.flag.sale' },
    expires: { type: 'string', value: 'TIME', description: 'cli.transfer.flag.expires' },
  },
  examples: [`hreg transfer ${CODE_EXAMPLE} --to 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b --sale`],
  event: (flags) => ({
    type: 'transferred',
    data: withOptional({ to: idFlag(flags, 'to', true), sale: flags.bool('sale') }, { expiresAt: isoFlag(flags, 'expires') }),
  }),
});

export const deploy = shortcut({
  name: 'hreg deploy',
  summary: 'cli.deploy.summary',
  args: '(--province P --city C --domain D | --end)',
  flags: {
    province: { type: 'string', value: 'P', description: 'cli.deploy.flag.province' },
    city: { type: 'string', value: 'C', description: 'cli.deploy.flag.city' },
    domain: { type: 'string', value: 'D', description: 'cli.deploy.flag.domain' },
    address: { type: 'string', value: 'A', description: 'cli.deploy.flag.address' },
    lat: { type: 'string', value: 'X', description: 'cli.deploy.flag.lat' },
    lon: { type: 'string', value: 'Y', description: 'cli.deploy.flag.lon' },
    operator: { type: 'string', value: 'ID', description: 'cli.deploy.flag.operator' },
    end: { type: 'boolean', description: 'cli.deploy.flag.end' },
    ...NOTES,
  },
  details: 'cli.deploy.details',
  examples: [
    `hreg deploy ${CODE_EXAMPLE} --province Zhejiang --city Hangzhou --domain logistics --address "88 Binjiang Rd" --lat 30.2 --lon 120.2`,
    `hreg deploy ${CODE_EXAMPLE} --end --notes "moved to storage"`,
  ],
  event(flags) {
    const siteFlags = ['province', 'city', 'domain', 'address', 'lat', 'lon', 'operator'].filter((f) => flags.string(f) !== undefined);
    if (flags.bool('end')) {
      if (siteFlags.length > 0) throw usageError(t('cli.deploy.endWithSite', { flags: siteFlags.map((f) => `--${f}`).join(', ') }));
      return notesEvent('undeployed')(flags);
    }
    if (text(flags, 'notes') !== undefined) throw usageError(t('cli.deploy.notesWithEnd'));
    const missing = ['province', 'city', 'domain'].filter((f) => text(flags, f) === undefined);
    if (missing.length > 0) throw usageError(t('cli.deploy.missing', { flags: missing.map((f) => `--${f}`).join(', ') }));
    const lat = flags.number('lat');
    const lon = flags.number('lon');
    if ((lat === undefined) !== (lon === undefined)) throw usageError(t('cli.deploy.latLon'));
    if (lat !== undefined && (lat < -90 || lat > 90)) throw usageError(t('cli.deploy.lat', { value: lat }));
    if (lon !== undefined && (lon < -180 || lon > 180)) throw usageError(t('cli.deploy.lon', { value: lon }));
    const site = withOptional(
      { province: flags.required('province'), city: flags.required('city') },
      { address: text(flags, 'address'), latitude: lat, longitude: lon },
    );
    return { type: 'deployed', data: withOptional({ site, domain: flags.required('domain') }, { operator: idFlag(flags, 'operator') }) };
  },
});

const grant = shortcut({
  name: 'hreg service grant',
  summary: 'cli.service.grant.summary',
  args: '--service ID --expires ISO',
  flags: {
    service: { type: 'string', value: 'ID', required: true, description: 'cli.service.grant.flag.service' },
    expires: {
      type: 'string',
      value: 'ISO',
      required: true,
      description: 'cli.service.grant.flag.expires',
    },
  },
  details: 'cli.service.grant.details',
  examples: [`hreg service grant ${CODE_EXAMPLE} --service 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b --expires 2027-12-31`],
  event: (flags) => ({ type: 'service_granted', data: { service: idFlag(flags, 'service', true), expiresAt: isoFlag(flags, 'expires') } }),
});

const revoke = shortcut({
  name: 'hreg service revoke',
  summary: 'cli.service.revoke.summary',
  args: '--service ID',
  flags: { service: { type: 'string', value: 'ID', required: true, description: 'cli.service.revoke.flag.service' } },
  details: 'cli.service.revoke.details',
  examples: [`hreg service revoke ${CODE_EXAMPLE} --service 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b`],
  event: (flags) => ({ type: 'service_revoked', data: { service: idFlag(flags, 'service', true) } }),
});

const start = shortcut({
  name: 'hreg service start',
  summary: 'cli.service.start.summary',
  flags: NOTES,
  details: 'cli.service.start.details',
  examples: [`hreg service start ${CODE_EXAMPLE} --notes "gearbox replacement, parts ordered"`],
  event: notesEvent('service_started'),
});

const KINDS = ['inspection', 'maintenance', 'repair', 'software_update'] as const;

/** parseReplace reads `type:removedMaker:removedSerial:installedMaker:installedSerial[:lot]`. */
function parseReplace(spec: string): Record<string, unknown> {
  const parts = spec.split(':').map((s) => s.trim());
  const [type = '', removedMaker = '', removedSerial = '', installedMaker = '', installedSerial = '', lot] = parts;
  if (
    parts.length < 5 ||
    parts.length > 6 ||
    !COMPONENT_TYPE.test(type) ||
    [removedMaker, removedSerial, installedMaker, installedSerial].includes('') ||
    lot === ''
  ) {
    throw usageError(
      `--replace must be type:removedMaker:removedSerial:installedMaker:installedSerial[:lot] with a lower_snake_case type, not "${spec}"`,
    );
  }
  return {
    type,
    removed: { maker: removedMaker, serial: removedSerial },
    installed: { maker: installedMaker, serial: installedSerial, ...(lot ? { lot } : {}) },
  };
}

const serviceRecord = shortcut({
  name: 'hreg service record',
  summary: 'cli.service.record.summary',
  args: '--kind KIND',
  flags: {
    kind: { type: 'string', value: 'KIND', required: true, description: msg('cli.service.record.flag.kind', { kinds: KINDS.join(', ') }) },
    firmware: { type: 'string', value: 'V', description: 'cli.service.record.flag.firmware' },
    notes: { type: 'string', value: 'TEXT', description: 'cli.service.record.flag.notes' },
    replace: {
      type: 'string',
      multiple: true,
      value: 'SPEC',
      description: 'cli.service.record.flag.replace',
    },
    'component-type': { type: 'string', value: 'T', description: 'cli.service.record.flag.componentType' },
    'failure-mode': { type: 'string', value: 'F', description: 'cli.service.record.flag.failureMode' },
    recall: { type: 'string', value: 'ID', description: 'cli.service.record.flag.recall' },
  },
  details: 'cli.service.record.details',
  examples: [
    `hreg service record ${CODE_EXAMPLE} --kind software_update --firmware 2.0.1`,
    `hreg service record ${CODE_EXAMPLE} --kind repair --replace battery_pack:VoltCell:BP-88001:VoltCell:BP-99102:LOT-9 --notes "cell swelling"`,
  ],
  event(flags) {
    const componentType = text(flags, 'component-type');
    if (componentType !== undefined && !COMPONENT_TYPE.test(componentType))
      throw usageError(t('cli.usage.componentType', { value: componentType }));
    const replaced = flags.all('replace').map(parseReplace);
    return {
      type: 'serviced',
      data: withOptional(
        { kind: oneOf(flags, 'kind', KINDS) },
        {
          notes: text(flags, 'notes'),
          firmware: text(flags, 'firmware'),
          replaced: replaced.length > 0 ? replaced : undefined,
          componentType,
          failureMode: text(flags, 'failure-mode'),
          recallId: idFlag(flags, 'recall'),
        },
      ),
    };
  },
});

/** service grants and revokes service rights and records service work. */
export const service = defineGroup(
  'hreg service',
  'cli.service.summary',
  { grant, revoke, start, record: serviceRecord },
  `hreg service record ${CODE_EXAMPLE} --kind maintenance --notes "annual inspection"`,
);

const SEVERITIES = ['minor', 'serious', 'critical', 'fatal'] as const;
const INCIDENT_KINDS = ['injury', 'property_damage', 'malfunction', 'data_leak'] as const;

export const incident = shortcut({
  name: 'hreg incident',
  summary: 'cli.incident.summary',
  args: '--severity S --kind K --description D',
  flags: {
    severity: {
      type: 'string',
      value: 'S',
      required: true,
      description: msg('cli.incident.flag.severity', { values: SEVERITIES.join(', ') }),
    },
    kind: { type: 'string', value: 'K', required: true, description: msg('cli.incident.flag.kind', { values: INCIDENT_KINDS.join(', ') }) },
    description: { type: 'string', value: 'D', required: true, description: 'cli.incident.flag.description' },
    'component-type': { type: 'string', value: 'T', description: 'cli.incident.flag.componentType' },
    'failure-mode': { type: 'string', value: 'F', description: 'cli.incident.flag.failureMode' },
  },
  details: 'cli.incident.details',
  examples: [
    `hreg incident ${CODE_EXAMPLE} --severity serious --kind malfunction --description "arm froze mid-lift" --component-type joint_actuator`,
  ],
  event(flags) {
    const componentType = text(flags, 'component-type');
    if (componentType !== undefined && !COMPONENT_TYPE.test(componentType))
      throw usageError(t('cli.usage.componentType', { value: componentType }));
    return {
      type: 'incident_reported',
      data: withOptional(
        {
          severity: oneOf(flags, 'severity', SEVERITIES),
          kind: oneOf(flags, 'kind', INCIDENT_KINDS),
          description: flags.required('description'),
        },
        { componentType, failureMode: text(flags, 'failure-mode') },
      ),
    };
  },
});

export const decommission = shortcut({
  name: 'hreg decommission',
  summary: 'cli.decommission.summary',
  flags: { reason: { type: 'string', value: 'TEXT', description: 'cli.decommission.flag.reason' } },
  details: 'cli.decommission.details',
  examples: [`hreg decommission ${CODE_EXAMPLE} --reason "end of service life"`],
  event: (flags) => ({ type: 'decommissioned', data: withOptional({}, { reason: text(flags, 'reason') }) }),
});

const receive = shortcut({
  name: 'hreg recycle receive',
  summary: 'cli.recycle.receive.summary',
  flags: NOTES,
  details: 'cli.recycle.receive.details',
  examples: [`hreg recycle receive ${CODE_EXAMPLE}`],
  event: notesEvent('recycling_received'),
});

/** recycle receives decommissioned units at a recycler. */
export const recycle = defineGroup('hreg recycle', 'cli.recycle.summary', { receive }, `hreg recycle receive ${CODE_EXAMPLE}`);

export const scrap = shortcut({
  name: 'hreg scrap',
  summary: 'cli.scrap.summary',
  flags: { method: { type: 'string', value: 'M', description: 'cli.scrap.flag.method' } },
  details: 'cli.scrap.details',
  examples: [`hreg scrap ${CODE_EXAMPLE} --method shredded`],
  event: (flags) => ({ type: 'scrapped', data: withOptional({}, { method: text(flags, 'method') }) }),
});

const REASON: FlagSpecs = { reason: { type: 'string', value: 'R', required: true, description: 'cli.lifecycle.flag.reason' } };

export const suspend = shortcut({
  name: 'hreg suspend',
  summary: 'cli.suspend.summary',
  args: '--reason R',
  flags: REASON,
  details: 'cli.suspend.details',
  examples: [`hreg suspend ${CODE_EXAMPLE} --reason "under investigation after incident 42"`],
  event: (flags) => ({ type: 'suspended', data: { reason: flags.required('reason') } }),
});

export const reinstate = shortcut({
  name: 'hreg reinstate',
  summary: 'cli.reinstate.summary',
  args: '--reason R',
  flags: REASON,
  details: 'cli.reinstate.details',
  examples: [`hreg reinstate ${CODE_EXAMPLE} --reason "investigation closed"`],
  event: (flags) => ({ type: 'reinstated', data: { reason: flags.required('reason') } }),
});

export const stolen = shortcut({
  name: 'hreg stolen',
  summary: 'cli.stolen.summary',
  flags: NOTES,
  details: 'cli.stolen.details',
  examples: [`hreg stolen ${CODE_EXAMPLE} --notes "taken from warehouse 3"`],
  event: notesEvent('stolen_reported'),
});

export const recovered = shortcut({
  name: 'hreg recovered',
  summary: 'cli.recovered.summary',
  flags: NOTES,
  details: 'cli.recovered.details',
  examples: [`hreg recovered ${CODE_EXAMPLE}`],
  event: notesEvent('recovered'),
});

/** offerAnswer declares one of the commands that answer a pending transfer offer. */
const offerAnswer = (verb: string, type: string, who: 'cli.offers.recipient' | 'cli.offers.owner', summary: Text) =>
  shortcut({
    name: `hreg offers ${verb}`,
    summary,
    flags: NOTES,
    details: msg('cli.offers.details', { type, data: '{notes?}', who: msg(who) }),
    examples: [`hreg offers ${verb} ${CODE_EXAMPLE}`],
    event: notesEvent(type),
  });

/** offers answers transfer offers: the recipient accepts or declines, the owner withdraws. */
export const offers = defineGroup(
  'hreg offers',
  'cli.offers.summary',
  {
    accept: offerAnswer('accept', 'transfer_accepted', 'cli.offers.recipient', 'cli.offers.accept.summary'),
    decline: offerAnswer('decline', 'transfer_declined', 'cli.offers.recipient', 'cli.offers.decline.summary'),
    withdraw: offerAnswer('withdraw', 'transfer_withdrawn', 'cli.offers.owner', 'cli.offers.withdraw.summary'),
  },
  `hreg offers accept ${CODE_EXAMPLE}`,
);
