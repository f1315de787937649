import { describe, expect, it } from 'vitest';

import { isPublicAddress } from '../../src/short-links/index.js';

const PUBLIC: ReadonlyArray<readonly [name: string, address: string]> = [
  ['ordinary IPv4', '8.8.8.8'],
  ['Alibaba Cloud IPv4', '47.246.136.1'],
  ['below CGNAT', '100.63.255.255'],
  ['above CGNAT', '100.128.0.0'],
  ['below 172.16/12', '172.15.255.255'],
  ['above 172.16/12', '172.32.0.0'],
  ['below 192.168/16', '192.167.255.255'],
  ['above 192.168/16', '192.169.0.0'],
  ['below link-local', '169.253.255.255'],
  ['above 10/8', '11.0.0.0'],
  ['last unicast /8', '223.255.255.255'],
  ['ordinary IPv6', '2606:4700::1111'],
  ['IPv6 in upper case', '2400:CB00::1'],
  ['IPv4-mapped public', '::ffff:8.8.8.8'],
  ['NAT64 of a public address', '64:ff9b::808:808'],
];

const NON_PUBLIC: ReadonlyArray<readonly [name: string, address: string]> = [
  ['loopback', '127.0.0.1'],
  ['loopback range end', '127.255.255.254'],
  ['private 10/8', '10.0.0.1'],
  ['private 10/8 end', '10.255.255.255'],
  ['private 172.16/12', '172.16.0.1'],
  ['private 172.16/12 end', '172.31.255.255'],
  ['private 192.168/16', '192.168.1.1'],
  ['cloud metadata', '169.254.169.254'],
  ['CGNAT', '100.64.0.1'],
  ['CGNAT end', '100.127.255.255'],
  ['unspecified', '0.0.0.0'],
  ['this network', '0.1.2.3'],
  ['multicast', '224.0.0.1'],
  ['multicast end', '239.255.255.250'],
  ['reserved', '240.0.0.1'],
  ['broadcast', '255.255.255.255'],
  ['IETF protocol assignments', '192.0.0.8'],
  ['TEST-NET-1', '192.0.2.1'],
  ['TEST-NET-2', '198.51.100.7'],
  ['TEST-NET-3', '203.0.113.10'],
  ['benchmarking', '198.18.0.1'],
  ['benchmarking end', '198.19.255.255'],
  ['6to4 relay anycast', '192.88.99.1'],
  ['IPv6 unspecified', '::'],
  ['IPv6 loopback', '::1'],
  ['IPv4-mapped loopback, dotted', '::ffff:127.0.0.1'],
  ['IPv4-mapped loopback, hex', '::ffff:7f00:1'],
  ['IPv4-mapped private', '::ffff:10.0.0.1'],
  ['IPv4-mapped metadata', '::ffff:169.254.169.254'],
  ['IPv4-mapped, written in full', '0:0:0:0:0:ffff:7f00:1'],
  ['NAT64 of loopback', '64:ff9b::7f00:1'],
  ['NAT64 of private', '64:ff9b::a00:1'],
  ['local-use NAT64', '64:ff9b:1::1'],
  ['IPv4-compatible', '::127.0.0.1'],
  ['IPv4-translated', '::ffff:0:7f00:1'],
  ['ULA fc00::/7', 'fc00::1'],
  ['ULA fd00::/8', 'fd12:3456::1'],
  ['link-local', 'fe80::1'],
  ['link-local in upper case', 'FE80::1'],
  ['link-local with zone', 'fe80::1%eth0'],
  ['site-local', 'fec0::1'],
  ['IPv6 multicast', 'ff02::1'],
  ['discard-only', '100::1'],
  ['IPv6 documentation', '2001:db8::1'],
  ['IPv6 documentation 3fff::/20', '3fff::1'],
  ['Teredo', '2001::1'],
  ['6to4', '2002:7f00:1::1'],
  ['SRv6', '5f00::1'],
  ['host name', 'localhost'],
  ['empty', ''],
  ['short IPv4', '127.1'],
  ['decimal IPv4', '2130706433'],
  ['octet out of range', '256.1.1.1'],
  ['bracketed IPv6', '[::1]'],
];

describe('isPublicAddress', () => {
  it.each(PUBLIC)('public: %s (%s)', (_name, address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each(NON_PUBLIC)('not public: %s (%s)', (_name, address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});
