/**
 * Creating, editing and deleting messages, shared by the channel routes, the interaction webhooks
 * and the test API, together with the gateway events that Discord sends for them.
 */
import { GatewayDispatchEvents, GatewayIntentBits, MessageFlags, MessageType } from 'discord.js';
import { emptyMessage, FormErrors } from './errors.js';
import { hasIntent, isGuildInShard, type GatewaySessionInfo } from './gateway.js';
import { validateMessageBody } from './limits.js';
import { apiMessage } from './payloads.js';
import type {
  AttachmentRecord,
  ChannelRecord,
  FakeContext,
  FakeState,
  MessageInteractionMetadata,
  StoredMessage,
} from './state.js';
import type { FakeMessageReference, FakeUser } from './types.js';

type Json = Record<string, unknown>;

/** A file part of a multipart request, keyed `files[n]` by discord.js. */
export interface UploadedFile {
  fieldName: string;
  filename: string;
  contentType: string | null;
  data: Uint8Array;
}

/** Flags that a bot may set on a channel message. The fake drops other requested flags. */
export const CHANNEL_MESSAGE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

/** Interaction responses and follow-ups may also be ephemeral. */
export const INTERACTION_MESSAGE_FLAGS = CHANNEL_MESSAGE_FLAGS | MessageFlags.Ephemeral;

/** Flags that an edit may change. Ephemeral and loading state stay as they are. */
const EDITABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Adds `type: 'rich'` to embeds without a type, as Discord stores them. */
function normalizeEmbeds(embeds: unknown): unknown[] {
  if (!Array.isArray(embeds)) {
    return [];
  }
  return embeds.map((embed) => (isObject(embed) ? { type: 'rich', ...structuredClone(embed) } : embed));
}

/** Throws Discord's 400 "Invalid Form Body" if the body breaks a message limit. */
function validateBody(body: Json, files: UploadedFile[]): void {
  validateMessageBody(body, { fileCount: files.length }).throwIfAny();
}

function fileIndex(fieldName: string): string | null {
  const match = /^files\[(\d+)\]$/.exec(fieldName);
  return match?.[1] ?? null;
}

/**
 * Builds the attachment list of a created or edited message. Entries of `body.attachments` keep
 * existing attachments by id or name a new upload by the index n of its `files[n]` part. Uploads
 * without an entry are appended, as Discord does.
 */
function buildAttachments(state: FakeState, body: Json, files: UploadedFile[], existing: AttachmentRecord[]): AttachmentRecord[] {
  const used = new Set<UploadedFile>();
  const toRecord = (file: UploadedFile, entry: Json | null): AttachmentRecord => {
    used.add(file);
    return {
      id: state.ids.next(),
      filename: typeof entry?.['filename'] === 'string' ? entry['filename'] : file.filename,
      size: file.data.byteLength,
      contentType: file.contentType,
      description: typeof entry?.['description'] === 'string' ? entry['description'] : null,
      data: file.data,
    };
  };

  let result: AttachmentRecord[];
  if (Array.isArray(body['attachments'])) {
    result = [];
    for (const entry of body['attachments']) {
      if (!isObject(entry)) {
        continue;
      }
      const id = String(entry['id'] ?? '');
      const keptAttachment = existing.find((attachment) => attachment.id === id);
      const upload = files.find((file) => fileIndex(file.fieldName) === id);
      if (keptAttachment) {
        result.push(keptAttachment);
      } else if (upload) {
        result.push(toRecord(upload, entry));
      }
    }
  } else {
    result = [...existing];
  }

  for (const file of files) {
    if (!used.has(file)) {
      result.push(toRecord(file, null));
    }
  }
  return result;
}

function isEmptyMessage(message: StoredMessage, body: Json): boolean {
  const hasStickers = Array.isArray(body['sticker_ids']) && body['sticker_ids'].length > 0;
  return (
    message.content === '' &&
    message.embeds.length === 0 &&
    message.components.length === 0 &&
    message.attachments.length === 0 &&
    !hasStickers &&
    !isObject(body['poll'])
  );
}

/**
 * Returns the reference to store for a reply or forward. A reply must refer to an existing message in
 * the same channel, otherwise Discord responds with 400 unless `fail_if_not_exists` is false.
 */
