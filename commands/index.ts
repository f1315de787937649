import type { ChatInputCommandInteraction, ModalSubmitInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { BotContext } from '../src/discord/context.js';
import type { Logger } from '../src/logging/logger.js';
import { qcAdminCommand } from './qc-admin.js';
import { qcCommand } from './qc.js';

/** A slash command: its definition as Discord registers it, and its handler. */
export interface Command {
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, context: BotContext, logger: Logger): Promise<void>;
  /** Handles the submit of a modal that this command showed; the router picks the command by the custom id's `<command name>:` prefix. */
  submitModal?(interaction: ModalSubmitInteraction, context: BotContext, logger: Logger): Promise<void>;
}

export type CommandRegistry = ReadonlyMap<string, Command>;

/** Every command of the bot; the router and the deploy script both read this list. */
export const COMMANDS: readonly Command[] = [qcCommand, qcAdminCommand];

export function createCommandRegistry(commands: readonly Command[] = COMMANDS): CommandRegistry {
  return new Map(commands.map((command) => [command.definition.name, command]));
}
