/**
 * addressBlock names the network a report's flood guard counts one filer by
 * (issue #16, item 4). An IPv4 address is one filer, in whichever spelling it
 * arrives (a dual-stack socket gives `::ffff:203.0.113.5`); an IPv6 address is
 * counted by its /64, the block one subscriber is given (RFC 6177), since a
 * client picks the other 64 bits at will and would otherwise flood from as
 * many "addresses" as it likes. Input it cannot parse is its own block.
 */
import ipaddr from 'ipaddr.js';

/** IPV6_SUBSCRIBER_PREFIX is the prefix length of the IPv6 block counted as one filer. */
export const IPV6_SUBSCRIBER_PREFIX = 64;

/** addressBlock gives the canonical name of the block address belongs to: `a.b.c.d`, or `xxxx:…::/64`. */
export function addressBlock(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.process(address); // an IPv4-mapped IPv6 address becomes its IPv4 address
  if (ip.kind() === 'ipv4') return ip.toString();
  const parts = (ip as ipaddr.IPv6).parts.slice(0, IPV6_SUBSCRIBER_PREFIX / 16);
  const block = new ipaddr.IPv6([...parts, 0, 0, 0, 0]);
  return `${block.toString()}/${IPV6_SUBSCRIBER_PREFIX}`;
}
