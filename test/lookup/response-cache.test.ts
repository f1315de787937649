import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { createResponseCache, type ResponseCache } from '../../src/lookup/response-cache.js';

const logger = createLogger({ level: 'silent' });
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const opened: ResponseCache[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((cache) => cache.disconnect()));
});

function open(options: { redisUrl?: string; namespace?: string }): ResponseCache {
  const cache = createResponseCache({ logger, ...options });
  opened.push(cache);
  return cache;
}

describe.each([
  ['memory', undefined],
  ['redis', REDIS_URL],
])('response cache in %s', (_backend, redisUrl) => {
  it('returns what was stored', async () => {
    const cache = open({ redisUrl, namespace: `test-${randomUUID()}` });
    await cache.set('product:weidian:7231368393', { status: 'found', name: 'AJ1' }, 60_000);
    expect(await cache.get('product:weidian:7231368393')).toEqual({ status: 'found', name: 'AJ1' });
  });

  it('expires entries after their TTL', async () => {
    const cache = open({ redisUrl, namespace: `test-${randomUUID()}` });
    await cache.set('short-lived', 1, 50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await cache.get('short-lived')).toBeUndefined();
  });

  it('clears only its own namespace', async () => {
    const namespace = `test-${randomUUID()}`;
    const cache = open({ redisUrl, namespace });
    const neighbour = open({ redisUrl, namespace: `${namespace}-settings` });
    await cache.set('entry', 1, 60_000);
    await neighbour.set('entry', 2, 60_000);
    await cache.clear();
    expect(await cache.get('entry')).toBeUndefined();
    expect(await neighbour.get('entry')).toBe(2);
  });
});

describe('response cache in redis', () => {
  it('survives a new connection', async () => {
    const namespace = `test-${randomUUID()}`;
    const first = open({ redisUrl: REDIS_URL, namespace });
    await first.set('entry', { kept: true }, 60_000);
    await first.disconnect();
    const second = open({ redisUrl: REDIS_URL, namespace });
    expect(await second.get('entry')).toEqual({ kept: true });
  });

  it('treats an unreachable server as a miss', async () => {
    // Port 1 on loopback has no listener, so the connection is refused at once.
    const cache = open({ redisUrl: 'redis://127.0.0.1:1', namespace: 'unreachable' });
    await expect(cache.set('entry', 1, 60_000)).resolves.toBeUndefined();
    await expect(cache.get('entry')).resolves.toBeUndefined();
  });
});
