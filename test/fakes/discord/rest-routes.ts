/**
 * REST routes for the gateway URL, the bot's user and application, application commands,
 * guilds, channels and channel messages. All of them need `Authorization: Bot <token>`.
 */
import { ApplicationCommandType, ApplicationFlags, ChannelType, MessageFlags } from 'discord.js';
import { validateCommand, validateCommandList } from './command-limits.js';
import {
  cannotEditOtherUsersMessage,
  FormErrors,
  missingAccess,
  nonTextChannel,
  unknownApplicationCommand,
  unknownGuild,
  unknownMember,
  unknownMessage,
  unknownUser,
} from './errors.js';
import { CHANNEL_MESSAGE_FLAGS, createMessage, deleteMessage, editMessage } from './messages.js';
import { apiChannel, apiGuild, apiMember, apiMessage, apiUser } from './payloads.js';
import type { FakeState, GuildRecord, StoredMessage } from './state.js';
import type { Route, RouteRequest, RouteResult } from './router.js';

type Json = Record<string, unknown>;

/** Messages per page of GET /channels/:id/messages: Discord's default is 50 and its maximum 100. */
const DEFAULT_MESSAGE_PAGE = 50;
const MAX_MESSAGE_PAGE = 100;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ok(body: unknown): RouteResult {
  return { status: 200, body };
}

const noContent: RouteResult = { status: 204 };

function applicationObject(state: FakeState): Json {
  const bot = apiUser({ ...state.config.botUser, bot: true });
  return {
    id: state.config.applicationId,
    name: state.config.botUser.username,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: ApplicationFlags.GatewayMessageContentLimited,
    owner: bot,
    team: null,
    bot,
    approximate_guild_count: state.guilds.size,
    integration_types_config: { '0': {} },
  };
}

function gatewayBot({ context }: RouteRequest): RouteResult {
  return ok({
    url: context.state.gatewayUrl,
    shards: 1,
    // Generous values, so @discordjs/ws never runs out of sessions. It still spaces identifies 5 s apart.
    session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 },
  });
}

function requireOwnApplication(state: FakeState, applicationId: string | undefined): void {
  if (applicationId !== state.config.applicationId) {
    throw missingAccess();
  }
}

function requireGuild(state: FakeState, guildId: string | undefined): GuildRecord {
  const guild = guildId === undefined ? undefined : state.guilds.get(guildId);
  if (!guild) {
    throw unknownGuild();
  }
  return guild;
}

/** Returns the live command list of a scope: global, or one guild's. */
function commandScope(state: FakeState, guildId: string | null): unknown[] {
  if (guildId === null) {
    return state.commands.global;
  }
  let commands = state.commands.guilds.get(guildId);
  if (!commands) {
    commands = [];
    state.commands.guilds.set(guildId, commands);
  }
  return commands;
}

/**
 * Builds the stored form of a command, as Discord echoes it. A command that keeps its name and type
 * keeps its id, as with Discord's bulk overwrite.
 */
function storedCommand(state: FakeState, input: Json, guildId: string | null, previous: unknown[]): Json {
  const type = input['type'] ?? ApplicationCommandType.ChatInput;
  const existing = previous.find(
    (command) => isObject(command) && command['name'] === input['name'] && command['type'] === type,
  );
  const id = isObject(existing) && typeof existing['id'] === 'string' ? existing['id'] : state.ids.next();
  return {
    name_localizations: null,
    description_localizations: null,
    default_member_permissions: null,
    nsfw: false,
    integration_types: [0],
    contexts: null,
    ...structuredClone(input),
    description: typeof input['description'] === 'string' ? input['description'] : '',
    type,
    id,
    application_id: state.config.applicationId,
    version: state.ids.next(),
    ...(guildId !== null ? { guild_id: guildId } : {}),
  };
}

function scopeGuildId(request: RouteRequest): string | null {
  const guildId = request.params['guildId'];
  if (guildId === undefined) {
    return null;
  }
  requireGuild(request.context.state, guildId);
  return guildId;
}

function listCommands(request: RouteRequest): RouteResult {
  requireOwnApplication(request.context.state, request.params['applicationId']);
  return ok(structuredClone(commandScope(request.context.state, scopeGuildId(request))));
}

function overwriteCommands(request: RouteRequest): RouteResult {
  const { state } = request.context;
  requireOwnApplication(state, request.params['applicationId']);
  const guildId = scopeGuildId(request);
  validateCommandList(request.body).throwIfAny();

  const commands = commandScope(state, guildId);
  const stored = (request.body as unknown[]).filter(isObject).map((input) => storedCommand(state, input, guildId, commands));
  commands.splice(0, commands.length, ...stored);
  state.changes.notify();
  return ok(structuredClone(stored));
}

