import assert from 'node:assert/strict';
import test from 'node:test';
import { checkCharacter, displayCode } from '../code/index.ts';
import { candidateLines, candidatesOf } from './output.ts';

const valid = (body: string) => body + checkCharacter(body);
const A = valid('CN0A1B00002X2611200000000012');
const B = valid('CN0A1B00002X2611200000000013');

test('"did you mean" puts maker and model beside a registered candidate, with the English names when there are any', () => {
  const lines = candidateLines(
    candidatesOf([
      {
        code: A,
        registered: true,
        maker: { name: '杭州宇树科技股份有限公司', nameEn: 'Unitree Robotics' },
        model: { name: '宇树 H1', nameEn: 'Unitree H1' },
      },
    ]),
    21,
  );
  assert.deepEqual(lines, [
    'did you mean:',
    `  ${displayCode(A)}  registered: 杭州宇树科技股份有限公司 (Unitree Robotics), model 宇树 H1 (Unitree H1)`,
    '  (20 more valid codes one character away, none registered; --json lists all)',
  ]);
});

test('unregistered candidates go under a heading that says so; the count of the rest is exact', () => {
  const lines = candidateLines(
    candidatesOf([
      { code: A, registered: false },
      { code: B, registered: false },
    ]),
    3,
  );
  assert.deepEqual(lines, [
    'did you mean (no robot is registered under these):',
    `  ${displayCode(A)}`,
    `  ${displayCode(B)}`,
    '  (1 more valid code one character away; --json lists all)',
  ]);
});

test('candidatesOf skips what is not shaped like a candidate', () => {
  assert.deepEqual(candidatesOf(undefined), []);
  assert.deepEqual(candidatesOf([null, 3, { registered: true }, { code: A, registered: 'yes', maker: { nameEn: 'x' } }]), [
    { code: A, registered: false, maker: undefined, model: undefined },
  ]);
});
