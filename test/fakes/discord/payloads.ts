/**
 * Builders for Discord API objects (snake_case JSON) from the fake's records, shaped like
 * the objects that Discord's API v10 returns and that discord.js 14 parses.
 */
import { ChannelType } from 'discord.js';
import type {
  AttachmentRecord,
  ChannelRecord,
  FakeState,
  GuildRecord,
  MemberRecord,
  RoleRecord,
  StoredMessage,
} from './state.js';
import type { FakeMessage, FakeUser } from './types.js';

type Json = Record<string, unknown>;

/** Discord's attachment size limit for bots in servers without boosts: 10 MiB. */
export const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

export function apiUser(user: FakeUser): Json {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName ?? null,
    discriminator: '0',
    avatar: null,
    // Discord sends `bot` only for bot accounts.
    ...(user.bot ? { bot: true } : {}),
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
  };
}

export function apiRole(role: RoleRecord): Json {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.botId !== null,
    mentionable: false,
    flags: 0,
    ...(role.botId !== null ? { tags: { bot_id: role.botId } } : {}),
  };
}

/** Builds a guild member object. Message events carry it without `user`, other payloads with it. */
export function apiMember(state: FakeState, member: MemberRecord, includeUser: boolean): Json {
  const user = state.users.get(member.userId) ?? { id: member.userId, username: `user-${member.userId}` };
  return {
    ...(includeUser ? { user: apiUser(user) } : {}),
    nick: null,
    avatar: null,
    banner: null,
    roles: [...member.roleIds],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

export function apiChannel(state: FakeState, channel: ChannelRecord): Json {
  if (channel.guildId === null) {
    const recipient = channel.recipientId === null ? undefined : state.users.get(channel.recipientId);
    return {
      id: channel.id,
      type: ChannelType.DM,
      last_message_id: channel.lastMessageId,
      flags: 0,
      recipients: recipient ? [apiUser(recipient)] : [],
    };
  }

  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: channel.lastMessageId,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

/** Builds the full guild object of GUILD_CREATE, which discord.js needs to fill its caches. */
export function apiGuild(state: FakeState, guild: GuildRecord): Json {
  const channels = guild.channelIds
    .map((id) => state.channels.get(id))
    .filter((channel): channel is ChannelRecord => channel !== undefined)
    .map((channel) => apiChannel(state, channel));

  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    application_id: null,
    afk_channel_id: null,
    afk_timeout: 300,
    system_channel_id: guild.channelIds[0] ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: 'en-US',
    vanity_url_code: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    features: [],
    roles: guild.roles.map(apiRole),
    emojis: [],
    stickers: [],
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    members: [...guild.members.values()].map((member) => apiMember(state, member, true)),
    channels,
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    incidents_data: null,
  };
}

/** Builds the public URL of an attachment, served by the fake itself so that nothing leaves 127.0.0.1. */
export function attachmentUrl(state: FakeState, channelId: string, attachment: AttachmentRecord): string {
  return `${state.origin}/attachments/${channelId}/${attachment.id}/${encodeURIComponent(attachment.filename)}`;
}

function apiAttachment(state: FakeState, channelId: string, attachment: AttachmentRecord): Json {
  const url = attachmentUrl(state, channelId, attachment);
  return {
    id: attachment.id,
    filename: attachment.filename,
    size: attachment.size,
    url,
    proxy_url: url,
    ...(attachment.contentType !== null ? { content_type: attachment.contentType } : {}),
    ...(attachment.description !== null ? { description: attachment.description } : {}),
  };
}

/** Returns the users that `<@id>` mentions in the content refer to, skipping ids without a stored user. */
function mentionedUsers(state: FakeState, content: string): Json[] {
  const ids = new Set<string>();
  for (const match of content.matchAll(/<@!?(\d{17,20})>/g)) {
    if (match[1] !== undefined) {
      ids.add(match[1]);
    }
  }
  return [...ids]
    .map((id) => state.users.get(id))
    .filter((user): user is FakeUser => user !== undefined)
    .map(apiUser);
}

export interface ApiMessageOptions {
  /** Adds `member` for guild messages, as MESSAGE_CREATE and MESSAGE_UPDATE events do. */
  includeMember?: boolean;
  /** Adds `referenced_message` for replies. Discord nests it only one level deep. */
  includeReferencedMessage?: boolean;
}

export function apiMessage(state: FakeState, message: StoredMessage, options: ApiMessageOptions = {}): Json {
  const payload: Json = {
    id: message.id,
    channel_id: message.channelId,
    ...(message.guildId !== null ? { guild_id: message.guildId } : {}),
    author: apiUser(message.author),
    content: message.content,
    timestamp: new Date(message.createdAt).toISOString(),
    edited_timestamp: message.editedAt === null ? null : new Date(message.editedAt).toISOString(),
    tts: message.tts,
    mention_everyone: /@(everyone|here)\b/.test(message.content),
    mentions: mentionedUsers(state, message.content),
    mention_roles: [...message.content.matchAll(/<@&(\d{17,20})>/g)].map((match) => match[1]),
    attachments: message.attachments.map((attachment) => apiAttachment(state, message.channelId, attachment)),
    embeds: structuredClone(message.embeds),
    pinned: false,
    type: message.type,
    flags: message.flags,
    components: structuredClone(message.components),
  };

  if (message.nonce !== null) {
    payload['nonce'] = message.nonce;
  }
  if (message.webhookId !== null) {
    payload['webhook_id'] = message.webhookId;
  }

  if (options.includeMember && message.guildId !== null && message.webhookId === null) {
    const member = state.guilds.get(message.guildId)?.members.get(message.author.id);
    if (member) {
      payload['member'] = apiMember(state, member, false);
    }
  }

  if (message.messageReference) {
    payload['message_reference'] = {
      type: message.messageReference.type ?? 0,
      message_id: message.messageReference.message_id,
      channel_id: message.messageReference.channel_id ?? message.channelId,
      ...(message.guildId !== null ? { guild_id: message.messageReference.guild_id ?? message.guildId } : {}),
    };
    if (options.includeReferencedMessage) {
      const referenced = state.messages.get(message.messageReference.message_id);
      payload['referenced_message'] = referenced && !referenced.deleted ? apiMessage(state, referenced) : null;
    }
  }

  if (message.interaction) {
    const user = state.users.get(message.interaction.userId);
    const userPayload = user ? apiUser(user) : { id: message.interaction.userId };
    payload['application_id'] = state.config.applicationId;
    payload['interaction_metadata'] = {
      id: message.interaction.id,
      type: message.interaction.type,
      user: userPayload,
      authorizing_integration_owners:
        message.guildId !== null ? { '0': message.guildId } : { '0': '0' },
      ...(message.interaction.interactedMessageId !== null
        ? { interacted_message_id: message.interaction.interactedMessageId }
        : {}),
      ...(message.interaction.originalResponseMessageId !== null
        ? { original_response_message_id: message.interaction.originalResponseMessageId }
        : {}),
    };
    if (message.interaction.commandName !== null) {
      // The deprecated `interaction` field, which older discord.js code still reads.
      payload['interaction'] = {
        id: message.interaction.id,
        type: message.interaction.type,
        name: message.interaction.commandName,
        user: userPayload,
      };
    }
  }

  return payload;
}

/** Builds the snapshot that tests see. It is a deep copy, so tests cannot change the fake's records. */
export function toFakeMessage(message: StoredMessage): FakeMessage {
  return {
    id: message.id,
    channelId: message.channelId,
    guildId: message.guildId,
    author: { ...message.author },
    content: message.content,
    embeds: structuredClone(message.embeds),
    components: structuredClone(message.components),
    flags: message.flags,
    messageReference: message.messageReference ? { ...message.messageReference } : null,
    allowedMentions: structuredClone(message.allowedMentions),
    webhookId: message.webhookId,
    attachments: message.attachments.map((attachment) => ({
      id: attachment.id,
      filename: attachment.filename,
      size: attachment.size,
      contentType: attachment.contentType,
      description: attachment.description,
    })),
  };
}
