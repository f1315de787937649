import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
} from 'discord.js';
import { STOREFRONTS, parseLookupInput, type Storefront } from '../src/links/index.js';
import { lookupAll } from '../src/discord/lookups.js';
import { renderLookupReply } from '../src/render/lookup-reply.js';
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
    ],
  },

  async execute(interaction, context, logger) {
    const input = interaction.options.getString('link', true);
    const storefront = interaction.options.getString('storefront') as Storefront | null;
    const parsed = parseLookupInput(input, storefront ?? undefined);

    // Input that cannot be looked up gets a private reply at once, before any network work.
    if (parsed.kind !== 'product') {
      const content =
        parsed.kind === 'needs-storefront' ? MESSAGES.needsStorefront(parsed.listingId)
        : parsed.kind === 'short' ? MESSAGES.shortLinkUnsupported
        : parsed.reason === 'invalid-id' ? MESSAGES.invalidListingId
        : MESSAGES.invalidInput;
      await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      logger.info({ inputKind: parsed.kind }, 'Rejected /qc input');
      return;
    }

    await interaction.deferReply();
    const { ref } = parsed;
    const batch = await lookupAll(context, interaction.guildId, [ref], logger.child({ storefront: ref.storefront, listingId: ref.listingId }));

    if (batch.failureLines.length > 0) {
      await interaction.editReply({ content: batch.failureLines.join('\n'), allowedMentions: { parse: [] } });
      return;
    }
    const payload = renderLookupReply({ outcomes: batch.outcomes, focus: 0, photo: 0, ownerId: interaction.user.id });
    await interaction.editReply({ ...payload, content: payload.content || null });
  },
};
