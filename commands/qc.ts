import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
} from 'discord.js';
import { STOREFRONTS, parseLookupInput, type Storefront } from '../src/links/index.js';
import { SETTINGS_BEFORE_ACK_BUDGET_MS, prepareQc, valueWithin } from '../src/discord/before-ack.js';
import { lookupAll } from '../src/discord/lookups.js';
import { missingKeyMessage } from '../src/render/key-messages.js';
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

    // The visibility of the reply is fixed when it is deferred, so the guild's default is read
    // first, within a budget that keeps the acknowledgement inside Discord's deadline.
    const prepared = await valueWithin(prepareQc(context, interaction.guildId), SETTINGS_BEFORE_ACK_BUDGET_MS);
    if (prepared?.resolution.status === 'missing') {
      await interaction.reply({ content: missingKeyMessage(prepared.resolution.reason), flags: MessageFlags.Ephemeral });
      logger.info({ reason: prepared.resolution.reason }, 'No usable Qualit.ly key for /qc');
      return;
    }

    const ephemeral = interaction.options.getBoolean('private') ?? prepared?.privateByDefault ?? false;
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    const { ref } = parsed;
    const batch = await lookupAll(context, interaction.guildId, [ref], logger.child({ storefront: ref.storefront, listingId: ref.listingId }));

    if (batch.missingKey) {
      // Reached only when the store responded after the budget. The notice still goes to the member alone.
      const content = missingKeyMessage(batch.missingKey);
      if (ephemeral) {
        await interaction.editReply({ content });
      } else {
        await interaction.deleteReply();
        await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
      }
      return;
    }

    if (batch.failureLines.length > 0) {
      await interaction.editReply({ content: batch.failureLines.join('\n'), allowedMentions: { parse: [] } });
      return;
    }
    const payload = renderLookupReply({ outcomes: batch.outcomes, focus: 0, photo: 0, ownerId: interaction.user.id });
    await interaction.editReply({ ...payload, content: payload.content || null });
  },
};
