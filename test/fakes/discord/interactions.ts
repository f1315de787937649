/**
 * Simulated user interactions: slash commands, button clicks, select menus and modal submits.
 * Each one is dispatched as INTERACTION_CREATE with the payload shape of Discord's API v10 and is
 * tracked as an InteractionRecord, which the callback and webhook routes update.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  GatewayDispatchEvents,
  InteractionType,
  MessageFlags,
} from 'discord.js';
import { isGuildInShard } from './gateway.js';
import { randomToken } from './ids.js';
import { apiChannel, apiMember, apiMessage, apiRole, apiUser, ATTACHMENT_SIZE_LIMIT, toFakeMessage } from './payloads.js';
import { EVERYONE_PERMISSIONS } from './permissions.js';
import type { ChannelRecord, FakeContext, FakeState, GuildRecord, StoredMessage } from './state.js';
import type {
  ClickButtonInput,
  FakeInteraction,
  FakeInteractionCallback,
  FakeMessage,
  FakeUser,
  RunSlashCommandInput,
  SelectMenuInput,
  SlashCommandOption,
  SubmitModalInput,
} from './types.js';
import { DEFAULT_WAIT_MS } from './wait.js';

type Json = Record<string, unknown>;

/** Interaction callback types from Discord's API reference, "Interaction Callback Type". */
export const CallbackType = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  Modal: 9,
} as const;

const SELECT_TYPES: ReadonlySet<unknown> = new Set([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface InteractionRecordInit {
  type: InteractionType;
  channel: ChannelRecord;
  user: FakeUser;
  /** Human-readable name for error messages, for example '/qc' or 'button "next"'. */
  label: string;
  commandName: string | null;
  /** Message whose component the user used, for component interactions and modals opened from them. */
  sourceMessageId: string | null;
}

export class InteractionRecord implements FakeInteraction {
  readonly id: string;
  readonly token: string;
  readonly createdAt: number;
  readonly type: InteractionType;
  readonly channel: ChannelRecord;
  readonly user: FakeUser;
  readonly label: string;
  readonly commandName: string | null;
  readonly sourceMessageId: string | null;
  readonly callbacks: FakeInteractionCallback[] = [];
  /** Follow-up messages in creation order. */
  readonly followupIds: string[] = [];
  /** The message that `@original` refers to: the response message, or the component's message after type 6 or 7. */
  originalMessageId: string | null = null;
  /** Data of the modal that the bot showed with callback type 9. */
  modal: Json | null = null;
  ephemeral = false;
  readonly #state: FakeState;

  constructor(state: FakeState, init: InteractionRecordInit) {
    this.#state = state;
    this.id = state.ids.next();
    this.token = `fake-interaction-token.${randomToken(48)}`;
    this.createdAt = Date.now();
    this.type = init.type;
    this.channel = init.channel;
    this.user = init.user;
    this.label = init.label;
    this.commandName = init.commandName;
    this.sourceMessageId = init.sourceMessageId;
  }

  get followups(): FakeMessage[] {
    return this.followupIds
      .map((id) => this.#state.messages.get(id))
      .filter((message): message is StoredMessage => message !== undefined && !message.deleted)
      .map(toFakeMessage);
  }

  waitForCallback(timeoutMs = DEFAULT_WAIT_MS): Promise<FakeInteractionCallback> {
    return this.#state.changes.waitFor(
      () => this.callbacks[0],
      timeoutMs,
      () => `the bot sent no callback for interaction ${this.id} (${this.label}).`,
    );
  }

  waitForResponse(predicate: (message: FakeMessage) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<FakeMessage> {
    return this.#state.changes.waitFor(
      () => {
        const message = this.#shownMessage();
        if (!message) {
          return undefined;
        }
        const snapshot = toFakeMessage(message);
        return predicate(snapshot) ? snapshot : undefined;
      },
      timeoutMs,
      () => this.#describeResponseState(),
    );
  }

  /** Returns the message the user sees as this interaction's response, or undefined while there is none. */
  #shownMessage(): StoredMessage | undefined {
    const first = this.callbacks[0];
    if (!first || this.originalMessageId === null) {
      return undefined;
    }
    const message = this.#state.messages.get(this.originalMessageId);
    if (!message || message.deleted) {
      return undefined;
    }

    switch (first.type) {
      case CallbackType.DeferredChannelMessageWithSource:
        return (message.flags & MessageFlags.Loading) === 0 ? message : undefined;
      case CallbackType.DeferredUpdateMessage:
        return message.editedAt !== null && message.editedAt >= first.at ? message : undefined;
      default:
        return message;
    }
  }

  #describeResponseState(): string {
    const callbackTypes = this.callbacks.map((callback) => callback.type).join(', ') || 'none';
    const message = this.originalMessageId === null ? undefined : this.#state.messages.get(this.originalMessageId);
    const current = message ? JSON.stringify(toFakeMessage(message)) : 'no message';
    return `no matching response for interaction ${this.id} (${this.label}). Callback types: ${callbackTypes}. Current message: ${current}`;
  }
}

