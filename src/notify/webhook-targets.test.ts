import assert from 'node:assert/strict';
import { test } from 'node:test';
import { internalRange, refusedAddress, refusedHost, STRICT_TARGETS } from './webhook-targets.ts';

// One row per internal range the brief names, and public addresses beside them.
const INTERNAL: [string, string][] = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['::1', 'loopback'],
  ['10.0.0.1', 'private (RFC 1918)'],
  ['172.16.0.1', 'private (RFC 1918)'],
  ['172.31.255.255', 'private (RFC 1918)'],
  ['192.168.1.1', 'private (RFC 1918)'],
  ['169.254.169.254', 'link-local'],
  ['fe80::1', 'link-local'],
  ['100.64.0.1', 'carrier-grade NAT (RFC 6598)'],
  ['100.127.255.255', 'carrier-grade NAT (RFC 6598)'],
  ['fc00::1', 'unique local'],
  ['fd12:3456::1', 'unique local'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:a00:1', 'private (RFC 1918)'],
  ['::ffff:8.8.8.8', 'IPv4-mapped IPv6'],
  ['0.0.0.0', 'unspecified ("this network")'],
  ['::', 'unspecified'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['ff02::1', 'multicast'],
  ['255.255.255.255', 'reserved and broadcast'],
  ['64:ff9b::a00:1', 'NAT64 (IPv4-translated)'],
];
const PUBLIC = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '11.0.0.1', '2606:4700:4700::1111', '2001:db9::1'];

for (const [address, range] of INTERNAL) {
  test(`webhook target ${address} is internal: ${range}`, () => {
    assert.equal(internalRange(address), range);
    assert.match(refusedAddress(address, STRICT_TARGETS) ?? '', new RegExp(address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });
}
for (const address of PUBLIC) {
  test(`webhook target ${address} is public`, () => {
    assert.equal(internalRange(address), undefined);
    assert.equal(refusedAddress(address, STRICT_TARGETS), undefined);
  });
}

test('webhook targets: the operator may allow every internal address, or named ranges only', () => {
  assert.equal(refusedAddress('127.0.0.1', { allowPrivate: true, allowCidrs: [] }), undefined);
  const ranges = { allowPrivate: false, allowCidrs: ['10.20.0.0/16', 'fd00::/8'] };
  assert.equal(refusedAddress('10.20.3.4', ranges), undefined);
  assert.equal(refusedAddress('fd00::5', ranges), undefined);
  assert.ok(refusedAddress('10.21.0.1', ranges));
  assert.ok(refusedAddress('127.0.0.1', ranges));
});

test('webhook hosts: IP literals by range, localhost names always, other names left to delivery', () => {
  for (const h of ['127.0.0.1', '[::1]', '[::ffff:7f00:1]', 'localhost', 'LOCALHOST.', 'api.localhost', '169.254.169.254']) {
    assert.ok(refusedHost(h, STRICT_TARGETS), h);
    assert.equal(refusedHost(h, { allowPrivate: true, allowCidrs: [] }), undefined, `${h} allowed by the operator`);
  }
  for (const h of ['hooks.example.com', '8.8.8.8', '[2606:4700:4700::1111]', 'localhost.example.com'])
    assert.equal(refusedHost(h, STRICT_TARGETS), undefined, h);
});
