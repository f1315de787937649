import type { ProductRef } from './types.js';

const MIN_ID_LENGTH = 6;
const MAX_ID_LENGTH = 15;

/**
 * Reports whether `id` is a plausible listing id: 6 to 15 ASCII digits without a leading zero.
 * Real Weidian ids have 10 digits, Taobao 11 to 13 and 1688 12 to 13, but the bounds stay loose
 * so that longer future ids still pass.
 */
export function isValidListingId(id: string): boolean {
  if (id.length < MIN_ID_LENGTH || id.length > MAX_ID_LENGTH) {
    return false;
  }
  if (id.charCodeAt(0) === 0x30) {
    return false;
  }
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    if (code < 0x30 || code > 0x39) {
      return false;
    }
  }
  return true;
}

/**
 * Cuts an id value at a `?` or `/` that directly follows its leading digits, because shared links
 * sometimes carry a second query appended to the id (`7401234567?spider_token=9f3a`).
 * Any other value comes back unchanged and fails validation later.
 */
export function trimIdSuffix(value: string): string {
  let end = 0;
  while (end < value.length) {
    const code = value.charCodeAt(end);
    if (code < 0x30 || code > 0x39) {
      break;
    }
    end++;
  }
  if (end === 0 || end === value.length) {
    return value;
  }
  const next = value[end];
  return next === '?' || next === '/' ? value.slice(0, end) : value;
}

/** Builds the de-duplication key, for example `weidian:7231368393`. */
export function productKey(ref: ProductRef): string {
  return `${ref.storefront}:${ref.listingId}`;
}
