import { defineCommand, defineGroup, type Command } from './command.ts';
import { usageError } from './cli-error.ts';
import { EVENT_DETAILS, EVENT_FLAGS, idFlag, isoFlag, oneOf, recordAndPrint } from './event-record.ts';
import type { FlagSpecs, Flags } from './flags.ts';
import { COMPONENT_TYPE } from '../contract/limits.ts';

const CODE_EXAMPLE = 'CN-0A1B-00002X-261120000000001K7';

/** Shortcut declares a command that records one event type from flags. */
interface Shortcut {
  name: string;
  summary: string;
  args?: string;
  flags: FlagSpecs;
  details?: string;
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
    details: s.details ? `${s.details}\n\n${EVENT_DETAILS}` : EVENT_DETAILS,
    examples: s.examples,
    async action({ flags, positionals, json }) {
      const { type, data } = s.event(flags);
      await recordAndPrint(flags, positionals[0]!, type, data, json);
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

const NOTES: FlagSpecs = { notes: { type: 'string', value: 'TEXT', description: 'free-text notes' } };
const notesEvent = (type: string) => (flags: Flags) => ({ type, data: withOptional({}, { notes: text(flags, 'notes') }) });

export const transfer = shortcut({
  name: 'hreg transfer',
  summary: 'Transfer a unit to another participant: a sale (--sale) or a handover (current owner)',
  args: '--to PARTICIPANT_ID [--sale] [--expires TIME]',
  details:
    'Records `transferred` {to, sale, expiresAt?}. Unless the recipient accepts your transfers standing\n' +
    '(`hreg standing accept`), it is an offer: the owner changes when the recipient runs `hreg offers accept`\n' +
    '(default: it lapses after 14 days; --expires sets when, at most 90 days ahead). To an end owner (operator)\n' +
    'the unit becomes in_use. A unit that may not be sold goes only back to its maker, or once decommissioned\n' +
    'to a recycler.',
  flags: {
    to: { type: 'string', value: 'PARTICIPANT_ID', required: true, description: "the new owner's participant id" },
    sale: { type: 'boolean', description: 'a sale: needs market access (approved model, no suspension, recall, theft report …)' },
    expires: { type: 'string', value: 'TIME', description: 'when an offer lapses unanswered (RFC 3339; default 14 days from now)' },
  },
  examples: [`hreg transfer ${CODE_EXAMPLE} --to 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b --sale`],
  event: (flags) => ({
    type: 'transferred',
    data: withOptional({ to: idFlag(flags, 'to', true), sale: flags.bool('sale') }, { expiresAt: isoFlag(flags, 'expires') }),
  }),
});

export const deploy = shortcut({
  name: 'hreg deploy',
  summary: 'Deploy a unit at a site, or end its deployment with --end (owner or its operator)',
  args: '(--province P --city C --domain D | --end)',
  flags: {
    province: { type: 'string', value: 'P', description: 'province of the site' },
    city: { type: 'string', value: 'C', description: 'city of the site' },
    domain: { type: 'string', value: 'D', description: 'application domain, e.g. logistics, healthcare, retail' },
    address: { type: 'string', value: 'A', description: 'street address of the site' },
    lat: { type: 'string', value: 'X', description: 'latitude, -90 to 90 (with --lon)' },
    lon: { type: 'string', value: 'Y', description: 'longitude, -180 to 180 (with --lat)' },
    operator: { type: 'string', value: 'ID', description: 'participant id of the operator running it (default: you)' },
    end: { type: 'boolean', description: 'end the deployment (records `undeployed`) instead' },
    ...NOTES,
  },
  details:
    'Records `deployed` {site: {province, city, address?, latitude?, longitude?}, domain, operator?},\n' +
    'or with --end `undeployed` {notes?}. A deployment needs market access.',
  examples: [
    `hreg deploy ${CODE_EXAMPLE} --province Zhejiang --city Hangzhou --domain logistics --address "88 Binjiang Rd" --lat 30.2 --lon 120.2`,
    `hreg deploy ${CODE_EXAMPLE} --end --notes "moved to storage"`,
  ],
  event(flags) {
    const siteFlags = ['province', 'city', 'domain', 'address', 'lat', 'lon', 'operator'].filter((f) => flags.string(f) !== undefined);
    if (flags.bool('end')) {
      if (siteFlags.length > 0) throw usageError(`--end records undeployed; drop ${siteFlags.map((f) => `--${f}`).join(', ')}`);
      return notesEvent('undeployed')(flags);
    }
    if (text(flags, 'notes') !== undefined) throw usageError('--notes only goes with --end');
    const missing = ['province', 'city', 'domain'].filter((f) => text(flags, f) === undefined);
    if (missing.length > 0)
      throw usageError(
        `missing ${missing.map((f) => `--${f}`).join(', ')} (or give --end to end a deployment); see \`hreg deploy --help\``,
      );
    const lat = flags.number('lat');
    const lon = flags.number('lon');
    if ((lat === undefined) !== (lon === undefined)) throw usageError('give --lat and --lon together');
    if (lat !== undefined && (lat < -90 || lat > 90)) throw usageError(`--lat must be from -90 to 90, not ${lat}`);
    if (lon !== undefined && (lon < -180 || lon > 180)) throw usageError(`--lon must be from -180 to 180, not ${lon}`);
    const site = withOptional(
      { province: flags.required('province'), city: flags.required('city') },
      { address: text(flags, 'address'), latitude: lat, longitude: lon },
    );
    return { type: 'deployed', data: withOptional({ site, domain: flags.required('domain') }, { operator: idFlag(flags, 'operator') }) };
  },
});

const grant = shortcut({
  name: 'hreg service grant',
  summary: 'Let a service participant record service on a unit until a date (owner)',
  args: '--service ID --expires ISO',
  flags: {
    service: { type: 'string', value: 'ID', required: true, description: 'participant id of the service provider' },
    expires: {
      type: 'string',
      value: 'ISO',
      required: true,
      description: 'when the grant ends: YYYY-MM-DD (midnight UTC) or an RFC 3339 time',
    },
  },
  details: 'Records `service_granted` {service, expiresAt}.',
  examples: [`hreg service grant ${CODE_EXAMPLE} --service 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b --expires 2027-12-31`],
  event: (flags) => ({ type: 'service_granted', data: { service: idFlag(flags, 'service', true), expiresAt: isoFlag(flags, 'expires') } }),
});

const revoke = shortcut({
  name: 'hreg service revoke',
  summary: "Revoke a service participant's grant on a unit (owner)",
  args: '--service ID',
  flags: { service: { type: 'string', value: 'ID', required: true, description: 'participant id of the service provider' } },
  details: 'Records `service_revoked` {service}.',
  examples: [`hreg service revoke ${CODE_EXAMPLE} --service 3f2b6c1e-8a4d-4e1f-9b7a-2c5d8e9f0a1b`],
  event: (flags) => ({ type: 'service_revoked', data: { service: idFlag(flags, 'service', true) } }),
});

const start = shortcut({
  name: 'hreg service start',
  summary: 'Take a unit into service for a long repair: status in_service (granted service or manufacturer)',
  flags: NOTES,
  details: 'Records `service_started` {notes?}; the next `hreg service record` ends it.',
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
  summary: 'Record an inspection, maintenance, repair or software update (granted service or manufacturer)',
  args: '--kind KIND',
  flags: {
    kind: { type: 'string', value: 'KIND', required: true, description: `what was done: ${KINDS.join(', ')}` },
    firmware: { type: 'string', value: 'V', description: 'firmware version the unit runs afterwards' },
    notes: { type: 'string', value: 'TEXT', description: 'free-text notes' },
    replace: {
      type: 'string',
      multiple: true,
      value: 'SPEC',
      description: 'a key component swapped, SPEC = type:removedMaker:removedSerial:installedMaker:installedSerial[:lot]',
    },
    'component-type': { type: 'string', value: 'T', description: 'the component type the work was about (for defect statistics)' },
    'failure-mode': { type: 'string', value: 'F', description: 'the failure found, e.g. overheating' },
    recall: { type: 'string', value: 'ID', description: 'the recall this work remedies' },
  },
  details:
    'Records `serviced` {kind, notes?, firmware?, replaced?, componentType?, failureMode?, recallId?}; it ends\n' +
    'in_service. A replacement that fits a scrapped or already installed component is refused.',
  examples: [
    `hreg service record ${CODE_EXAMPLE} --kind software_update --firmware 2.0.1`,
    `hreg service record ${CODE_EXAMPLE} --kind repair --replace battery_pack:VoltCell:BP-88001:VoltCell:BP-99102:LOT-9 --notes "cell swelling"`,
  ],
  event(flags) {
    const componentType = text(flags, 'component-type');
    if (componentType !== undefined && !COMPONENT_TYPE.test(componentType))
      throw usageError(`--component-type must be a lower_snake_case type, not "${componentType}"`);
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
  'Grant or revoke service rights on a unit, and record service work',
  { grant, revoke, start, record: serviceRecord },
  `hreg service record ${CODE_EXAMPLE} --kind maintenance --notes "annual inspection"`,
);

const SEVERITIES = ['minor', 'serious', 'critical', 'fatal'] as const;
const INCIDENT_KINDS = ['injury', 'property_damage', 'malfunction', 'data_leak'] as const;

export const incident = shortcut({
  name: 'hreg incident',
  summary: 'Report an incident involving a unit (owner, operator, service, regulator)',
  args: '--severity S --kind K --description D',
  flags: {
    severity: { type: 'string', value: 'S', required: true, description: `${SEVERITIES.join(', ')}` },
    kind: { type: 'string', value: 'K', required: true, description: `${INCIDENT_KINDS.join(', ')}` },
    description: { type: 'string', value: 'D', required: true, description: 'what happened' },
    'component-type': { type: 'string', value: 'T', description: 'the component type involved, if known' },
    'failure-mode': { type: 'string', value: 'F', description: 'the failure mode, if known' },
  },
  details: 'Records `incident_reported`; `hreg accountability CODE --at TIME` then answers who was responsible.',
  examples: [
    `hreg incident ${CODE_EXAMPLE} --severity serious --kind malfunction --description "arm froze mid-lift" --component-type joint_actuator`,
  ],
  event(flags) {
    const componentType = text(flags, 'component-type');
    if (componentType !== undefined && !COMPONENT_TYPE.test(componentType))
      throw usageError(`--component-type must be a lower_snake_case type, not "${componentType}"`);
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
  summary: 'Take a unit out of use for good (owner; not while deployed)',
  flags: { reason: { type: 'string', value: 'TEXT', description: 'why' } },
  details: 'Records `decommissioned` {reason?}. Next: transfer it to a recycler, who runs `hreg recycle receive`.',
  examples: [`hreg decommission ${CODE_EXAMPLE} --reason "end of service life"`],
  event: (flags) => ({ type: 'decommissioned', data: withOptional({}, { reason: text(flags, 'reason') }) }),
});

const receive = shortcut({
  name: 'hreg recycle receive',
  summary: 'Receive a decommissioned unit for recycling: status recycling (the recycler it was transferred to)',
  flags: NOTES,
  details: 'Records `recycling_received` {notes?}.',
  examples: [`hreg recycle receive ${CODE_EXAMPLE}`],
  event: notesEvent('recycling_received'),
});

/** recycle receives decommissioned units at a recycler. */
export const recycle = defineGroup(
  'hreg recycle',
  'Recycler commands: receive a decommissioned unit',
  { receive },
  `hreg recycle receive ${CODE_EXAMPLE}`,
);

export const scrap = shortcut({
  name: 'hreg scrap',
  summary: 'Scrap a unit: terminal, and its key components can never be fitted again (the recycler)',
  flags: { method: { type: 'string', value: 'M', description: 'how it was destroyed, e.g. shredded' } },
  details: 'Records `scrapped` {method?}. The code is never reissued or moved again.',
  examples: [`hreg scrap ${CODE_EXAMPLE} --method shredded`],
  event: (flags) => ({ type: 'scrapped', data: withOptional({}, { method: text(flags, 'method') }) }),
});

const REASON: FlagSpecs = { reason: { type: 'string', value: 'R', required: true, description: 'why (kept in the ledger)' } };

export const suspend = shortcut({
  name: 'hreg suspend',
  summary: 'Suspend a unit: no sale or deployment until reinstated (regulator)',
  args: '--reason R',
  flags: REASON,
  details: 'Records `suspended` {reason}.',
  examples: [`hreg suspend ${CODE_EXAMPLE} --reason "under investigation after incident 42"`],
  event: (flags) => ({ type: 'suspended', data: { reason: flags.required('reason') } }),
});

export const reinstate = shortcut({
  name: 'hreg reinstate',
  summary: "Lift a unit's suspension (regulator)",
  args: '--reason R',
  flags: REASON,
  details: 'Records `reinstated` {reason}.',
  examples: [`hreg reinstate ${CODE_EXAMPLE} --reason "investigation closed"`],
  event: (flags) => ({ type: 'reinstated', data: { reason: flags.required('reason') } }),
});

export const stolen = shortcut({
  name: 'hreg stolen',
  summary: 'Report a unit stolen: no sale or deployment until recovered (owner)',
  flags: NOTES,
  details: 'Records `stolen_reported` {notes?}.',
  examples: [`hreg stolen ${CODE_EXAMPLE} --notes "taken from warehouse 3"`],
  event: notesEvent('stolen_reported'),
});

export const recovered = shortcut({
  name: 'hreg recovered',
  summary: 'Report a stolen unit recovered (owner)',
  flags: NOTES,
  details: 'Records `recovered` {notes?}.',
  examples: [`hreg recovered ${CODE_EXAMPLE}`],
  event: notesEvent('recovered'),
});

/** offerAnswer declares one of the commands that answer a pending transfer offer. */
const offerAnswer = (verb: string, type: string, who: string, summary: string) =>
  shortcut({
    name: `hreg offers ${verb}`,
    summary,
    flags: NOTES,
    details: `Records \`${type}\` {notes?} (${who}).`,
    examples: [`hreg offers ${verb} ${CODE_EXAMPLE}`],
    event: notesEvent(type),
  });

/** offers answers transfer offers: the recipient accepts or declines, the owner withdraws. */
export const offers = defineGroup(
  'hreg offers',
  'Answer a transfer offer: accept or decline it (its recipient), or withdraw it (the owner)',
  {
    accept: offerAnswer(
      'accept',
      'transfer_accepted',
      'the recipient the offer names',
      'Accept a transfer offered to you: you become the owner',
    ),
    decline: offerAnswer(
      'decline',
      'transfer_declined',
      'the recipient the offer names',
      'Decline a transfer offered to you: the owner stays',
    ),
    withdraw: offerAnswer('withdraw', 'transfer_withdrawn', 'the owner who made it', 'Withdraw your pending transfer offer'),
  },
  `hreg offers accept ${CODE_EXAMPLE}`,
);
