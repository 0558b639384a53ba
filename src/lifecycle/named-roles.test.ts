import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needRole, rolesOf } from './named-roles.ts';
import { isRegistryError } from '../errors.ts';

const ROLES = new Map([['op', ['operator']]]);

test('an enrolled participant has its roles', () => {
  assert.deepEqual(rolesOf(ROLES, 'op', 'operator'), ['operator']);
});

test('an unknown participant is refused (UNKNOWN_PARTICIPANT)', () => {
  assert.throws(
    () => rolesOf(ROLES, 'nobody', 'to'),
    (err) => isRegistryError(err) && err.code === 'UNKNOWN_PARTICIPANT',
  );
});

test('a participant with the role passes; one without is refused on its field', () => {
  needRole(['operator'], 'operator', 'operator', 'op');
  assert.throws(
    () => needRole(['seller'], 'service', 'service', 's'),
    (err) => isRegistryError(err) && err.code === 'INVALID_ARGUMENT' && JSON.stringify(err.extra).includes('body.data.service'),
  );
});
