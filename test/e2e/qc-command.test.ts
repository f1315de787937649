import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../fakes/stack.js';
import { counterLabel, embedsOf, fieldValue, replyTo } from './helpers.js';

const STRING_OPTION = 3;
const EPHEMERAL = 64;

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stop();
});

function runQc(link: string, storefront?: string) {
  const options = [{ name: 'link', type: STRING_OPTION, value: link }];
  if (storefront) options.push({ name: 'storefront', type: STRING_OPTION, value: storefront });
  return stack.discord.runSlashCommand({ name: 'qc', options, channelId: stack.channelId, user: stack.member });
}

describe('/qc', () => {
  it('answers a product link publicly', async () => {
    const interaction = await runQc('https://www.hoobuy.com/product/1/652812345678?inviteCode=abc');
    const callback = await interaction.waitForCallback(5_000);
    const response = await interaction.waitForResponse((message) => message.embeds.length > 0, 10_000);

    expect(callback.type).toBe(5);
    expect(interaction.ephemeral).toBe(false);
    expect(fieldValue(embedsOf(response)[0], 'Listing ID')).toBe('`652812345678`');
    expect(counterLabel(response)).toBe('Photo 1 of 12');
  });

  it('accepts a bare id with a storefront', async () => {
    const interaction = await runQc('612345678901', '1688');
    const response = await interaction.waitForResponse((message) => message.embeds.length > 0, 10_000);

    expect(fieldValue(embedsOf(response)[0], 'Storefront')).toBe('1688');
  });

  it.each([
    ['a shop page', 'https://weidian.com/?userid=1623456789', /not a product link/],
    ['a search page', 'https://s.taobao.com/search?q=jordan', /not a product link/],
    ['junk text', 'give me the qc pls', /not a product link/],
    ['a look-alike host', 'https://weidian.com.evil.example/item.html?itemID=7231368393', /not a product link/],
    ['a bare id alone', '7231368393', /Choose its storefront/],
  ])('answers %s privately', async (_case, link, expected) => {
    const interaction = await runQc(link);
    const callback = await interaction.waitForCallback(5_000);

    expect(callback.type).toBe(4);
    expect(callback.data?.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(String(callback.data?.content)).toMatch(expected);
  });

  it('acknowledges before any lookup', async () => {
    stack.qualitly.injectFault({ kind: 'slow-body', delayMs: 3_500 }, { path: '/products/weidian/7231368393' });
    const interaction = await runQc('https://weidian.com/item.html?itemID=7231368393');
    const callback = await interaction.waitForCallback(5_000);
    await interaction.waitForResponse((message) => message.embeds.length > 0, 15_000);

    expect(callback.at - interaction.createdAt).toBeLessThan(3_000);
  });
});

describe('upstream trouble', () => {
  it('waits out a 429', async () => {
    stack.qualitly.injectFault(
      {
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '1' },
        body: '{"error":{"code":"RATE_LIMITED","message":"Per-minute limit exceeded","retry_after":1}}',
      },
      { path: '/products/taobao/720000000042' },
    );
    const posted = await stack.discord.postMessage({ channelId: stack.channelId, author: stack.member, content: 'https://item.taobao.com/item.htm?id=720000000042' });
    const reply = await stack.discord.waitForBotMessage(replyTo(posted.id), 15_000);
    const attempts = stack.qualitly.requests.filter((request) => request.path === '/products/taobao/720000000042');

    expect(embedsOf(reply)).toHaveLength(1);
    expect(attempts.map((request) => request.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('explains a broken upstream plainly', async () => {
    stack.qualitly.injectFault({ kind: 'malformed-json' }, { path: '/products/weidian/7412345678', times: 2 });
    const posted = await stack.discord.postMessage({ channelId: stack.channelId, author: stack.member, content: 'https://weidian.com/item.html?itemID=7412345678' });
    const reply = await stack.discord.waitForBotMessage(replyTo(posted.id), 15_000);

    expect(reply.content).toBe('Qualit.ly is not responding right now. Try again in a few minutes.');
    expect(reply.embeds).toEqual([]);
  });

  it('pays once for the same product', async () => {
    const link = 'https://weidian.com/item.html?itemID=7231368393';
    for (let round = 0; round < 3; round += 1) {
      const posted = await stack.discord.postMessage({ channelId: stack.channelId, author: stack.member, content: link });
      await stack.discord.waitForBotMessage(replyTo(posted.id), 10_000);
    }
    const calls = stack.qualitly.requests.filter((request) => request.path === '/products/weidian/7231368393' && request.status === 200);

    expect(calls).toHaveLength(1);
  });
});
