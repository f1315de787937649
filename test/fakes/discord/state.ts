import { ChannelType } from 'discord.js';
import { unknownChannel } from './errors.js';
import type { GatewayServer } from './gateway.js';
import type { SnowflakeGenerator } from './ids.js';
import type { InteractionRecord } from './interactions.js';
import { ALL_PERMISSIONS, EVERYONE_PERMISSIONS } from './permissions.js';
import type { FakeGuildInput, FakeMessageReference, FakeUser, RecordedRequest } from './types.js';
import { ChangeNotifier } from './wait.js';

export interface FakeConfig {
  token: string;
  applicationId: string;
  botUser: FakeUser;
  interactionAckTimeoutMs: number;
}

export interface ChannelRecord {
  id: string;
  name: string;
  type: number;
  guildId: string | null;
  /** The other user of a DM channel. */
  recipientId: string | null;
  position: number;
  lastMessageId: string | null;
}

export interface RoleRecord {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  /** Id of the bot that a managed integration role belongs to. */
  botId: string | null;
}

export interface MemberRecord {
  userId: string;
  joinedAt: string;
  roleIds: string[];
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  channelIds: string[];
  roles: RoleRecord[];
  members: Map<string, MemberRecord>;
  /** ISO time when the bot joined. */
  joinedAt: string;
}

export interface AttachmentRecord {
  id: string;
  filename: string;
  size: number;
  contentType: string | null;
  description: string | null;
  data: Uint8Array;
}

/** Who triggered an interaction response message, for the message's `interaction_metadata`. */
export interface MessageInteractionMetadata {
  id: string;
  type: number;
  userId: string;
  commandName: string | null;
  /** The message whose component triggered the interaction. */
  interactedMessageId: string | null;
  /** For follow-ups, the interaction's original response. */
  originalResponseMessageId: string | null;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  author: FakeUser;
  /** Discord message type: 0 DEFAULT, 19 REPLY, 20 CHAT_INPUT_COMMAND. */
  type: number;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  attachments: AttachmentRecord[];
  messageReference: FakeMessageReference | null;
  allowedMentions: unknown;
  webhookId: string | null;
  tts: boolean;
  nonce: string | number | null;
  interaction: MessageInteractionMetadata | null;
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
}

/** Everything the fake stores between requests. The REST routes, the gateway and the test API share it. */
export class FakeState {
  readonly changes = new ChangeNotifier();
  readonly users = new Map<string, FakeUser>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, StoredMessage>();
  /** Message ids in creation order. */
  readonly messageOrder: string[] = [];
  readonly interactions = new Map<string, InteractionRecord>();
  readonly requests: RecordedRequest[] = [];
  readonly commands = { global: [] as unknown[], guilds: new Map<string, unknown[]>() };
  /** Command ids that slash commands use for names the bot has not registered, by name. */
  readonly unregisteredCommandIds = new Map<string, string>();
  /** Origin of the HTTP server, for example 'http://127.0.0.1:PORT', set once it listens. */
  origin = '';

  /** `ids` must be the generator that made the ids in `config`, so that no id repeats. */
  constructor(
    readonly config: FakeConfig,
    readonly ids: SnowflakeGenerator,
  ) {
    this.rememberUser(config.botUser);
  }

  get gatewayUrl(): string {
    return `${this.origin.replace(/^http/, 'ws')}/gateway`;
  }

  /** Stores the latest known profile of a user, so that later payloads and lookups can include it. */
  rememberUser(user: FakeUser): FakeUser {
    const stored = { ...this.users.get(user.id), ...user };
    this.users.set(user.id, stored);
    return stored;
  }

