import { MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js';
import type { CommandRegistry } from '../../commands/index.js';
import { ADMIN_MESSAGES } from '../render/admin-replies.js';
import { MESSAGES } from '../render/messages.js';
import { handleCarouselInteraction } from './carousel-interactions.js';
import type { BotContext } from './context.js';

/**
 * Routes every interaction to its handler and catches whatever a handler throws: the member gets
 * a generic apology, the log gets the error with the interaction's ids.
 */
export async function routeInteraction(interaction: Interaction, context: BotContext, commands: CommandRegistry): Promise<void> {
  const logger = context.logger.child({
    interactionId: interaction.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    userId: interaction.user.id,
  });

  try {
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      if (!command) {
        logger.warn({ command: interaction.commandName }, 'Unknown command; the registered commands are out of date');
        await interaction.reply({ content: MESSAGES.staleControl, flags: MessageFlags.Ephemeral });
        return;
      }
      await command.execute(interaction, context, logger.child({ command: interaction.commandName }));
      return;
    }

    if (interaction.isButton() || interaction.isStringSelectMenu()) {
      await handleCarouselInteraction(interaction, context, logger.child({ customId: interaction.customId }));
      return;
    }

    if (interaction.isModalSubmit()) {
      const commandName = interaction.customId.split(':')[0] ?? '';
      const command = commands.get(commandName);
      if (!command?.submitModal) {
        logger.warn({ customId: interaction.customId }, 'Modal submit for no known command; ignored as stale or forged');
        await interaction.reply({ content: ADMIN_MESSAGES.staleForm, flags: MessageFlags.Ephemeral });
        return;
      }
      await command.submitModal(interaction, context, logger.child({ command: commandName, customId: interaction.customId }));
      return;
    }
  } catch (error) {
    logger.error({ err: error }, 'Interaction handler failed');
    if (interaction.isRepliable()) await apologize(interaction, logger);
  }
}

async function apologize(interaction: RepliableInteraction, logger: BotContext['logger']): Promise<void> {
  try {
    if (interaction.deferred || interaction.replied) {
      await interaction.followUp({ content: MESSAGES.genericFailure, flags: MessageFlags.Ephemeral });
    } else {
      await interaction.reply({ content: MESSAGES.genericFailure, flags: MessageFlags.Ephemeral });
    }
  } catch (error) {
    logger.warn({ err: error }, 'Could not tell the member that the interaction failed');
  }
}