function createCommand(request: RouteRequest): RouteResult {
  const { state } = request.context;
  requireOwnApplication(state, request.params['applicationId']);
  const guildId = scopeGuildId(request);
  const errors = new FormErrors();
  validateCommand(errors, [], request.body);
  errors.throwIfAny();

  const commands = commandScope(state, guildId);
  const command = storedCommand(state, request.body as Json, guildId, commands);
  const index = commands.findIndex((existing) => isObject(existing) && existing['id'] === command['id']);
  if (index >= 0) {
    commands[index] = command;
  } else {
    commands.push(command);
  }
  state.changes.notify();
  return { status: index >= 0 ? 200 : 201, body: structuredClone(command) };
}

function findCommandIndex(request: RouteRequest): { commands: unknown[]; index: number } {
  const { state } = request.context;
  requireOwnApplication(state, request.params['applicationId']);
  const commands = commandScope(state, scopeGuildId(request));
  const index = commands.findIndex((command) => isObject(command) && command['id'] === request.params['commandId']);
  if (index < 0) {
    throw unknownApplicationCommand();
  }
  return { commands, index };
}

function getCommand(request: RouteRequest): RouteResult {
  const { commands, index } = findCommandIndex(request);
  return ok(structuredClone(commands[index]));
}

function editCommand(request: RouteRequest): RouteResult {
  const { commands, index } = findCommandIndex(request);
  const merged = { ...(commands[index] as Json), ...(isObject(request.body) ? request.body : {}) };
  const errors = new FormErrors();
  validateCommand(errors, [], merged);
  errors.throwIfAny();
  commands[index] = merged;
  request.context.state.changes.notify();
  return ok(structuredClone(merged));
}

function deleteCommand(request: RouteRequest): RouteResult {
  const { commands, index } = findCommandIndex(request);
  commands.splice(index, 1);
  request.context.state.changes.notify();
  return noContent;
}

function requireMessage(state: FakeState, channelId: string, messageId: string | undefined): StoredMessage {
  const message = messageId === undefined ? undefined : state.messages.get(messageId);
  if (!message || message.deleted || message.channelId !== channelId) {
    throw unknownMessage();
  }
  return message;
}

/** Returns whether the bot can see the message: ephemeral messages exist only through their interaction. */
function isVisibleInChannel(message: StoredMessage): boolean {
  return !message.deleted && (message.flags & MessageFlags.Ephemeral) === 0;
}

function listMessages({ context, params, query }: RouteRequest): RouteResult {
  const { state } = context;
  const channel = state.requireChannel(params['channelId'] ?? '');
  const requested = Number(query['limit'] ?? DEFAULT_MESSAGE_PAGE);
  const limit = Number.isInteger(requested) ? Math.min(Math.max(requested, 1), MAX_MESSAGE_PAGE) : DEFAULT_MESSAGE_PAGE;

  let messages = state.messageOrder
    .map((id) => state.messages.get(id))
    .filter((message): message is StoredMessage => message !== undefined && message.channelId === channel.id && isVisibleInChannel(message));
  const before = query['before'];
  const after = query['after'];
  if (before !== undefined) {
    messages = messages.filter((message) => BigInt(message.id) < BigInt(before));
  }
  if (after !== undefined) {
    messages = messages.filter((message) => BigInt(message.id) > BigInt(after));
    return ok(messages.slice(0, limit).reverse().map((message) => apiMessage(state, message)));
  }
  // Discord returns the newest messages first.
  return ok(messages.slice(-limit).reverse().map((message) => apiMessage(state, message)));
}

/** Channel types that have no message list: category, directory, forum and media channels. */
const CHANNEL_TYPES_WITHOUT_MESSAGES: ReadonlySet<number> = new Set([
  ChannelType.GuildCategory,
  ChannelType.GuildDirectory,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
]);

function postMessage({ context, params, body, files }: RouteRequest): RouteResult {
  const { state } = context;
  const channel = state.requireChannel(params['channelId'] ?? '');
  if (CHANNEL_TYPES_WITHOUT_MESSAGES.has(channel.type)) {
    throw nonTextChannel();
  }
  const message = createMessage(context, {
    channel,
    author: state.config.botUser,
    body: isObject(body) ? body : {},
    files,
    allowedFlags: CHANNEL_MESSAGE_FLAGS,
  });
  return ok(apiMessage(state, message, { includeReferencedMessage: true }));
}

function getMessage({ context, params }: RouteRequest): RouteResult {
  const { state } = context;
  const channel = state.requireChannel(params['channelId'] ?? '');
  const message = requireMessage(state, channel.id, params['messageId']);
  if (!isVisibleInChannel(message)) {
    throw unknownMessage();
  }
  return ok(apiMessage(state, message, { includeReferencedMessage: true }));
}

