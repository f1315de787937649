import { ConfigError, loadConfig } from './config/config.js';
import { loadDotEnv } from './config/env-file.js';
import { createBot } from './discord/bot.js';
import { createLogger, withoutCredentials } from './logging/logger.js';
import { SettingsStoreUnavailableError } from './settings/settings-store.js';

async function main(): Promise<void> {
  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }

  const secrets = [config.DISCORD_TOKEN, config.QUALITLY_API_KEY, config.SETTINGS_ENCRYPTION_KEY].filter((secret) => secret !== undefined);
  const logger = createLogger({ level: config.LOG_LEVEL, secrets });
  // A failure that escapes every handler is logged and the bot keeps serving the other guilds.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'Unhandled promise rejection'));
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'Uncaught exception'));

  let bot;
  try {
    bot = createBot({ config, logger });
  } catch (error) {
    logger.fatal({ err: error, dataDir: config.DATA_DIR }, 'Starting the bot failed; check that DATA_DIR is writable by the bot user');
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'Shutting down');
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  logger.info({ discordApi: withoutCredentials(config.DISCORD_API_URL), qualitlyApi: withoutCredentials(config.QUALITLY_BASE_URL), cache: config.REDIS_URL ? 'redis' : 'memory' }, 'Starting bot');
  try {
    await bot.start();
  } catch (error) {
    if (error instanceof SettingsStoreUnavailableError) logger.fatal({ err: error }, error.message);
    else logger.fatal({ err: error }, 'Login failed; check DISCORD_TOKEN and DISCORD_API_URL');
    await bot.stop();
    process.exit(1);
  }
}

void main();
