import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APISelectMenuOption,
} from 'discord-api-types/v10';
import { storefrontUrl } from '../links/index.js';
import type { FoundProduct, LookupOutcome } from '../lookup/product-lookup.js';
import { counterCustomId, pageCustomId, pickCustomId, productOptionValue } from './custom-ids.js';
import { DISCORD_LIMITS, truncate } from './discord-limits.js';
import { escapeMarkdown } from './markdown.js';
import { MESSAGES, storefrontName } from './messages.js';

const FOCUSED_COLOR = 0x5865f2;
/**
 * Maximum length of a shown price. Real prices are a few characters, and the cap keeps ten
 * embeds with 256-character titles within Discord's 6,000 characters per message, so none is dropped.
 */
const PRICE_MAX_CHARS = 100;
/** Photos a carousel pages through; the custom id grammar accepts photo indexes up to 999. */
const MAX_CAROUSEL_PHOTOS = 1_000;
const OTHER_COLOR = 0x4f545c;

export interface ReplyPayload {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowedMentions: { parse: []; repliedUser: false };
}

export interface CarouselView {
  outcomes: LookupOutcome[];
  /** Position of the product that the buttons page through, among the found products. */
  focus: number;
  /** Photo of the focused product to show. */
  photo: number;
  /** The member the reply is for; only they can page it, others get a private copy. */
  ownerId: string;
  /** Product links beyond the per-message maximum that were not looked up. */
  omittedCount?: number;
  /** Extra lines shown above the embeds, such as a short link that could not be followed. */
  notices?: string[];
}

/** Mentions are never parsed in a reply: neither member text nor API text can ping anyone. */
export const NO_MENTIONS = { parse: [] as [], repliedUser: false as const };

/**
 * Builds the reply for a lookup: one embed per found product, a line for each product that was not
 * found, ◀ counter ▶ buttons for the focused product, and a select menu to switch product.
 */
export function renderLookupReply(view: CarouselView): ReplyPayload {
  const found = view.outcomes.filter((outcome): outcome is FoundProduct => outcome.status === 'found');
  const focus = clamp(view.focus, 0, Math.max(0, found.length - 1));
  const focused = found[focus];
  const photo = focused ? clamp(view.photo, 0, Math.max(0, usablePhotos(focused).length - 1)) : 0;

  const lines = [...(view.notices ?? [])];
  for (const outcome of view.outcomes) {
    if (outcome.status === 'not-found') lines.push(MESSAGES.notFound(outcome.ref));
  }
  if (view.omittedCount && view.omittedCount > 0) lines.push(MESSAGES.moreProducts(view.omittedCount));

  const embeds = found
    .slice(0, DISCORD_LIMITS.EMBEDS_PER_MESSAGE)
    .map((product, index) => renderProductEmbed(product, index === focus ? photo : 0, index === focus && found.length > 1));

  const components: ReplyPayload['components'] = [];
  if (focused && usablePhotos(focused).length > 0) components.push(renderPager(focused, focus, photo, view.ownerId));
  if (found.length > 1) components.push(renderProductPicker(found, focus, view.ownerId));

  return {
    content: truncate(lines.join('\n'), DISCORD_LIMITS.MESSAGE_CONTENT_CHARS),
    embeds: fitEmbedTotal(embeds),
    components,
    allowedMentions: NO_MENTIONS,
  };
}

export function renderProductEmbed(found: FoundProduct, photo: number, highlighted: boolean): APIEmbed {
  const { product, ref } = found;
  const photos = usablePhotos(found);
  const name = product.name?.trim() ? product.name : `${storefrontName(ref.storefront)} product ${ref.listingId}`;
  const photoCountText = product.qcCount > photos.length && photos.length > 0
    ? `${product.qcCount} (showing ${photos.length})`
    : String(product.qcCount);

  const embed: APIEmbed = {
    title: truncate(escapeMarkdown(name), DISCORD_LIMITS.EMBED_TITLE_CHARS),
    url: safeUrl(product.productUrl) ?? storefrontUrl(ref),
    color: highlighted ? FOCUSED_COLOR : OTHER_COLOR,
    fields: [
      { name: 'Price', value: truncate(escapeMarkdown(product.price?.trim() || 'Unknown'), PRICE_MAX_CHARS), inline: true },
      { name: 'QC photos', value: photoCountText, inline: true },
      { name: 'Storefront', value: storefrontName(ref.storefront), inline: true },
      { name: 'Listing ID', value: `\`${ref.listingId}\``, inline: true },
    ],
    footer: { text: photos.length > 0 ? `Photo ${photo + 1} of ${photos.length} · QC photos by Qualit.ly` : 'QC data by Qualit.ly' },
  };

  const image = photos[photo];
  if (image) {
    embed.image = { url: image };
  } else {
    embed.description = MESSAGES.noQcPhotos;
    const cover = safeUrl(product.picUrl);
    if (cover) embed.thumbnail = { url: cover };
  }
  return embed;
}

/** Builds the pager row ◀, "Photo 3 of 12", ▶. The counter is always disabled, and each arrow at its end. */
function renderPager(found: FoundProduct, focus: number, photo: number, ownerId: string): ReplyPayload['components'][number] {
  const count = usablePhotos(found).length;
  const previous = Math.max(0, photo - 1);
  const next = Math.min(count - 1, photo + 1);
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: pageCustomId(focus, found.ref, previous, ownerId, 'prev'),
        emoji: { name: '◀' },
        disabled: photo <= 0,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: counterCustomId(focus),
        label: `Photo ${photo + 1} of ${count}`,
        disabled: true,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: pageCustomId(focus, found.ref, next, ownerId, 'next'),
        emoji: { name: '▶' },
        disabled: photo >= count - 1,
      },
    ],
  };
}

function renderProductPicker(found: FoundProduct[], focus: number, ownerId: string): ReplyPayload['components'][number] {
  const options: APISelectMenuOption[] = found.slice(0, DISCORD_LIMITS.SELECT_OPTIONS).map((product, index) => ({
    label: truncate(product.product.name?.trim() || `${storefrontName(product.ref.storefront)} product`, DISCORD_LIMITS.SELECT_OPTION_LABEL_CHARS),
    description: truncate(`${storefrontName(product.ref.storefront)} · ${product.ref.listingId} · ${product.product.qcCount} QC photos`, DISCORD_LIMITS.SELECT_OPTION_DESCRIPTION_CHARS),
    value: productOptionValue(product.ref),
    default: index === focus,
  }));
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: pickCustomId(ownerId),
        placeholder: 'Choose the product to browse',
        min_values: 1,
        max_values: 1,
        options,
      },
    ],
  };
}

/** Photo URLs that Discord accepts in an embed. */
export function usablePhotos(found: FoundProduct): string[] {
  return found.photos.filter((url) => safeUrl(url) !== null).slice(0, MAX_CAROUSEL_PHOTOS);
}

function safeUrl(url: string | null | undefined): string | null {
  if (!url || url.length > DISCORD_LIMITS.URL_CHARS) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** Drops trailing embeds until the message is within Discord's total embed text limit. */
function fitEmbedTotal(embeds: APIEmbed[]): APIEmbed[] {
  const fitted = [...embeds];
  while (fitted.length > 1 && embedCharacters(fitted) > DISCORD_LIMITS.EMBED_TOTAL_CHARS) fitted.pop();
  return fitted;
}

function embedCharacters(embeds: APIEmbed[]): number {
  let total = 0;
  for (const embed of embeds) {
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
    for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  }
  return total;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
