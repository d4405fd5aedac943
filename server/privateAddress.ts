// Addresses a webhook must not point at unless its config says `"allowPrivate": true`: loopback,
// link-local (169.254.169.254 is the cloud metadata service), private, carrier-grade NAT,
// unspecified and unique-local ranges. Without this, whoever may edit a webhook's URL could make
// the server post into the network it sits in.
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Why `address` (an IP address) is not public, or undefined when it is. */
export function privateAddressKind(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is its IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped !== null) return privateAddressKind(mapped[1]);
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6') ? 'a loopback, link-local or private address' : undefined;
}

/** Why a URL's host is not public by its name alone (an IP literal or localhost), or undefined. */
export function privateHostKind(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return 'localhost';
  return privateAddressKind(bare);
}
