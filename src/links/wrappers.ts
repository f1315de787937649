import type { UrlParts } from './normalize.js';

/** A redirector with a parameter that contains the URL it leads to. */
export interface WrapperHost {
  domain: string;
  /** Lower-case path that the redirect endpoint must have, or undefined for any path. */
  path?: string;
  /** Parameter names (lower case) that may contain the target URL. */
  params: ReadonlySet<string>;
}

/**
 * Redirectors that are unwrapped. Any other redirector (`example.com/redirect?url=…`,
 * `out.reddit.com`) is not trusted, so its links give nothing.
 */
export const WRAPPER_HOSTS: readonly WrapperHost[] = Object.freeze([
  // Google Docs and search results route outbound links through google.com/url?q=.
  { domain: 'google.com', path: '/url', params: new Set(['q', 'url']) },
  // Yupoo albums route outbound links through /external?url=, sometimes double-encoded.
  { domain: 'yupoo.com', path: '/external', params: new Set(['url']) },
  // Taobao sends logged-out visitors to the login page with the item in redirectURL.
  { domain: 'login.taobao.com', params: new Set(['redirecturl', 'redirect_url']) },
]);

/** Reports whether the URL is the redirect endpoint of this wrapper host. */
export function isWrapperEndpoint(entry: WrapperHost, url: UrlParts): boolean {
  return entry.path === undefined || url.pathLower === entry.path;
}
