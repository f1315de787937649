import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
} from 'discord.js';
import { STOREFRONTS, parseLookupInput, type ProductRef, type Storefront } from '../src/links/index.js';
import type { BotContext } from '../src/discord/context.js';
import type { Logger } from '../src/logging/logger.js';
import { lookupAll } from '../src/discord/lookups.js';
import { missingKeyMessage } from '../src/render/key-messages.js';
import { renderLookupReply, type ReplyPayload } from '../src/render/lookup-reply.js';
import { MESSAGES, storefrontName } from '../src/render/messages.js';
import type { Command } from './index.js';

/** Maximum length of the link option; real product links are far shorter. */
const LINK_MAX_CHARS = 1_000;

export const qcCommand: Command = {
  definition: {
    name: 'qc',
    type: ApplicationCommandType.ChatInput,
    description: 'Show QC photos of a Weidian, Taobao, Tmall or 1688 product',
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: [
      {
        name: 'link',
        description: 'Product link (storefront or shopping agent) or a listing ID',
        type: ApplicationCommandOptionType.String,
        required: true,
        max_length: LINK_MAX_CHARS,
      },
      {
        name: 'storefront',
        description: 'Storefront of a bare listing ID',
        type: ApplicationCommandOptionType.String,
        required: false,
        choices: STOREFRONTS.map((storefront) => ({ name: storefrontName(storefront), value: storefront })),
      },
      {
        name: 'private',
        description: "Only you see the reply (default: this server's setting)",
        type: ApplicationCommandOptionType.Boolean,
        required: false,
      },
    ],
  },

  async execute(interaction, context, logger) {
    const input = interaction.options.getString('link', true);
    const storefront = interaction.options.getString('storefront') as Storefront | null;
    const parsed = parseLookupInput(input, storefront ?? undefined);

    // Input that cannot be looked up gets a private reply at once, before any network work.
    if (parsed.kind !== 'product' && parsed.kind !== 'short') {
      const content =
        parsed.kind === 'needs-storefront' ? MESSAGES.needsStorefront(parsed.listingId)
        : parsed.reason === 'invalid-id' ? MESSAGES.invalidListingId
        : MESSAGES.invalidInput;
      await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      logger.info({ inputKind: parsed.kind }, 'Rejected /qc input');
      return;
    }

    // Visibility is fixed when the reply is deferred, and nothing may wait on the store before that,
    // so the guild's default and key come from memory. Settings are read ahead at start-up and on joins.
    const knownKey = context.settings.peekApiKey(interaction.guildId);
    if (knownKey?.status === 'missing') {
      await interaction.reply({ content: missingKeyMessage(knownKey.reason), flags: MessageFlags.Ephemeral });
      logger.info({ reason: knownKey.reason }, 'No usable Qualit.ly key for /qc');
      return;
    }

    const chosen = interaction.options.getBoolean('private');
    const knownDefault = interaction.guildId === null ? false : context.settings.peekSettings(interaction.guildId)?.qcPrivateByDefault;
    const deferredPrivately = chosen ?? knownDefault ?? false;
    await interaction.deferReply(deferredPrivately ? { flags: MessageFlags.Ephemeral } : {});

    const wantsPrivate = chosen ?? (interaction.guildId === null ? false : (await context.settings.settings(interaction.guildId)).qcPrivateByDefault);
    const respond = async (reply: ReplyContent, privately = wantsPrivate) => {
      if (privately && !deferredPrivately) {
        // The reply was deferred in the channel, because the guild's settings were not in memory yet
        // or because a notice about the server's setup goes to the member alone: move it out.
        await interaction.deleteReply();
        await interaction.followUp({ ...reply, content: reply.content ?? undefined, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
        return;
      }
      await interaction.editReply({ ...reply, allowedMentions: { parse: [] } });
    };

    const ref = parsed.kind === 'product' ? parsed.ref : await followShortLink(context, parsed.url, logger);
    if (!ref) {
      await respond({ content: MESSAGES.shortLinkUnresolved });
      return;
    }

    const batch = await lookupAll(context, interaction.guildId, [ref], logger.child({ storefront: ref.storefront, listingId: ref.listingId }));
    if (batch.missingKey) {
      await respond({ content: missingKeyMessage(batch.missingKey) }, true);
      return;
    }

    if (batch.failureLines.length > 0) {
      await respond({ content: batch.failureLines.join('\n') });
      return;
    }
    const payload = renderLookupReply({ outcomes: batch.outcomes, focus: 0, photo: 0, ownerId: interaction.user.id });
    await respond({ content: payload.content || null, embeds: payload.embeds, components: payload.components });
  },
};

type ReplyContent = { content?: string | null; embeds?: ReplyPayload['embeds']; components?: ReplyPayload['components'] };

/** Returns the product a short link leads to, or null when it leads to none. */
async function followShortLink(context: BotContext, url: string, logger: Logger): Promise<ProductRef | null> {
  const resolved = await context.shortLinks.resolve(url);
  logger.info({ outcome: resolved.kind === 'product' ? 'product' : resolved.reason }, 'Followed the short link of /qc');
  return resolved.kind === 'product' ? resolved.ref : null;
}
