import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestStack, type TestStack } from '../fakes/stack.js';
import { replyTo } from './helpers.js';

const LINK = 'https://weidian.com/item.html?itemID=7231368393';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe('settings read ahead', () => {
  it('are in memory after start', async () => {
    // Read ahead when the gateway session is ready, so /qc can acknowledge without touching the store.
    await vi.waitFor(() => expect(stack.bot.context.settings.peekSettings(stack.guildId)).toBeDefined(), { timeout: 5_000 });

    expect(stack.bot.context.settings.peekSettings(stack.secondGuildId)).toBeDefined();
  });
});

describe('settings store outage', () => {
  it('stays silent and logs once', async () => {
    const settings = stack.bot.context.settings;
    const read = settings.settings.bind(settings);
    settings.settings = async () => {
      throw new Error('settings store is down');
    };
    try {
      for (let round = 0; round < 3; round += 1) {
        await stack.discord.postMessage({ channelId: stack.channelId, author: stack.member, content: LINK });
      }
      // A message in another guild afterwards: once it has its reply, the three above were handled.
      settings.settings = async (guildId) => (guildId === stack.guildId ? Promise.reject(new Error('settings store is down')) : read(guildId));
      const other = await stack.discord.postMessage({ channelId: stack.secondGuildChannelId, author: stack.member, content: LINK });
      await stack.discord.waitForBotMessage(replyTo(other.id), 10_000);
    } finally {
      settings.settings = read;
    }
    const outageLines = stack.logLines().filter((line) => line.includes('Reading guild settings failed'));

    expect(stack.discord.botMessages(stack.channelId)).toEqual([]);
    expect(outageLines).toHaveLength(1);
    expect(stack.logLines().some((line) => line.includes('Message handler failed'))).toBe(false);
  });
});
