import { parseCode, type IdentityCode } from '../../code/index.ts';
import { RegistryError, isRegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { deniedAccess, type MarketAccess } from '../../lifecycle/market-access.ts';
import type { RobotStatus } from '../../lifecycle/status.ts';
import type { RegistryContext } from '../context.ts';
import { codeCandidates } from './code-candidates.ts';
import { accessOf, loadRobotFacts } from './robot-facts.ts';
import { openRecallsOf } from '../recalls/recalls.ts';

/** Verification is the public answer for a code (DESIGN.md §9 `GET /v1/verify/{code}`). */
export interface Verification {
  code: string;
  parts: { country: string; enterprise: string; model: string; serial: string };
  manufacturer: { name: string; nameEn: string | null };
  model: { name: string; nameEn: string | null };
  productionDate: string;
  status: RobotStatus;
  marketAccess: MarketAccess;
  openRecalls: unknown[];
}

function partsOf(c: IdentityCode) {
  return { country: c.country, enterprise: c.enterprise, model: c.model, serial: c.serial };
}

/**
 * withCandidates adds to an INVALID_CODE error its `candidates`: at most five of its
 * `suggestions`, registered codes first with their maker and model (one query).
 */
async function withCandidates(ctx: RegistryContext, err: unknown): Promise<unknown> {
  if (!isRegistryError(err) || err.code !== 'INVALID_CODE') return err;
  const suggestions = Array.isArray(err.extra.suggestions) ? err.extra.suggestions.map(String) : [];
  const normalised = typeof err.extra.normalised === 'string' ? err.extra.normalised : '';
  err.extra.candidates = await codeCandidates(ctx.store, normalised, suggestions);
  return err;
}

/**
 * verifyCode parses a code (throwing INVALID_CODE with `suggestions` and ranked `candidates`)
 * and returns its public verification, or NOT_REGISTERED.
 */
export async function verifyCode(ctx: RegistryContext, input: string): Promise<Verification> {
  let parsed: IdentityCode;
  try {
    parsed = parseCode(input);
  } catch (err) {
    throw await withCandidates(ctx, err);
  }
  const code = parsed.country + parsed.enterprise + parsed.model + parsed.serial;
  const f = await ctx.facts.load(code, () => loadRobotFacts(ctx.store, code));
  if (!f) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
  return {
    code,
    parts: partsOf(parsed),
    manufacturer: { name: f.manufacturerName, nameEn: f.manufacturerNameEn },
    model: { name: f.modelName, nameEn: f.modelNameEn },
    productionDate: f.productionDate,
    status: f.status,
    marketAccess: accessOf(f),
    openRecalls: f.openRecalls > 0 ? await openRecallsOf(ctx.store, code) : [],
  };
}

/** marketAccessFor always answers: INVALID_CODE and NOT_REGISTERED are reasons, not errors (DESIGN.md §5). */
export async function marketAccessFor(ctx: RegistryContext, input: string): Promise<MarketAccess & { code: string }> {
  let code: string;
  try {
    const p = parseCode(input);
    code = p.country + p.enterprise + p.model + p.serial;
  } catch (err) {
    if (isRegistryError(err) && err.code === 'INVALID_CODE') return { code: input.slice(0, 64), ...deniedAccess('INVALID_CODE') };
    throw err;
  }
  const f = await ctx.facts.load(code, () => loadRobotFacts(ctx.store, code));
  if (!f) return { code, ...deniedAccess('NOT_REGISTERED') };
  return { code, ...accessOf(f) };
}
