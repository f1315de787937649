import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeApiKey } from '../fakes/qualitly/index.js';
import { startTestStack, type TestStackOptions } from '../fakes/stack.js';
import { BOOLEAN_OPTION, CHANNEL_OPTION, INTEGER_OPTION, adminReply, pasteExpectingSilence, setGuildKey } from './admin-helpers.js';
import { embedsOf, pasteAndWait } from './helpers.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const GUILD_KEY = fakeApiKey(`${'SurvivesRestarts'.padEnd(28, 'r')}c0de`);
const GUILD_KEY_ID = 7101;
const THREE_LINKS = [
  'https://weidian.com/item.html?itemID=7231368393',
  'https://detail.1688.com/offer/612345678901.html',
  'https://item.taobao.com/item.htm?id=720000000042',
].join(' ');

/** Starts a stack and adds the guild key to its fake Qualit.ly, which is new in every stack. */
async function startWithGuildKey(options: TestStackOptions) {
  const stack = await startTestStack(options);
  stack.qualitly.addKey({ key: GUILD_KEY, accountId: 7101, keyId: GUILD_KEY_ID, tier: 'pro' });
  return stack;
}

/** Sets a key and two settings in the first stack, restarts on the same storage, and checks all three. */
async function checkRestartKeepsSettings(options: TestStackOptions) {
  const first = await startWithGuildKey(options);
  try {
    await setGuildKey(first, GUILD_KEY);
    await adminReply(first, { subcommand: 'settings', options: [{ name: 'products_per_message', type: INTEGER_OPTION, value: 2 }] });
    await adminReply(first, {
      subcommand: 'channel',
      options: [
        { name: 'channel', type: CHANNEL_OPTION, value: first.otherChannelId },
        { name: 'enabled', type: BOOLEAN_OPTION, value: false },
      ],
    });
  } finally {
    await first.stop();
  }

  const second = await startWithGuildKey(options);
  try {
    const status = await adminReply(second, { subcommand: 'status' });
    const reply = await pasteAndWait(second, THREE_LINKS);
    const paidWith = second.qualitly.requests.filter((request) => request.path.startsWith('/products/')).map((request) => request.keyId);
    const silent = await pasteExpectingSilence(second, THREE_LINKS, second.otherChannelId);

    expect(status).toContain("this server's own key `qc_live_…c0de`");
    expect(embedsOf(reply)).toHaveLength(2);
    expect(new Set(paidWith)).toEqual(new Set([GUILD_KEY_ID]));
    expect(silent).toBeUndefined();
  } finally {
    await second.bot.settingsStore.keyv.clear();
    await second.bot.cache.clear();
    await second.stop();
  }
}

describe('settings across a restart', () => {
  it('survive with the embedded store', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'qc-bot-restart-'));
    try {
      await checkRestartKeepsSettings({ dataDir });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('survive with Redis', async () => {
    const id = randomUUID();
    await checkRestartKeepsSettings({ redisUrl: REDIS_URL, settingsNamespace: `e2e-settings-${id}`, cacheNamespace: `e2e-cache-${id}` });
  });
});

describe('response cache clear', () => {
  it('leaves settings in Redis alone', async () => {
    const id = randomUUID();
    const stack = await startWithGuildKey({ redisUrl: REDIS_URL, settingsNamespace: `e2e-settings-${id}`, cacheNamespace: `e2e-cache-${id}` });
    try {
      await setGuildKey(stack, GUILD_KEY);
      await adminReply(stack, { subcommand: 'settings', options: [{ name: 'products_per_message', type: INTEGER_OPTION, value: 4 }] });
      await pasteAndWait(stack, 'https://weidian.com/item.html?itemID=7231368393');
      const cachedBefore = await stack.bot.cache.get('product:weidian:7231368393');

      await stack.bot.cache.clear();
      stack.bot.context.settings.clearCache();
      const cachedAfter = await stack.bot.cache.get('product:weidian:7231368393');
      const settings = await stack.bot.context.settings.freshSettings(stack.guildId);
      const key = await stack.bot.context.settings.inspectKey(stack.guildId);

      expect(cachedBefore).toBeDefined();
      expect(cachedAfter).toBeUndefined();
      expect(settings.productsPerMessage).toBe(4);
      expect(key.kind).toBe('stored');
    } finally {
      await stack.bot.settingsStore.keyv.clear();
      await stack.stop();
    }
  });
});
