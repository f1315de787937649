import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/config.js';
import { deployCommands } from '../../src/deploy-commands.js';
import { createBot, type Bot } from '../../src/discord/bot.js';
import { createLogger } from '../../src/logging/logger.js';
import type { ShortLinkResolver } from '../../src/short-links/index.js';
import type { Clock } from '../../src/lookup/clock.js';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from './discord/index.js';
import { DEMO_API_KEY, startFakeQualitly, type FakeQualitly } from './qualitly/index.js';

const GUILD_ID = '100000000000000001';
const CHANNEL_ID = '200000000000000001';
const OTHER_CHANNEL_ID = '200000000000000002';
const SECOND_GUILD_ID = '100000000000000002';
const SECOND_GUILD_CHANNEL_ID = '200000000000000003';

/** Settings encryption secret of every stack unless a test passes its own: 32 bytes as 64 hex characters. */
export const TEST_ENCRYPTION_SECRET = '5e'.repeat(32);

/** The real bot wired to a fake Discord and a fake Qualit.ly, all on 127.0.0.1. */
export interface TestStack {
  discord: FakeDiscord;
  qualitly: FakeQualitly;
  bot: Bot;
  guildId: string;
  channelId: string;
  /** A second channel of the first guild. */
  otherChannelId: string;
  /** A second guild, with one channel, for tests that need two guilds apart. */
  secondGuildId: string;
  secondGuildChannelId: string;
  /** A member who pastes links and runs commands. */
  member: FakeUser;
  /** A member whom tests give the Manage Server permission. */
  admin: FakeUser;
  /** Folder of the embedded settings store. */
  dataDir: string;
  /** Every JSON log line the bot wrote. */
  logLines(): string[];
  stop(): Promise<void>;
}

export interface TestStackOptions {
  redisUrl?: string;
  logLevel?: 'info' | 'debug' | 'warn' | 'silent';
  clock?: Clock;
  /** Shortens the rate-limit window, so tests of the limiter finish quickly. */
  rateWindowMs?: number;
  cacheNamespace?: string;
  /** Folder of the embedded settings store; a fresh temporary folder, removed on stop, when unset. */
  dataDir?: string;
  /** SETTINGS_ENCRYPTION_KEY; TEST_ENCRYPTION_SECRET when unset, and no secret at all for null. */
  encryptionSecret?: string | null;
  /** Whether the bot has its own key, QUALITLY_API_KEY (the demo key). Default: true. */
  operatorKey?: boolean;
  /** QUALITLY_KEY_FOR_ALL_GUILDS. Default: true. */
  operatorKeyForAllGuilds?: boolean;
  /** Namespace of the settings store, to keep test runs that share one Redis apart. */
  settingsNamespace?: string;
  /** A resolver pointed at a local redirect server; without it, a test that pastes a short link would reach out. */
  shortLinkResolver?: ShortLinkResolver;
}

/** Default resolver of the test stack: it follows nothing, so no test can send traffic off this machine. */
const offlineShortLinkResolver: ShortLinkResolver = {
  resolve: async () => ({ kind: 'none', reason: 'blocked-host' }),
  close: async () => undefined,
};

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const discord = await startFakeDiscord({
    guilds: [
      { id: GUILD_ID, name: 'Rep Fashion', channels: [{ id: CHANNEL_ID, name: 'qc-check' }, { id: OTHER_CHANNEL_ID, name: 'general' }] },
      { id: SECOND_GUILD_ID, name: 'Sneaker Talk', channels: [{ id: SECOND_GUILD_CHANNEL_ID, name: 'finds' }] },
    ],
  });
  const qualitly = await startFakeQualitly({ seedDemoCatalogue: true });

  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...String(chunk).split('\n').filter((line) => line !== ''));
      callback();
    },
  });

  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'qc-bot-test-')));
  const config = loadConfig({
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    QUALITLY_API_KEY: options.operatorKey === false ? '' : DEMO_API_KEY,
    QUALITLY_KEY_FOR_ALL_GUILDS: String(options.operatorKeyForAllGuilds ?? true),
    SETTINGS_ENCRYPTION_KEY: options.encryptionSecret === null ? '' : (options.encryptionSecret ?? TEST_ENCRYPTION_SECRET),
    DATA_DIR: dataDir,
    QUALITLY_BASE_URL: qualitly.baseUrl,
    REDIS_URL: options.redisUrl ?? '',
    LOG_LEVEL: options.logLevel ?? 'debug',
  });
  const secrets = [config.DISCORD_TOKEN, config.QUALITLY_API_KEY, config.SETTINGS_ENCRYPTION_KEY].filter((secret) => secret !== undefined);
  const logger = createLogger({ level: config.LOG_LEVEL, destination, secrets });
  const bot = createBot({
    config,
    logger,
    clock: options.clock,
    rateWindowMs: options.rateWindowMs,
    cacheNamespace: options.cacheNamespace,
    settingsNamespace: options.settingsNamespace,
    shortLinkResolver: options.shortLinkResolver ?? offlineShortLinkResolver,
  });
  await bot.start();
  // Registered commands make the fake check each slash command's options against the definitions.
  await deployCommands({ token: discord.token, apiUrl: discord.apiUrl });

  return {
    discord,
    qualitly,
    bot,
    guildId: GUILD_ID,
    channelId: CHANNEL_ID,
    otherChannelId: OTHER_CHANNEL_ID,
    secondGuildId: SECOND_GUILD_ID,
    secondGuildChannelId: SECOND_GUILD_CHANNEL_ID,
    member: { id: '310000000000000001', username: 'buyer' },
    admin: { id: '310000000000000002', username: 'mod' },
    dataDir,
    logLines: () => [...lines],
    async stop() {
      await bot.stop();
      await Promise.all([discord.close(), qualitly.close()]);
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
