import { AGENTS, type AgentEntry } from './agents.js';
import { SHORT_LINK_HOSTS, type ShortLinkHost } from './short-links.js';
import { STOREFRONT_DOMAINS } from './storefronts.js';
import type { Storefront } from './types.js';
import { WRAPPER_HOSTS, type WrapperHost } from './wrappers.js';

/** The kind of a host, with the domain of the table row that matched it. */
export type HostClass =
  | { kind: 'short'; domain: string; shortLink: ShortLinkHost }
  | { kind: 'excluded'; domain: string }
  | { kind: 'wrapper'; domain: string; wrapper: WrapperHost }
  | { kind: 'storefront'; domain: string; storefront: Storefront }
  | { kind: 'agent'; domain: string; agent: AgentEntry };

/**
 * Marketplaces without a Qualit.ly storefront. `2.taobao.com` is Xianyu (second-hand) under the
 * Taobao domain, so it must win over the Taobao storefront rules.
 */
export const EXCLUDED_DOMAINS: readonly string[] = Object.freeze([
  '2.taobao.com',
  'goofish.com',
  'xianyu.com',
  'jd.com',
  'yangkeduo.com',
]);

/**
 * When a host matches rows of several kinds (`sl.kakobuy.com` is a short link under the
 * kakobuy.com agent, `login.taobao.com` a redirector under the Taobao storefront), the lower
 * number wins.
 */
const KIND_PRIORITY: Readonly<Record<HostClass['kind'], number>> = {
  short: 0,
  excluded: 1,
  wrapper: 2,
  storefront: 3,
  agent: 4,
};

/** DNS limits a host name to 253 characters. Longer hosts are unknown, which also bounds the work per host. */
const MAX_HOST_LENGTH = 253;

function buildDomainTable(): Map<string, HostClass> {
  const table = new Map<string, HostClass>();
  const add = (hostClass: HostClass): void => {
    if (table.has(hostClass.domain)) {
      throw new Error(`Domain ${hostClass.domain} is listed twice in the link host tables; keep one row.`);
    }
    table.set(hostClass.domain, hostClass);
  };

  for (const shortLink of SHORT_LINK_HOSTS) {
    add({ kind: 'short', domain: shortLink.domain, shortLink });
  }
  for (const domain of EXCLUDED_DOMAINS) {
    add({ kind: 'excluded', domain });
  }
  for (const wrapper of WRAPPER_HOSTS) {
    add({ kind: 'wrapper', domain: wrapper.domain, wrapper });
  }
  for (const row of STOREFRONT_DOMAINS) {
    add({ kind: 'storefront', domain: row.domain, storefront: row.storefront });
  }
  for (const agent of AGENTS) {
    for (const domain of agent.domains) {
      add({ kind: 'agent', domain, agent });
    }
  }
  return table;
}

const DOMAIN_TABLE = buildDomainTable();

/** The maximum label count of a table domain, so that a host needs only that many suffix lookups. */
const MAX_DOMAIN_LABELS = Math.max(...[...DOMAIN_TABLE.keys()].map((domain) => domain.split('.').length));

/**
 * Classifies a host by exact domain or true subdomain of the table rows, never by substring.
 * Returns undefined for an unknown host. Upper case and one trailing dot are ignored.
 */
export function classifyHost(host: string): HostClass | undefined {
  let name = host.toLowerCase();
  if (name.endsWith('.')) {
    name = name.slice(0, -1);
  }
  if (name.length === 0 || name.length > MAX_HOST_LENGTH) {
    return undefined;
  }

  // Look up the suffixes "com", "weidian.com", "www.weidian.com", … from the right.
  let best: HostClass | undefined;
  let suffixStart = name.length;
  for (let labels = 1; labels <= MAX_DOMAIN_LABELS && suffixStart > 0; labels++) {
    const dot = name.lastIndexOf('.', suffixStart - 1);
    const match = DOMAIN_TABLE.get(name.slice(dot + 1));
    if (match !== undefined && (best === undefined || KIND_PRIORITY[match.kind] < KIND_PRIORITY[best.kind])) {
      best = match;
    }
    suffixStart = dot;
  }
  return best;
}

/** Reports whether the host belongs to any storefront, agent, short-link, wrapper or excluded domain. */
export function isKnownHost(host: string): boolean {
  return classifyHost(host) !== undefined;
}