/** Builds the fields that every INTERACTION_CREATE payload has, for a guild channel or a DM. */
function basePayload(
  context: FakeContext,
  record: InteractionRecord,
  data: Json,
  options: { memberPermissions?: string | undefined; locale?: string | undefined; message?: StoredMessage | undefined },
): Json {
  const { state } = context;
  const channel = record.channel;
  const guild = channel.guildId === null ? undefined : state.guilds.get(channel.guildId);
  const botId = state.config.botUser.id;

  const payload: Json = {
    id: record.id,
    application_id: state.config.applicationId,
    type: record.type,
    data,
    channel_id: channel.id,
    channel: apiChannel(state, channel),
    token: record.token,
    version: 1,
    locale: options.locale ?? 'en-US',
    entitlements: [],
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };

  if (guild) {
    const member = state.ensureMember(guild, record.user.id);
    const permissions = options.memberPermissions ?? state.memberPermissions(guild, record.user.id).toString();
    payload['guild_id'] = guild.id;
    payload['guild'] = { id: guild.id, locale: 'en-US', features: [] };
    payload['guild_locale'] = 'en-US';
    payload['member'] = { ...apiMember(state, member, true), permissions };
    payload['channel'] = { ...apiChannel(state, channel), permissions };
    payload['app_permissions'] = state.memberPermissions(guild, botId).toString();
    // Key 0 is GUILD_INSTALL: the guild that installed the app.
    payload['authorizing_integration_owners'] = { '0': guild.id };
    payload['context'] = 0;
  } else {
    payload['user'] = apiUser(record.user);
    payload['app_permissions'] = EVERYONE_PERMISSIONS.toString();
    // A guild-installed app used in its bot DM has "0" as the installing guild.
    payload['authorizing_integration_owners'] = { '0': '0' };
    payload['context'] = 1;
  }

  if (options.message) {
    payload['message'] = apiMessage(state, options.message);
  }
  return payload;
}

async function dispatchInteraction(context: FakeContext, record: InteractionRecord, payload: Json): Promise<void> {
  const { state, gateway } = context;
  if (gateway.sessionCount === 0) {
    throw new Error(
      `Cannot dispatch interaction ${record.label}: no client is logged in to the fake gateway. Call client.login(fake.token) first.`,
    );
  }

  state.interactions.set(record.id, record);
  state.changes.notify();
  const guildId = record.channel.guildId;
  await gateway.dispatch(GatewayDispatchEvents.InteractionCreate, (session) =>
    (guildId === null ? session.shard[0] === 0 : isGuildInShard(session, guildId)) ? payload : null,
  );
}