function resolveReference(state: FakeState, channel: ChannelRecord, body: Json): FakeMessageReference | null {
  const reference = body['message_reference'];
  if (!isObject(reference) || reference['message_id'] === undefined) {
    return null;
  }

  const messageId = String(reference['message_id']);
  const referenced = state.messages.get(messageId);
  const isForward = reference['type'] === 1;
  const exists = referenced !== undefined && !referenced.deleted && (isForward || referenced.channelId === channel.id);
  if (!exists) {
    if (reference['fail_if_not_exists'] === false) {
      return null;
    }
    throw unknownReferenceError();
  }

  return {
    message_id: messageId,
    ...(typeof reference['channel_id'] === 'string' ? { channel_id: reference['channel_id'] } : {}),
    ...(typeof reference['guild_id'] === 'string' ? { guild_id: reference['guild_id'] } : {}),
    ...(typeof reference['type'] === 'number' ? { type: reference['type'] } : {}),
    ...(typeof reference['fail_if_not_exists'] === 'boolean' ? { fail_if_not_exists: reference['fail_if_not_exists'] } : {}),
  };
}

function unknownReferenceError(): Error {
  const errors = new FormErrors();
  errors.add(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
  return errors.toApiError();
}

export interface CreateMessageOptions {
  channel: ChannelRecord;
  author: FakeUser;
  body: Json;
  files: UploadedFile[];
  /** Flags the caller may set, for example INTERACTION_MESSAGE_FLAGS for interaction responses. */
  allowedFlags: number;
  /** Flags that the fake adds itself, for example LOADING for a deferred reply. */
  extraFlags?: number;
  webhookId?: string | null;
  type?: number;
  interaction?: MessageInteractionMetadata | null;
  /** Deferred replies start empty, so the empty-message check does not apply to them. */
  allowEmpty?: boolean;
}

/**
 * Validates and stores a message from the bot, then dispatches MESSAGE_CREATE unless it is ephemeral.
 * Throws ApiError with Discord's 400 when the body breaks a limit or the message would be empty.
 */
export function createMessage(context: FakeContext, options: CreateMessageOptions): StoredMessage {
  const { state } = context;
  const { channel, body, files } = options;
  validateBody(body, files);
  const reference = resolveReference(state, channel, body);

  const requestedFlags = typeof body['flags'] === 'number' ? body['flags'] : 0;
  const message: StoredMessage = {
    id: state.ids.next(),
    channelId: channel.id,
    guildId: channel.guildId,
    author: options.author,
    type: options.type ?? (reference && reference.type !== 1 ? MessageType.Reply : MessageType.Default),
    content: typeof body['content'] === 'string' ? body['content'] : '',
    embeds: normalizeEmbeds(body['embeds']),
    components: Array.isArray(body['components']) ? structuredClone(body['components']) : [],
    flags: (requestedFlags & options.allowedFlags) | (options.extraFlags ?? 0),
    attachments: [],
    messageReference: reference,
    allowedMentions: body['allowed_mentions'] === undefined ? undefined : structuredClone(body['allowed_mentions']),
    webhookId: options.webhookId ?? null,
    tts: body['tts'] === true,
    nonce: typeof body['nonce'] === 'string' || typeof body['nonce'] === 'number' ? body['nonce'] : null,
    interaction: options.interaction ?? null,
    createdAt: Date.now(),
    editedAt: null,
    deleted: false,
  };
  message.attachments = buildAttachments(state, body, files, []);

  if (!options.allowEmpty && isEmptyMessage(message, body)) {
    throw emptyMessage();
  }

  state.addMessage(message);
  state.changes.notify();
  void dispatchMessageEvent(context, GatewayDispatchEvents.MessageCreate, message);
  return message;
}

/**
 * Validates and applies an edit. Fields missing from the body stay as they are, and null clears them.
 * An edit of a deferred reply ends its loading state. Dispatches MESSAGE_UPDATE unless ephemeral.
 */
export function editMessage(context: FakeContext, message: StoredMessage, body: Json, files: UploadedFile[]): StoredMessage {
  validateBody(body, files);

  const edited: StoredMessage = { ...message };
  if ('content' in body) {
    edited.content = typeof body['content'] === 'string' ? body['content'] : '';
  }
  if ('embeds' in body) {
    edited.embeds = normalizeEmbeds(body['embeds']);
  }
  if ('components' in body) {
    edited.components = Array.isArray(body['components']) ? structuredClone(body['components']) : [];
  }
  if ('allowed_mentions' in body) {
    edited.allowedMentions = structuredClone(body['allowed_mentions']);
  }
  if (typeof body['flags'] === 'number') {
    edited.flags = (message.flags & ~EDITABLE_FLAGS) | (body['flags'] & EDITABLE_FLAGS);
  }
  edited.flags &= ~MessageFlags.Loading;
  edited.attachments = buildAttachments(context.state, body, files, message.attachments);
  edited.editedAt = Date.now();

  if (isEmptyMessage(edited, body)) {
    throw emptyMessage();
  }

  Object.assign(message, edited);
  context.state.changes.notify();
  void dispatchMessageEvent(context, GatewayDispatchEvents.MessageUpdate, message);
  return message;
}

export function deleteMessage(context: FakeContext, message: StoredMessage): void {
  message.deleted = true;
  context.state.changes.notify();
  if ((message.flags & MessageFlags.Ephemeral) !== 0) {
    return;
  }
  void context.gateway.dispatch(GatewayDispatchEvents.MessageDelete, (session) =>
    canReceiveMessageEvents(session, message)
      ? { id: message.id, channel_id: message.channelId, ...(message.guildId !== null ? { guild_id: message.guildId } : {}) }
      : null,
  );
}

/** Stores a message from a simulated user or webhook and dispatches MESSAGE_CREATE. */
export async function createUserMessage(
  context: FakeContext,
  channel: ChannelRecord,
  author: FakeUser,
  content: string,
  webhookId: string | null,
): Promise<StoredMessage> {
  const { state } = context;
  const message: StoredMessage = {
    id: state.ids.next(),
    channelId: channel.id,
    guildId: channel.guildId,
    author,
    type: MessageType.Default,
    content,
    embeds: [],
    components: [],
    flags: 0,
    attachments: [],
    messageReference: null,
    allowedMentions: undefined,
    webhookId,
    tts: false,
    nonce: null,
    interaction: null,
    createdAt: Date.now(),
    editedAt: null,
    deleted: false,
  };
  state.addMessage(message);
  state.changes.notify();
  await dispatchMessageEvent(context, GatewayDispatchEvents.MessageCreate, message);
  return message;
}

/** Checks the intents that Discord requires for message events: GUILD_MESSAGES or DIRECT_MESSAGES. */
function canReceiveMessageEvents(session: GatewaySessionInfo, message: StoredMessage): boolean {
  if (message.guildId === null) {
    return hasIntent(session, GatewayIntentBits.DirectMessages);
  }
  return hasIntent(session, GatewayIntentBits.GuildMessages) && isGuildInShard(session, message.guildId);
}

/**
 * Returns whether the session may see content, embeds, attachments and components. Without the
 * MESSAGE_CONTENT intent Discord blanks them, except in DMs, in the bot's own messages and in
 * messages that mention the bot.
 */
function canReadContent(state: FakeState, session: GatewaySessionInfo, message: StoredMessage): boolean {
  const botId = state.config.botUser.id;
  return (
    hasIntent(session, GatewayIntentBits.MessageContent) ||
    message.guildId === null ||
    message.author.id === botId ||
    message.content.includes(`<@${botId}>`) ||
    message.content.includes(`<@!${botId}>`)
  );
}

export function dispatchMessageEvent(context: FakeContext, event: string, message: StoredMessage): Promise<void> {
  const { state, gateway } = context;
  // Discord shows ephemeral messages only to the interaction's user and sends no events for them.
  if ((message.flags & MessageFlags.Ephemeral) !== 0) {
    return Promise.resolve();
  }

  return gateway.dispatch(event, (session) => {
    if (!canReceiveMessageEvents(session, message)) {
      return null;
    }
    const payload = apiMessage(state, message, { includeMember: true, includeReferencedMessage: true });
    const channel = state.channels.get(message.channelId);
    if (channel) {
      payload['channel_type'] = channel.type;
    }
    if (!canReadContent(state, session, message)) {
      payload['content'] = '';
      payload['embeds'] = [];
      payload['attachments'] = [];
      payload['components'] = [];
    }
    return payload;
  });
}

/** Replaces the content of a simulated user's message and dispatches MESSAGE_UPDATE. */
export async function editUserMessage(context: FakeContext, message: StoredMessage, content: string): Promise<StoredMessage> {
  message.content = content;
  message.editedAt = Date.now();
  context.state.changes.notify();
  await dispatchMessageEvent(context, GatewayDispatchEvents.MessageUpdate, message);
  return message;
}
