import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../fakes/qualitly/index.js';
import { startTestStack, type TestStack } from '../fakes/stack.js';
import { buttonByEmoji, componentsOf, counterLabel, embedsOf, fieldValue, paste, replyTo } from './helpers.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe('pasted product links', () => {
  it('reply shows the product embed', async () => {
    const { reply } = await paste(stack, 'is this batch good? https://weidian.com/item.html?itemID=7231368393&spider_token=ab12');
    const [embed] = embedsOf(reply);

    expect(embedsOf(reply)).toHaveLength(1);
    expect(embed?.title).toBe('AJ1 Retro High OG \\*Chicago\\* 1:1');
    expect(embed?.url).toBe('https://weidian.com/item.html?itemID=7231368393');
    expect(fieldValue(embed, 'Price')).toBe('¥470.00');
    expect(fieldValue(embed, 'QC photos')).toBe('14');
    expect(fieldValue(embed, 'Storefront')).toBe('Weidian');
    expect(fieldValue(embed, 'Listing ID')).toBe('`7231368393`');
    expect(embed?.image?.url).toBe('https://cdn.qualit.ly/qc/weidian/7231368393/1.jpg');
  });

  it('reply never pings anyone', async () => {
    const { posted } = await paste(stack, 'https://detail.1688.com/offer/612345678901.html');
    const request = stack.discord.requests.find(
      (candidate) => candidate.method === 'POST' && (candidate.body as { message_reference?: { message_id?: string } } | null)?.message_reference?.message_id === posted.id,
    );
    const body = request?.body as { allowed_mentions?: { parse?: string[]; replied_user?: boolean } };

    expect(body.allowed_mentions?.parse).toEqual([]);
    expect(body.allowed_mentions?.replied_user).toBe(false);
  });

  it('escapes markdown in product names', async () => {
    const { reply } = await paste(stack, 'https://item.taobao.com/item.htm?id=720000000042');
    const title = embedsOf(reply)[0]?.title ?? '';

    expect(title).toContain('\\|');
    expect(title).toContain('\\`code\\`');
    expect(title).toContain('\\<@123\\>');
    expect(title).toContain('\\[link\\]');
  });

  it('pager starts at the first photo', async () => {
    const { reply } = await paste(stack, 'https://weidian.com/item.html?itemID=7231368393');

    expect(counterLabel(reply)).toBe('Photo 1 of 14');
    expect(buttonByEmoji(reply, '◀')?.disabled).toBe(true);
    expect(buttonByEmoji(reply, '▶')?.disabled).toBe(false);
  });

  it('next button shows the next photo', async () => {
    const { reply } = await paste(stack, 'https://weidian.com/item.html?itemID=7231368393');
    const next = buttonByEmoji(reply, '▶');
    const interaction = await stack.discord.clickButton({ message: reply, customId: next?.custom_id ?? '', user: stack.member });
    const updated = await interaction.waitForResponse((message) => counterLabel(message) === 'Photo 2 of 14', 10_000);

    expect(interaction.callbacks[0]?.type).toBe(6);
    expect(updated.id).toBe(reply.id);
    expect(embedsOf(updated)[0]?.image?.url).toBe('https://cdn.qualit.ly/qc/weidian/7231368393/2.jpg');
    expect(buttonByEmoji(updated, '◀')?.disabled).toBe(false);
  });

  it('last photo disables the next button', async () => {
    const { reply } = await paste(stack, 'https://detail.1688.com/offer/612345678901.html');
    let message = reply;
    for (let photo = 2; photo <= 4; photo += 1) {
      const next = buttonByEmoji(message, '▶');
      const interaction = await stack.discord.clickButton({ message, customId: next?.custom_id ?? '', user: stack.member });
      message = await interaction.waitForResponse((updated) => counterLabel(updated) === `Photo ${photo} of 4`, 10_000);
    }

    expect(buttonByEmoji(message, '▶')?.disabled).toBe(true);
    expect(buttonByEmoji(message, '◀')?.disabled).toBe(false);
  });

  it('another member gets a private copy', async () => {
    const { reply } = await paste(stack, 'https://weidian.com/item.html?itemID=7231368393');
    const other = { id: '310000000000000099', username: 'lurker' };
    const next = buttonByEmoji(reply, '▶');
    const interaction = await stack.discord.clickButton({ message: reply, customId: next?.custom_id ?? '', user: other });
    const copy = await interaction.waitForResponse((message) => embedsOf(message).length > 0, 10_000);

    expect(interaction.ephemeral).toBe(true);
    expect(copy.id).not.toBe(reply.id);
    expect(counterLabel(copy)).toBe('Photo 2 of 14');
    expect(stack.discord.botMessages().find((message) => message.id === reply.id)?.embeds).toEqual(reply.embeds);
  });

  it('private copy reports an upstream failure once', async () => {
    const { reply } = await paste(stack, 'https://weidian.com/item.html?itemID=7231368393');
    await stack.bot.cache.clear();
    stack.qualitly.injectFault({ kind: 'status', status: 500 }, { path: '/products/weidian/7231368393', times: 2 });
    const other = { id: '310000000000000098', username: 'watcher' };
    const next = buttonByEmoji(reply, '▶');
    const interaction = await stack.discord.clickButton({ message: reply, customId: next?.custom_id ?? '', user: other });
    const copy = await interaction.waitForResponse((message) => message.content !== '', 10_000);

    expect(copy.content).toBe('Qualit.ly is not responding right now. Try again in a few minutes.');
    expect(interaction.followups).toEqual([]);
  });

  it('several links give one reply', async () => {
    const { posted, reply } = await paste(stack, 
      'compare https://www.kakobuy.com/item/details?url=https%3A%2F%2Fweidian.com%2Fitem.html%3FitemID%3D7231368393&affcode=abc ' +
        'with https://detail.tmall.com/item.htm?id=652812345678 and https://cnfans.com/product?id=612345678901&platform=ALI_1688',
    );
    const replies = stack.discord.botMessages(stack.channelId).filter(replyTo(posted.id));
    const select = componentsOf(reply).find((component) => component.type === 3);

    expect(replies).toHaveLength(1);
    expect(embedsOf(reply).map((embed) => fieldValue(embed, 'Listing ID'))).toEqual(['`7231368393`', '`652812345678`', '`612345678901`']);
    expect(select?.options?.map((option) => option.value)).toEqual(['weidian:7231368393', 'taobao:652812345678', '1688:612345678901']);
  });

  it('select menu switches the product', async () => {
    const { reply } = await paste(stack, 'https://weidian.com/item.html?itemID=7231368393 https://item.taobao.com/item.htm?id=652812345678');
    const select = componentsOf(reply).find((component) => component.type === 3);
    const interaction = await stack.discord.selectMenu({ message: reply, customId: select?.custom_id ?? '', values: ['taobao:652812345678'], user: stack.member });
    const updated = await interaction.waitForResponse((message) => counterLabel(message) === 'Photo 1 of 12', 10_000);
    const pager = buttonByEmoji(updated, '▶');

    expect(pager?.custom_id).toContain('taobao:652812345678');
    expect(componentsOf(updated).find((component) => component.type === 3)?.options?.find((option) => option.default)?.value).toBe('taobao:652812345678');
  });

  it('product without QC photos says so', async () => {
    const { reply } = await paste(stack, 'https://weidian.com/item.html?itemID=7400000001');
    const [embed] = embedsOf(reply);

    expect(embed?.description).toMatch(/No QC photos yet/);
    expect(fieldValue(embed, 'Price')).toBe('Unknown');
    expect(fieldValue(embed, 'QC photos')).toBe('0');
    expect(reply.components).toEqual([]);
  });

  it('unknown product gets one short line', async () => {
    const { reply } = await paste(stack, 'https://item.taobao.com/item.htm?id=699999999999');

    expect(reply.embeds).toEqual([]);
    expect(reply.content).toBe('No QC data found for Taobao listing `699999999999`.');
  });

  it('ignores bots and webhooks', async () => {
    const bot = await stack.discord.postMessage({
      channelId: stack.channelId,
      author: { id: '320000000000000001', username: 'other-bot', bot: true },
      content: 'https://weidian.com/item.html?itemID=7231368393',
    });
    const webhook = await stack.discord.postMessage({
      channelId: stack.channelId,
      author: { id: '320000000000000002', username: 'relay' },
      webhookId: '320000000000000002',
      content: 'https://weidian.com/item.html?itemID=7231368393',
    });
    // A member's message after both: once its reply is there, the earlier ones were handled too.
    await paste(stack, 'https://weidian.com/item.html?itemID=7231368393');

    expect(stack.discord.botMessages().filter(replyTo(bot.id))).toHaveLength(0);
    expect(stack.discord.botMessages().filter(replyTo(webhook.id))).toHaveLength(0);
  });

  it('ignores messages without links', async () => {
    const before = stack.discord.requests.length;
    const quiet = await stack.discord.postMessage({ channelId: stack.channelId, author: stack.member, content: 'w2c these? 7231368393 lol' });
    await paste(stack, 'https://weidian.com/item.html?itemID=7231368393');

    expect(stack.discord.botMessages().filter(replyTo(quiet.id))).toHaveLength(0);
    expect(stack.discord.requests.length).toBeGreaterThan(before);
  });

  it('rejects a forged button', async () => {
    const { reply } = await paste(stack, 'https://weidian.com/item.html?itemID=7231368393');
    const interaction = await stack.discord.clickButton({ message: reply, customId: 'page:0:weidian:0000:1:x:next', user: stack.member });
    const callback = await interaction.waitForCallback(5_000);

    expect(callback.type).toBe(4);
    expect(interaction.ephemeral).toBe(true);
    expect(String(callback.data?.content)).toMatch(/expired/);
  });
});

