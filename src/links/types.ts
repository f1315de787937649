/** Storefronts that Qualit.ly keeps QC photos for. Tmall listings share the Taobao id space. */
export type Storefront = 'weidian' | 'taobao' | '1688';

export const STOREFRONTS: readonly Storefront[] = Object.freeze(['weidian', 'taobao', '1688'] as const);

/** One product listing on one storefront. */
export interface ProductRef {
  storefront: Storefront;
  listingId: string;
}

/**
 * One result of extractLinks. `start` is the UTF-16 offset of the candidate URL in the message.
 * A `short` match is a short link that only an HTTP redirect can resolve. Its `url` is the short
 * link itself, which is the inner URL when an agent or redirect link wraps it.
 */
export type LinkMatch =
  | { kind: 'product'; ref: ProductRef; start: number }
  | { kind: 'short'; url: string; start: number };

/** A storefront and an id value that still has to pass decoding and validation. */
export interface IdCandidate {
  storefront: Storefront;
  rawId: string;
}
