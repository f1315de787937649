import { STOREFRONTS, isValidListingId, type ProductRef, type Storefront } from '../links/index.js';
import { DISCORD_LIMITS } from './discord-limits.js';

/**
 * Carousel state carried in component custom ids, so that a click still works after a restart.
 *
 * Grammar, with ':' between fields:
 * - `page:<focus>:<storefront>:<listingId>:<photo>:<ownerId>:<prev|next>` turns the focused product to photo `<photo>`;
 * - `count:<focus>` is the disabled "Photo 3 of 12" counter;
 * - `pick:<ownerId>` is the product select menu, whose option values are `<storefront>:<listingId>`.
 * `<focus>` is the product's position among the reply's embeds and `<ownerId>` the member the reply was for.
 */
export type CarouselAction =
  | { kind: 'page'; focus: number; ref: ProductRef; photo: number; ownerId: string }
  | { kind: 'pick'; ownerId: string };

const MAX_FOCUS = DISCORD_LIMITS.EMBEDS_PER_MESSAGE - 1;
const MAX_PHOTO_INDEX = 999;
const USER_ID_PATTERN = /^[0-9]{1,20}$/;

export function pageCustomId(focus: number, ref: ProductRef, photo: number, ownerId: string, direction: 'prev' | 'next'): string {
  return checkedLength(`page:${focus}:${ref.storefront}:${ref.listingId}:${photo}:${ownerId}:${direction}`);
}

export function counterCustomId(focus: number): string {
  return checkedLength(`count:${focus}`);
}

export function pickCustomId(ownerId: string): string {
  return checkedLength(`pick:${ownerId}`);
}

export function productOptionValue(ref: ProductRef): string {
  return `${ref.storefront}:${ref.listingId}`;
}

/** Parses a select option value back into a product; null for anything forged or malformed. */
export function parseProductOptionValue(value: string): ProductRef | null {
  const [storefront, listingId, extra] = value.split(':');
  if (extra !== undefined || !isStorefront(storefront) || listingId === undefined || !isValidListingId(listingId)) return null;
  return { storefront, listingId };
}

/** Parses a carousel custom id; null for a stale, forged or foreign one. */
export function parseCarouselCustomId(customId: string): CarouselAction | null {
  if (customId.length > DISCORD_LIMITS.CUSTOM_ID_CHARS) return null;
  const parts = customId.split(':');

  if (parts[0] === 'pick' && parts.length === 2) {
    const ownerId = parts[1] ?? '';
    return USER_ID_PATTERN.test(ownerId) ? { kind: 'pick', ownerId } : null;
  }

  if (parts[0] !== 'page' || parts.length !== 7) return null;
  const [, focusText, storefront, listingId, photoText, ownerId, direction] = parts as [string, string, string, string, string, string, string];
  const focus = parseIndex(focusText, MAX_FOCUS);
  const photo = parseIndex(photoText, MAX_PHOTO_INDEX);
  if (focus === null || photo === null) return null;
  if (!isStorefront(storefront) || !isValidListingId(listingId)) return null;
  if (!USER_ID_PATTERN.test(ownerId) || (direction !== 'prev' && direction !== 'next')) return null;
  return { kind: 'page', focus, ref: { storefront, listingId }, photo, ownerId };
}

function parseIndex(text: string, max: number): number | null {
  if (!/^(0|[1-9][0-9]{0,2})$/.test(text)) return null;
  const value = Number(text);
  return value <= max ? value : null;
}

function isStorefront(value: string | undefined): value is Storefront {
  return (STOREFRONTS as readonly string[]).includes(value ?? '');
}

function checkedLength(customId: string): string {
  if (customId.length > DISCORD_LIMITS.CUSTOM_ID_CHARS) {
    throw new RangeError(`Custom id is ${customId.length} characters, over Discord's limit of ${DISCORD_LIMITS.CUSTOM_ID_CHARS}`);
  }
  return customId;
}
