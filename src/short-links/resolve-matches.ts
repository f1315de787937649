import { productKey, type LinkMatch, type ProductRef } from '../links/index.js';
import type { ShortLinkResolver } from './types.js';

export interface ResolveShortMatchesOptions {
  /** Passed to every resolve() call. Its abort rejects the whole call. */
  signal?: AbortSignal;
  /** Maximum number of products returned. */
  maxProducts: number;
}

export interface ResolvedMatches {
  /** Distinct products in message order, at most `maxProducts`. */
  refs: ProductRef[];
  /** Short links that were resolved but gave no product. */
  unresolved: number;
}

/**
 * Replaces the short links among `matches` with the products they lead to, keeping message order.
 * A resolved product that is already in the list (by storefront and listing id) is dropped, and a
 * short link without a product is counted in `unresolved`.
 *
 * Only short links among the first `maxProducts` matches are resolved, all at once, so one message
 * costs at most `maxProducts` resolutions and one resolver timeout. Later short links are skipped
 * like products past the limit, and are not counted. Product links after that window still fill
 * slots that duplicates or failures left free.
 */
export async function resolveShortMatches(
  matches: readonly LinkMatch[],
  resolver: Pick<ShortLinkResolver, 'resolve'>,
  options: ResolveShortMatchesOptions,
): Promise<ResolvedMatches> {
  const maxProducts = Math.max(0, Math.floor(options.maxProducts));
  const window = matches.slice(0, maxProducts);
  const results = await Promise.all(
    window.map((match) => (match.kind === 'short' ? resolver.resolve(match.url, options.signal) : undefined)),
  );

  const refs: ProductRef[] = [];
  const seen = new Set<string>();
  const add = (ref: ProductRef): void => {
    const key = productKey(ref);
    if (refs.length < maxProducts && !seen.has(key)) {
      seen.add(key);
      refs.push(ref);
    }
  };

  let unresolved = 0;
  window.forEach((match, index) => {
    if (match.kind === 'product') {
      add(match.ref);
      return;
    }
    const result = results[index];
    if (result?.kind === 'product') {
      add(result.ref);
    } else {
      unresolved++;
    }
  });
  for (const match of matches.slice(maxProducts)) {
    if (match.kind === 'product') {
      add(match.ref);
    }
  }
  return { refs, unresolved };
}
