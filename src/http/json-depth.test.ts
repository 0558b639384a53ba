import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth.ts';

const nested = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

test('json depth: nesting up to the limit passes, one level more does not', () => {
  assert.equal(jsonDepthExceeds(nested(MAX_JSON_DEPTH)), false);
  assert.equal(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1)), true);
  assert.equal(jsonDepthExceeds('['.repeat(MAX_JSON_DEPTH + 1)), true, 'unclosed brackets count too');
  assert.equal(jsonDepthExceeds('[{"a":[[]]}]', 3), true);
  assert.equal(jsonDepthExceeds('[{"a":[[]]}]', 4), false);
});

test('json depth: brackets inside strings, escaped quotes included, do not count', () => {
  assert.equal(jsonDepthExceeds(JSON.stringify({ s: '[[[[[[[[[[{{{{{{{{{{'.repeat(10) }), 2), false);
  assert.equal(jsonDepthExceeds(JSON.stringify({ s: 'a"[[[[[\\"{{{{{' }), 1), false);
  assert.equal(jsonDepthExceeds(JSON.stringify([{ s: '\\' }, [[]]]), 2), true, 'an escaped backslash ends before the closing quote');
});

test('json depth: 5,000 levels are found in linear time without a stack overflow', () => {
  assert.equal(jsonDepthExceeds('['.repeat(5000) + ']'.repeat(5000)), true);
  assert.equal(jsonDepthExceeds('['.repeat(1_000_000)), true);
});
