import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startTestStack } from '../fakes/stack.js';
import { embedsOf, replyTo } from './helpers.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LINK = 'https://weidian.com/item.html?itemID=7231368393';

describe('redis response cache', () => {
  it('keeps lookups across a restart', async () => {
    const cacheNamespace = `e2e-${randomUUID()}`;

    const first = await startTestStack({ redisUrl: REDIS_URL, cacheNamespace });
    try {
      const posted = await first.discord.postMessage({ channelId: first.channelId, author: first.member, content: LINK });
      await first.discord.waitForBotMessage(replyTo(posted.id), 10_000);
      expect(first.qualitly.requests.filter((request) => request.path.startsWith('/products/'))).toHaveLength(1);
    } finally {
      await first.stop();
    }

    const second = await startTestStack({ redisUrl: REDIS_URL, cacheNamespace });
    try {
      const posted = await second.discord.postMessage({ channelId: second.channelId, author: second.member, content: LINK });
      const reply = await second.discord.waitForBotMessage(replyTo(posted.id), 10_000);

      expect(embedsOf(reply)[0]?.title).toContain('AJ1 Retro High OG');
      expect(second.qualitly.requests.filter((request) => request.path.startsWith('/products/'))).toHaveLength(0);
      await second.bot.cache.clear();
    } finally {
      await second.stop();
    }
  });
});
