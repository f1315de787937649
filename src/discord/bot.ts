import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { Dispatcher } from 'undici';
import { createCommandRegistry } from '../../commands/index.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { Clock } from '../lookup/clock.js';
import { ProductLookup } from '../lookup/product-lookup.js';
import { AccountRateLimiter } from '../lookup/rate-limiter.js';
import { createResponseCache, type ResponseCache } from '../lookup/response-cache.js';
import { QualitlyClient } from '../qualitly/index.js';
import { decodeEncryptionSecret } from '../settings/encryption.js';
import { createSettingsStore, type SettingsStore } from '../settings/settings-store.js';
import { createShortLinkResolver, type ShortLinkResolver } from '../short-links/index.js';
import { GuildSettingsService } from '../settings/settings-service.js';
import { AnsweredLinks } from './answered-links.js';
import { NoticeThrottle } from './notice-throttle.js';
import type { BotContext } from './context.js';
import { routeInteraction } from './interaction-router.js';
import { handleMessage, handleMessageUpdate } from './message-listener.js';

/** Namespace of resolved short links, apart from API responses and settings. */
const SHORT_LINK_CACHE_NAMESPACE = 'qc-short-links';
/** Minimum time between two log lines about one guild's unreadable settings. */
const SETTINGS_FAILURE_LOG_INTERVAL_MS = 60_000;

export interface BotOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Replaces the Qualit.ly client's own connection pool, for tests. */
  qualitlyDispatcher?: Dispatcher;
  /** Shortens the rate-limit window, for tests. */
  rateWindowMs?: number;
  /** Keeps test runs that share one Redis apart. */
  cacheNamespace?: string;
  /** Namespace of the settings store, to keep test runs that share one Redis apart. */
  settingsNamespace?: string;
  /** Replaces the short-link resolver, for tests that point it at a local redirect server. */
  shortLinkResolver?: ShortLinkResolver;
}

export interface Bot {
  client: Client;
  context: BotContext;
  cache: ResponseCache;
  settingsStore: SettingsStore;
  /** Logs in and resolves once the gateway session is ready. */
  start(): Promise<void>;
  /** Closes the gateway, the API connections, the cache and the settings store. Safe to call twice. */
  stop(): Promise<void>;
}

export function createBot(options: BotOptions): Bot {
  const { config, logger } = options;
  const clientOptions: ClientOptions = {
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    rest: { api: config.DISCORD_API_URL },
    allowedMentions: { parse: [], repliedUser: false },
  };
  const client = new Client(clientOptions);

  const qualitly = new QualitlyClient({ baseUrl: config.QUALITLY_BASE_URL, dispatcher: options.qualitlyDispatcher });
  const cache = createResponseCache({ redisUrl: config.REDIS_URL, namespace: options.cacheNamespace, logger });
  const limiter = new AccountRateLimiter({ logger: logger.child({ component: 'rate-limiter' }), clock: options.clock, windowMs: options.rateWindowMs });
  const lookup = new ProductLookup({ client: qualitly, cache, limiter, logger: logger.child({ component: 'lookup' }), clock: options.clock });
  const shortLinkCache = createResponseCache({ redisUrl: config.REDIS_URL, namespace: SHORT_LINK_CACHE_NAMESPACE, logger });
  const shortLinks = options.shortLinkResolver ?? createShortLinkResolver({ logger: logger.child({ component: 'short-links' }), cache: shortLinkCache });
  const settingsStore = createSettingsStore({ redisUrl: config.REDIS_URL, dataDir: config.DATA_DIR, namespace: options.settingsNamespace, logger });
  const encryptionSecret = config.SETTINGS_ENCRYPTION_KEY ? decodeEncryptionSecret(config.SETTINGS_ENCRYPTION_KEY) : null;
  const settings = new GuildSettingsService({
    keyv: settingsStore.keyv,
    encryptionSecret,
    operatorApiKey: config.QUALITLY_API_KEY,
    operatorKeyForAllGuilds: config.QUALITLY_KEY_FOR_ALL_GUILDS,
    logger,
    clock: options.clock,
  });
  logSettingsSetup(logger, settingsStore, config, encryptionSecret !== null);

  const context: BotContext = {
    logger,
    lookup,
    resolveApiKey: (guildId) => settings.resolveApiKey(guildId),
    settings,
    keyNotices: new NoticeThrottle(options.clock),
    settingsFailureLog: new NoticeThrottle(options.clock, SETTINGS_FAILURE_LOG_INTERVAL_MS),
    maxProductsPerMessage: config.MAX_PRODUCTS_PER_MESSAGE,
    answeredLinks: new AnsweredLinks(),
    shortLinks,
  };
  const commands = createCommandRegistry();
  let stopped = false;

  client.on(Events.MessageCreate, (message) => {
    handleMessage(message, context).catch((error: unknown) => {
      logger.error({ err: error, messageId: message.id, channelId: message.channelId, guildId: message.guildId }, 'Message handler failed');
    });
  });
  client.on(Events.MessageUpdate, (before, after) => {
    handleMessageUpdate(before, after, context).catch((error: unknown) => {
      logger.error({ err: error, messageId: after.id, channelId: after.channelId, guildId: after.guildId }, 'Message edit handler failed');
    });
  });
  client.on(Events.InteractionCreate, (interaction) => {
    routeInteraction(interaction, context, commands).catch((error: unknown) => {
      logger.error({ err: error, interactionId: interaction.id }, 'Interaction router failed');
    });
  });
  // Settings are read ahead, so that /qc finds them in memory: it may not wait on the store before it acknowledges.
  client.once(Events.ClientReady, (ready) => void settings.warm(ready.guilds.cache.keys()));
  client.on(Events.GuildCreate, (guild) => void settings.warm([guild.id]));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'Discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ discordWarning: message }, 'Discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ shardId, code: event.code }, 'Gateway disconnected'));
  client.on(Events.ShardReconnecting, (shardId) => {
    // Closing the client at shutdown also passes through a reconnecting state, which is no news.
    if (!stopped) logger.info({ shardId }, 'Gateway reconnecting');
  });

  return {
    client,
    context,
    cache,
    settingsStore,
    async start() {
      await settingsStore.check();
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.DISCORD_TOKEN);
      await ready;
      logger.info({ userId: client.user?.id, guilds: client.guilds.cache.size }, 'Bot is ready');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.destroy();
      await limiter.stop();
      await qualitly.close();
      await cache.disconnect();
      await shortLinks.close();
      await shortLinkCache.disconnect();
      await settingsStore.keyv.disconnect().catch((error: unknown) => logger.warn({ err: error }, 'Closing the settings store failed'));
      logger.info('Bot stopped');
    },
  };
}

/** Logs where settings live and, once, why guild keys cannot be stored when the secret is missing. */
function logSettingsSetup(logger: Logger, store: SettingsStore, config: Config, canStoreKeys: boolean): void {
  logger.info(
    { backend: store.backend, location: store.location, operatorKey: config.QUALITLY_API_KEY !== undefined, operatorKeyForAllGuilds: config.QUALITLY_KEY_FOR_ALL_GUILDS },
    'Guild settings store opened',
  );
  if (!canStoreKeys) {
    logger.warn('SETTINGS_ENCRYPTION_KEY is not set, so server admins cannot store their own Qualit.ly keys; set it to 32 random bytes (openssl rand -base64 32) to allow them');
  }
}