/** Finds a registered chat input command by name, preferring the guild's commands over global ones. */
function findRegisteredCommand(state: FakeState, name: string, guildId: string | null): Json | undefined {
  const scopes = [...(guildId === null ? [] : [state.commands.guilds.get(guildId) ?? []]), state.commands.global];
  for (const commands of scopes) {
    const found = commands.find(
      (command) =>
        isObject(command) &&
        command['name'] === name &&
        (command['type'] ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput,
    );
    if (isObject(found)) {
      return found;
    }
  }
  return undefined;
}

const OPTION_VALUE_TYPES: Partial<Record<number, string>> = {
  [ApplicationCommandOptionType.String]: 'string',
  [ApplicationCommandOptionType.Integer]: 'number',
  [ApplicationCommandOptionType.Number]: 'number',
  [ApplicationCommandOptionType.Boolean]: 'boolean',
  [ApplicationCommandOptionType.User]: 'string',
  [ApplicationCommandOptionType.Channel]: 'string',
  [ApplicationCommandOptionType.Role]: 'string',
  [ApplicationCommandOptionType.Mentionable]: 'string',
};

/** Rejects options that Discord's client could not send for the registered command definition. */
function checkOptionsAgainstDefinition(commandLabel: string, options: SlashCommandOption[], definitions: unknown[]): void {
  const defined = definitions.filter(isObject);
  for (const option of options) {
    const definition = defined.find((candidate) => candidate['name'] === option.name);
    if (!definition) {
      const names = defined.map((candidate) => String(candidate['name'])).join(', ') || 'none';
      throw new Error(`${commandLabel} has no option "${option.name}". Registered options: ${names}.`);
    }
    if (definition['type'] !== option.type) {
      throw new Error(
        `${commandLabel} option "${option.name}" is registered with type ${String(definition['type'])}, not ${option.type}.`,
      );
    }
  }
  for (const definition of defined) {
    if (definition['required'] === true && !options.some((option) => option.name === definition['name'])) {
      throw new Error(`${commandLabel} requires option "${String(definition['name'])}".`);
    }
  }
}

/** Builds `data.resolved` for user, channel, role and mentionable options, as Discord does. */
function resolveOptions(state: FakeState, guild: GuildRecord | undefined, options: SlashCommandOption[]): Json | undefined {
  const users: Json = {};
  const members: Json = {};
  const channels: Json = {};
  const roles: Json = {};

  for (const option of options) {
    const id = String(option.value);
    const role = guild?.roles.find((candidate) => candidate.id === id);
    const wantsUser =
      option.type === ApplicationCommandOptionType.User ||
      (option.type === ApplicationCommandOptionType.Mentionable && !role);

    if (wantsUser) {
      const user = state.users.get(id) ?? state.rememberUser({ id, username: `user-${id}` });
      users[id] = apiUser(user);
      const member = guild?.members.get(id);
      if (guild && member) {
        members[id] = { ...apiMember(state, member, false), permissions: state.memberPermissions(guild, id).toString() };
      }
    } else if (option.type === ApplicationCommandOptionType.Channel) {
      const channel = state.channels.get(id);
      if (!channel) {
        throw new Error(`Channel option "${option.name}" names channel ${id}, which the fake does not know.`);
      }
      channels[id] = { ...apiChannel(state, channel), permissions: EVERYONE_PERMISSIONS.toString() };
    } else if (option.type === ApplicationCommandOptionType.Role || option.type === ApplicationCommandOptionType.Mentionable) {
      if (!role) {
        throw new Error(`Role option "${option.name}" names role ${id}, which guild ${String(guild?.id)} does not have.`);
      }
      roles[id] = apiRole(role);
    }
  }

  const resolved: Json = {};
  for (const [key, value] of Object.entries({ users, members, channels, roles })) {
    if (Object.keys(value).length > 0) {
      resolved[key] = value;
    }
  }
  return Object.keys(resolved).length > 0 ? resolved : undefined;
}

/** Dispatches a chat input command (interaction type 2, command type 1) as if `input.user` ran it. */
export async function runSlashCommand(context: FakeContext, input: RunSlashCommandInput): Promise<InteractionRecord> {
  const { state } = context;
  const user = state.rememberUser(input.user);
  const channel = state.resolveUserChannel(input.channelId, input.guildId, user);
  const guild = channel.guildId === null ? undefined : state.guilds.get(channel.guildId);
  const label = `/${[input.name, input.subcommandGroup, input.subcommand].filter((part) => part !== undefined).join(' ')}`;
  if (input.subcommandGroup !== undefined && input.subcommand === undefined) {
    throw new Error(`${label}: a subcommand group needs a subcommand.`);
  }
  const options = input.options ?? [];

  for (const option of options) {
    const expected = OPTION_VALUE_TYPES[option.type];
    if (expected !== undefined && typeof option.value !== expected) {
      throw new Error(`${label} option "${option.name}" of type ${option.type} needs a ${expected} value, got ${typeof option.value}.`);
    }
  }

  const registered = findRegisteredCommand(state, input.name, channel.guildId);
  if (registered) {
    let definitions = Array.isArray(registered['options']) ? registered['options'] : [];
    if (input.subcommandGroup !== undefined) {
      const group = definitions.find(
        (definition) =>
          isObject(definition) &&
          definition['name'] === input.subcommandGroup &&
          definition['type'] === ApplicationCommandOptionType.SubcommandGroup,
      );
      if (!isObject(group)) {
        throw new Error(`${label}: command /${input.name} has no registered subcommand group "${input.subcommandGroup}".`);
      }
      definitions = Array.isArray(group['options']) ? group['options'] : [];
    }
    if (input.subcommand !== undefined) {
      const subcommand = definitions.find(
        (definition) =>
          isObject(definition) &&
          definition['name'] === input.subcommand &&
          definition['type'] === ApplicationCommandOptionType.Subcommand,
      );
      if (!isObject(subcommand)) {
        throw new Error(`${label}: command /${input.name} has no registered subcommand "${input.subcommand}".`);
      }
      definitions = Array.isArray(subcommand['options']) ? subcommand['options'] : [];
    }
    checkOptionsAgainstDefinition(label, options, definitions);
  }

  const optionPayloads = options.map((option) => ({ name: option.name, type: option.type, value: option.value }));
  const data: Json = {
    id: typeof registered?.['id'] === 'string' ? registered['id'] : commandIdFor(state, input.name),
    name: input.name,
    type: ApplicationCommandType.ChatInput,
  };
  if (input.subcommand !== undefined) {
    const subcommand = {
      name: input.subcommand,
      type: ApplicationCommandOptionType.Subcommand,
      ...(optionPayloads.length > 0 ? { options: optionPayloads } : {}),
    };
    data['options'] =
      input.subcommandGroup === undefined
        ? [subcommand]
        : [{ name: input.subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup, options: [subcommand] }];
  } else if (optionPayloads.length > 0) {
    data['options'] = optionPayloads;
  }
  if (typeof registered?.['guild_id'] === 'string') {
    data['guild_id'] = registered['guild_id'];
  }
  const resolved = resolveOptions(state, guild, options);
  if (resolved) {
    data['resolved'] = resolved;
  }

  const record = new InteractionRecord(state, {
    type: InteractionType.ApplicationCommand,
    channel,
    user,
    label,
    commandName: input.name,
    sourceMessageId: null,
  });
  const payload = basePayload(context, record, data, { memberPermissions: input.memberPermissions, locale: input.locale });
  await dispatchInteraction(context, record, payload);
  return record;
}

/** Returns a stable id for a command that the bot has not registered, so repeated runs share it. */
function commandIdFor(state: FakeState, name: string): string {
  let id = state.unregisteredCommandIds.get(name);
  if (id === undefined) {
    id = state.ids.next();
    state.unregisteredCommandIds.set(name, id);
  }
  return id;
}

/** Finds a component by custom_id anywhere in a message's component tree. */
function findComponent(node: unknown, customId: string): Json | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findComponent(child, customId);
      if (found) {
        return found;
      }
    }
    return undefined;
  }
  if (!isObject(node)) {
    return undefined;
  }
  if (node['custom_id'] === customId) {
    return node;
  }
  return findComponent(node['components'], customId) ?? findComponent(node['accessory'], customId) ?? findComponent(node['component'], customId);
}

