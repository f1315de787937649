import type { AgentEntry, AgentFamily } from './agents.js';
import { lookupCode, NAMED_CODES } from './codes.js';
import { getFirstParam, getParam, type UrlParts } from './normalize.js';
import type { IdCandidate, Storefront } from './types.js';

/** Parameters that hold a wrapped storefront URL on any agent. */
export const AGENT_WRAPPER_PARAMS: ReadonlySet<string> = new Set(['url', 'productlink', 'producturl', 'key']);

/**
 * Route fragments of shop, store, search, registration and login pages. Agents put listings of
 * a whole shop next to product pages, and those must give nothing.
 */
const NON_PRODUCT_ROUTE_PARTS: readonly string[] = [
  '/shop',
  '/shops',
  '/store',
  'shopdetail',
  '/productlist',
  '/register',
  '/login',
  'shopproducts',
];

/**
 * Reports whether an agent URL is a shop, search or account page. Search matches only as a
 * path prefix, because Kameymall serves its item pages under `/purchases/search/item`.
 */
export function isNonProductPage(url: UrlParts): boolean {
  for (const part of NON_PRODUCT_ROUTE_PARTS) {
    if (url.pathLower.includes(part) || url.fragmentPathLower.includes(part)) {
      return true;
    }
  }
  return url.pathLower.startsWith('/search') || url.fragmentPathLower.startsWith('/search');
}

/** Translates a marketplace code. A missing or unknown code gives undefined, never a guess. */
function translateCode(agent: AgentEntry, code: string | undefined): Storefront | undefined {
  if (agent.codes !== undefined) {
    const own = lookupCode(agent.codes, code);
    if (own !== undefined) {
      return own;
    }
  }
  return agent.acceptsNamedCodes === false ? undefined : lookupCode(NAMED_CODES, code);
}

function toCandidate(storefront: Storefront | undefined, rawId: string | undefined): IdCandidate | undefined {
  if (storefront === undefined || rawId === undefined || rawId === '') {
    return undefined;
  }
  return { storefront, rawId };
}

function pathSegments(url: UrlParts): string[] {
  return url.pathLower.split('/').filter((segment) => segment !== '');
}

function routeContains(url: UrlParts, part: string): boolean {
  return url.pathLower.includes(part) || url.fragmentPathLower.includes(part);
}

/** Reads `/<word>/<code>/<id>` or `/m/<word>/<code>/<id>` with nothing after the id. */
function readCodeAndIdPath(segments: readonly string[], words: readonly string[]): [string, string] | undefined {
  const offset = segments[0] === 'm' ? 1 : 0;
  const word = segments[offset];
  const code = segments[offset + 1];
  const id = segments[offset + 2];
  if (segments.length !== offset + 3 || word === undefined || code === undefined || id === undefined) {
    return undefined;
  }
  return words.includes(word) ? [code, id] : undefined;
}

function readStructured(url: UrlParts, agent: AgentEntry): IdCandidate | undefined {
  if (!routeContains(url, 'product') && !routeContains(url, 'detail')) {
    return undefined;
  }
  const storefront = translateCode(agent, getFirstParam(url, ['platform', 'shop_type', 'shoptype', 'channel']));
  return toCandidate(storefront, getFirstParam(url, ['id', 'goodsid']));
}

function readOopbuy(url: UrlParts, agent: AgentEntry): IdCandidate | undefined {
  const fromPath = readCodeAndIdPath(pathSegments(url), ['product']);
  if (fromPath !== undefined) {
    return toCandidate(translateCode(agent, fromPath[0]), fromPath[1]);
  }
  if (!routeContains(url, 'goods/details')) {
    return undefined;
  }
  const storefront = translateCode(agent, getFirstParam(url, ['channel', 'channelid']));
  return toCandidate(storefront, getFirstParam(url, ['id', 'spuno']));
}

function readCodePath(url: UrlParts, agent: AgentEntry): IdCandidate | undefined {
  const segments = pathSegments(url);
  const fromPath = readCodeAndIdPath(segments, ['product', 'products']);
  if (fromPath !== undefined) {
    return toCandidate(translateCode(agent, fromPath[0]), fromPath[1]);
  }
  if (agent.readsLegacyGoodsQuery === true && segments.at(-1) === 'goods') {
    return toCandidate(translateCode(agent, getParam(url, 'platform')), getParam(url, 'product_id'));
  }
  return undefined;
}

