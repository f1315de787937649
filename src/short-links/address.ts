import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * IPv4 ranges that are not globally reachable, from the IANA IPv4 Special-Purpose Address
 * Registry. Documentation and benchmarking ranges are included: nothing public lives there, and
 * some private networks reuse them.
 */
const NON_PUBLIC_IPV4: ReadonlyArray<readonly [network: string, prefix: number]> = [
  ['0.0.0.0', 8], // "this network", including the unspecified address
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, including cloud metadata services at 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // former 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, including the broadcast address 255.255.255.255
];

/**
 * IPv6 ranges inside global unicast 2000::/3 that are not globally reachable, from the IANA IPv6
 * Special-Purpose Address Registry. Everything outside 2000::/3 (loopback, unspecified, ULA
 * fc00::/7, link-local fe80::/10, multicast ff00::/8, discard-only 100::/64 and the rest) is
 * rejected by the global unicast check.
 */
const NON_PUBLIC_IPV6_IN_GLOBAL_UNICAST: ReadonlyArray<readonly [network: string, prefix: number]> = [
  ['2001::', 23], // IETF protocol assignments, including Teredo 2001::/32
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4, which embeds an IPv4 address that a relay would forward to
  ['3fff::', 20], // documentation
  ['5f00::', 16], // SRv6 segment identifiers
];

function buildBlockList(ranges: ReadonlyArray<readonly [string, number]>, family: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ranges) {
    list.addSubnet(network, prefix, family);
  }
  return list;
}

const NON_PUBLIC_IPV4_LIST = buildBlockList(NON_PUBLIC_IPV4, 'ipv4');
const GLOBAL_UNICAST_IPV6_LIST = buildBlockList([['2000::', 3]], 'ipv6');
const NON_PUBLIC_IPV6_LIST = buildBlockList(NON_PUBLIC_IPV6_IN_GLOBAL_UNICAST, 'ipv6');

/**
 * Parses an IPv6 address (already validated with isIPv6, without a zone) into its eight 16-bit
 * groups. A trailing dotted IPv4 part counts as the last two groups.
 */
function parseIpv6Groups(address: string): number[] {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const [a = 0, b = 0, c = 0, d = 0] = text.slice(lastColon + 1).split('.').map(Number);
    const high = ((a << 8) | b).toString(16);
    const low = ((c << 8) | d).toString(16);
    text = `${text.slice(0, lastColon + 1)}${high}:${low}`;
  }

  const toGroups = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const gap = text.indexOf('::');
  if (gap === -1) {
    return toGroups(text);
  }
  const head = toGroups(text.slice(0, gap));
  const rest = toGroups(text.slice(gap + 2));
  const zeros = new Array<number>(8 - head.length - rest.length).fill(0);
  return [...head, ...zeros, ...rest];
}

function formatIpv4(high: number, low: number): string {
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

/**
 * Returns the IPv4 address that an IPv4-mapped address (::ffff:0:0/96) or a NAT64 address of the
 * well-known prefix (64:ff9b::/96) stands for, or undefined for any other IPv6 address. A host
 * behind DNS64 receives NAT64 addresses for IPv4-only sites, so those are judged by the IPv4 part.
 */
function embeddedIpv4(groups: readonly number[]): string | undefined {
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  const isMapped = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff;
  const isNat64 = g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  return isMapped || isNat64 ? formatIpv4(g6, g7) : undefined;
}

/**
 * Reports whether an IP address is globally reachable, so that connecting to it cannot reach the
 * bot's own machine or network. Anything that is not a valid IPv4 or IPv6 address, and any IPv6
 * address with a zone (`fe80::1%eth0`), is reported as not public.
 */
export function isPublicAddress(address: string): boolean {
  if (isIPv4(address)) {
    return !NON_PUBLIC_IPV4_LIST.check(address, 'ipv4');
  }
  if (!isIPv6(address) || address.includes('%')) {
    return false;
  }

  const mapped = embeddedIpv4(parseIpv6Groups(address));
  if (mapped !== undefined) {
    return isPublicAddress(mapped);
  }
  return GLOBAL_UNICAST_IPV6_LIST.check(address, 'ipv6') && !NON_PUBLIC_IPV6_LIST.check(address, 'ipv6');
}
