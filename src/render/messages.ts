import type { ProductRef, Storefront } from '../links/index.js';
import type { LookupError } from '../lookup/errors.js';

const STOREFRONT_NAMES: Record<Storefront, string> = {
  weidian: 'Weidian',
  taobao: 'Taobao',
  '1688': '1688',
};

export function storefrontName(storefront: Storefront): string {
  return STOREFRONT_NAMES[storefront];
}

export function describeRef(ref: ProductRef): string {
  return `${storefrontName(ref.storefront)} listing \`${ref.listingId}\``;
}

/** Formats a Discord timestamp, which each reader sees in their own time zone and language. */
function relativeTime(date: Date): string {
  return `<t:${Math.floor(date.getTime() / 1000)}:R>`;
}

export const MESSAGES = {
  notFound: (ref: ProductRef) => `No QC data found for ${describeRef(ref)}.`,
  noQcPhotos: 'No QC photos yet. Earlier buyers have not shared any for this listing.',
  invalidInput:
    'That is not a product link I can read. Paste a product page from Weidian, Taobao, Tmall or 1688, ' +
    'or an agent link (Kakobuy, CNFans, Mulebuy, Hoobuy, …), for example ' +
    '`https://weidian.com/item.html?itemID=7231368393`. A bare listing ID works too, with the `storefront` option.',
  invalidListingId:
    'That listing ID is not valid: a listing ID has 6 to 15 digits and does not start with 0. ' +
    'Paste the product link instead, or check the number.',
  needsStorefront: (listingId: string) =>
    `\`${listingId}\` looks like a listing ID. Choose its storefront in the \`storefront\` option, or paste the whole product link.`,
  shortLinksUnresolved: (count: number) =>
    `${count === 1 ? 'A short link' : `${count} short links`} did not lead to a product page I can read. Open ${count === 1 ? 'it' : 'them'} in a browser and paste the product page address instead.`,
  shortLinkUnresolved:
    'That short link did not lead to a product page I can read. Open it in a browser and paste the product page address instead.',
  moreProducts: (count: number) => `${count} more ${count === 1 ? 'product was' : 'products were'} left out. Paste them in a separate message.`,
  staleControl: 'This control has expired. Paste the link again for a fresh reply.',
  genericFailure: 'Something went wrong while looking that up. Try again in a moment; if it keeps failing, tell a server admin.',
} as const;

/** Returns the member-facing line for an expected lookup failure: what happened and what to do next. */
export function lookupFailureMessage(error: LookupError): string {
  switch (error.kind) {
    case 'quota-exhausted':
      return error.retryAt
        ? `This Qualit.ly plan has used all of its lookups for this month. Lookups resume ${relativeTime(error.retryAt)}.`
        : 'This Qualit.ly plan has used all of its lookups for this month. Lookups resume when the month resets (UTC).';
    case 'rate-limited':
      return error.retryAt
        ? `Qualit.ly is receiving too many lookups right now. Try again ${relativeTime(error.retryAt)}.`
        : 'Qualit.ly is receiving too many lookups right now. Try again in a minute.';
    case 'busy':
      return 'Too many lookups are waiting right now. Try again in a minute.';
    case 'key-rejected':
      return 'Qualit.ly rejected the API key, so lookups are paused. A server admin or the bot operator needs to set a valid key.';
    case 'key-not-permitted':
      return 'Qualit.ly refused this lookup for the current API key (its plan or IP allowlist). A server admin or the bot operator needs to check the key.';
    case 'unavailable':
      return 'Qualit.ly is not responding right now. Try again in a few minutes.';
  }
}
