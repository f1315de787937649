import { Keyv } from 'keyv';
import KeyvRedis from '@keyv/redis';
import type { Logger } from '../logging/logger.js';

/** Response cache namespace; settings and other stores use their own, so clearing this one touches nothing else. */
export const RESPONSE_CACHE_NAMESPACE = 'qc-cache';

/**
 * A cache of API responses. A storage failure never fails a lookup: a read that fails is a miss,
 * and a write that fails is skipped, both logged.
 */
export interface ResponseCache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  clear(): Promise<void>;
  disconnect(): Promise<void>;
}

const CACHE_BYPASS_AFTER_ERROR_MS = 15_000;

export interface ResponseCacheOptions {
  /** Redis connection URL; the cache lives in process memory without it. */
  redisUrl?: string | undefined;
  namespace?: string | undefined;
  logger: Logger;
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const namespace = options.namespace ?? RESPONSE_CACHE_NAMESPACE;
  const logger = options.logger.child({ component: 'response-cache', backend: options.redisUrl ? 'redis' : 'memory' });
  const store = options.redisUrl
    ? new KeyvRedis(options.redisUrl, { throwOnConnectError: false, connectionTimeout: 2_000 })
    : undefined;
  const keyv = store ? new Keyv<unknown>({ store, namespace, useKeyPrefix: false }) : new Keyv<unknown>({ namespace });

  // After a failure the cache is bypassed for a while, so an outage does not add a connect
  // timeout to every lookup, and it is logged once per pause instead of once per operation.
  let bypassUntil = 0;
  const logStoreError = (error: unknown, operation: string) => {
    const now = Date.now();
    if (now < bypassUntil) return;
    bypassUntil = now + CACHE_BYPASS_AFTER_ERROR_MS;
    logger.warn(
      { err: error, operation, bypassSeconds: CACHE_BYPASS_AFTER_ERROR_MS / 1000 },
      'Response cache operation failed; lookups go on without the cache',
    );
  };
  const bypassed = () => Date.now() < bypassUntil;
  keyv.on('error', (error: unknown) => logStoreError(error, 'store'));

  return {
    async get<T>(key: string) {
      if (bypassed()) return undefined;
      try {
        return (await keyv.get(key)) as T | undefined;
      } catch (error) {
        logStoreError(error, 'get');
        return undefined;
      }
    },
    async set<T>(key: string, value: T, ttlMs: number) {
      if (bypassed()) return;
      try {
        await keyv.set(key, value, ttlMs);
      } catch (error) {
        logStoreError(error, 'set');
      }
    },
    async delete(key: string) {
      try {
        await keyv.delete(key);
      } catch (error) {
        logStoreError(error, 'delete');
      }
    },
    async clear() {
      await keyv.clear();
    },
    async disconnect() {
      try {
        await keyv.disconnect();
      } catch (error) {
        logger.debug({ err: error }, 'Response cache disconnect failed');
      }
    },
  };
}
