import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../fakes/stack.js';
import { BOOLEAN_OPTION, CHANNEL_OPTION, EPHEMERAL, INTEGER_OPTION, STRING_OPTION, adminReply, pasteExpectingSilence } from './admin-helpers.js';
import { embedsOf, pasteAndWait } from './helpers.js';

const FOUND_LINK = 'https://weidian.com/item.html?itemID=7231368393';
const SECOND_FOUND_LINK = 'https://detail.1688.com/offer/612345678901.html';
const THIRD_FOUND_LINK = 'https://item.taobao.com/item.htm?id=720000000042';
const MISSING_LINK = 'https://item.taobao.com/item.htm?id=699999999999';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterEach(async () => {
  const settings = stack.bot.context.settings;
  await settings.updateSettings(stack.guildId, { linkDetection: true, answerNotFound: true, productsPerMessage: null, qcPrivateByDefault: false });
  await settings.setChannelDetection(stack.guildId, stack.otherChannelId, true);
});

afterAll(async () => {
  await stack?.stop();
});

function changeSettings(options: Array<{ name: string; type: number; value: boolean | number }>) {
  return adminReply(stack, { subcommand: 'settings', options });
}

function runQc(privateChoice?: boolean) {
  const options: Array<{ name: string; type: number; value: string | boolean }> = [{ name: 'link', type: STRING_OPTION, value: FOUND_LINK }];
  if (privateChoice !== undefined) options.push({ name: 'private', type: BOOLEAN_OPTION, value: privateChoice });
  return stack.discord.runSlashCommand({ name: 'qc', options, channelId: stack.channelId, user: stack.member });
}

describe('link detection', () => {
  it('server switch stops replies', async () => {
    await changeSettings([{ name: 'link_detection', type: BOOLEAN_OPTION, value: false }]);

    expect(await pasteExpectingSilence(stack, FOUND_LINK)).toBeUndefined();
  });

  it('channel switch stops replies there', async () => {
    await adminReply(stack, {
      subcommand: 'channel',
      options: [
        { name: 'channel', type: CHANNEL_OPTION, value: stack.otherChannelId },
        { name: 'enabled', type: BOOLEAN_OPTION, value: false },
      ],
    });

    expect(await pasteExpectingSilence(stack, FOUND_LINK, stack.otherChannelId)).toBeUndefined();
    expect(embedsOf(await pasteAndWait(stack, FOUND_LINK))).toHaveLength(1);
  });

  it('channel switch turns back on', async () => {
    const channelOption = { name: 'channel', type: CHANNEL_OPTION, value: stack.otherChannelId };
    await adminReply(stack, { subcommand: 'channel', options: [channelOption, { name: 'enabled', type: BOOLEAN_OPTION, value: false }] });
    await adminReply(stack, { subcommand: 'channel', options: [channelOption, { name: 'enabled', type: BOOLEAN_OPTION, value: true }] });

    expect(embedsOf(await pasteAndWait(stack, FOUND_LINK, stack.otherChannelId))).toHaveLength(1);
  });

  it('other guilds keep answering', async () => {
    await changeSettings([{ name: 'link_detection', type: BOOLEAN_OPTION, value: false }]);

    expect(embedsOf(await pasteAndWait(stack, FOUND_LINK, stack.secondGuildChannelId))).toHaveLength(1);
  });
});

describe('reply contents', () => {
  it('caps products per message', async () => {
    await changeSettings([{ name: 'products_per_message', type: INTEGER_OPTION, value: 2 }]);
    const reply = await pasteAndWait(stack, `${FOUND_LINK} ${SECOND_FOUND_LINK} ${THIRD_FOUND_LINK}`);

    expect(embedsOf(reply)).toHaveLength(2);
    expect(reply.content).toContain('1 more product was left out');
  });

  it('skips unknown products when told', async () => {
    await changeSettings([{ name: 'answer_not_found', type: BOOLEAN_OPTION, value: false }]);
    const reply = await pasteAndWait(stack, `${FOUND_LINK} ${MISSING_LINK}`);

    expect(embedsOf(reply)).toHaveLength(1);
    expect(reply.content).not.toContain('No QC data found');
  });

  it('stays silent on unknown only', async () => {
    await changeSettings([{ name: 'answer_not_found', type: BOOLEAN_OPTION, value: false }]);

    expect(await pasteExpectingSilence(stack, MISSING_LINK)).toBeUndefined();
  });

  it('answers unknown products by default', async () => {
    const reply = await pasteAndWait(stack, MISSING_LINK);

    expect(reply.content).toContain('No QC data found for Taobao listing `699999999999`.');
  });
});

describe('/qc visibility', () => {
  it('is public by default', async () => {
    const interaction = await runQc();
    await interaction.waitForResponse((message) => message.embeds.length > 0, 10_000);

    expect(interaction.ephemeral).toBe(false);
  });

  it('follows the private default', async () => {
    await changeSettings([{ name: 'qc_private', type: BOOLEAN_OPTION, value: true }]);
    const interaction = await runQc();
    const response = await interaction.waitForResponse((message) => message.embeds.length > 0, 10_000);

    expect(interaction.ephemeral).toBe(true);
    expect(response.flags & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('stays private before settings load', async () => {
    await changeSettings([{ name: 'qc_private', type: BOOLEAN_OPTION, value: true }]);
    stack.bot.context.settings.clearCache();
    const earlier = new Set(stack.discord.botMessages().map((message) => message.id));
    const interaction = await runQc();
    const answer = await stack.discord.waitForBotMessage((message) => !earlier.has(message.id) && message.embeds.length > 0, 10_000);

    expect(interaction.callbacks[0]?.type).toBe(5);
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(stack.discord.botMessages().filter((message) => !earlier.has(message.id) && (message.flags & EPHEMERAL) === 0)).toEqual([]);
  });

  it('member overrides the private default', async () => {
    await changeSettings([{ name: 'qc_private', type: BOOLEAN_OPTION, value: true }]);
    const interaction = await runQc(false);
    await interaction.waitForResponse((message) => message.embeds.length > 0, 10_000);

    expect(interaction.ephemeral).toBe(false);
  });

  it('member chooses a private reply', async () => {
    const interaction = await runQc(true);
    await interaction.waitForResponse((message) => message.embeds.length > 0, 10_000);

    expect(interaction.ephemeral).toBe(true);
  });
});