function readCssbuy(url: UrlParts, agent: AgentEntry): IdCandidate | undefined {
  const segments = pathSegments(url);
  const item = segments[0];
  if (segments.length !== 1 || item === undefined || !item.startsWith('item-')) {
    return undefined;
  }
  let rest = item.slice('item-'.length);
  if (rest.endsWith('.html')) {
    rest = rest.slice(0, -'.html'.length);
  }
  const dash = rest.indexOf('-');
  if (dash === -1) {
    return toCandidate(agent.unprefixedStorefront, rest);
  }
  return toCandidate(translateCode(agent, rest.slice(0, dash)), rest.slice(dash + 1));
}

function readBasetao(url: UrlParts, agent: AgentEntry): IdCandidate | undefined {
  const marker = '/products/agent/';
  const start = url.pathLower.indexOf(marker);
  if (start === -1) {
    return undefined;
  }
  const parts = url.pathLower.slice(start + marker.length).split('/');
  const file = parts[1];
  if (parts.length !== 2 || file === undefined || !file.endsWith('.html')) {
    return undefined;
  }
  return toCandidate(translateCode(agent, parts[0]), file.slice(0, -'.html'.length));
}

function readAcbuy(url: UrlParts, agent: AgentEntry): IdCandidate | undefined {
  if (!url.pathLower.startsWith('/product')) {
    return undefined;
  }
  return toCandidate(translateCode(agent, getParam(url, 'source')), getParam(url, 'id'));
}

function readPanglobalbuy(url: UrlParts, agent: AgentEntry): IdCandidate | undefined {
  if (!url.fragmentPathLower.includes('details')) {
    return undefined;
  }
  return toCandidate(translateCode(agent, getParam(url, 'type')), getParam(url, 'offerid'));
}

function readSifubuy(url: UrlParts, agent: AgentEntry): IdCandidate | undefined {
  if (!url.pathLower.startsWith('/detail')) {
    return undefined;
  }
  return toCandidate(translateCode(agent, getParam(url, 'type')), getParam(url, 'id'));
}

function readCnshopper(url: UrlParts, agent: AgentEntry): IdCandidate | undefined {
  if (!routeContains(url, 'goods/detail')) {
    return undefined;
  }
  return toCandidate(translateCode(agent, getParam(url, 'platform')), getParam(url, 'keyword'));
}

function readTp(url: UrlParts, agent: AgentEntry): IdCandidate | undefined {
  const fromQuery = toCandidate(translateCode(agent, getParam(url, 'tp')), getParam(url, 'tid'));
  if (fromQuery !== undefined || agent.readsHubbuyPaths !== true) {
    return fromQuery;
  }

  const segments = pathSegments(url);
  if (segments.length === 4 && segments[0] === 'product' && segments[1] === 'item') {
    return toCandidate(translateCode(agent, segments[2]), segments[3]);
  }

  // Hubbuycn also shares `/taobaoID=<id>&inviter=…` with the id in the path, not the query.
  const marker = '/taobaoid=';
  if (url.pathLower.startsWith(marker)) {
    const value = url.pathLower.slice(marker.length);
    const ampersand = value.indexOf('&');
    return toCandidate('taobao', ampersand === -1 ? value : value.slice(0, ampersand));
  }
  return undefined;
}

const FAMILY_READERS: Readonly<Record<AgentFamily, (url: UrlParts, agent: AgentEntry) => IdCandidate | undefined>> = {
  wrapper: () => undefined,
  structured: readStructured,
  oopbuy: readOopbuy,
  path: readCodePath,
  cssbuy: readCssbuy,
  basetao: readBasetao,
  acbuy: readAcbuy,
  panglobalbuy: readPanglobalbuy,
  sifubuy: readSifubuy,
  cnshopper: readCnshopper,
  tp: readTp,
};

/**
 * Applies the agent's own URL family. Returns undefined when the family finds no storefront and
 * id, so that the caller can try the generic wrapper parameters next.
 */
export function findAgentId(agent: AgentEntry, url: UrlParts): IdCandidate | undefined {
  return FAMILY_READERS[agent.family](url, agent);
}