function collectCustomIds(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const child of node) {
      collectCustomIds(child, into);
    }
  } else if (isObject(node)) {
    if (typeof node['custom_id'] === 'string') {
      into.push(node['custom_id']);
    }
    collectCustomIds(node['components'], into);
    collectCustomIds(node['accessory'], into);
    collectCustomIds(node['component'], into);
  }
  return into;
}

/** Checks select values the way Discord's client limits them: known option values within min and max. */
function checkSelectValues(label: string, select: Json, values: string[]): void {
  const minValues = typeof select['min_values'] === 'number' ? select['min_values'] : 1;
  const maxValues = typeof select['max_values'] === 'number' ? select['max_values'] : 1;
  if (values.length < minValues || values.length > maxValues) {
    throw new Error(`${label} accepts ${minValues} to ${maxValues} values, got ${values.length}.`);
  }
  if (select['type'] !== ComponentType.StringSelect) {
    return;
  }
  const optionValues = (Array.isArray(select['options']) ? select['options'] : [])
    .filter(isObject)
    .map((option) => option['value']);
  for (const value of values) {
    if (!optionValues.includes(value)) {
      throw new Error(`${label} has no option with value "${value}". Option values: ${optionValues.join(', ')}.`);
    }
  }
}

type ComponentInput = (ClickButtonInput & { values?: undefined }) | SelectMenuInput;

