import { join } from 'node:path';
import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import type { Logger } from '../logging/logger.js';
import { SqliteKeyvStore } from './sqlite-store.js';

/** Namespace of guild settings; the response cache uses its own, so clearing it leaves settings alone. */
export const SETTINGS_NAMESPACE = 'qc-settings';
/** File of the embedded store inside DATA_DIR. */
export const SETTINGS_FILE_NAME = 'settings.sqlite';
const REDIS_CONNECT_TIMEOUT_MS = 2_000;

export interface SettingsStoreOptions {
  /** With a Redis URL the settings live in Redis, and without one in a SQLite file in `dataDir`. */
  redisUrl?: string | undefined;
  dataDir: string;
  /** Keeps test runs that share one Redis apart. */
  namespace?: string | undefined;
  logger: Logger;
}

export interface SettingsStore {
  keyv: Keyv<unknown>;
  /** Reads one key, so that an unreachable store is found at start-up rather than at the first message. */
  check(): Promise<void>;
  backend: 'redis' | 'sqlite';
  /** The SQLite file, or the Redis key prefix, for the start-up log. */
  location: string;
}

/**
 * Opens the durable store of guild settings. Unlike the response cache, a failing store throws,
 * because a setting that silently failed to save would mislead the admin who changed it.
 */
export function createSettingsStore(options: SettingsStoreOptions): SettingsStore {
  const namespace = options.namespace ?? SETTINGS_NAMESPACE;
  const logger = options.logger.child({ component: 'settings-store' });

  let keyv: Keyv<unknown>;
  let store: SettingsStore;
  if (options.redisUrl) {
    const redis = new KeyvRedis(options.redisUrl, { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: REDIS_CONNECT_TIMEOUT_MS });
    keyv = new Keyv<unknown>({ store: redis, namespace, useKeyPrefix: false, throwOnErrors: true });
    store = { keyv, backend: 'redis', location: `${namespace}::*`, check: () => probe(keyv, `Redis at ${redisAddress(options.redisUrl)} (REDIS_URL)`) };
  } else {
    const path = join(options.dataDir, SETTINGS_FILE_NAME);
    keyv = new Keyv<unknown>({ store: new SqliteKeyvStore(path), namespace, useKeyPrefix: false, throwOnErrors: true });
    store = { keyv, backend: 'sqlite', location: path, check: () => probe(keyv, `the SQLite file ${path} (DATA_DIR)`) };
  }

  // Keyv emits every store error before it throws it to the caller, which logs it with its context.
  keyv.on('error', (error: unknown) => logger.debug({ err: error }, 'Settings store reported an error'));
  return store;
}

/** The settings store cannot be read; the message names the store without any password. */
export class SettingsStoreUnavailableError extends Error {
  constructor(storeName: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Cannot read guild settings from ${storeName}: ${reason}`, { cause });
    this.name = 'SettingsStoreUnavailableError';
  }
}

async function probe(keyv: Keyv<unknown>, storeName: string): Promise<void> {
  try {
    await keyv.get('startup-check');
  } catch (error) {
    throw new SettingsStoreUnavailableError(storeName, error);
  }
}

/** Host and port of a Redis URL, without user name or password. */
function redisAddress(url: string | undefined): string {
  try {
    const parsed = new URL(url ?? '');
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'the configured address';
  }
}
