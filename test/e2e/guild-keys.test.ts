import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock, fakeApiKey, type FakeClock } from '../fakes/qualitly/index.js';
import { startTestStack, type TestStack } from '../fakes/stack.js';
import { EPHEMERAL, STRING_OPTION, adminReply, pasteExpectingSilence, setGuildKey } from './admin-helpers.js';
import { embedsOf, pasteAndWait } from './helpers.js';

const LINK = 'https://weidian.com/item.html?itemID=7231368393';
const NOT_SET_LINE = 'QC lookups are not set up in this server yet: it needs a Qualit.ly API key. A server admin can add one with `/qc-admin key set`.';
const REJECTED_LINE = "Qualit.ly rejected this server's API key, so QC lookups are paused here. A server admin needs to set a new key with `/qc-admin key set`.";
const HOUR_MS = 60 * 60 * 1000;

describe('guild without a key', () => {
  let stack: TestStack;
  let clock: FakeClock;

  beforeAll(async () => {
    clock = createFakeClock();
    stack = await startTestStack({ operatorKey: false, clock });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('asks for a key once per hour', async () => {
    const first = await pasteAndWait(stack, LINK);
    const second = await pasteExpectingSilence(stack, LINK);
    clock.advance(HOUR_MS + 1_000);
    const afterAnHour = await pasteAndWait(stack, LINK);

    expect(first.content).toBe(NOT_SET_LINE);
    expect(second).toBeUndefined();
    expect(afterAnHour.content).toBe(NOT_SET_LINE);
  });

  it('asks in each channel once', async () => {
    const reply = await pasteAndWait(stack, LINK, stack.otherChannelId);

    expect(reply.content).toBe(NOT_SET_LINE);
  });

  it('sends no request without a key', () => {
    expect(stack.qualitly.requests).toEqual([]);
  });

  it('tells /qc privately every time', async () => {
    for (let round = 0; round < 2; round += 1) {
      const interaction = await stack.discord.runSlashCommand({
        name: 'qc',
        options: [{ name: 'link', type: STRING_OPTION, value: LINK }],
        channelId: stack.channelId,
        user: stack.member,
      });
      const callback = await interaction.waitForCallback(5_000);

      expect(callback.type).toBe(4);
      expect(callback.data.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(callback.data.content).toBe(NOT_SET_LINE);
    }
  });

  it('answers privately before settings load', async () => {
    // With nothing in memory, /qc defers before it may read the store, then moves the notice out of the channel.
    stack.bot.context.settings.clearCache();
    const earlier = new Set(stack.discord.botMessages().map((message) => message.id));
    const interaction = await stack.discord.runSlashCommand({
      name: 'qc',
      options: [{ name: 'link', type: STRING_OPTION, value: LINK }],
      channelId: stack.channelId,
      user: stack.member,
    });
    const followup = await stack.discord.waitForBotMessage((message) => !earlier.has(message.id) && message.content === NOT_SET_LINE, 10_000);

    expect(interaction.callbacks[0]?.type).toBe(5);
    expect(interaction.ephemeral).toBe(false);
    expect(followup.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(interaction.followups.map((message) => message.id)).toEqual([followup.id]);
    expect(stack.discord.botMessages().filter((message) => !earlier.has(message.id)).map((message) => message.id)).toEqual([followup.id]);
  });

  it('explains /qc in a DM', async () => {
    const interaction = await stack.discord.runSlashCommand({
      name: 'qc',
      options: [{ name: 'link', type: STRING_OPTION, value: LINK }],
      channelId: '290000000000000002',
      guildId: null,
      user: stack.member,
    });
    const callback = await interaction.waitForCallback(5_000);

    expect(callback.data.content).toMatch(/not available in direct messages/);
  });
});

describe('operator key kept for itself', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ operatorKeyForAllGuilds: false });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('asks guilds for their own key', async () => {
    const reply = await pasteAndWait(stack, LINK);

    expect(reply.content).toBe(NOT_SET_LINE);
  });

  it('status says there is no key', async () => {
    const status = await adminReply(stack, { subcommand: 'status' });

    expect(status).toContain('**Key:** none');
  });
});

describe('rejected guild key', () => {
  const firstGuildKey = fakeApiKey('FirstGuildKeyToBeRevoked');
  const secondGuildKey = fakeApiKey('SecondGuildKeyStaysValid');
  const replacementKey = fakeApiKey('FirstGuildReplacementKey');
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    stack.qualitly.addKey({ key: firstGuildKey, accountId: 6101, keyId: 6101, tier: 'basic' });
    stack.qualitly.addKey({ key: secondGuildKey, accountId: 6102, keyId: 6102, tier: 'basic' });
    stack.qualitly.addKey({ key: replacementKey, accountId: 6101, keyId: 6103, tier: 'basic' });
    await setGuildKey(stack, firstGuildKey);
    await setGuildKey(stack, secondGuildKey, stack.secondGuildChannelId);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('stops lookups in that guild only', async () => {
    const before = await pasteAndWait(stack, 'https://detail.1688.com/offer/612345678901.html');
    stack.qualitly.revokeKey(firstGuildKey);
    const rejected = await pasteAndWait(stack, 'https://item.taobao.com/item.htm?id=720000000042');
    const paused = await pasteAndWait(stack, 'https://weidian.com/item.html?itemID=7400000001');
    const otherGuild = await pasteAndWait(stack, 'https://weidian.com/item.html?itemID=7400000001', stack.secondGuildChannelId);

    expect(embedsOf(before)).toHaveLength(1);
    expect(rejected.content).toBe(REJECTED_LINE);
    expect(paused.content).toBe(REJECTED_LINE);
    expect(embedsOf(otherGuild)).toHaveLength(1);
  });

  it('sends nothing after the first rejection', async () => {
    await pasteExpectingSilence(stack, LINK);
    const requests = stack.qualitly.requests;
    const firstRejection = requests.findIndex((request) => request.keyId === 6101 && request.code === 'REVOKED_KEY');
    const later = requests.slice(firstRejection + 1).filter((request) => request.keyId === 6101);

    expect(firstRejection).toBeGreaterThanOrEqual(0);
    expect(later).toEqual([]);
  });

  it('keeps the other guild paying', () => {
    const secondGuildProducts = stack.qualitly.requests.filter((request) => request.keyId === 6102 && request.path.startsWith('/products/'));

    expect(secondGuildProducts.length).toBeGreaterThan(0);
  });

  it('warns admins first', async () => {
    const status = await adminReply(stack, { subcommand: 'status' });
    const settings = await adminReply(stack, { subcommand: 'settings' });

    expect(status.split('\n')[0]).toMatch(/^⚠️ Qualit\.ly reports that this server's key was revoked <t:\d+:R>/);
    expect(settings.split('\n')[0]).toMatch(/^⚠️ Qualit\.ly reports that this server's key was revoked/);
  });

  it('status sends no request', async () => {
    const before = stack.qualitly.requests.length;
    await adminReply(stack, { subcommand: 'status' });

    expect(stack.qualitly.requests.length).toBe(before);
  });

  it('new key clears the mark', async () => {
    const saved = await setGuildKey(stack, replacementKey);
    const reply = await pasteAndWait(stack, 'https://item.taobao.com/item.htm?id=652812345678');
    const status = await adminReply(stack, { subcommand: 'status' });

    expect(saved).toMatch(/^Saved\./);
    expect(embedsOf(reply)).toHaveLength(1);
    expect(status).not.toContain('⚠️');
  });
});

describe('changed encryption secret', () => {
  const guildKey = fakeApiKey('KeySealedUnderTheOldSecret');
  const dataDir = join(tmpdir(), `qc-bot-secret-${process.pid}-${Date.now()}`);

  it('loses the key, never shows it', async () => {
    const first = await startTestStack({ dataDir, encryptionSecret: 'a1'.repeat(32) });
    first.qualitly.addKey({ key: guildKey, accountId: 6201, keyId: 6201, tier: 'pro' });
    await setGuildKey(first, guildKey);
    await first.stop();
    const stored = await readFile(join(dataDir, 'settings.sqlite'));

    const second = await startTestStack({ dataDir, encryptionSecret: 'b2'.repeat(32) });
    try {
      const status = await adminReply(second, { subcommand: 'status' });
      const reply = await pasteAndWait(second, LINK);
      const paidWith = second.qualitly.requests.filter((request) => request.path.startsWith('/products/')).map((request) => request.keyId);

      expect(stored.includes('"sealed":"v1.')).toBe(true);
      expect(stored.includes(guildKey.slice('qc_live_'.length))).toBe(false);
      expect(status.split('\n')[0]).toMatch(/can no longer be decrypted/);
      expect(status).toContain("**Key:** the bot operator's key");
      expect(embedsOf(reply)).toHaveLength(1);
      expect(paidWith).toEqual([4242]);
      expect(second.logLines().join('\n')).not.toContain(guildKey.slice('qc_live_'.length));
    } finally {
      await second.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
