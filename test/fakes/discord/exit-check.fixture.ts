/**
 * Runs in a child process of fake-discord.test.ts: logs in, exchanges a message, then destroys the
 * client and closes the fake. The process must then exit by itself, which proves that neither left
 * a socket or timer open.
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type TextChannel } from 'discord.js';
import { startFakeDiscord } from './index.js';

const fake = await startFakeDiscord();
const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
  rest: { api: fake.apiUrl },
});
const ready = once(client, Events.ClientReady);
await client.login(fake.token);
await ready;

const channel = client.channels.cache.find((candidate) => candidate.isTextBased()) as TextChannel;
const received = once(client, Events.MessageCreate);
await fake.postMessage({ channelId: channel.id, author: { id: '200000000000000009', username: 'carol' }, content: 'hi' });
await received;
await channel.send('hello');
console.log('ready');

await client.destroy();
await fake.close();
