import { isIP } from 'node:net';

import { classifyHost, type HostClass } from '../links/index.js';

/** The rule that stopped a hop, for logs and tests. */
export type BlockRule = 'scheme' | 'userinfo' | 'port' | 'ip-literal' | 'host';

/**
 * The verdict on the next URL of a redirect chain:
 * - `allowed`: it may be fetched, as the returned https URL. `hostKind` is the table that
 *   matched the host.
 * - `excluded`: a marketplace in the link tables that Qualit.ly has no QC photos for
 *   (Xianyu, JD, Pinduoduo), so the chain can stop without fetching it.
 * - `blocked`: it must not be fetched.
 */
export type HopCheck =
  | { kind: 'allowed'; url: URL; hostKind: Exclude<HostClass['kind'], 'excluded'> }
  | { kind: 'excluded'; host: string }
  | { kind: 'blocked'; host: string; rule: BlockRule };

/** Parses a URL, or a Location value relative to `base`. Returns undefined for text that is not a URL. */
export function parseHopUrl(text: string, base?: URL): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}

/** Reports whether a URL host is an IP address, bracketed or not. */
export function isIpLiteral(hostname: string): boolean {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) !== 0;
}

/**
 * Reports whether the resolver may connect to a host: a short-link, storefront, agent or wrapper
 * domain of the link tables, matched as the exact domain or a true subdomain. IP literals never
 * qualify.
 */
export function isAllowedHost(hostname: string): boolean {
  if (isIpLiteral(hostname)) {
    return false;
  }
  const hostClass = classifyHost(hostname);
  return hostClass !== undefined && hostClass.kind !== 'excluded';
}

/**
 * Checks a URL before it is fetched. Only https on the default port, without userinfo, to a named
 * host of the link tables is allowed. An `http:` URL on such a host is upgraded to https, because
 * every allowed site serves https and the resolver never sends plain-text requests.
 *
 * The WHATWG URL parser has already turned numeric host tricks (`2130706433`, `0x7f.1`,
 * `0177.0.0.1`) into dotted IPv4, so the IP literal check catches them.
 */
export function checkHopUrl(input: URL): HopCheck {
  const url = new URL(input.href);
  if (url.protocol === 'http:') {
    url.protocol = 'https:';
  }
  if (url.protocol !== 'https:') {
    return { kind: 'blocked', host: url.hostname, rule: 'scheme' };
  }
  if (url.username !== '' || url.password !== '') {
    return { kind: 'blocked', host: url.hostname, rule: 'userinfo' };
  }
  if (url.port !== '') {
    return { kind: 'blocked', host: url.hostname, rule: 'port' };
  }
  if (isIpLiteral(url.hostname)) {
    return { kind: 'blocked', host: url.hostname, rule: 'ip-literal' };
  }

  // A trailing dot names the same host, but it would also end up in the TLS server name.
  if (url.hostname.endsWith('.')) {
    url.hostname = url.hostname.slice(0, -1);
  }
  const hostClass = classifyHost(url.hostname);
  if (hostClass === undefined) {
    return { kind: 'blocked', host: url.hostname, rule: 'host' };
  }
  if (hostClass.kind === 'excluded') {
    return { kind: 'excluded', host: url.hostname };
  }
  return { kind: 'allowed', url, hostKind: hostClass.kind };
}
