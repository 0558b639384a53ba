import { RegistryError } from '../errors.ts';
import { allOf, anyOf, msg, term } from '../i18n/message.ts';

/** Role is a capability a participant holds (DESIGN.md §2). */
export type Role =
  | 'manufacturer'
  | 'seller'
  | 'operator'
  | 'service'
  | 'recycler'
  | 'regulator'
  | 'importer'
  | 'remanufacturer'
  | 'insurer';

/** ROLES lists every role a participant may hold. */
export const ROLES: readonly Role[] = [
  'manufacturer',
  'seller',
  'operator',
  'service',
  'recycler',
  'regulator',
  'importer',
  'remanufacturer',
  'insurer',
];

/** Principal is an authenticated caller: the participant behind a valid token. */
export interface Principal {
  participantId: string;
  name: string;
  roles: readonly Role[];
  enterpriseCode: string | null;
}

/** Caller is a principal, or undefined for the public. */
export type Caller = Principal | undefined;

/** hasRole tells whether the caller holds role. */
export function hasRole(caller: Caller, role: Role): boolean {
  return caller?.roles.includes(role) === true;
}

/** requireRole returns the caller when it holds one of roles, and refuses otherwise. */
export function requireRole(caller: Caller, ...roles: Role[]): Principal {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  if (!roles.some((r) => caller.roles.includes(r))) {
    throw new RegistryError(
      'FORBIDDEN_ROLE',
      msg('problem.access.role', {
        roles: anyOf(roles.map((r) => term('role', r))),
        held: caller.roles.length > 0 ? allOf(caller.roles.map((r) => term('role', r))) : 'none',
      }),
      { required: roles },
    );
  }
  return caller;
}

/** requireOwnEnterprise refuses a manufacturer acting under another manufacturer's enterprise code. */
export function requireOwnEnterprise(caller: Principal, enterpriseCode: string): void {
  if (caller.enterpriseCode !== enterpriseCode) {
    throw new RegistryError(
      'FOREIGN_ENTERPRISE',
      msg('problem.access.enterprise', { enterpriseCode, own: caller.enterpriseCode ?? 'none' }),
    );
  }
}
