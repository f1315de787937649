import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { inflateSync, constants as zlibConstants } from 'node:zlib';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  Routes,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Guild,
  type Interaction,
  type Message,
  type TextChannel,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from './index.js';

const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];

const alice: FakeUser = { id: '200000000000000001', username: 'alice' };

type InteractionHandler = (interaction: Interaction) => Promise<void>;

async function startClient(fake: FakeDiscord): Promise<Client> {
  const client = new Client({ intents: INTENTS, rest: { api: fake.apiUrl } });
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return client;
}

/** Expects `promise` to reject with a DiscordAPIError and returns it. */
async function expectApiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}

describe('fake Discord with discord.js', () => {
  let fake: FakeDiscord;
  let client: Client;
  let guildId: string;
  let channelId: string;
  let onInteraction: InteractionHandler = async () => undefined;
  const receivedMessages: Message[] = [];
  const receivedInteractions: Interaction[] = [];
  const handlerErrors: unknown[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = new Client({ intents: INTENTS, rest: { api: fake.apiUrl } });

    client.on(Events.MessageCreate, (message) => {
      receivedMessages.push(message);
      if (message.author.bot || !message.content.startsWith('!ping')) {
        return;
      }
      message.reply({ content: 'pong', allowedMentions: { repliedUser: false } }).catch((error: unknown) => {
        handlerErrors.push(error);
      });
    });
    client.on(Events.InteractionCreate, (interaction) => {
      receivedInteractions.push(interaction);
      onInteraction(interaction).catch((error: unknown) => {
        handlerErrors.push(error);
      });
    });

    const ready = once(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;

    const firstGuild = client.guilds.cache.first();
    guildId = firstGuild?.id ?? '';
    channelId = firstGuild?.channels.cache.first()?.id ?? '';
  });

  afterEach(() => {
    onInteraction = async () => undefined;
    expect(handlerErrors).toEqual([]);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  /** Waits until the client has emitted interactionCreate for the fake's interaction `id`. */
  function receivedInteraction(id: string): Promise<Interaction> {
    return vi.waitFor(() => {
      const found = receivedInteractions.find((candidate) => candidate.id === id);
      if (!found) {
        throw new Error(`The client has not received interaction ${id} yet.`);
      }
      return found;
    });
  }

  function textChannel(): TextChannel {
    return client.channels.cache.get(channelId) as TextChannel;
  }

  it('login caches guild and channel', () => {
    const guild = client.guilds.cache.get(guildId);
    const channel = client.channels.cache.get(channelId);

    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(guild?.name).toBe('Test Guild');
    expect(guild?.available).toBe(true);
    expect(guild?.roles.everyone.id).toBe(guildId);
    expect(guild?.members.me?.id).toBe(fake.botUser.id);
    expect(channel?.isTextBased()).toBe(true);
    expect((channel as TextChannel).name).toBe('general');
  });

  it('application fetch returns ids', async () => {
    const application = await client.application!.fetch();

    expect(application.id).toBe(fake.applicationId);
    expect(application.name).toBe(fake.botUser.username);
  });

  it('guild added later is dispatched', async () => {
    const created = once(client, Events.GuildCreate);

    const added = fake.addGuild({ name: 'Second Guild', channels: [{ name: 'qc' }, { name: 'help' }] });
    const [guild] = (await created) as [Guild];

    expect(guild.id).toBe(added.id);
    expect(guild.channels.cache.map((channel) => channel.name).sort()).toEqual(['help', 'qc']);
    expect(client.guilds.cache.has(added.id)).toBe(true);
  });

  it('message reply records reference', async () => {
    const posted = await fake.postMessage({ channelId, author: alice, content: '!ping' });

    const reply = await fake.waitForBotMessage((message) => message.messageReference?.message_id === posted.id);
    const request = await fake.waitForRequest(
      (candidate) => candidate.method === 'POST' && candidate.path === `/channels/${channelId}/messages`,
    );
    const received = receivedMessages.find((message) => message.id === posted.id);

    expect(received?.content).toBe('!ping');
    expect(received?.author.id).toBe(alice.id);
    expect(reply.content).toBe('pong');
    expect(reply.channelId).toBe(channelId);
    expect(reply.author.id).toBe(fake.botUser.id);
    expect(reply.allowedMentions).toMatchObject({ replied_user: false });
    expect(request.status).toBe(200);
    expect(request.body).toMatchObject({ message_reference: { message_id: posted.id } });
  });

  it('edited user message dispatches update', async () => {
    const posted = await fake.postMessage({ channelId, author: alice, content: 'before' });
    const updated = once(client, Events.MessageUpdate);

    await fake.editMessage(posted.id, 'after');
    const [, newMessage] = (await updated) as [Message, Message];

    expect(newMessage.id).toBe(posted.id);
    expect(newMessage.content).toBe('after');
  });

  it('slash command defers then edits', async () => {
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) {
        return;
      }
      await interaction.deferReply();
      await interaction.editReply(`QC for ${interaction.options.getString('link', true)}`);
    };
    const link = 'https://weidian.com/item.html?itemID=123';

    const interaction = await fake.runSlashCommand({
      name: 'qc',
      options: [{ name: 'link', type: 3, value: link }],
      channelId,
      user: alice,
    });
    const response = await interaction.waitForResponse((message) => message.content.startsWith('QC for'));
    const received = await receivedInteraction(interaction.id);

    const command = received as ChatInputCommandInteraction;

    expect(received.isChatInputCommand()).toBe(true);
    expect(command.commandName).toBe('qc');
    expect(command.options.getString('link')).toBe(link);
    expect(received.user.id).toBe(alice.id);
    expect(received.guildId).toBe(guildId);
    expect(interaction.callbacks.map((callback) => callback.type)).toEqual([5]);
    expect(interaction.ephemeral).toBe(false);
    expect(response.content).toBe(`QC for ${link}`);
    expect(response.flags & MessageFlags.Loading).toBe(0);
  });

  it('button deferUpdate edits message', async () => {
    const button = new ButtonBuilder().setCustomId('page:2').setLabel('Next').setStyle(ButtonStyle.Primary);
    const sent = await textChannel().send({
      content: 'Page 1',
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button)],
    });
    const [botMessage] = fake.botMessages(channelId).filter((message) => message.id === sent.id);
    onInteraction = async (interaction) => {
      if (!interaction.isButton()) {
        return;
      }
      await interaction.deferUpdate();
      await interaction.editReply({ content: 'Page 2' });
    };

    const interaction = await fake.clickButton({ message: botMessage!, customId: 'page:2', user: alice });
    const response = await interaction.waitForResponse();

    expect(interaction.callbacks.map((callback) => callback.type)).toEqual([6]);
    expect(response.id).toBe(sent.id);
    expect(response.content).toBe('Page 2');
    expect(fake.botMessages(channelId).find((message) => message.id === sent.id)?.content).toBe('Page 2');
  });

  it('select menu updates message', async () => {
    const select = new StringSelectMenuBuilder()
      .setCustomId('tier')
      .addOptions({ label: 'Basic', value: 'basic' }, { label: 'Premium', value: 'premium' });
    const sent = await textChannel().send({
      content: 'Choose a tier',
      components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(select)],
    });
    const botMessage = fake.botMessages(channelId).find((message) => message.id === sent.id);
    onInteraction = async (interaction) => {
      if (!interaction.isStringSelectMenu()) {
        return;
      }
      await interaction.update({ content: `Tier: ${interaction.values.join(',')}`, components: [] });
    };

    const interaction = await fake.selectMenu({ message: botMessage!, customId: 'tier', values: ['premium'], user: alice });
    const response = await interaction.waitForResponse((message) => message.content.startsWith('Tier'));

    expect(interaction.callbacks.map((callback) => callback.type)).toEqual([7]);
    expect(response.id).toBe(sent.id);
    expect(response.content).toBe('Tier: premium');
    expect(response.components).toEqual([]);
  });

  it('modal submit reaches handler', async () => {
    onInteraction = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const input = new TextInputBuilder().setCustomId('note').setLabel('Note').setStyle(TextInputStyle.Short);
        const modal = new ModalBuilder()
          .setCustomId('feedback')
          .setTitle('Feedback')
          .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
        await interaction.showModal(modal);
      } else if (interaction.isModalSubmit()) {
        await interaction.reply({
          content: `Noted: ${interaction.fields.getTextInputValue('note')}`,
          flags: MessageFlags.Ephemeral,
        });
      }
    };

    const command = await fake.runSlashCommand({ name: 'feedback', channelId, user: alice });
    const modalCallback = await command.waitForCallback();
    const submitted = await fake.submitModal({ customId: 'feedback', fields: { note: 'looks fine' }, channelId, user: alice });
    const response = await submitted.waitForResponse();

    expect(modalCallback.type).toBe(9);
    expect(modalCallback.data).toMatchObject({ custom_id: 'feedback', title: 'Feedback' });
    expect(response.content).toBe('Noted: looks fine');
    expect(submitted.ephemeral).toBe(true);
    expect(response.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });

  it('follow-up after reply is listed', async () => {
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) {
        return;
      }
      await interaction.reply('first');
      await interaction.followUp('second');
    };

    const interaction = await fake.runSlashCommand({ name: 'qc', channelId, user: alice });
    await fake.waitForBotMessage((message) => message.content === 'second');

    expect((await interaction.waitForResponse()).content).toBe('first');
    expect(interaction.followups.map((message) => message.content)).toEqual(['second']);
  });

  it('follow-up after defer replaces placeholder', async () => {
    onInteraction = async (interaction) => {
      if (!interaction.isChatInputCommand()) {
        return;
      }
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.followUp('done');
    };

    const interaction = await fake.runSlashCommand({ name: 'qc', channelId, user: alice });
    const response = await interaction.waitForResponse();

    expect(response.content).toBe('done');
    expect(response.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(interaction.followups).toEqual([]);
  });

  it('unknown custom_id is dispatched unchecked', async () => {
    const sent = await textChannel().send('No buttons here');
    const botMessage = fake.botMessages(channelId).find((message) => message.id === sent.id);

    const interaction = await fake.clickButton({ message: botMessage!, customId: 'forged', user: alice });
    const received = await receivedInteraction(interaction.id);

    expect(received.isButton()).toBe(true);
    expect((received as ButtonInteraction).customId).toBe('forged');
    expect((received as ButtonInteraction).message.id).toBe(sent.id);
  });

  it('disabled button cannot be clicked', async () => {
    const button = new ButtonBuilder().setCustomId('off').setLabel('Off').setStyle(ButtonStyle.Secondary).setDisabled(true);
    const sent = await textChannel().send({ content: 'Disabled', components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button)] });
    const botMessage = fake.botMessages(channelId).find((message) => message.id === sent.id);

    await expect(fake.clickButton({ message: botMessage!, customId: 'off', user: alice })).rejects.toThrow(/is disabled/);
  });

  it('DM slash command has user', async () => {
    onInteraction = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply('hello in DM');
      }
    };
    const dmChannelId = '300000000000000001';

    const interaction = await fake.runSlashCommand({ name: 'qc', channelId: dmChannelId, guildId: null, user: alice });
    const received = await receivedInteraction(interaction.id);
    const response = await interaction.waitForResponse();

    expect(received.guildId).toBeNull();
    expect(received.user.id).toBe(alice.id);
    expect(received.channelId).toBe(dmChannelId);
    expect(response.guildId).toBeNull();
    expect(response.content).toBe('hello in DM');
  });

  it('file upload becomes attachment', async () => {
    const bytes = Buffer.from('fake image bytes');

    const sent = await textChannel().send({ content: 'photo', files: [{ attachment: bytes, name: 'qc.jpg' }] });
    const stored = fake.botMessages(channelId).find((message) => message.id === sent.id);
    const download = await fetch(sent.attachments.first()!.url);

    expect(stored?.attachments).toHaveLength(1);
    expect(stored?.attachments[0]?.filename).toBe('qc.jpg');
    expect(stored?.attachments[0]?.size).toBe(bytes.length);
    expect(fake.requests.at(-1)?.body).toMatchObject({ content: 'photo' });
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('oversize embed is rejected', async () => {
    const error = await expectApiError(textChannel().send({ embeds: [{ description: 'x'.repeat(4097) }] }));
    const request = fake.requests.at(-1);

    expect(error.status).toBe(400);
    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({ errors: { embeds: { '0': { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } });
    expect(request?.status).toBe(400);
  });

  it('embed total over 6000 is rejected', async () => {
    const embeds = [1, 2].map(() => ({ description: 'y'.repeat(3001) }));

    const error = await expectApiError(textChannel().send({ embeds }));

    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({ errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } });
  });

  it('component limits are enforced', async () => {
    const buttons = ['a', 'a'].map((customId) => ({ type: 2, style: 1, custom_id: customId, label: 'x'.repeat(81) }));

    const error = await expectApiError(textChannel().send({ content: 'x', components: [{ type: 1, components: buttons }] }));
    const buttonErrors = (index: number, field: string, code: string): object => ({
      errors: { components: { '0': { components: { [index]: { [field]: { _errors: [{ code }] } } } } } },
    });

    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject(buttonErrors(0, 'label', 'BASE_TYPE_MAX_LENGTH'));
    expect(error.rawError).toMatchObject(buttonErrors(1, 'custom_id', 'COMPONENT_CUSTOM_ID_DUPLICATED'));
  });

  it('second acknowledgement is rejected', async () => {
    onInteraction = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply('first');
      }
    };
    const interaction = await fake.runSlashCommand({ name: 'qc', channelId, user: alice });
    await interaction.waitForCallback();

    const error = await expectApiError(
      client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
        body: { type: 4, data: { content: 'second' } },
        auth: false,
      }),
    );

    expect(error.status).toBe(400);
    expect(error.code).toBe(40060);
    expect(interaction.callbacks).toHaveLength(1);
  });

  it('callback with_response returns message', async () => {
    let resolveContent: (content: string | undefined) => void = () => undefined;
    const resourceContent = new Promise<string | undefined>((resolve) => {
      resolveContent = resolve;
    });
    onInteraction = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const response = await interaction.reply({ content: 'with response', withResponse: true });
        resolveContent(response.resource?.message?.content);
      }
    };

    const interaction = await fake.runSlashCommand({ name: 'qc', channelId, user: alice });
    const request = await fake.waitForRequest((candidate) => candidate.path.startsWith(`/interactions/${interaction.id}/`));

    expect(request.query['with_response']).toBe('true');
    expect(await resourceContent).toBe('with response');
  });

  it('commands registration echoes ids', async () => {
    await client.application!.commands.set([
      { name: 'qc', description: 'Look up QC photos', options: [{ name: 'link', description: 'Product link', type: 3, required: true }] },
    ]);
    const [registered] = fake.commands.global as Array<{ id: string; name: string }>;

    const interaction = await fake.runSlashCommand({ name: 'qc', options: [{ name: 'link', type: 3, value: 'x' }], channelId, user: alice });
    const received = (await receivedInteraction(interaction.id)) as ChatInputCommandInteraction;

    expect(registered?.name).toBe('qc');
    expect(registered?.id).toMatch(/^\d{17,20}$/);
    expect(received.commandId).toBe(registered?.id);
    await expect(fake.runSlashCommand({ name: 'qc', channelId, user: alice })).rejects.toThrow(/requires option "link"/);
  });

  it('invalid command name is rejected', async () => {
    const error = await expectApiError(
      client.rest.put(Routes.applicationGuildCommands(fake.applicationId, guildId), {
        body: [{ name: 'Bad Name', description: 'x' }],
      }),
    );

    expect(error.code).toBe(50035);
    expect(fake.commands.guilds.get(guildId) ?? []).toEqual([]);
  });

  it('request without token is unauthorized', async () => {
    const response = await fetch(`${fake.apiUrl}/v10/users/@me`);

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: '401: Unauthorized', code: 0 });
  });

  it('unknown route returns 404', async () => {
    const response = await fetch(`${fake.apiUrl}/v10/nowhere`, { headers: { Authorization: `Bot ${fake.token}` } });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: '404: Not Found', code: 0 });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/nowhere', status: 404 });
  });

  it('responses carry rate-limit headers', async () => {
    const response = await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: { Authorization: `Bot ${fake.token}` } });

    expect(response.status).toBe(200);
    expect(Number(response.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    expect(response.headers.get('x-ratelimit-limit')).not.toBeNull();
    expect(response.headers.get('x-ratelimit-reset')).not.toBeNull();
    expect(response.headers.get('x-ratelimit-reset-after')).not.toBeNull();
    expect(response.headers.get('x-ratelimit-bucket')).not.toBeNull();
  });
});

