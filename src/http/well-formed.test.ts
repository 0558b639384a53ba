import { test } from 'node:test';
import assert from 'node:assert/strict';
import { malformedTextAt } from './well-formed.ts';

test('a lone surrogate anywhere in a body is found, with its path', () => {
  assert.equal(malformedTextAt(JSON.parse('{"type":"serviced","data":{"notes":"ok \\ud800"}}')), '/data/notes');
  assert.equal(malformedTextAt(JSON.parse('{"events":[{"code":"x"},{"data":{"a":["\\udfff"]}}]}')), '/events/1/data/a/0');
  assert.equal(malformedTextAt(JSON.parse('{"\\ud83d":1}')), '/\ufffd');
  assert.equal(malformedTextAt(JSON.parse('"\\ud800"')), '/');
});

test('well-formed text passes: pairs, Chinese, emoji, the escaped text of a surrogate', () => {
  assert.equal(malformedTextAt({ notes: '机器人 🤖 \ud83e\udd16', n: 1, b: true, z: null, list: ['\\ud800'] }), undefined);
  assert.equal(malformedTextAt(undefined), undefined);
});
