import { isHostInDomain } from './domain.js';
import { getParam, type UrlParts } from './normalize.js';
import type { IdCandidate, ProductRef, Storefront } from './types.js';

/** A registrable domain that belongs to a storefront. */
export interface StorefrontDomain {
  domain: string;
  storefront: Storefront;
}

export const STOREFRONT_DOMAINS: readonly StorefrontDomain[] = Object.freeze([
  { domain: 'weidian.com', storefront: 'weidian' },
  // koudai.com is the old domain of the Weidian company and takes the same itemID parameter.
  { domain: 'koudai.com', storefront: 'weidian' },
  { domain: 'taobao.com', storefront: 'taobao' },
  { domain: 'tmall.com', storefront: 'taobao' },
  { domain: 'tmall.hk', storefront: 'taobao' },
  { domain: '1688.com', storefront: '1688' },
]);

/** Returns the text between `prefix` and `suffix` when the path is exactly `prefix…suffix`. */
function pathBetween(pathLower: string, prefix: string, suffix: string): string | undefined {
  if (
    pathLower.length > prefix.length + suffix.length &&
    pathLower.startsWith(prefix) &&
    pathLower.endsWith(suffix)
  ) {
    return pathLower.slice(prefix.length, pathLower.length - suffix.length);
  }
  return undefined;
}

/** Weidian puts the item in `itemID` on every page, whatever the path or subdomain. */
function findWeidianId(url: UrlParts): string | undefined {
  return getParam(url, 'itemid');
}

/**
 * Taobao and Tmall use path-based item pages on a few hosts and the `id` parameter everywhere
 * else. Shop, search and list pages carry neither, so they give nothing.
 */
function findTaobaoId(url: UrlParts): string | undefined {
  if (isHostInDomain(url.host, 'world.taobao.com')) {
    const id = pathBetween(url.pathLower, '/item/', '.htm');
    if (id !== undefined) {
      return id;
    }
  }
  const listId = pathBetween(url.pathLower, '/list/item/', '.htm');
  if (listId !== undefined) {
    return listId;
  }
  if (isHostInDomain(url.host, 'a.m.taobao.com')) {
    const id = pathBetween(url.pathLower, '/i', '.htm');
    if (id !== undefined) {
      return id;
    }
  }
  if (isHostInDomain(url.host, 'assets-tmw.taobao.com')) {
    const id = getParam(url, 'targetid');
    if (id !== undefined) {
      return id;
    }
  }
  return getParam(url, 'id');
}

/** 1688 offers live at `/offer/<id>.html` on desktop and mobile, and in `offerId` on the newer mobile pages. */
function find1688Id(url: UrlParts): string | undefined {
  const offer = url.pathLower.indexOf('/offer/');
  if (offer !== -1) {
    const idStart = offer + '/offer/'.length;
    const idEnd = url.pathLower.indexOf('.html', idStart);
    if (idEnd !== -1) {
      return url.pathLower.slice(idStart, idEnd);
    }
  }
  return getParam(url, 'offerid');
}

/** Applies the product-page rules of a storefront to a URL on one of its hosts. */
export function findStorefrontId(storefront: Storefront, url: UrlParts): IdCandidate | undefined {
  let rawId: string | undefined;
  switch (storefront) {
    case 'weidian':
      rawId = findWeidianId(url);
      break;
    case 'taobao':
      rawId = findTaobaoId(url);
      break;
    case '1688':
      rawId = find1688Id(url);
      break;
  }
  return rawId === undefined ? undefined : { storefront, rawId };
}

/** Builds the canonical product page URL of a listing. */
export function storefrontUrl(ref: ProductRef): string {
  const id = encodeURIComponent(ref.listingId);
  switch (ref.storefront) {
    case 'weidian':
      return `https://weidian.com/item.html?itemID=${id}`;
    case 'taobao':
      return `https://item.taobao.com/item.htm?id=${id}`;
    case '1688':
      return `https://detail.1688.com/offer/${id}.html`;
  }
}
