import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressBlock } from './address-block.ts';

test('an IPv4 address is one filer in any spelling a socket gives it', () => {
  assert.equal(addressBlock('203.0.113.5'), '203.0.113.5');
  assert.equal(addressBlock('::ffff:203.0.113.5'), '203.0.113.5');
  assert.equal(addressBlock('::FFFF:cb00:7105'), '203.0.113.5');
  assert.notEqual(addressBlock('203.0.113.6'), addressBlock('203.0.113.5'));
});

test('an IPv6 address is counted by its /64, however the rest and the spelling vary', () => {
  const block = '2001:db8:1:2::/64';
  for (const a of ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0DB8:0001:0002:0:0:0:9', '2001:db8:1:2:a:b:c:d'])
    assert.equal(addressBlock(a), block, a);
  assert.equal(addressBlock('2001:db8:1:3::1'), '2001:db8:1:3::/64', 'the next /64 is another filer');
  assert.equal(addressBlock('::1'), '::/64');
});

test('what is no address (a test double, a unix socket) is its own block', () => {
  assert.equal(addressBlock('unknown'), 'unknown');
  assert.equal(addressBlock(''), '');
});