  /** Adds a guild with its channels, an @everyone role, the bot's managed role, and the owner and bot as members. */
  addGuild(input: FakeGuildInput): GuildRecord {
    const id = input.id ?? this.ids.next();
    if (this.guilds.has(id)) {
      throw new Error(`Guild ${id} already exists in the fake.`);
    }

    const ownerId = input.ownerId ?? this.ids.next();
    if (!this.users.has(ownerId)) {
      this.rememberUser({ id: ownerId, username: 'guild-owner' });
    }

    const botUser = this.config.botUser;
    const joinedAt = new Date().toISOString();
    const everyoneRole: RoleRecord = {
      id,
      name: '@everyone',
      permissions: EVERYONE_PERMISSIONS,
      position: 0,
      botId: null,
    };
    const botRole: RoleRecord = {
      id: this.ids.next(),
      name: botUser.username,
      permissions: EVERYONE_PERMISSIONS,
      position: 1,
      botId: botUser.id,
    };

    const guild: GuildRecord = {
      id,
      name: input.name ?? 'Test Guild',
      ownerId,
      channelIds: [],
      roles: [everyoneRole, botRole],
      members: new Map(),
      joinedAt,
    };
    guild.members.set(ownerId, { userId: ownerId, joinedAt, roleIds: [] });
    guild.members.set(botUser.id, { userId: botUser.id, joinedAt, roleIds: [botRole.id] });

    const channelInputs = input.channels ?? [{ name: 'general' }];
    channelInputs.forEach((channelInput, index) => {
      const channelId = channelInput.id ?? this.ids.next();
      if (this.channels.has(channelId)) {
        throw new Error(`Channel ${channelId} already exists in the fake.`);
      }
      this.channels.set(channelId, {
        id: channelId,
        name: channelInput.name ?? (index === 0 ? 'general' : `channel-${index + 1}`),
        type: channelInput.type ?? ChannelType.GuildText,
        guildId: id,
        recipientId: null,
        position: index,
        lastMessageId: null,
      });
      guild.channelIds.push(channelId);
    });

    this.guilds.set(id, guild);
    this.changes.notify();
    return guild;
  }

  /** Adds `userId` to the guild's members if missing, because a user who posts or interacts in a guild is a member. */
  ensureMember(guild: GuildRecord, userId: string): MemberRecord {
    let member = guild.members.get(userId);
    if (!member) {
      member = { userId, joinedAt: new Date().toISOString(), roleIds: [] };
      guild.members.set(userId, member);
    }
    return member;
  }

  /** Returns the member's permissions in the guild: everything for the owner, otherwise the union of its roles. */
  memberPermissions(guild: GuildRecord, userId: string): bigint {
    if (guild.ownerId === userId) {
      return ALL_PERMISSIONS;
    }

    const member = guild.members.get(userId);
    let permissions = guild.roles.find((role) => role.id === guild.id)?.permissions ?? 0n;
    for (const roleId of member?.roleIds ?? []) {
      permissions |= guild.roles.find((role) => role.id === roleId)?.permissions ?? 0n;
    }
    return permissions;
  }

  /** Returns the channel or throws Discord's 404 Unknown Channel. */
  requireChannel(channelId: string): ChannelRecord {
    const channel = this.channels.get(channelId);
    if (!channel) {
      throw unknownChannel();
    }
    return channel;
  }

  /**
   * Resolves where a simulated user acts. A known channel must belong to `guildId` when one is given.
   * An unknown channel becomes a DM channel between `user` and the bot unless `guildId` names a guild.
   */
  resolveUserChannel(channelId: string, guildId: string | null | undefined, user: FakeUser): ChannelRecord {
    const existing = this.channels.get(channelId);
    if (existing) {
      if (guildId !== undefined && existing.guildId !== guildId) {
        const where = existing.guildId === null ? 'a DM channel' : `in guild ${existing.guildId}`;
        throw new Error(`Channel ${channelId} is ${where}, not in guild ${String(guildId)}.`);
      }
      if (existing.guildId === null && existing.recipientId !== user.id) {
        throw new Error(`DM channel ${channelId} belongs to user ${String(existing.recipientId)}, not ${user.id}.`);
      }
      return existing;
    }

    if (typeof guildId === 'string') {
      const known = this.guilds.get(guildId)?.channelIds.join(', ') ?? 'none, the guild is unknown';
      throw new Error(`Channel ${channelId} is not in guild ${guildId}. Known channels: ${known}.`);
    }

    const dmChannel: ChannelRecord = {
      id: channelId,
      name: '',
      type: ChannelType.DM,
      guildId: null,
      recipientId: user.id,
      position: 0,
      lastMessageId: null,
    };
    this.channels.set(channelId, dmChannel);
    return dmChannel;
  }

  addMessage(message: StoredMessage): void {
    this.messages.set(message.id, message);
    this.messageOrder.push(message.id);
    const channel = this.channels.get(message.channelId);
    if (channel) {
      channel.lastMessageId = message.id;
    }
  }

  /** Messages the bot created and did not delete, in creation order. */
  botMessages(channelId?: string): StoredMessage[] {
    const result: StoredMessage[] = [];
    for (const id of this.messageOrder) {
      const message = this.messages.get(id);
      if (!message || message.deleted || message.author.id !== this.config.botUser.id) {
        continue;
      }
      if (channelId === undefined || message.channelId === channelId) {
        result.push(message);
      }
    }
    return result;
  }
}

/** The state and the gateway, which route handlers need together to store and dispatch. */
export interface FakeContext {
  state: FakeState;
  gateway: GatewayServer;
}
