import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkWork, issueChallenge, leadingZeroBits, solveChallenge, CHALLENGE_TTL_MS } from './proof-of-work.ts';
import { photoTypeOf } from './photo-type.ts';
import { queueRank, REPORT_CATEGORIES } from './categories.ts';

const key = Buffer.alloc(32, 7);
const CODE = 'CN0001ABCDEF26010100000000001X';
const now = new Date();

test('leadingZeroBits counts the zero bits a digest starts with', () => {
  assert.equal(leadingZeroBits(Uint8Array.from([0, 0, 0x80])), 16);
  assert.equal(leadingZeroBits(Uint8Array.from([0, 0x01])), 15);
  assert.equal(leadingZeroBits(Uint8Array.from([0xff])), 0);
});

test('a solved challenge is taken; forged, foreign, lapsed, easier-than-asked and unsolved ones are not', () => {
  const c = issueChallenge(key, CODE, 8, now);
  const work = solveChallenge(c, 8);
  assert.equal(checkWork(key, c, work, CODE, 8, now).ok, true);
  const why = (text: string, w: string, code = CODE, bits = 8, at = now) => {
    const v = checkWork(key, text, w, code, bits, at);
    return v.ok ? 'ok' : v.why;
  };
  assert.equal(why(c, work, 'CN0001ABCDEF26010100000000002Y'), 'other_code');
  assert.equal(why(issueChallenge(Buffer.alloc(32, 8), CODE, 8, now), work), 'forged');
  const [body] = c.split('.');
  assert.equal(why(`${body}.AAAA`, work), 'forged');
  assert.equal(why(`${c}.x`, work), 'forged');
  assert.equal(why(c, work, CODE, 8, new Date(now.getTime() + CHALLENGE_TTL_MS + 1)), 'expired');
  assert.equal(why(c, work, CODE, 12), 'too_easy');
  const wrong = [...Array(64).keys()].map(String).find((w) => checkWork(key, c, w, CODE, 8, now).ok === false);
  assert.equal(why(c, String(wrong)), 'no_work');
});

test('photo types are told by their bytes, not their names', () => {
  assert.equal(photoTypeOf(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0])), 'image/jpeg');
  assert.equal(photoTypeOf(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array(8).fill(0)])), 'image/png');
  assert.equal(photoTypeOf(Buffer.from('RIFF\0\0\0\0WEBPVP8 \0\0\0\0')), 'image/webp');
  assert.equal(photoTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), undefined);
  assert.equal(photoTypeOf(Buffer.from('GIF89a……')), undefined);
  assert.equal(photoTypeOf(new Uint8Array()), undefined);
});

test('the queue puts suspected counterfeits first', () => {
  const sorted = [...REPORT_CATEGORIES].sort((a, b) => queueRank(a) - queueRank(b));
  assert.equal(sorted[0], 'counterfeit');
  for (const c of REPORT_CATEGORIES) if (c !== 'counterfeit') assert.ok(queueRank(c) > queueRank('counterfeit'));
});
