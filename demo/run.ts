/**
 * A scripted conversation with the real bot, against the fake Discord and the fake Qualit.ly on
 * 127.0.0.1. It needs no credentials and no network, and prints each reply as text.
 */
import type { FakeMessage } from '../test/fakes/discord/index.js';
import { startTestStack, type TestStack } from '../test/fakes/stack.js';
import { buttonByEmoji, replyTo } from '../test/e2e/helpers.js';
import { renderMessageText } from './render-text.js';

const STRING_OPTION = 3;
const REPLY_TIMEOUT_MS = 15_000;

async function paste(stack: TestStack, content: string): Promise<FakeMessage> {
  console.log(`\n${stack.member.username}: ${content}`);
  const posted = await stack.discord.postMessage({ channelId: stack.channelId, author: stack.member, content });
  const reply = await stack.discord.waitForBotMessage(replyTo(posted.id), REPLY_TIMEOUT_MS);
  console.log(renderMessageText(reply));
  return reply;
}

async function slashCommand(stack: TestStack, link: string): Promise<void> {
  console.log(`\n${stack.member.username}: /qc link:${link}`);
  const interaction = await stack.discord.runSlashCommand({
    name: 'qc',
    options: [{ name: 'link', type: STRING_OPTION, value: link }],
    channelId: stack.channelId,
    user: stack.member,
  });
  const callback = await interaction.waitForCallback(REPLY_TIMEOUT_MS);
  if (callback.type === 4) {
    console.log(renderMessageText({ ...emptyMessage(), content: String(callback.data?.content ?? ''), flags: Number(callback.data?.flags ?? 0) }));
    return;
  }
  console.log(renderMessageText(await interaction.waitForResponse((message) => message.embeds.length > 0 || message.content !== '', REPLY_TIMEOUT_MS)));
}

async function clickNext(stack: TestStack, message: FakeMessage): Promise<void> {
  const next = buttonByEmoji(message, '▶');
  if (!next?.custom_id) throw new Error('The reply has no ▶ button');
  console.log(`\n${stack.member.username} clicks ▶ on the first reply`);
  const interaction = await stack.discord.clickButton({ message, customId: next.custom_id, user: stack.member });
  console.log(renderMessageText(await interaction.waitForResponse((updated) => updated.embeds !== message.embeds, REPLY_TIMEOUT_MS)));
}

function emptyMessage(): FakeMessage {
  return { id: '0', channelId: '0', guildId: null, author: { id: '0', username: 'bot' }, content: '', embeds: [], components: [], flags: 0, attachments: [] };
}

async function main(): Promise<void> {
  const stack = await startTestStack({ logLevel: 'silent' });
  console.log(`Demo: the bot is logged in to a fake Discord (${stack.discord.apiUrl}) and uses a fake Qualit.ly (${stack.qualitly.baseUrl}).`);
  try {
    const first = await paste(stack, 'does this batch look right? https://weidian.com/item.html?itemID=7231368393&spider_token=43fd');
    await paste(
      stack,
      'w2c: https://www.kakobuy.com/item/details?url=https%3A%2F%2Fdetail.tmall.com%2Fitem.htm%3Fid%3D652812345678&affcode=demo and ||https://www.cnfans.com/product?id=612345678901&platform=ALI_1688||',
    );
    await paste(stack, '【淘宝】https://item.taobao.com/item.htm?id=720000000042&spm=a1z09 「羽绒服」');
    await paste(stack, 'new drop, any QC? <https://m.weidian.com/item.html?itemID=7400000001>');
    await slashCommand(stack, 'https://www.hoobuy.com/product/1/652812345678?inviteCode=demo');
    await slashCommand(stack, 'https://weidian.com/?userid=1623456789');
    await clickNext(stack, first);
  } finally {
    await stack.stop();
  }
  console.log('\nDemo finished.');
}

main().catch((error: unknown) => {
  console.error('Demo failed:', error);
  process.exitCode = 1;
});
