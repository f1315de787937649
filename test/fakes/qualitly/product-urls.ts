import type { FakeStorefront } from './types.js';

function isHostOf(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function searchParamIgnoringCase(url: URL, name: string): string | null {
  for (const [key, value] of url.searchParams) {
    if (key.toLowerCase() === name) {
      return value;
    }
  }
  return null;
}

/**
 * Finds the listing behind a canonical storefront URL: Weidian `itemID`, Taobao or Tmall `id`, or
 * 1688 `/offer/<id>.html`. Shopping-agent links and short links return null, so the fake returns
 * NOT_FOUND for them, while the real API may resolve them.
 */
export function parseProductUrl(url: URL): { storefront: FakeStorefront; listingId: string } | null {
  const host = url.hostname.toLowerCase();
  let storefront: FakeStorefront | null = null;
  let listingId: string | null = null;

  if (isHostOf(host, 'weidian.com')) {
    storefront = 'weidian';
    listingId = searchParamIgnoringCase(url, 'itemid');
  } else if (isHostOf(host, 'taobao.com') || isHostOf(host, 'tmall.com')) {
    storefront = 'taobao';
    listingId = url.searchParams.get('id');
  } else if (isHostOf(host, '1688.com')) {
    storefront = '1688';
    listingId = /^\/offer\/(\d+)\.html$/.exec(url.pathname)?.[1] ?? null;
  }

  if (storefront === null || listingId === null || !/^\d+$/.test(listingId)) {
    return null;
  }
  return { storefront, listingId };
}
