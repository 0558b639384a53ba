import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';

/** rolesOf gives the roles of the participant id that an event names as its what (to, operator, service); an unknown one is refused. */
export function rolesOf(roles: ReadonlyMap<string, string[]>, id: string, what: string): string[] {
  const held = roles.get(id);
  if (!held) throw new RegistryError('UNKNOWN_PARTICIPANT', msg('problem.lifecycle.notEnrolled', { what, id }));
  return held;
}

/** needRole refuses an event whose named participant (its what, id) does not hold role. */
export function needRole(roles: readonly string[], role: string, what: string, id: string): void {
  if (!roles.includes(role))
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.lifecycle.lacksRole', { what, id, role }), {
      errors: [{ field: `body.data.${what}`, message: `needs the ${role} role` }],
    });
}