/**
 * Dispatches a button click or select menu choice on a message the bot sent. The component is looked up
 * in the current message, then in `input.message` (a stale copy the user may still see). A custom_id
 * found in neither is dispatched unchecked, which simulates a forged or outdated client.
 */
export async function useComponent(context: FakeContext, input: ComponentInput, kind: 'button' | 'select'): Promise<InteractionRecord> {
  const { state } = context;
  const user = state.rememberUser(input.user);
  const message = state.messages.get(input.message.id);
  if (!message || message.deleted) {
    throw new Error(`Message ${input.message.id} does not exist or was deleted, so its components cannot be used.`);
  }
  if ((message.flags & MessageFlags.Ephemeral) !== 0 && message.interaction && message.interaction.userId !== user.id) {
    throw new Error(`Message ${message.id} is ephemeral and only visible to user ${message.interaction.userId}.`);
  }

  const label = `${kind} "${input.customId}"`;
  const component = findComponent(message.components, input.customId) ?? findComponent(input.message.components, input.customId);
  const values = kind === 'select' ? [...(input.values ?? [])] : [];
  if (component) {
    const isButton = component['type'] === ComponentType.Button;
    if (kind === 'button' ? !isButton : !SELECT_TYPES.has(component['type'])) {
      throw new Error(`Component "${input.customId}" on message ${message.id} is of type ${String(component['type'])}, not a ${kind}.`);
    }
    if (component['disabled'] === true) {
      throw new Error(`Component "${input.customId}" on message ${message.id} is disabled.`);
    }
    if (kind === 'select') {
      checkSelectValues(label, component, values);
    }
  }

  const componentType = component?.['type'] ?? (kind === 'button' ? ComponentType.Button : ComponentType.StringSelect);
  const channel = state.requireChannel(message.channelId);
  const guild = channel.guildId === null ? undefined : state.guilds.get(channel.guildId);
  const data: Json = { custom_id: input.customId, component_type: componentType };
  if (kind === 'select') {
    data['values'] = values;
    const resolvedType = selectResolvedOptionType(componentType);
    if (resolvedType !== null) {
      const resolved = resolveOptions(
        state,
        guild,
        values.map((value) => ({ name: input.customId, type: resolvedType, value })),
      );
      if (resolved) {
        data['resolved'] = resolved;
      }
    }
  }

  const record = new InteractionRecord(state, {
    type: InteractionType.MessageComponent,
    channel,
    user,
    label,
    commandName: null,
    sourceMessageId: message.id,
  });
  const payload = basePayload(context, record, data, { memberPermissions: input.memberPermissions, message });
  await dispatchInteraction(context, record, payload);
  return record;
}

