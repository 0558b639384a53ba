/**
 * Which addresses a webhook may reach. A subscriber names the URL, so without
 * a rule it could make the registry POST into the operator's own network
 * (loopback admin ports, cloud metadata at 169.254.169.254, private
 * services). Internal ranges are refused unless the operator allows them;
 * the check runs on the URL at subscription and on every resolved address at
 * delivery, so a name that later resolves inward (DNS rebinding) is caught.
 */
import { BlockList, isIP } from 'node:net';

/** WebhookTargets is the operator's allowance for webhook targets in internal ranges (config.ts). */
export interface WebhookTargets {
  /** allowPrivate lets webhooks reach any internal address (HREG_WEBHOOK_ALLOW_PRIVATE=1): a test rig or a closed network. */
  allowPrivate: boolean;
  /** allowCidrs are internal ranges webhooks may reach all the same (HREG_WEBHOOK_ALLOW_CIDRS), e.g. 10.20.0.0/16. */
  allowCidrs: readonly string[];
}

/** STRICT_TARGETS refuses every internal address: the default. */
export const STRICT_TARGETS: WebhookTargets = { allowPrivate: false, allowCidrs: [] };

// IANA special-purpose registries (RFC 6890 and successors): ranges that are not the public Internet.
const INTERNAL: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'ipv4', 'private (RFC 1918)'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT (RFC 6598)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'ipv4', 'private (RFC 1918)'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved and broadcast'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['::', 96, 'ipv6', 'IPv4-compatible'],
  ['64:ff9b::', 96, 'ipv6', 'NAT64 (IPv4-translated)'],
  ['fc00::', 7, 'ipv6', 'unique local'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'site-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];
const RANGES = INTERNAL.map(([net, prefix, family, name]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, family);
  return { list, name };
});

/** internalRange names the internal range an IP address lies in, or undefined for a public address. */
export function internalRange(address: string): string | undefined {
  const v = isIP(address);
  if (v === 0) return undefined;
  // BlockList matches an IPv4-mapped IPv6 address against the IPv4 ranges, so ::ffff:10.0.0.1
  // is found private; any other mapped address is refused as mapped, since no public receiver needs one.
  const family = v === 4 ? 'ipv4' : 'ipv6';
  const hit = RANGES.find((r) => r.list.check(address, family));
  if (hit) return hit.name;
  if (v === 6 && /^\[::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}\]$/.test(new URL(`http://[${address}]`).hostname)) return 'IPv4-mapped IPv6';
  return undefined;
}

/** allowedByOperator tells whether the operator's allowance covers an internal address. */
function allowedByOperator(address: string, targets: WebhookTargets): boolean {
  if (targets.allowPrivate) return true;
  if (targets.allowCidrs.length === 0) return false;
  const allow = new BlockList();
  for (const cidr of targets.allowCidrs) {
    const [net = '', prefix = ''] = cidr.split('/');
    allow.addSubnet(net, Number(prefix), isIP(net) === 6 ? 'ipv6' : 'ipv4');
  }
  return allow.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** refusedAddress says why an IP address may not receive webhooks under targets, or undefined when it may. */
export function refusedAddress(address: string, targets: WebhookTargets): string | undefined {
  const range = internalRange(address);
  if (range === undefined || allowedByOperator(address, targets)) return undefined;
  return `${address} is ${/^[aeiou]/i.test(range) ? 'an' : 'a'} ${range} address`;
}

/**
 * refusedHost says why a URL's host may not receive webhooks, judged without
 * DNS: IP literals by their range, and the names that always mean this
 * machine (localhost, *.localhost: RFC 6761). Other names are judged by the
 * addresses they resolve to when a delivery connects.
 */
export function refusedHost(hostname: string, targets: WebhookTargets): string | undefined {
  const host = hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  if (isIP(host)) return refusedAddress(host, targets);
  if ((host === 'localhost' || host.endsWith('.localhost')) && !allowedByOperator('127.0.0.1', targets))
    return `${hostname} is a loopback name`;
  return undefined;
}
