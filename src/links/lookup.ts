import { scanText } from './extract.js';
import { isValidListingId } from './ids.js';
import { STOREFRONTS, type ProductRef, type Storefront } from './types.js';

/** The result of reading the input of the /qc command. */
export type ParsedLookupInput =
  | { kind: 'product'; ref: ProductRef }
  | { kind: 'short'; url: string }
  | { kind: 'needs-storefront'; listingId: string }
  | { kind: 'invalid'; reason: 'not-a-product-link' | 'invalid-id' | 'empty' };

const DIGITS_ONLY = /^[0-9]+$/;

function isStorefront(value: string): value is Storefront {
  return (STOREFRONTS as readonly string[]).includes(value);
}

/** Reads a bare id, with the storefront from the separate command option. */
function readBareId(id: string, storefront: Storefront | undefined): ParsedLookupInput {
  if (!isValidListingId(id)) {
    return { kind: 'invalid', reason: 'invalid-id' };
  }
  if (storefront === undefined || !isStorefront(storefront)) {
    return { kind: 'needs-storefront', listingId: id };
  }
  return { kind: 'product', ref: { storefront, listingId: id } };
}

/** Reads a product key such as `weidian:7231368393`, the form that productKey writes. */
function readProductKey(input: string): ParsedLookupInput | undefined {
  const colon = input.indexOf(':');
  if (colon === -1) {
    return undefined;
  }
  const storefront = input.slice(0, colon).toLowerCase();
  const id = input.slice(colon + 1);
  if (!isStorefront(storefront) || !DIGITS_ONLY.test(id)) {
    return undefined;
  }
  return readBareId(id, storefront);
}

/**
 * Reads the input of the /qc command: a product link of any shape that extractLinks recognizes, a
 * short link, a product key like `weidian:7231368393`, or a bare listing id. The `storefront`
 * option applies only to a bare id, because a link names its own storefront. When the input
 * contains several links, the first one counts.
 */
export function parseLookupInput(input: string, storefront?: Storefront): ParsedLookupInput {
  const trimmed = typeof input === 'string' ? input.trim() : '';
  if (trimmed === '') {
    return { kind: 'invalid', reason: 'empty' };
  }
  if (DIGITS_ONLY.test(trimmed)) {
    return readBareId(trimmed, storefront);
  }
  const fromKey = readProductKey(trimmed);
  if (fromKey !== undefined) {
    return fromKey;
  }

  const { matches, sawInvalidId } = scanText(trimmed);
  const first = matches[0];
  if (first?.kind === 'product') {
    return { kind: 'product', ref: first.ref };
  }
  if (first?.kind === 'short') {
    return { kind: 'short', url: first.url };
  }
  return { kind: 'invalid', reason: sawInvalidId ? 'invalid-id' : 'not-a-product-link' };
}