function selectResolvedOptionType(componentType: unknown): ApplicationCommandOptionType | null {
  switch (componentType) {
    case ComponentType.UserSelect:
      return ApplicationCommandOptionType.User;
    case ComponentType.RoleSelect:
      return ApplicationCommandOptionType.Role;
    case ComponentType.MentionableSelect:
      return ApplicationCommandOptionType.Mentionable;
    case ComponentType.ChannelSelect:
      return ApplicationCommandOptionType.Channel;
    default:
      return null;
  }
}

/** Returns the interaction whose type 9 callback showed the modal most recently, preferring `userId`'s. */
function findShownModal(state: FakeState, customId: string, userId: string): InteractionRecord | undefined {
  const candidates = [...state.interactions.values()].filter((record) => record.modal?.['custom_id'] === customId);
  return candidates.filter((record) => record.user.id === userId).at(-1) ?? candidates.at(-1);
}

/** Builds the submitted components in the shape of the shown modal, checking required fields and lengths. */
function buildModalSubmitComponents(modal: Json, fields: Record<string, string>): unknown[] {
  const modalComponents = Array.isArray(modal['components']) ? modal['components'] : [];
  const customIds = collectCustomIds(modalComponents);
  for (const key of Object.keys(fields)) {
    if (!customIds.includes(key)) {
      throw new Error(`Modal "${String(modal['custom_id'])}" has no field "${key}". Its fields: ${customIds.join(', ')}.`);
    }
  }

  const submitInput = (input: unknown): Json => {
    if (!isObject(input)) {
      return {};
    }
    const customId = String(input['custom_id']);
    const value = fields[customId] ?? '';
    const minLength = typeof input['min_length'] === 'number' ? input['min_length'] : 0;
    const maxLength = typeof input['max_length'] === 'number' ? input['max_length'] : 4000;
    if (input['required'] !== false && value === '') {
      throw new Error(`Modal field "${customId}" is required.`);
    }
    if (value !== '' && (value.length < minLength || value.length > maxLength)) {
      throw new Error(`Modal field "${customId}" needs ${minLength} to ${maxLength} characters, got ${value.length}.`);
    }
    return {
      type: input['type'],
      ...(input['id'] !== undefined ? { id: input['id'] } : {}),
      custom_id: customId,
      value,
    };
  };

  return modalComponents.filter(isObject).map((node) => {
    const id = node['id'] !== undefined ? { id: node['id'] } : {};
    if (node['type'] === ComponentType.Label) {
      return { type: ComponentType.Label, ...id, component: submitInput(node['component']) };
    }
    if (node['type'] === ComponentType.ActionRow) {
      const children = Array.isArray(node['components']) ? node['components'] : [];
      return { type: ComponentType.ActionRow, ...id, components: children.map(submitInput) };
    }
    return { type: node['type'], ...id };
  });
}

/**
 * Dispatches a modal submit. When the bot showed a modal with this custom_id, the submitted fields must
 * match its text inputs, and a modal opened from a component carries that component's message.
 */
export async function submitModal(context: FakeContext, input: SubmitModalInput): Promise<InteractionRecord> {
  const { state } = context;
  const user = state.rememberUser(input.user);
  const channel = state.resolveUserChannel(input.channelId, input.guildId, user);
  const shownBy = findShownModal(state, input.customId, user.id);

  const components = shownBy?.modal
    ? buildModalSubmitComponents(shownBy.modal, input.fields)
    : Object.entries(input.fields).map(([customId, value]) => ({
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, custom_id: customId, value }],
      }));

  const sourceMessageId = shownBy?.sourceMessageId ?? null;
  const sourceMessage = sourceMessageId === null ? undefined : state.messages.get(sourceMessageId);
  const record = new InteractionRecord(state, {
    type: InteractionType.ModalSubmit,
    channel,
    user,
    label: `modal "${input.customId}"`,
    commandName: null,
    sourceMessageId: sourceMessage && !sourceMessage.deleted ? sourceMessage.id : null,
  });
  const data: Json = { custom_id: input.customId, components };
  const payload = basePayload(context, record, data, {
    memberPermissions: input.memberPermissions,
    message: sourceMessage && !sourceMessage.deleted ? sourceMessage : undefined,
  });
  await dispatchInteraction(context, record, payload);
  return record;
}
