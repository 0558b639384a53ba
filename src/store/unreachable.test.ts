import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUnreachable } from './unreachable.ts';

test('isUnreachable: a server gone or out of reach, not a refused statement', () => {
  const yes: unknown[] = [
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    Object.assign(new Error('connection failure'), { code: '08006' }),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ECONNREFUSED' })]),
  ];
  const no: unknown[] = [
    Object.assign(new Error('duplicate key'), { code: '23505' }),
    Object.assign(new Error('serialization failure'), { code: '40001' }),
    Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }),
    new Error('something else'),
    new AggregateError([]),
    new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), new Error('b')]),
    'ECONNREFUSED',
    undefined,
    null,
  ];
  for (const e of yes) assert.equal(isUnreachable(e), true, String(e));
  for (const e of no) assert.equal(isUnreachable(e), false, String(e));
});
