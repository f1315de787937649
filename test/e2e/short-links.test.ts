import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../fakes/stack.js';
import { startResolverStack, type ResolverStack } from '../short-links/helpers.js';
import { embedsOf, fieldValue, replyTo } from './helpers.js';

const STRING_OPTION = 3;
const TAOBAO_SHORT = 'https://m.tb.cn/h.AbC12dE?tk=ZyX987wvU';
const WEIDIAN_SHORT = 'https://k.youshop10.com/Xy7Qw2Zp?wfr=BuyercopyURL';
const DEAD_SHORT = 'https://e.tb.cn/h.Gone404?tk=abc';

let resolverStack: ResolverStack;
let stack: TestStack;
const redirectHitAt: number[] = [];

beforeAll(async () => {
  resolverStack = await startResolverStack();
  resolverStack.server.route(TAOBAO_SHORT, (_request, response) => {
    redirectHitAt.push(Date.now());
    response.writeHead(302, { location: 'https://item.taobao.com/item.htm?id=652812345678&short_name=h.AbC12dE' }).end();
  });
  resolverStack.server.redirect(WEIDIAN_SHORT, 'https://weidian.com/item.html?itemID=7231368393&wfr=BuyercopyURL');
  stack = await startTestStack({ shortLinkResolver: resolverStack.resolver });
});

afterAll(async () => {
  await stack?.stop();
  await resolverStack?.close();
});

describe('short share links', () => {
  it('resolve to the product they lead to', async () => {
    const posted = await stack.discord.postMessage({
      channelId: stack.channelId,
      author: stack.member,
      content: `【淘宝】${TAOBAO_SHORT} CZ356 「卫衣」点击链接直接打开`,
    });
    const reply = await stack.discord.waitForBotMessage(replyTo(posted.id), 10_000);

    expect(fieldValue(embedsOf(reply)[0], 'Listing ID')).toBe('`652812345678`');
  });

  it('are followed after typing starts', async () => {
    const typing = stack.discord.requests.find((request) => request.method === 'POST' && request.path === `/channels/${stack.channelId}/typing`);

    expect(typing).toBeDefined();
    expect(redirectHitAt[0]).toBeGreaterThanOrEqual(typing!.at);
  });

  it('sit in message order with direct links', async () => {
    const posted = await stack.discord.postMessage({
      channelId: stack.channelId,
      author: stack.member,
      content: `${WEIDIAN_SHORT} and https://detail.1688.com/offer/612345678901.html`,
    });
    const reply = await stack.discord.waitForBotMessage(replyTo(posted.id), 10_000);

    expect(embedsOf(reply).map((embed) => fieldValue(embed, 'Listing ID'))).toEqual(['`7231368393`', '`612345678901`']);
  });

  it('that lead nowhere get a hint', async () => {
    const posted = await stack.discord.postMessage({ channelId: stack.channelId, author: stack.member, content: DEAD_SHORT });
    const reply = await stack.discord.waitForBotMessage(replyTo(posted.id), 10_000);

    expect(reply.content).toBe('A short link did not lead to a product page I can read. Open it in a browser and paste the product page address instead.');
  });

  it('work with /qc', async () => {
    const interaction = await stack.discord.runSlashCommand({
      name: 'qc',
      options: [{ name: 'link', type: STRING_OPTION, value: WEIDIAN_SHORT }],
      channelId: stack.channelId,
      user: stack.member,
    });
    const response = await interaction.waitForResponse((message) => message.embeds.length > 0, 10_000);

    expect(fieldValue(embedsOf(response)[0], 'Storefront')).toBe('Weidian');
  });
});
