import { z } from 'zod';

/** Discord shows at most 10 embeds per message, one per product. */
export const MAX_PRODUCTS_PER_MESSAGE = 10;
/** A guild has at most 500 channels, so more entries can only be stale ids. */
const MAX_DISABLED_CHANNELS = 500;

/** Behaviour of the bot in one guild, as its admins set it with /qc-admin. */
export interface GuildSettings {
  /** Whether the bot replies to product links pasted in the guild's channels. */
  linkDetection: boolean;
  /** Channels where pasted links get no reply even though detection is on for the guild. */
  disabledChannelIds: string[];
  /** Whether a reply to pasted links lists the products that Qualit.ly has no data for. */
  answerNotFound: boolean;
  /** Products looked up per message, or null to follow the operator's MAX_PRODUCTS_PER_MESSAGE. */
  productsPerMessage: number | null;
  /** Whether /qc replies privately when the member does not choose. */
  qcPrivateByDefault: boolean;
}

/** Record of Qualit.ly rejecting a guild's key during a lookup. */
export interface KeyRejection {
  /** Epoch milliseconds. */
  at: number;
  /** The API's error code, INVALID_KEY or REVOKED_KEY. */
  code: string;
}

/** A guild's own Qualit.ly key as stored: encrypted, never in plain text. */
export interface StoredGuildKey {
  /** Output of sealForGuild, bound to the guild's id. */
  sealed: string;
  /** Epoch milliseconds. */
  setAt: number;
  setByUserId: string;
  /** Set once Qualit.ly rejected the key. Lookups with it stop until an admin sets a new key. */
  rejected: KeyRejection | null;
}

/** Everything stored for one guild, under one store key so that it is read in one request. */
export interface GuildRecord {
  settings: GuildSettings;
  key: StoredGuildKey | null;
}

export const DEFAULT_GUILD_SETTINGS: Readonly<GuildSettings> = Object.freeze({
  linkDetection: true,
  disabledChannelIds: [],
  answerNotFound: true,
  productsPerMessage: null,
  qcPrivateByDefault: false,
});

export function emptyGuildRecord(): GuildRecord {
  return { settings: { ...DEFAULT_GUILD_SETTINGS, disabledChannelIds: [] }, key: null };
}

const snowflakeSchema = z.string().regex(/^[0-9]{1,20}$/);

// Each field falls back to its default on its own, so a record written by another version of the
// bot, or damaged by hand, loses only the fields that are wrong.
const settingsSchema = z.object({
  linkDetection: z.boolean().catch(DEFAULT_GUILD_SETTINGS.linkDetection),
  disabledChannelIds: z
    .array(z.unknown())
    .catch([])
    .transform((ids) => [...new Set(ids.filter((id): id is string => snowflakeSchema.safeParse(id).success))].slice(0, MAX_DISABLED_CHANNELS)),
  answerNotFound: z.boolean().catch(DEFAULT_GUILD_SETTINGS.answerNotFound),
  productsPerMessage: z.number().int().min(1).max(MAX_PRODUCTS_PER_MESSAGE).nullable().catch(null),
  qcPrivateByDefault: z.boolean().catch(DEFAULT_GUILD_SETTINGS.qcPrivateByDefault),
});

const storedKeySchema = z.object({
  sealed: z.string().min(1),
  setAt: z.number().catch(0),
  setByUserId: z.string().catch(''),
  rejected: z.object({ at: z.number(), code: z.string() }).nullable().catch(null),
});

const recordSchema = z.object({
  settings: settingsSchema.catch(() => emptyGuildRecord().settings),
  key: storedKeySchema.nullable().catch(null),
});

/** Reads a stored record. Anything unreadable becomes the defaults, with no key. */
export function parseGuildRecord(value: unknown): GuildRecord {
  const result = recordSchema.safeParse(value);
  return result.success ? result.data : emptyGuildRecord();
}

/** Tells whether the bot replies to links pasted in a channel, or in a thread of `parentId`. */
export function isLinkDetectionOn(settings: GuildSettings, channelId: string, parentId: string | null): boolean {
  if (!settings.linkDetection) return false;
  if (settings.disabledChannelIds.includes(channelId)) return false;
  return parentId === null || !settings.disabledChannelIds.includes(parentId);
}

/** Returns a copy of `settings` with detection in `channelId` turned on or off. */
export function withChannelDetection(settings: GuildSettings, channelId: string, enabled: boolean): GuildSettings {
  const others = settings.disabledChannelIds.filter((id) => id !== channelId);
  return { ...settings, disabledChannelIds: enabled ? others : [...others, channelId].slice(-MAX_DISABLED_CHANNELS) };
}
