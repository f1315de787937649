import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  TextInputBuilder,
  TextInputStyle,
  type ApplicationCommandOptionAllowedChannelType,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { BotContext } from '../src/discord/context.js';
import type { Logger } from '../src/logging/logger.js';
import { classifyLookupFailure, type KeyProfile } from '../src/lookup/product-lookup.js';
import { QualitlyApiError } from '../src/qualitly/index.js';
import { ADMIN_MESSAGES, renderKeyInUse, renderSettings, renderUsage } from '../src/render/admin-replies.js';
import { lookupFailureMessage } from '../src/render/messages.js';
import { isWellFormedApiKey, maskApiKey } from '../src/settings/api-key.js';
import { MAX_PRODUCTS_PER_MESSAGE, type GuildSettings } from '../src/settings/guild-settings.js';
import type { GuildKeyState } from '../src/settings/settings-service.js';
import type { Command } from './index.js';

/** Custom id of the key form; the `qc-admin:` prefix routes its submit back to this command. */
export const KEY_MODAL_ID = 'qc-admin:key-set';
/** Custom id of the key field in that form. */
export const KEY_INPUT_ID = 'api-key';
/** Longer than any key, so that a key pasted with stray characters reaches the format check and its clear message. */
const KEY_INPUT_MAX_CHARS = 100;

/** Channels where members paste links: text, announcement, voice and stage chats, forums and media channels. */
const LINK_CHANNEL_TYPES: ApplicationCommandOptionAllowedChannelType[] = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
];

type AdminInteraction = ChatInputCommandInteraction | ModalSubmitInteraction;

export const qcAdminCommand: Command = {
  definition: {
    name: 'qc-admin',
    type: ApplicationCommandType.ChatInput,
    description: 'Set up the QC bot for this server: its Qualit.ly key and how it replies to links',
    // Discord hides the command from members without Manage Server, but a server can open it to
    // anyone in its integration settings, so every handler checks the permission again.
    default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild],
    options: [
      {
        name: 'key',
        description: "This server's Qualit.ly API key, which pays for its lookups",
        type: ApplicationCommandOptionType.SubcommandGroup,
        options: [
          { name: 'set', description: "Set this server's Qualit.ly API key in a private form", type: ApplicationCommandOptionType.Subcommand },
          { name: 'remove', description: "Delete this server's Qualit.ly API key", type: ApplicationCommandOptionType.Subcommand },
        ],
      },
      {
        name: 'status',
        description: 'Show which key pays for lookups here, its plan and its usage',
        type: ApplicationCommandOptionType.Subcommand,
      },
      {
        name: 'settings',
        description: 'Show the settings of this server, or change the ones you give',
        type: ApplicationCommandOptionType.Subcommand,
        options: [
          { name: 'link_detection', description: 'Answer product links pasted in this server', type: ApplicationCommandOptionType.Boolean },
          { name: 'answer_not_found', description: 'Reply to pasted links that find no QC data', type: ApplicationCommandOptionType.Boolean },
          {
            name: 'products_per_message',
            description: `Products looked up per message, 1 to ${MAX_PRODUCTS_PER_MESSAGE}`,
            type: ApplicationCommandOptionType.Integer,
            min_value: 1,
            max_value: MAX_PRODUCTS_PER_MESSAGE,
          },
          { name: 'qc_private', description: 'Make /qc replies private unless the member chooses', type: ApplicationCommandOptionType.Boolean },
        ],
      },
      {
        name: 'channel',
        description: 'Turn link detection on or off in one channel',
        type: ApplicationCommandOptionType.Subcommand,
        options: [
          { name: 'channel', description: 'The channel', type: ApplicationCommandOptionType.Channel, required: true, channel_types: LINK_CHANNEL_TYPES },
          { name: 'enabled', description: 'Answer product links pasted in this channel', type: ApplicationCommandOptionType.Boolean, required: true },
        ],
      },
    ],
  },

  async execute(interaction, context, logger) {
    const guildId = await checkAdmin(interaction, logger);
    if (guildId === null) return;

    const group = interaction.options.getSubcommandGroup(false);
    const subcommand = interaction.options.getSubcommand(true);
    if (group === 'key' && subcommand === 'set') {
      await showKeyForm(interaction, context, logger);
      return;
    }

    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    let content: string;
    if (group === 'key' && subcommand === 'remove') {
      content = await removeKey(context, guildId);
    } else if (subcommand === 'status') {
      content = await describeStatus(context, guildId, logger);
    } else if (subcommand === 'settings') {
      content = await withKeyWarning(context, guildId, await changeSettings(interaction, context, guildId));
    } else if (subcommand === 'channel') {
      content = await withKeyWarning(context, guildId, await changeChannel(interaction, context, guildId));
    } else {
      logger.warn({ group, subcommand }, 'Unknown /qc-admin subcommand; the registered commands are out of date');
      content = ADMIN_MESSAGES.staleForm;
    }
    await interaction.editReply({ content, allowedMentions: { parse: [] } });
  },

  async submitModal(interaction, context, logger) {
    if (interaction.customId !== KEY_MODAL_ID) {
      await interaction.reply({ content: ADMIN_MESSAGES.staleForm, flags: MessageFlags.Ephemeral });
      return;
    }
    const guildId = await checkAdmin(interaction, logger);
    if (guildId === null) return;

    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const content = await storeSubmittedKey(interaction, context, guildId, logger);
    await interaction.editReply({ content, allowedMentions: { parse: [] } });
  },
};