const RAW_GATEWAY_TIMEOUT_MS = 2_000;

interface RawPayload {
  op: number;
  t: string | null;
  d: any;
  /** Whether the payload arrived in a binary (compressed) frame. */
  binary: boolean;
}

interface RawGateway {
  socket: WebSocket;
  /** Resolves with the next payload with event name or opcode `match`, or the next payload of any kind. */
  next(match?: string | number): Promise<RawPayload>;
  close(): Promise<void>;
}

/**
 * Connects a plain WebSocket client. With zlib-stream it inflates frames with one shared context, as
 * @discordjs/ws does with zlib-sync. Other binary frames are separate zlib payloads (IDENTIFY compress).
 */
async function connectRawGateway(fake: FakeDiscord, compress: boolean): Promise<RawGateway> {
  const url = `${fake.gatewayUrl}?v=10&encoding=json${compress ? '&compress=zlib-stream' : ''}`;
  const socket = new WebSocket(url);
  const payloads: RawPayload[] = [];
  const waiters: Array<() => void> = [];
  let compressed = Buffer.alloc(0);
  let inflatedLength = 0;

  socket.on('message', (data: Buffer, isBinary) => {
    let text: string;
    if (isBinary && !compress) {
      text = inflateSync(data).toString('utf8');
    } else if (isBinary) {
      // Inflating everything received so far keeps the shared zlib context without a streaming inflater.
      compressed = Buffer.concat([compressed, data]);
      const inflated = inflateSync(compressed, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
      text = inflated.slice(inflatedLength);
      inflatedLength = inflated.length;
    } else {
      text = data.toString('utf8');
    }
    payloads.push({ ...JSON.parse(text), binary: isBinary });
    waiters.splice(0).forEach((wake) => wake());
  });
  await once(socket, 'open');

  return {
    socket,
    async next(match) {
      const deadline = Date.now() + RAW_GATEWAY_TIMEOUT_MS;
      for (;;) {
        const index = payloads.findIndex(
          (payload) => match === undefined || payload.t === match || payload.op === match,
        );
        if (index >= 0) {
          return payloads.splice(index, 1)[0]!;
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          throw new Error(`Timed out waiting for gateway payload ${String(match ?? 'of any kind')}.`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async close() {
      const closed = once(socket, 'close');
      socket.close(1000);
      await closed;
    },
  };
}

describe('fake Discord gateway', () => {
  let fake: FakeDiscord;

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ name: 'Raw Guild', channels: [{ name: 'lobby' }] }] });
  });

  afterAll(async () => {
    await fake?.close();
  });

  it('zlib-stream compression round-trips', async () => {
    const gateway = await connectRawGateway(fake, true);

    const hello = await gateway.next();
    gateway.socket.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, properties: {} } }));
    const ready = await gateway.next('READY');
    const guildCreate = await gateway.next('GUILD_CREATE');
    await gateway.close();

    expect(hello.op).toBe(10);
    expect(hello.binary).toBe(true);
    expect(ready.d.user.id).toBe(fake.botUser.id);
    expect(ready.d.guilds).toEqual([{ id: guildCreate.d.id, unavailable: true }]);
    expect(guildCreate.d.channels[0].name).toBe('lobby');
  });

  it('identify compress sends zlib payloads', async () => {
    const gateway = await connectRawGateway(fake, false);

    const hello = await gateway.next();
    gateway.socket.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, compress: true, properties: {} } }));
    const ready = await gateway.next('READY');
    await gateway.close();

    expect(hello.binary).toBe(false);
    expect(ready.binary).toBe(true);
    expect(ready.d.session_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('heartbeat is acknowledged', async () => {
    const gateway = await connectRawGateway(fake, false);
    await gateway.next();
    gateway.socket.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, properties: {} } }));
    await gateway.next('READY');

    gateway.socket.send(JSON.stringify({ op: 1, d: 1 }));
    const ack = await gateway.next(11);
    await gateway.close();

    expect(ack.op).toBe(11);
  });

  it('resume replays missed events', async () => {
    const first = await connectRawGateway(fake, false);
    await first.next();
    first.socket.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1 | 512 | 32768, properties: {} } }));
    const ready = await first.next('READY');
    const guildCreate = await first.next('GUILD_CREATE');
    const closed = once(first.socket, 'close');
    // discord.js closes with 4200 before it resumes, which keeps the session alive.
    first.socket.close(4200);
    await closed;

    const missed = await fake.postMessage({ channelId: guildCreate.d.channels[0].id, author: alice, content: 'while away' });
    const second = await connectRawGateway(fake, false);
    await second.next();
    second.socket.send(JSON.stringify({ op: 6, d: { token: fake.token, session_id: ready.d.session_id, seq: 2 } }));
    const replayed = await second.next('MESSAGE_CREATE');
    const resumed = await second.next('RESUMED');
    await second.close();

    expect(replayed.d.id).toBe(missed.id);
    expect(replayed.d.content).toBe('while away');
    expect(resumed.op).toBe(0);
  });

  it('content is hidden without intent', async () => {
    const gateway = await connectRawGateway(fake, false);
    await gateway.next();
    gateway.socket.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1 | 512, properties: {} } }));
    const guildCreate = await gateway.next('GUILD_CREATE');
    const channelId = guildCreate.d.channels[0].id as string;

    await fake.postMessage({ channelId, author: alice, content: 'secret' });
    const hidden = await gateway.next('MESSAGE_CREATE');
    await fake.postMessage({ channelId, author: alice, content: `<@${fake.botUser.id}> hello` });
    const mentioned = await gateway.next('MESSAGE_CREATE');
    await gateway.close();

    expect(hidden.d.content).toBe('');
    expect(mentioned.d.content).toBe(`<@${fake.botUser.id}> hello`);
  });

  it('wrong token closes with 4004', async () => {
    const gateway = await connectRawGateway(fake, false);
    await gateway.next();
    const closed = once(gateway.socket, 'close');

    gateway.socket.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } }));
    const [code] = (await closed) as [number];

    expect(code).toBe(4004);
  });
});

describe('fake Discord lifecycle', () => {
  it('late acknowledgement is rejected', async () => {
    const fake = await startFakeDiscord({ interactionAckTimeoutMs: 50 });
    const client = await startClient(fake);
    const lateReply = new Promise<unknown>((resolve) => {
      client.on(Events.InteractionCreate, (interaction) => {
        if (interaction.isChatInputCommand()) {
          setTimeout(() => {
            interaction.reply('too late').then(resolve, resolve);
          }, 150);
        }
      });
    });
    const channelId = client.channels.cache.first()?.id ?? '';

    try {
      const interaction = await fake.runSlashCommand({ name: 'qc', channelId, user: alice });
      const error = await expectApiError(lateReply.then((result) => Promise.reject(result)));

      expect(error.status).toBe(404);
      expect(error.code).toBe(10062);
      expect(interaction.callbacks).toEqual([]);
    } finally {
      await client.destroy();
      await fake.close();
    }
  });

  it('destroy and close let process exit', async () => {
    const script = fileURLToPath(new URL('./exit-check.fixture.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });

    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const [exitCode, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    clearTimeout(timer);

    expect(signal, output).toBeNull();
    expect(exitCode, output).toBe(0);
    expect(output).toContain('ready');
  });
});
