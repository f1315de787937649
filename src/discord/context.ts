import type { Logger } from '../logging/logger.js';
import type { ProductLookup } from '../lookup/product-lookup.js';
import type { GuildSettingsService, KeyResolution } from '../settings/settings-service.js';
import type { ShortLinkResolver } from '../short-links/index.js';
import type { AnsweredLinks } from './answered-links.js';
import type { NoticeThrottle } from './notice-throttle.js';

/** Services that the command and event handlers use. */
export interface BotContext {
  logger: Logger;
  lookup: ProductLookup;
  /** Resolves the Qualit.ly key that pays for lookups in this guild (or DM, for null) and whose it is, or why there is none. */
  resolveApiKey(guildId: string | null): Promise<KeyResolution>;
  /** Guild settings and guild keys, cached in process. */
  settings: GuildSettingsService;
  /** Limits the "no usable key" line to once per channel per hour. */
  keyNotices: NoticeThrottle;
  /** Limits the log line about an unreadable settings store to once a minute per guild. */
  settingsFailureLog: NoticeThrottle;
  /** Product links looked up per message unless a guild sets its own number; more are listed as left out. */
  maxProductsPerMessage: number;
  answeredLinks: AnsweredLinks;
  /** Follows short share links (m.tb.cn and the like) to the product page they lead to. */
  shortLinks: Pick<ShortLinkResolver, 'resolve'>;
}