/**
 * Returns the guild id when the member may administer the bot there. Otherwise replies with a
 * private refusal and returns null: in a DM (which the registration rules out, so only a forged
 * interaction gets here) and for a member without Manage Server.
 */
async function checkAdmin(interaction: AdminInteraction, logger: Logger): Promise<string | null> {
  if (!interaction.inGuild()) {
    logger.warn('Refused /qc-admin outside a server');
    await interaction.reply({ content: ADMIN_MESSAGES.notInGuild, flags: MessageFlags.Ephemeral });
    return null;
  }
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
    logger.info('Refused /qc-admin to a member without Manage Server');
    await interaction.reply({ content: ADMIN_MESSAGES.missingPermission, flags: MessageFlags.Ephemeral });
    return null;
  }
  return interaction.guildId;
}

/** Opens the key form. Showing it is the acknowledgement, so nothing slow may run before it. */
async function showKeyForm(interaction: ChatInputCommandInteraction, context: BotContext, logger: Logger): Promise<void> {
  if (!context.settings.canStoreKeys) {
    await interaction.reply({ content: ADMIN_MESSAGES.storageUnavailable, flags: MessageFlags.Ephemeral });
    logger.info('Key form not shown: SETTINGS_ENCRYPTION_KEY is not set');
    return;
  }

  // The key travels in a form field, never as a command option, which Discord would show in the channel.
  const input = new TextInputBuilder()
    .setCustomId(KEY_INPUT_ID)
    .setStyle(TextInputStyle.Short)
    .setRequired(true)
    .setMaxLength(KEY_INPUT_MAX_CHARS)
    .setPlaceholder('qc_live_…');
  const label = new LabelBuilder()
    .setLabel('Qualit.ly API key')
    .setDescription('From the Qualit.ly dashboard. It is stored encrypted and never shown in full again.')
    .setTextInputComponent(input);
  const modal = new ModalBuilder().setCustomId(KEY_MODAL_ID).setTitle('Set the Qualit.ly API key').addLabelComponents(label);
  await interaction.showModal(modal);
}

/** Validates the submitted key's format, then calls Qualit.ly's /me with it, and stores the key only if that call succeeds. */
async function storeSubmittedKey(interaction: ModalSubmitInteraction, context: BotContext, guildId: string, logger: Logger): Promise<string> {
  if (!context.settings.canStoreKeys) return ADMIN_MESSAGES.storageUnavailable;

  // Never log or echo the value: it is a secret, and a malformed one may still be most of a real key.
  const apiKey = interaction.fields.getTextInputValue(KEY_INPUT_ID).trim();
  if (!isWellFormedApiKey(apiKey)) {
    logger.info('Submitted API key is malformed; not stored');
    return ADMIN_MESSAGES.malformedKey;
  }

  let profile: KeyProfile;
  try {
    profile = await context.lookup.profile(apiKey);
  } catch (error) {
    const failure = classifyLookupFailure(error);
    if (!failure) throw error;
    const code = failure.cause instanceof QualitlyApiError ? failure.cause.code : null;
    logger.info({ kind: failure.kind, code }, 'Qualit.ly did not accept the submitted API key; not stored');
    if (failure.kind === 'key-rejected') return code === 'REVOKED_KEY' ? ADMIN_MESSAGES.revokedKey : ADMIN_MESSAGES.invalidKey;
    return ADMIN_MESSAGES.keyNotChecked(lookupFailureMessage(failure));
  }

  await context.settings.setKey(guildId, apiKey, interaction.user.id);
  logger.info({ tier: profile.tier, keyMode: profile.keyMode, accountId: profile.accountId }, 'Guild API key set');
  return ADMIN_MESSAGES.keySaved(maskApiKey(apiKey), profile.tier);
}

