import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/config.js';
import { createBot, type Bot } from '../../src/discord/bot.js';
import { createLogger } from '../../src/logging/logger.js';
import type { Clock } from '../../src/lookup/clock.js';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from './discord/index.js';
import { DEMO_API_KEY, startFakeQualitly, type FakeQualitly } from './qualitly/index.js';

const GUILD_ID = '100000000000000001';
const CHANNEL_ID = '200000000000000001';

/** The real bot wired to a fake Discord and a fake Qualit.ly, all on 127.0.0.1. */
export interface TestStack {
  discord: FakeDiscord;
  qualitly: FakeQualitly;
  bot: Bot;
  guildId: string;
  channelId: string;
  /** A member who pastes links and runs commands. */
  member: FakeUser;
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
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const discord = await startFakeDiscord({
    guilds: [{ id: GUILD_ID, name: 'Rep Fashion', channels: [{ id: CHANNEL_ID, name: 'qc-check' }] }],
  });
  const qualitly = await startFakeQualitly({ seedDemoCatalogue: true });

  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...String(chunk).split('\n').filter((line) => line !== ''));
      callback();
    },
  });

  const config = loadConfig({
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    QUALITLY_API_KEY: DEMO_API_KEY,
    QUALITLY_BASE_URL: qualitly.baseUrl,
    REDIS_URL: options.redisUrl ?? '',
    LOG_LEVEL: options.logLevel ?? 'debug',
  });
  const logger = createLogger({ level: config.LOG_LEVEL, destination, secrets: [config.DISCORD_TOKEN, config.QUALITLY_API_KEY] });
  const bot = createBot({ config, logger, clock: options.clock, rateWindowMs: options.rateWindowMs, cacheNamespace: options.cacheNamespace });
  await bot.start();

  return {
    discord,
    qualitly,
    bot,
    guildId: GUILD_ID,
    channelId: CHANNEL_ID,
    member: { id: '310000000000000001', username: 'buyer' },
    logLines: () => [...lines],
    async stop() {
      await bot.stop();
      await Promise.all([discord.close(), qualitly.close()]);
    },
  };
}