describe('edited messages', () => {
  it('answer only the added link', async () => {
    const { posted } = await paste(stack, 'first https://weidian.com/item.html?itemID=7231368393');
    await stack.discord.editMessage(posted.id, 'first https://weidian.com/item.html?itemID=7231368393 and https://detail.1688.com/offer/612345678901.html');
    const second = await stack.discord.waitForBotMessage(
      (message) => replyTo(posted.id)(message) && embedsOf(message).some((embed) => fieldValue(embed, 'Storefront') === '1688'),
      10_000,
    );

    expect(embedsOf(second).map((embed) => fieldValue(embed, 'Listing ID'))).toEqual(['`612345678901`']);
    expect(stack.discord.botMessages().filter(replyTo(posted.id))).toHaveLength(2);
  });

  it('unchanged links get no reply', async () => {
    const { posted } = await paste(stack, 'https://weidian.com/item.html?itemID=7231368393');
    await stack.discord.editMessage(posted.id, 'https://weidian.com/item.html?itemID=7231368393');
    await stack.discord.editMessage(posted.id, 'edited text, same link: https://weidian.com/item.html?itemID=7231368393');
    await paste(stack, 'https://detail.1688.com/offer/612345678901.html');

    expect(stack.discord.botMessages().filter(replyTo(posted.id))).toHaveLength(1);
  });
});

describe('products per message', () => {
  it('says how many were left out', async () => {
    const ids = ['7231368391', '7231368392', '7231368393', '7231368394', '7231368395', '7231368396', '7231368397'];
    const { reply } = await paste(stack, ids.map((id) => `https://weidian.com/item.html?itemID=${id}`).join(' '));

    expect(reply.content).toContain('2 more products were left out.');
  });
});

describe('secrets', () => {
  it('never reach Discord or the logs', () => {
    const token = stack.discord.token;
    const sent = JSON.stringify(stack.discord.requests.map((request) => request.body));
    const logs = stack.logLines().join('\n');

    expect(stack.logLines().length).toBeGreaterThan(0);
    expect(sent).not.toContain(DEMO_API_KEY);
    expect(logs).not.toContain(DEMO_API_KEY);
    expect(logs).not.toContain(token);
  });
});
