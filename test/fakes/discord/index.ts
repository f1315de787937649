/**
 * A fake Discord for end-to-end tests and the demo: REST API v10 and a WebSocket gateway on
 * 127.0.0.1, driven by the real discord.js Client.
 *
 * ```ts
 * const fake = await startFakeDiscord();
 * const client = new Client({ intents: [Guilds, GuildMessages, MessageContent], rest: { api: fake.apiUrl } });
 * await client.login(fake.token);
 * ```
 *
 * Destroy the client before `fake.close()`, because discord.js reconnects when the gateway closes.
 */
import { GatewayServer } from './gateway.js';
import { makeBotToken, SnowflakeGenerator } from './ids.js';
import { interactionRoutes } from './interaction-routes.js';
import { runSlashCommand, submitModal, useComponent } from './interactions.js';
import { createUserMessage, editUserMessage } from './messages.js';
import { toFakeMessage } from './payloads.js';
import { restRoutes } from './rest-routes.js';
import { Router } from './router.js';
import { startHttpServer } from './server.js';
import { FakeState, type FakeContext, type GuildRecord } from './state.js';
import type { FakeDiscord, FakeDiscordOptions, FakeGuild, FakeMessage, FakeUser } from './types.js';
import { DEFAULT_WAIT_MS } from './wait.js';

export type {
  ClickButtonInput,
  FakeAttachment,
  FakeChannel,
  FakeDiscord,
  FakeDiscordOptions,
  FakeGuild,
  FakeGuildInput,
  FakeInteraction,
  FakeInteractionCallback,
  FakeMessage,
  FakeMessageReference,
  FakeUser,
  PostMessageInput,
  RecordedRequest,
  RunSlashCommandInput,
  SelectMenuInput,
  SlashCommandOption,
  SubmitModalInput,
} from './types.js';
export { MESSAGE_LIMITS } from './limits.js';
export { COMMAND_LIMITS } from './command-limits.js';

/** Discord's acknowledgement deadline for interactions. */
const DEFAULT_INTERACTION_ACK_TIMEOUT_MS = 3_000;

function toFakeGuild(state: FakeState, guild: GuildRecord): FakeGuild {
  return {
    id: guild.id,
    name: guild.name,
    ownerId: guild.ownerId,
    channels: guild.channelIds.flatMap((id) => {
      const channel = state.channels.get(id);
      return channel ? [{ id: channel.id, name: channel.name, type: channel.type }] : [];
    }),
  };
}

function describeBotMessages(messages: FakeMessage[]): string {
  if (messages.length === 0) {
    return 'none';
  }
  return messages
    .map((message) => {
      const content = message.content.length > 80 ? `${message.content.slice(0, 80)}…` : message.content;
      return `${message.id} in ${message.channelId} (flags ${message.flags}, ${message.embeds.length} embeds): ${JSON.stringify(content)}`;
    })
    .join('; ');
}

/** Starts the fake on 127.0.0.1 with random ports. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const ids = new SnowflakeGenerator();
  const botUser: FakeUser = {
    id: options.botUser?.id ?? ids.next(),
    username: options.botUser?.username ?? 'Fake Bot',
    bot: true,
    ...(options.botUser?.globalName !== undefined ? { globalName: options.botUser.globalName } : {}),
  };
  const applicationId = options.applicationId ?? botUser.id;
  const token = options.token ?? makeBotToken(botUser.id);
  const state = new FakeState(
    {
      token,
      applicationId,
      botUser,
      interactionAckTimeoutMs: options.interactionAckTimeoutMs ?? DEFAULT_INTERACTION_ACK_TIMEOUT_MS,
    },
    ids,
  );
  for (const guild of options.guilds ?? [{ name: 'Test Guild', channels: [{ name: 'general' }] }]) {
    state.addGuild(guild);
  }

  const gateway = new GatewayServer(state);
  const context: FakeContext = { state, gateway };
  const http = await startHttpServer(context, new Router([...restRoutes(), ...interactionRoutes]));
  state.origin = http.origin;

  const requireSession = (action: string): void => {
    if (gateway.sessionCount === 0) {
      throw new Error(`Cannot ${action}: no client is logged in to the fake gateway. Call client.login(fake.token) first.`);
    }
  };
  let closing: Promise<void> | null = null;

  const fake: FakeDiscord = {
    apiUrl: `${http.origin}/api`,
    gatewayUrl: state.gatewayUrl,
    token,
    applicationId,
    botUser: { ...botUser },
    requests: state.requests,
    commands: state.commands,

    addGuild(input) {
      const guild = state.addGuild(input);
      void gateway.dispatchGuildCreate(guild);
      return toFakeGuild(state, guild);
    },

    async postMessage(input) {
      requireSession('post a message');
      const author = state.rememberUser(input.author);
      const channel = state.resolveUserChannel(input.channelId, input.guildId, author);
      const guild = channel.guildId === null ? undefined : state.guilds.get(channel.guildId);
      if (guild && input.webhookId === undefined) {
        state.ensureMember(guild, author.id);
      }
      const message = await createUserMessage(context, channel, author, input.content, input.webhookId ?? null);
      return toFakeMessage(message);
    },

    async editMessage(messageId, content) {
      requireSession('edit a message');
      const message = state.messages.get(messageId);
      if (!message || message.deleted) {
        throw new Error(`Message ${messageId} does not exist or was deleted.`);
      }
      if (message.author.id === botUser.id) {
        throw new Error(`Message ${messageId} is the bot's own message. editMessage edits messages from postMessage.`);
      }
      return toFakeMessage(await editUserMessage(context, message, content));
    },

    waitForBotMessage(predicate, timeoutMs = DEFAULT_WAIT_MS) {
      return state.changes.waitFor(
        () => state.botMessages().map(toFakeMessage).find(predicate),
        timeoutMs,
        () => `no bot message matched the predicate. Bot messages: ${describeBotMessages(fake.botMessages())}`,
      );
    },

    botMessages(channelId) {
      return state.botMessages(channelId).map(toFakeMessage);
    },

    runSlashCommand: (input) => runSlashCommand(context, input),
    clickButton: (input) => useComponent(context, input, 'button'),
    selectMenu: (input) => useComponent(context, input, 'select'),
    submitModal: (input) => submitModal(context, input),

    waitForRequest(predicate, timeoutMs = DEFAULT_WAIT_MS) {
      return state.changes.waitFor(
        () => state.requests.find(predicate),
        timeoutMs,
        () => {
          const seen = state.requests.map((request) => `${request.method} ${request.path} → ${request.status}`);
          return `no request matched the predicate. Requests: ${seen.join('; ') || 'none'}`;
        },
      );
    },

    close() {
      closing ??= (async () => {
        state.changes.close();
        await gateway.close();
        await http.close();
      })();
      return closing;
    },
  };
  return fake;
}
