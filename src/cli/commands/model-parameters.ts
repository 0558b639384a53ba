import { readFileSync } from 'node:fs';
import { usageError } from '../cli-error.ts';
import type { Flags, FlagSpecs } from '../flags.ts';
import { t } from '../lang.ts';

/** PARAMETER_FLAGS map each technical-parameter flag to its field in the API's `parameters` object. */
const NUMERIC: [flag: string, field: string, integer: boolean][] = [
  ['height-cm', 'heightCm', false],
  ['mass-kg', 'massKg', false],
  ['dof', 'degreesOfFreedom', true],
  ['payload-kg', 'payloadKg', false],
  ['top-speed-kmh', 'topSpeedKmh', false],
  ['battery-wh', 'batteryCapacityWh', false],
];
const TEXT: [flag: string, field: string][] = [
  ['battery-chemistry', 'batteryChemistry'],
  ['autonomy', 'autonomyLevel'],
];

/** MODEL_PARAMETER_FLAGS are the flags that set a model's technical parameters one by one. */
export const MODEL_PARAMETER_FLAGS: FlagSpecs = {
  params: { type: 'string', value: 'FILE.json', description: 'cli.model-parameters.flag.params' },
  'height-cm': { type: 'string', value: 'N', description: 'cli.model-parameters.flag.heightCm' },
  'mass-kg': { type: 'string', value: 'N', description: 'cli.model-parameters.flag.massKg' },
  dof: { type: 'string', value: 'N', description: 'cli.model-parameters.flag.dof' },
  'payload-kg': { type: 'string', value: 'N', description: 'cli.model-parameters.flag.payloadKg' },
  'top-speed-kmh': { type: 'string', value: 'N', description: 'cli.model-parameters.flag.topSpeedKmh' },
  'battery-chemistry': { type: 'string', value: 'TEXT', description: 'cli.model-parameters.flag.batteryChemistry' },
  'battery-wh': { type: 'string', value: 'N', description: 'cli.model-parameters.flag.batteryWh' },
  autonomy: { type: 'string', value: 'LEVEL', description: 'cli.model-parameters.flag.autonomy' },
  applications: { type: 'string', value: 'A,B', description: 'cli.model-parameters.flag.applications' },
};

const REQUIRED_FIELDS = [...NUMERIC.map(([, f]) => f), ...TEXT.map(([, f]) => f), 'applications'];

function readParamsFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw usageError(
      t('cli.usage.cannotRead', { flag: '--params', file: path, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message }),
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw usageError(t('cli.usage.notJson', { what: `--params: ${path}`, error: (err as Error).message }));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw usageError(t('cli.models.file.paramsNotObject', { path }));
  // Accept either the bare parameters object or a whole model body with a `parameters` member.
  const o = value as Record<string, unknown>;
  return typeof o.parameters === 'object' && o.parameters !== null ? (o.parameters as Record<string, unknown>) : o;
}

/** modelParameters merges --params FILE with the individual flags and reports every missing field at once; the registry checks ranges. */
export function modelParameters(flags: Flags): Record<string, unknown> {
  const path = flags.string('params');
  const params: Record<string, unknown> = path ? readParamsFile(path) : {};
  for (const [flag, field, integer] of NUMERIC) {
    const n = integer ? flags.int(flag, 1, 1000) : flags.number(flag);
    if (n !== undefined) params[field] = n;
  }
  for (const [flag, field] of TEXT) {
    const v = flags.string(flag);
    if (v !== undefined) params[field] = v;
  }
  const apps = flags.list('applications');
  if (apps !== undefined) params.applications = apps;
  const missing = REQUIRED_FIELDS.filter((f) => params[f] === undefined);
  if (missing.length > 0) {
    const flagOf = (f: string) => NUMERIC.find(([, x]) => x === f)?.[0] ?? TEXT.find(([, x]) => x === f)?.[0] ?? f;
    throw usageError(
      `missing model parameters: ${missing.map((f) => `${f} (--${flagOf(f)})`).join(', ')}; give them as flags or in --params FILE.json`,
    );
  }
  return params;
}
