import type { FakeMessage } from '../fakes/discord/index.js';
import type { TestStack } from '../fakes/stack.js';

/** The parts of Discord's JSON that the assertions read. */
export interface EmbedJson {
  title?: string;
  url?: string;
  description?: string;
  image?: { url: string };
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
}

export interface ComponentJson {
  type: number;
  custom_id?: string;
  label?: string;
  disabled?: boolean;
  emoji?: { name?: string };
  options?: Array<{ value: string; label: string; default?: boolean }>;
  components?: ComponentJson[];
}

export function embedsOf(message: FakeMessage): EmbedJson[] {
  return message.embeds as EmbedJson[];
}

export function fieldValue(embed: EmbedJson | undefined, name: string): string | undefined {
  return embed?.fields?.find((field) => field.name === name)?.value;
}

/** Returns every component of a message, with the action rows flattened. */
export function componentsOf(message: FakeMessage): ComponentJson[] {
  return (message.components as ComponentJson[]).flatMap((row) => row.components ?? []);
}

export function buttonByEmoji(message: FakeMessage, emoji: string): ComponentJson | undefined {
  return componentsOf(message).find((component) => component.type === 2 && component.emoji?.name === emoji);
}

export function counterLabel(message: FakeMessage): string | undefined {
  return componentsOf(message).find((component) => component.custom_id?.startsWith('count:'))?.label;
}

export function replyTo(messageId: string) {
  return (message: FakeMessage) => message.messageReference?.message_id === messageId;
}

/** Posts a message as the stack's member and waits for the bot's reply to it. */
export async function paste(stack: TestStack, content: string, channelId = stack.channelId): Promise<{ posted: FakeMessage; reply: FakeMessage }> {
  const posted = await stack.discord.postMessage({ channelId, author: stack.member, content });
  const reply = await stack.discord.waitForBotMessage(replyTo(posted.id), 10_000);
  return { posted, reply };
}

/** Posts a message as the stack's member and returns the bot's reply to it. */
export async function pasteAndWait(stack: TestStack, content: string, channelId = stack.channelId): Promise<FakeMessage> {
  return (await paste(stack, content, channelId)).reply;
}
