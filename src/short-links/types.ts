import type { ProductRef } from '../links/index.js';

/**
 * Why a short link gave no product:
 * - `not-a-product`: the chain ended on a page whose URL contains no product (a shop, a registration
 *   page, an excluded marketplace, an unknown code).
 * - `blocked-host`: a hop led to a host, scheme, port or address that the resolver never contacts.
 * - `too-many-hops`: the chain needed more requests than the limit.
 * - `timeout`: the chain did not finish in time.
 * - `failed`: a network error, a server error status or a broken redirect.
 */
export type NoProductReason = 'not-a-product' | 'blocked-host' | 'too-many-hops' | 'timeout' | 'failed';

/** The product that a short link leads to, with the URL it was read from, or the reason there is none. */
export type ShortLinkResult =
  | { kind: 'product'; ref: ProductRef; finalUrl: string }
  | { kind: 'none'; reason: NoProductReason };

/** Resolves short share links to products by following their redirects. */
export interface ShortLinkResolver {
  /**
   * Resolves one short link. Never rejects for network or server problems, which give a `none`
   * result. Rejects with the signal's reason when `signal` aborts, and with an Error after close().
   */
  resolve(url: string, signal?: AbortSignal): Promise<ShortLinkResult>;
  /** Waits for running resolutions, then closes the connections that the resolver opened. */
  close(): Promise<void>;
}
