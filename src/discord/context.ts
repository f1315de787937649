import type { Logger } from '../logging/logger.js';
import type { ProductLookup } from '../lookup/product-lookup.js';
import type { AnsweredLinks } from './answered-links.js';

/** Services that the command and event handlers use. */
export interface BotContext {
  logger: Logger;
  lookup: ProductLookup;
  /** The Qualit.ly key that lookups in this guild (or DM, for null) are paid with. */
  apiKeyFor(guildId: string | null): string;
  /** Product links looked up per message; more are listed as left out. */
  maxProductsPerMessage: number;
  answeredLinks: AnsweredLinks;
}