async function removeKey(context: BotContext, guildId: string): Promise<string> {
  const removed = await context.settings.removeKey(guildId);
  return removed ? ADMIN_MESSAGES.keyRemoved(context.settings.operatorKeyForGuilds) : ADMIN_MESSAGES.noKeyToRemove;
}

/**
 * Describes the key in use, its plan and its usage. A key marked rejected is not sent to
 * Qualit.ly again; a guild key that Qualit.ly rejects now is marked, as during a lookup.
 */
async function describeStatus(context: BotContext, guildId: string, logger: Logger): Promise<string> {
  const state = await context.settings.inspectKey(guildId);
  const resolution = await context.resolveApiKey(guildId);
  const lines: string[] = [];
  const warning = keyWarning(state);
  if (warning) lines.push(warning);
  lines.push(renderKeyInUse(resolution, state.kind === 'stored' ? maskApiKey(state.apiKey) : null));
  if (resolution.status !== 'ok') return lines.join('\n');

  try {
    lines.push(renderUsage(await context.lookup.usage(resolution.apiKey)));
  } catch (error) {
    const failure = classifyLookupFailure(error);
    if (!failure) throw error;
    logger.warn({ err: error, kind: failure.kind, keySource: resolution.source }, 'Fetching the key usage failed');
    if (failure.kind === 'key-rejected' && resolution.source === 'guild') {
      const code = failure.cause instanceof QualitlyApiError ? failure.cause.code : 'INVALID_KEY';
      await context.settings.markKeyRejected(guildId, resolution.apiKey, code);
    }
    lines.push(`Plan and usage are not available right now. ${lookupFailureMessage(failure)}`);
  }
  return lines.join('\n');
}

async function changeSettings(interaction: ChatInputCommandInteraction, context: BotContext, guildId: string): Promise<string> {
  const patch: Partial<Omit<GuildSettings, 'disabledChannelIds'>> = {};
  const linkDetection = interaction.options.getBoolean('link_detection');
  const answerNotFound = interaction.options.getBoolean('answer_not_found');
  const productsPerMessage = interaction.options.getInteger('products_per_message');
  const qcPrivate = interaction.options.getBoolean('qc_private');
  if (linkDetection !== null) patch.linkDetection = linkDetection;
  if (answerNotFound !== null) patch.answerNotFound = answerNotFound;
  if (productsPerMessage !== null) patch.productsPerMessage = Math.min(MAX_PRODUCTS_PER_MESSAGE, Math.max(1, productsPerMessage));
  if (qcPrivate !== null) patch.qcPrivateByDefault = qcPrivate;

  if (Object.keys(patch).length === 0) {
    return renderSettings(await context.settings.freshSettings(guildId), context.maxProductsPerMessage);
  }
  const settings = await context.settings.updateSettings(guildId, patch);
  return `${ADMIN_MESSAGES.settingsSaved}\n${renderSettings(settings, context.maxProductsPerMessage)}`;
}

async function changeChannel(interaction: ChatInputCommandInteraction, context: BotContext, guildId: string): Promise<string> {
  const channel = interaction.options.getChannel('channel', true);
  const enabled = interaction.options.getBoolean('enabled', true);
  const settings = await context.settings.setChannelDetection(guildId, channel.id, enabled);

  const lines: string[] = [ADMIN_MESSAGES.channelDetection(channel.id, enabled)];
  if (!settings.linkDetection) lines.push(ADMIN_MESSAGES.serverDetectionOff);
  return lines.join('\n');
}

/** Puts the warning about an unusable stored key above `content`, so admins see it on any admin command. */
async function withKeyWarning(context: BotContext, guildId: string, content: string): Promise<string> {
  const warning = keyWarning(await context.settings.inspectKey(guildId));
  return warning ? `${warning}\n\n${content}` : content;
}

function keyWarning(state: GuildKeyState): string | null {
  if (state.kind === 'unreadable') return ADMIN_MESSAGES.keyUnreadableWarning;
  if (state.kind === 'stored' && state.rejected) return ADMIN_MESSAGES.keyRejectedWarning(state.rejected);
  return null;
}
