/**
 * Public types of the fake Discord server. Tests and the demo import them through index.ts.
 */

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
  globalName?: string;
}

/** A guild channel. `type` is a Discord channel type and defaults to GUILD_TEXT (0). */
export interface FakeChannel {
  id: string;
  name: string;
  type?: number;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  ownerId?: string;
}

/** One REST request that reached the fake, recorded when the fake sent its response. */
export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v10` prefix, for example `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, the parsed `payload_json` part of a multipart body, or null without a body. */
  body: unknown;
  /** Epoch milliseconds when the request arrived. */
  at: number;
  /** HTTP status code of the fake's response. */
  status: number;
}

/** A file uploaded with a message (multipart `files[n]` part). */
export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  contentType: string | null;
  description: string | null;
}

export interface FakeMessageReference {
  message_id: string;
  channel_id?: string;
  guild_id?: string;
  type?: number;
  fail_if_not_exists?: boolean;
}

/** A snapshot of a message as Discord stores it after all edits up to the moment of the call. */
export interface FakeMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  author: FakeUser;
  content: string;
  embeds: unknown[];
  components: unknown[];
  /** Message flags, for example 64 EPHEMERAL or 128 LOADING (a deferred reply not yet edited). */
  flags: number;
  messageReference?: FakeMessageReference | null;
  allowedMentions?: unknown;
  webhookId?: string | null;
  attachments: FakeAttachment[];
}

export interface FakeInteractionCallback {
  /** Interaction callback type, for example 4 CHANNEL_MESSAGE_WITH_SOURCE or 6 DEFERRED_UPDATE_MESSAGE. */
  type: number;
  data: any;
  /** Epoch milliseconds when the fake accepted the callback. */
  at: number;
}

export interface FakeInteraction {
  id: string;
  token: string;
  /** Resolves once the bot has sent the initial callback (any type). */
  waitForCallback(timeoutMs?: number): Promise<FakeInteractionCallback>;
  /**
   * Resolves with the message the interaction currently shows, once one exists and `predicate` passes.
   * That is the original response after all edits, or the component's message after an update (type 7)
   * or after an edit that follows a deferred update (type 6). A deferred reply (type 5) shows a message
   * only after its first edit, because until then Discord displays the "thinking" placeholder.
   */
  waitForResponse(predicate?: (message: FakeMessage) => boolean, timeoutMs?: number): Promise<FakeMessage>;
  /** Accepted callbacks in order. Rejected ones (late or repeated) are not listed. */
  callbacks: FakeInteractionCallback[];
  followups: FakeMessage[];
  /** True if the initial response or deferral had flag 64 EPHEMERAL. */
  ephemeral: boolean;
  /** Epoch milliseconds when the fake dispatched INTERACTION_CREATE. */
  createdAt: number;
}

export interface SlashCommandOption {
  name: string;
  /** Application command option type, for example 3 STRING, 4 INTEGER, 5 BOOLEAN, 6 USER. */
  type: number;
  value: string | number | boolean;
}

export interface RunSlashCommandInput {
  name: string;
  options?: SlashCommandOption[];
  subcommand?: string;
  /** Group that contains `subcommand`, for a command such as `/settings key set`. */
  subcommandGroup?: string;
  channelId: string;
  /** Defaults to the channel's guild. Null, or an unknown channel without guildId, runs the command in a DM. */
  guildId?: string | null;
  user: FakeUser;
  /** Member permission bit set as a decimal string. Defaults to the member's permissions in the guild. */
  memberPermissions?: string;
  /** Defaults to 'en-US'. */
  locale?: string;
}

/**
 * A click on a button of a bot message. The fake checks the button against the message's current
 * components and against `message` (a copy the user may still see), rejecting disabled buttons.
 * A custom_id on neither is dispatched unchecked, to simulate a forged or outdated client.
 */
export interface ClickButtonInput {
  message: FakeMessage;
  customId: string;
  user: FakeUser;
  memberPermissions?: string;
}

/** A choice in a select menu, checked like a button click. Values must be options of a known string select. */
export interface SelectMenuInput {
  message: FakeMessage;
  customId: string;
  values: string[];
  user: FakeUser;
  memberPermissions?: string;
}

export interface SubmitModalInput {
  customId: string;
  /** Text input values by custom_id. */
  fields: Record<string, string>;
  channelId: string;
  guildId?: string | null;
  user: FakeUser;
  memberPermissions?: string;
}

export interface PostMessageInput {
  channelId: string;
  author: FakeUser;
  content: string;
  webhookId?: string;
  /** Defaults to the channel's guild. An unknown channel without guildId is a DM channel with `author`. */
  guildId?: string;
}

export interface FakeGuildInput extends Partial<Omit<FakeGuild, 'channels'>> {
  channels?: Array<Partial<FakeChannel>>;
}

export interface FakeDiscordOptions {
  token?: string;
  /** Defaults to the bot user's id. */
  applicationId?: string;
  botUser?: Partial<FakeUser>;
  /** Defaults to one guild "Test Guild" with one text channel "general". */
  guilds?: FakeGuildInput[];
  /** Time after INTERACTION_CREATE during which the first callback is accepted. Discord allows 3000 ms. */
  interactionAckTimeoutMs?: number;
}

export interface FakeDiscord {
  /** Base URL to pass to discord.js as `rest.api`, for example 'http://127.0.0.1:PORT/api'. */
  apiUrl: string;
  /** WebSocket URL that GET /gateway/bot returns. */
  gatewayUrl: string;
  token: string;
  applicationId: string;
  botUser: FakeUser;
  requests: RecordedRequest[];
  /** Adds a guild that the bot is a member of. After login, dispatches GUILD_CREATE to connected clients. */
  addGuild(guild: FakeGuildInput): FakeGuild;
  /** Dispatches MESSAGE_CREATE as if `author` posted it. Returns the message. */
  postMessage(input: PostMessageInput): Promise<FakeMessage>;
  /** Dispatches MESSAGE_UPDATE for a message posted earlier with new content. */
  editMessage(messageId: string, content: string): Promise<FakeMessage>;
  /**
   * Waits until a message that the bot created matches predicate, including messages created before the
   * call. The predicate receives the latest version of each message, after edits.
   */
  waitForBotMessage(predicate: (message: FakeMessage) => boolean, timeoutMs?: number): Promise<FakeMessage>;
  /** Messages the bot created and did not delete, in creation order, including interaction responses and follow-ups. */
  botMessages(channelId?: string): FakeMessage[];
  runSlashCommand(input: RunSlashCommandInput): Promise<FakeInteraction>;
  clickButton(input: ClickButtonInput): Promise<FakeInteraction>;
  selectMenu(input: SelectMenuInput): Promise<FakeInteraction>;
  submitModal(input: SubmitModalInput): Promise<FakeInteraction>;
  /** Registered application commands, global and per guild, as the fake echoed them (with ids). */
  commands: { global: unknown[]; guilds: Map<string, unknown[]> };
  /** Waits until a recorded request matches predicate, including requests recorded before the call. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Closes gateway sockets and the HTTP server. Destroy discord.js clients first, or they try to reconnect. */
  close(): Promise<void>;
}
