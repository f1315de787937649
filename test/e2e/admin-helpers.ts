import { PermissionFlagsBits } from 'discord.js';
import type { FakeInteraction, FakeMessage, SlashCommandOption } from '../fakes/discord/index.js';
import { EVERYONE_PERMISSIONS } from '../fakes/discord/permissions.js';
import type { TestStack } from '../fakes/stack.js';
import { replyTo } from './helpers.js';

export const BOOLEAN_OPTION = 5;
export const INTEGER_OPTION = 4;
export const CHANNEL_OPTION = 7;
export const STRING_OPTION = 3;
export const EPHEMERAL = 64;
export const MODAL_CALLBACK = 9;

/** An ordinary member's permissions, as a decimal string: everything @everyone has, without Manage Server. */
export const MEMBER_PERMISSIONS = EVERYONE_PERMISSIONS.toString();
/** An admin's permissions: an ordinary member's plus Manage Server. */
export const ADMIN_PERMISSIONS = (EVERYONE_PERMISSIONS | PermissionFlagsBits.ManageGuild).toString();

export interface AdminCommandInput {
  group?: 'key';
  subcommand: string;
  options?: SlashCommandOption[];
  /** Default: the stack's admin with Manage Server. */
  permissions?: string;
  /** Default: the stack's first guild channel. */
  channelId?: string;
  /** Null runs the command in a DM. */
  guildId?: string | null;
}

export function runAdmin(stack: TestStack, input: AdminCommandInput): Promise<FakeInteraction> {
  return stack.discord.runSlashCommand({
    name: 'qc-admin',
    ...(input.group ? { subcommandGroup: input.group } : {}),
    subcommand: input.subcommand,
    options: input.options ?? [],
    channelId: input.channelId ?? stack.channelId,
    ...(input.guildId !== undefined ? { guildId: input.guildId } : {}),
    user: stack.admin,
    memberPermissions: input.permissions ?? ADMIN_PERMISSIONS,
  });
}

/** Runs an admin command and returns the text of its private reply, after the deferral is edited. */
export async function adminReply(stack: TestStack, input: AdminCommandInput): Promise<string> {
  const interaction = await runAdmin(stack, input);
  return (await interaction.waitForResponse(undefined, 10_000)).content;
}

/**
 * Sets a guild key the way an admin does: opens the form with `/qc-admin key set`, then submits
 * it. Returns the submit interaction, whose response is the private confirmation or refusal.
 */
export async function submitGuildKey(stack: TestStack, apiKey: string, where: { channelId?: string; permissions?: string } = {}): Promise<FakeInteraction> {
  const channelId = where.channelId ?? stack.channelId;
  const opened = await runAdmin(stack, { group: 'key', subcommand: 'set', channelId, ...(where.permissions ? { permissions: where.permissions } : {}) });
  await opened.waitForCallback(5_000);
  return stack.discord.submitModal({
    customId: 'qc-admin:key-set',
    fields: { 'api-key': apiKey },
    channelId,
    user: stack.admin,
    memberPermissions: where.permissions ?? ADMIN_PERMISSIONS,
  });
}

/** Sets a guild key and returns the text of the confirmation. */
export async function setGuildKey(stack: TestStack, apiKey: string, channelId?: string): Promise<string> {
  const submitted = await submitGuildKey(stack, apiKey, channelId ? { channelId } : {});
  return (await submitted.waitForResponse(undefined, 10_000)).content;
}

/** Log messages after which the bot sends no reply to a pasted message. */
const SILENT_OUTCOMES = ['Link detection is off in this channel; links ignored', 'Nothing to show for these links; no reply'];

/**
 * Posts a message and waits until the bot logs that it handled it without a reply. Returns the
 * bot's reply if one was sent all the same, so a test can assert that there is none.
 */
export async function pasteExpectingSilence(stack: TestStack, content: string, channelId = stack.channelId): Promise<FakeMessage | undefined> {
  const posted = await stack.discord.postMessage({ channelId, author: stack.member, content });
  await waitForLogLine(stack, (line) => line.messageId === posted.id && SILENT_OUTCOMES.includes(String(line.msg)));
  return stack.discord.botMessages(channelId).find(replyTo(posted.id));
}

/** Waits until the bot writes a log line that matches, and returns it parsed. */
export async function waitForLogLine(stack: TestStack, predicate: (line: Record<string, unknown>) => boolean, timeoutMs = 10_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = stack.logLines().map((line) => JSON.parse(line) as Record<string, unknown>).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('No log line matched within the timeout');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Joins every REST body the bot sent to the fake Discord into one string, for leak checks. */
export function restBodiesText(stack: TestStack): string {
  return stack.discord.requests.map((request) => JSON.stringify(request.body ?? null)).join('\n');
}
