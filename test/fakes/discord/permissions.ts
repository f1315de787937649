import { PermissionFlagsBits } from 'discord.js';

/**
 * Permissions of @everyone in the fake's guilds, close to what Discord gives @everyone in a new server.
 * NOTE: Discord does not document its default set, so this list is an approximation. It includes
 * everything a message bot normally needs (view, send, embed, attach, read history, react, commands).
 */
const EVERYONE_PERMISSION_FLAGS = [
  PermissionFlagsBits.CreateInstantInvite,
  PermissionFlagsBits.AddReactions,
  PermissionFlagsBits.Stream,
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.MentionEveryone,
  PermissionFlagsBits.UseExternalEmojis,
  PermissionFlagsBits.Connect,
  PermissionFlagsBits.Speak,
  PermissionFlagsBits.UseVAD,
  PermissionFlagsBits.ChangeNickname,
  PermissionFlagsBits.UseApplicationCommands,
  PermissionFlagsBits.RequestToSpeak,
  PermissionFlagsBits.CreatePublicThreads,
  PermissionFlagsBits.CreatePrivateThreads,
  PermissionFlagsBits.UseExternalStickers,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.UseEmbeddedActivities,
  PermissionFlagsBits.SendVoiceMessages,
  PermissionFlagsBits.SendPolls,
];

export const EVERYONE_PERMISSIONS: bigint = EVERYONE_PERMISSION_FLAGS.reduce((all, flag) => all | flag, 0n);

/** Every permission bit that discord.js defines, which is what a guild owner has. */
export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((all, flag) => all | flag, 0n);
