import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import { widens, type RecallScope } from './scope.ts';

/** RECALL_TERMS are the terms of a recall an amendment may change. */
export const RECALL_TERMS = ['scope', 'hazard', 'severity', 'remedy', 'stopSale', 'stopUse'] as const;

/** RecallTerm names one term of a recall. */
export type RecallTerm = (typeof RECALL_TERMS)[number];

/** Severity is how grave a recall's hazard is, lowest first. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/** RecallTerms are a recall's terms as they stand. */
export interface RecallTerms {
  scope: RecallScope;
  hazard: string;
  severity: (typeof SEVERITIES)[number];
  remedy: string;
  stopSale: boolean;
  stopUse: boolean;
}

/** Amender is who amends or closes a recall: its manufacturer issuer, or the regulator. */
export type Amender = 'issuer' | 'regulator';

/** AmendedTerms are the terms after an accepted amendment and the terms the regulator has set since issue. */
export interface AmendedTerms {
  terms: RecallTerms;
  regulatorSet: RecallTerm[];
}

const field: Record<RecallTerm, string> = {
  scope: 'body.scope',
  hazard: 'body.hazard',
  severity: 'body.severity',
  remedy: 'body.remedy',
  stopSale: 'body.stopSale',
  stopUse: 'body.stopUse',
};

/**
 * lowers tells whether changing term from a to b lowers or lifts it: a
 * narrower scope, a lower severity, a stop lifted. Hazard and remedy have no
 * order, so any change to them counts: the regulator's words stay its own.
 */
function lowers<T extends RecallTerm>(term: T, a: RecallTerms[T], b: RecallTerms[T]): boolean {
  switch (term) {
    case 'scope':
      return !widens(a as RecallScope, b as RecallScope);
    case 'severity':
      return SEVERITIES.indexOf(b as RecallTerms['severity']) < SEVERITIES.indexOf(a as RecallTerms['severity']);
    case 'stopSale':
    case 'stopUse':
      return a === true && b === false;
    default:
      return a !== b;
  }
}

/**
 * amendTerms applies an amendment (DESIGN.md §2, §6): whatever the regulator
 * set, only the regulator lowers or lifts; an issuer may widen the scope, raise
 * the severity and add a stop. No one narrows a scope, because units already
 * recalled stay recalled. Every term the regulator states in an amendment
 * becomes the regulator's, even at its old value: the regulator has affirmed it.
 */
export function amendTerms(
  current: RecallTerms,
  change: Partial<RecallTerms>,
  regulatorSet: readonly RecallTerm[],
  by: Amender,
): AmendedTerms {
  const terms: RecallTerms = { ...current, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
  const locked = new Set(regulatorSet);
  const regulators = RECALL_TERMS.filter((t) => by === 'issuer' && locked.has(t) && lowers(t, current[t], terms[t]));
  if (regulators.length > 0) {
    throw new RegistryError(
      'REGULATOR_SET_TERM',
      msg('problem.recall.regulatorTerms', { terms: regulators.join(', '), count: regulators.length }),
      {
        errors: regulators.map((t) => ({ field: field[t], message: 'set by the regulator' })),
      },
    );
  }
  if (!widens(current.scope, terms.scope)) {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.recall.narrower'), {
      errors: [{ field: field.scope, message: 'narrower than the current scope' }],
    });
  }
  const stated = by === 'regulator' ? RECALL_TERMS.filter((t) => change[t] !== undefined) : [];
  return { terms, regulatorSet: RECALL_TERMS.filter((t) => locked.has(t) || stated.includes(t)) };
}

/** checkClose refuses an issuer closing a recall the regulator escalated (set any term of): closing lifts them all. */
export function checkClose(regulatorSet: readonly RecallTerm[], by: Amender): void {
  if (by === 'issuer' && regulatorSet.length > 0) {
    throw new RegistryError('REGULATOR_SET_TERM', msg('problem.recall.regulatorClose', { terms: regulatorSet.join(', ') }));
  }
}
