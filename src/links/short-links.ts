import type { UrlParts } from './normalize.js';

/** A short-link host whose links only an HTTP redirect can resolve. */
export interface ShortLinkHost {
  domain: string;
  /** The usual redirect target, for readers of this table. */
  target: string;
  /**
   * Path prefix (lower case) of referral links on this host. They redirect to a registration
   * page instead of a product, so they give nothing.
   */
  referralPathPrefix?: string;
}

/**
 * Short-link hosts. Generic shorteners (bit.ly, tinyurl.com, t.cn, goo.gl, is.gd) are left out on
 * purpose: following them would let any chat user make the bot fetch arbitrary URLs.
 */
export const SHORT_LINK_HOSTS: readonly ShortLinkHost[] = Object.freeze([
  { domain: 'm.tb.cn', target: 'Taobao item, or a Xianyu item that gives nothing' },
  { domain: 'e.tb.cn', target: 'Taobao item on m.intl.taobao.com' },
  { domain: 'qr.1688.com', target: '1688 offer' },
  { domain: 'k.youshop10.com', target: 'Weidian item' },
  { domain: 'weidian.info', target: 'Weidian item' },
  { domain: 'pandabuy.page.link', target: 'Pandabuy product' },
  { domain: 'pandabuy.allapp.link', target: 'Pandabuy product' },
  { domain: 'ikako.vip', target: 'Kakobuy item', referralPathPrefix: '/r/' },
  { domain: 'sl.kakobuy.com', target: 'Kakobuy item', referralPathPrefix: '/r/' },
  { domain: 'link.acbuy.com', target: 'ACBuy product' },
  { domain: 'l.acbuy.com', target: 'ACBuy product' },
  { domain: 'hoobuy.cc', target: 'Hoobuy product' },
  { domain: 'oopbuy.cc', target: 'Oopbuy product' },
  { domain: 'hipobuy.cn', target: 'Hipobuy product' },
  { domain: 'l.ponybuy.com', target: 'Ponybuy product' },
  { domain: 'itaobuy.allapp.link', target: 'Itaobuy product' },
  { domain: 'sl.hegobuy.com', target: 'Hegobuy product' },
  { domain: 'ihego.vip', target: 'Hegobuy product' },
  { domain: 's.spblk.com', target: 'Superbuy product' },
  { domain: 'wegobuy.page.link', target: 'Wegobuy product' },
]);

/**
 * Reports whether a URL on a short-link host needs resolving. Referral links give nothing, and
 * so does a bare host without a code, which would only redirect to a home page.
 */
export function isResolvableShortLink(entry: ShortLinkHost, url: UrlParts): boolean {
  if (url.pathLower === '/' || url.pathLower === '') {
    return false;
  }
  if (entry.referralPathPrefix !== undefined && url.pathLower.startsWith(entry.referralPathPrefix)) {
    return false;
  }
  return true;
}

