import { test } from 'node:test';
import assert from 'node:assert/strict';
import { must } from './must.ts';

test('must returns a present value unchanged, falsy ones included', () => {
  assert.equal(must(0, 'zero'), 0);
  assert.equal(must('', 'empty'), '');
  assert.equal(must(false, 'false'), false);
});

test('must throws, naming what was missing, on undefined and null', () => {
  assert.throws(() => must(undefined, 'the sequence row'), { message: 'invariant broken: the sequence row' });
  assert.throws(() => must(null, 'the header'), { message: 'invariant broken: the header' });
});
