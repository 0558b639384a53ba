import assert from 'node:assert/strict';
import test from 'node:test';
import { checkCharacter, suggestCodes } from '../../code/index.ts';
import { isConfusable, rankCandidates, type RegisteredNames } from './code-candidates.ts';

const valid = (body: string) => body + checkCharacter(body);
// A valid code and a slip in its sequence that leaves many valid neighbours.
const CODE = valid('CN0A1B00002X2611200000000012');
const names = (maker: string, model: string): RegisteredNames => ({ maker: { name: maker }, model: { name: model } });

/** slip changes the character at `at` of code to ch. */
const slip = (code: string, at: number, ch: string) => code.slice(0, at) + ch + code.slice(at + 1);

test('a registered suggestion comes first, named, and then no unregistered one is offered', () => {
  const typo = slip(CODE, 20, '7');
  const suggestions = suggestCodes(typo);
  assert.ok(suggestions.length > 5, `many neighbours: ${suggestions.length}`);
  assert.ok(suggestions.includes(CODE));
  const got = rankCandidates(typo, suggestions, new Map([[CODE, names('优必选', 'Walker S')]]));
  assert.deepEqual(got, [{ code: CODE, registered: true, maker: { name: '优必选' }, model: { name: 'Walker S' } }]);
});

test('several registered suggestions: all registered, at most five, in suggestion order', () => {
  const suggestions = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((x) => `X${x}`);
  const registered = new Map(['XB', 'XC', 'XD', 'XE', 'XF', 'XG'].map((c) => [c, names(`M${c}`, `N${c}`)]));
  const got = rankCandidates('XZ', suggestions, registered);
  assert.deepEqual(
    got.map((c) => c.code),
    ['XB', 'XC', 'XD', 'XE', 'XF'],
  );
  assert.ok(got.every((c) => c.registered && c.maker && c.model));
});

test('no registered suggestion: at most five unregistered ones, without names', () => {
  const typo = slip(CODE, 20, '7');
  const suggestions = suggestCodes(typo);
  const got = rankCandidates(typo, suggestions, new Map());
  assert.equal(got.length, Math.min(5, suggestions.length));
  for (const c of got) {
    assert.deepEqual(Object.keys(c).sort(), ['code', 'registered']);
    assert.equal(c.registered, false);
    assert.ok(suggestions.includes(c.code));
  }
});

test('a slip between easily confused characters ranks before the position order', () => {
  // The input read an O as a 0 at position 9: the O-candidate ranks first though it comes last.
  const input = 'AAAAAAAAA0';
  const suggestions = ['BAAAAAAAA0', 'ABAAAAAAA0', 'AABAAAAAA0', 'AAAAAAAAAO'];
  assert.deepEqual(
    rankCandidates(input, suggestions, new Map()).map((c) => c.code),
    ['AAAAAAAAAO', 'BAAAAAAAA0', 'ABAAAAAAA0', 'AABAAAAAA0'],
  );
  // Among registered ones too.
  const registered = new Map(suggestions.map((c) => [c, names('m', 'n')]));
  assert.equal(rankCandidates(input, suggestions, registered)[0]?.code, 'AAAAAAAAAO');
  assert.ok(isConfusable('0', 'O') && isConfusable('O', '0') && isConfusable('5', 'S') && !isConfusable('A', 'X'));
});

test('no suggestions, duplicates and a cap of zero are handled', () => {
  assert.deepEqual(rankCandidates('X', [], new Map()), []);
  assert.deepEqual(
    rankCandidates('XZ', ['XA', 'XA'], new Map()).map((c) => c.code),
    ['XA'],
  );
  assert.deepEqual(rankCandidates('XZ', ['XA'], new Map(), 0), []);
});

test('the names are copies: a candidate never shares objects with the lookup', () => {
  const n = names('m', 'n');
  const [c] = rankCandidates('XZ', ['XA'], new Map([['XA', n]]));
  assert.ok(c?.maker && c.maker !== n.maker);
});
