import { MessageFlags, type ButtonInteraction, type StringSelectMenuInteraction } from 'discord.js';
import type { ProductRef } from '../links/index.js';
import type { Logger } from '../logging/logger.js';
import { parseCarouselCustomId, parseProductOptionValue, type CarouselAction } from '../render/custom-ids.js';
import { missingKeyMessage } from '../render/key-messages.js';
import { renderLookupReply } from '../render/lookup-reply.js';
import { MESSAGES } from '../render/messages.js';
import type { BotContext } from './context.js';
import { lookupAll } from './lookups.js';

type CarouselInteraction = ButtonInteraction | StringSelectMenuInteraction;

/**
 * Pages a QC carousel or switches its product. The owner's click edits the reply in place;
 * anyone else gets a private copy to browse, so one member cannot flip the photos under another.
 * The click is acknowledged before any lookup, well within Discord's 3 s.
 */
export async function handleCarouselInteraction(interaction: CarouselInteraction, context: BotContext, logger: Logger): Promise<void> {
  const action = parseCarouselCustomId(interaction.customId);
  if (!action) {
    await interaction.reply({ content: MESSAGES.staleControl, flags: MessageFlags.Ephemeral });
    return;
  }

  const isOwner = interaction.user.id === action.ownerId;
  if (isOwner) await interaction.deferUpdate();
  else await interaction.deferReply({ flags: MessageFlags.Ephemeral });

  const refs = productsOnMessage(interaction, action);
  const target = targetOf(interaction, action, refs);
  if (!target) {
    await interaction.followUp({ content: MESSAGES.staleControl, flags: MessageFlags.Ephemeral });
    return;
  }

  const batch = await lookupAll(context, interaction.guildId, refs, logger);
  if (batch.missingKey) {
    const content = missingKeyMessage(batch.missingKey);
    if (isOwner) await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
    else await interaction.editReply({ content });
    return;
  }
  if (batch.failureLines.length > 0) {
    // The owner's reply stays as it was and the failure goes to them privately.
    // A private copy shows the failure in place of the photos.
    const content = batch.failureLines.join('\n');
    if (isOwner) await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    else await interaction.editReply({ content, allowedMentions: { parse: [] } });
    return;
  }

  const payload = renderLookupReply({ outcomes: batch.outcomes, focus: target.focus, photo: target.photo, ownerId: interaction.user.id });
  if (isOwner) {
    // The content lists the products that were not found, so it stays as it is.
    await interaction.editReply({ embeds: payload.embeds, components: payload.components, allowedMentions: payload.allowedMentions });
  } else {
    await interaction.editReply({ ...payload, content: payload.content || null });
  }
  logger.debug({ focus: target.focus, photo: target.photo, owner: isOwner }, 'Carousel updated');
}

/** Returns the reply's products: the select menu's options, or the one product that the button names. */
function productsOnMessage(interaction: CarouselInteraction, action: CarouselAction): ProductRef[] {
  const refs: ProductRef[] = [];
  for (const row of interaction.message.components) {
    if (!('components' in row)) continue;
    for (const component of row.components) {
      const data = component.toJSON() as { custom_id?: string; options?: Array<{ value: string }> };
      if (!data.custom_id?.startsWith('pick:') || !data.options) continue;
      for (const option of data.options) {
        const ref = parseProductOptionValue(option.value);
        if (ref) refs.push(ref);
      }
    }
  }
  if (refs.length === 0 && action.kind === 'page') refs.push(action.ref);
  return refs;
}

function targetOf(interaction: CarouselInteraction, action: CarouselAction, refs: ProductRef[]): { focus: number; photo: number } | null {
  if (action.kind === 'page') {
    const focused = refs[action.focus];
    if (!focused || focused.storefront !== action.ref.storefront || focused.listingId !== action.ref.listingId) return null;
    return { focus: action.focus, photo: action.photo };
  }

  if (!interaction.isStringSelectMenu()) return null;
  const chosen = parseProductOptionValue(interaction.values[0] ?? '');
  if (!chosen) return null;
  const focus = refs.findIndex((ref) => ref.storefront === chosen.storefront && ref.listingId === chosen.listingId);
  return focus >= 0 ? { focus, photo: 0 } : null;
}
