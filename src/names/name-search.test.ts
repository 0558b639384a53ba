import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeLike, nameSearch } from './name-search.ts';

test('LIKE wildcards and the escape character match only themselves', () => {
  assert.equal(escapeLike('100%_a\\b'), '100\\%\\_a\\\\b');
  assert.equal(escapeLike('灵犀 Robotics'), '灵犀 Robotics');
});

test('a query matches a name holding it as typed, or its canonical form holding its key', () => {
  assert.deepEqual(nameSearch(' 灵犀 '), { spelled: '%灵犀%', canonical: '%灵犀%' });
  assert.deepEqual(nameSearch('ＬＩＮＧＸＩ'), { spelled: '%ＬＩＮＧＸＩ%', canonical: '%lingxi%' });
  assert.deepEqual(nameSearch('Ling Xi'), { spelled: '%Ling Xi%', canonical: '%lingxi%' });
  assert.deepEqual(nameSearch('50%'), { spelled: '%50\\%%', canonical: '%50%' });
});

test('a query of wildcards alone matches names holding those characters, not every name', () => {
  assert.deepEqual(nameSearch('%'), { spelled: '%\\%%', canonical: '%\\%%' });
  assert.deepEqual(nameSearch('_'), { spelled: '%\\_%', canonical: '%\\_%' });
  assert.deepEqual(nameSearch('   '), { spelled: '%%', canonical: null });
});