function patchMessage({ context, params, body, files }: RouteRequest): RouteResult {
  const { state } = context;
  const channel = state.requireChannel(params['channelId'] ?? '');
  const message = requireMessage(state, channel.id, params['messageId']);
  if (message.author.id !== state.config.botUser.id) {
    throw cannotEditOtherUsersMessage();
  }
  editMessage(context, message, isObject(body) ? body : {}, files);
  return ok(apiMessage(state, message));
}

function removeMessage({ context, params }: RouteRequest): RouteResult {
  const { state } = context;
  const channel = state.requireChannel(params['channelId'] ?? '');
  deleteMessage(context, requireMessage(state, channel.id, params['messageId']));
  return noContent;
}

/** Typing indicators and reactions change nothing the fake tracks, but the channel and message must exist. */
function acknowledgeChannelAction({ context, params }: RouteRequest): RouteResult {
  const { state } = context;
  const channel = state.requireChannel(params['channelId'] ?? '');
  if (params['messageId'] !== undefined) {
    requireMessage(state, channel.id, params['messageId']);
  }
  return noContent;
}

function getUser({ context, params }: RouteRequest): RouteResult {
  const user = context.state.users.get(params['userId'] ?? '');
  if (!user) {
    throw unknownUser();
  }
  return ok(apiUser(user));
}

function getMember({ context, params }: RouteRequest): RouteResult {
  const { state } = context;
  const guild = requireGuild(state, params['guildId']);
  const member = guild.members.get(params['userId'] ?? '');
  if (!member) {
    throw unknownMember();
  }
  return ok(apiMember(state, member, true));
}

function getGateway({ context }: RouteRequest): RouteResult {
  return ok({ url: context.state.gatewayUrl });
}

function getCurrentUser({ context }: RouteRequest): RouteResult {
  return ok({ ...apiUser({ ...context.state.config.botUser, bot: true }), verified: true, mfa_enabled: false });
}

function getApplication({ context }: RouteRequest): RouteResult {
  return ok(applicationObject(context.state));
}

function getGuild({ context, params }: RouteRequest): RouteResult {
  return ok(apiGuild(context.state, requireGuild(context.state, params['guildId'])));
}

function getChannel({ context, params }: RouteRequest): RouteResult {
  return ok(apiChannel(context.state, context.state.requireChannel(params['channelId'] ?? '')));
}

function botRoute(method: Route['method'], pattern: string, handle: Route['handle']): Route {
  return { method, pattern, auth: 'bot', handle };
}

export function restRoutes(): Route[] {
  const appCommands = '/applications/:applicationId/commands';
  const guildCommands = '/applications/:applicationId/guilds/:guildId/commands';
  const message = '/channels/:channelId/messages/:messageId';
  return [
    { method: 'GET', pattern: '/gateway', auth: 'none', handle: getGateway },
    botRoute('GET', '/gateway/bot', gatewayBot),
    botRoute('GET', '/users/@me', getCurrentUser),
    botRoute('GET', '/users/:userId', getUser),
    botRoute('GET', '/applications/@me', getApplication),
    botRoute('GET', '/oauth2/applications/@me', getApplication),

    botRoute('GET', appCommands, listCommands),
    botRoute('PUT', appCommands, overwriteCommands),
    botRoute('POST', appCommands, createCommand),
    botRoute('GET', `${appCommands}/:commandId`, getCommand),
    botRoute('PATCH', `${appCommands}/:commandId`, editCommand),
    botRoute('DELETE', `${appCommands}/:commandId`, deleteCommand),
    botRoute('GET', guildCommands, listCommands),
    botRoute('PUT', guildCommands, overwriteCommands),
    botRoute('POST', guildCommands, createCommand),
    botRoute('GET', `${guildCommands}/:commandId`, getCommand),
    botRoute('PATCH', `${guildCommands}/:commandId`, editCommand),
    botRoute('DELETE', `${guildCommands}/:commandId`, deleteCommand),

    botRoute('GET', '/guilds/:guildId', getGuild),
    botRoute('GET', '/guilds/:guildId/members/:userId', getMember),

    botRoute('GET', '/channels/:channelId', getChannel),
    botRoute('GET', '/channels/:channelId/messages', listMessages),
    botRoute('POST', '/channels/:channelId/messages', postMessage),
    botRoute('GET', message, getMessage),
    botRoute('PATCH', message, patchMessage),
    botRoute('DELETE', message, removeMessage),
    botRoute('POST', '/channels/:channelId/typing', acknowledgeChannelAction),
    botRoute('PUT', `${message}/reactions/:emoji/@me`, acknowledgeChannelAction),
    botRoute('DELETE', `${message}/reactions/:emoji/@me`, acknowledgeChannelAction),
  ];
}
