import type { Message, PartialMessage } from 'discord.js';
import { extractLinks, productKey, type LinkMatch } from '../links/index.js';
import { renderLookupReply } from '../render/lookup-reply.js';
import { resolveShortMatches } from '../short-links/index.js';
import { MESSAGES } from '../render/messages.js';
import type { BotContext } from './context.js';
import { linkReplyPolicy, throttledKeyNotice, visibleOutcomes } from './link-reply-policy.js';
import { lookupAll } from './lookups.js';

type AnyMessage = Message | PartialMessage;

/**
 * Replies once to a member's message that contains product links.
 * Messages from bots, webhooks and the system are ignored, so the bot never replies to itself or to
 * another bot's echo of a link.
 */
export async function handleMessage(message: Message, context: BotContext): Promise<void> {
  if (!isMemberMessage(message)) return;

  const matches = extractLinks(message.content);
  if (matches.length === 0) return;
  await answerLinks(message, context.answeredLinks.takeUnanswered(message.id, matches), context);
}

/**
 * Replies to the links that an edit added. An edit that leaves the links as they were, such as
 * Discord adding its own link preview, gets no reply, and neither does a link the bot replied to before.
 */
export async function handleMessageUpdate(before: AnyMessage, after: AnyMessage, context: BotContext): Promise<void> {
  if (after.partial || !isMemberMessage(after)) return;
  if (!before.partial && before.content === after.content) return;

  const matches = extractLinks(after.content);
  if (matches.length === 0) return;
  const known = before.partial ? [] : extractLinks(before.content);
  // Links that the message had before the edit count as handled, even if the bot started after they were posted.
  context.answeredLinks.takeUnanswered(after.id, known);
  const added = context.answeredLinks.takeUnanswered(after.id, matches);
  if (added.length === 0) return;
  await answerLinks(after, added, context);
}

function isMemberMessage(message: AnyMessage): message is Message<true> {
  return !message.partial && !message.author.bot && message.webhookId === null && !message.system && message.inGuild();
}

async function answerLinks(message: Message<true>, matches: LinkMatch[], context: BotContext): Promise<void> {
  if (matches.length === 0) return;

  const logger = context.logger.child({ guildId: message.guildId, channelId: message.channelId, messageId: message.id, userId: message.author.id });
  let policy: Awaited<ReturnType<typeof linkReplyPolicy>>;
  try {
    policy = await linkReplyPolicy(message, context);
  } catch (error) {
    // Without its settings the bot cannot tell whether the guild wants replies or which key pays, so it stays silent.
    if (context.settingsFailureLog.tryTake(message.guildId)) {
      logger.error({ err: error }, 'Reading guild settings failed; links in this guild get no reply until the settings store responds again');
    }
    return;
  }
  if (!policy) {
    logger.debug('Link detection is off in this channel; links ignored');
    return;
  }

  const shortLinkCount = matches.filter((match) => match.kind === 'short').length;
  void message.channel.sendTyping().catch(() => undefined);

  // Short links are followed only now that the reply is under way, and only those within the product limit.
  const maxProducts = policy.productsPerMessage;
  const { refs: selected, unresolved } = await resolveShortMatches(matches, context.shortLinks, { maxProducts });
  const included = new Set(selected.map(productKey));
  const omittedCount = matches.filter((match, index) => (match.kind === 'product' ? !included.has(productKey(match.ref)) : index >= maxProducts)).length;
  logger.info({ products: selected.length, omitted: omittedCount, shortLinks: shortLinkCount, unresolved }, 'Product links found in message');

  const batch = await lookupAll(context, message.guildId, selected, logger);

  const notices = [...batch.failureLines];
  const keyNotice = throttledKeyNotice(context, message.channelId, batch.missingKey);
  if (keyNotice) notices.push(keyNotice);
  if (unresolved > 0) notices.push(MESSAGES.shortLinksUnresolved(unresolved));

  const payload = renderLookupReply({ outcomes: visibleOutcomes(batch.outcomes, policy), focus: 0, photo: 0, ownerId: message.author.id, omittedCount, notices });
  if (payload.content === '' && payload.embeds.length === 0) {
    logger.debug('Nothing to show for these links; no reply');
    return;
  }

  try {
    const reply = await message.reply({ ...payload, content: payload.content || undefined, failIfNotExists: false });
    logger.info({ replyId: reply.id, found: payload.embeds.length, failed: batch.failedCount }, 'Replied to product links');
  } catch (error) {
    logger.warn({ err: error }, 'Reply to product links failed; check the bot can send messages and embed links here');
  }
}
