import type { Message } from 'discord.js';
import type { LookupOutcome } from '../lookup/product-lookup.js';
import { missingKeyMessage } from '../render/key-messages.js';
import { isLinkDetectionOn } from '../settings/guild-settings.js';
import type { MissingKeyReason } from '../settings/settings-service.js';
import type { BotContext } from './context.js';

/** Reply rules for links pasted in one channel, from the guild's settings. */
export interface LinkReplyPolicy {
  productsPerMessage: number;
  /** Whether products that Qualit.ly has no data for get a line in the reply. */
  answerNotFound: boolean;
}

/** Returns the policy for the message's channel, or null when link detection is off there or in the thread's parent. */
export async function linkReplyPolicy(message: Message<true>, context: BotContext): Promise<LinkReplyPolicy | null> {
  const settings = await context.settings.settings(message.guildId);
  const parentId = message.channel.isThread() ? message.channel.parentId : null;
  if (!isLinkDetectionOn(settings, message.channelId, parentId)) return null;

  return {
    productsPerMessage: settings.productsPerMessage ?? context.maxProductsPerMessage,
    answerNotFound: settings.answerNotFound,
  };
}

/** Returns the outcomes to show: all of them, or only the found products. */
export function visibleOutcomes(outcomes: LookupOutcome[], policy: LinkReplyPolicy): LookupOutcome[] {
  return policy.answerNotFound ? outcomes : outcomes.filter((outcome) => outcome.status === 'found');
}

/** Returns the "no usable key" line when the channel has not had it within the hour, else null. */
export function throttledKeyNotice(context: BotContext, channelId: string, reason: MissingKeyReason | null): string | null {
  if (reason === null || !context.keyNotices.tryTake(channelId)) return null;
  return missingKeyMessage(reason);
}
