import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeApiKey } from '../fakes/qualitly/index.js';
import { startTestStack, type TestStack } from '../fakes/stack.js';
import { ADMIN_PERMISSIONS, BOOLEAN_OPTION, EPHEMERAL, INTEGER_OPTION, MEMBER_PERMISSIONS, MODAL_CALLBACK, adminReply, restBodiesText, runAdmin, setGuildKey, submitGuildKey } from './admin-helpers.js';
import { pasteAndWait } from './helpers.js';

/** Guild keys end in distinct characters so that the masked form can be checked. */
const GOOD_KEY = fakeApiKey(`${'RepFashionGood'.padEnd(28, 'x')}7f3a`);
const UNKNOWN_KEY = fakeApiKey(`${'NeverIssued'.padEnd(28, 'y')}0b1c`);
const REVOKED_KEY = fakeApiKey(`${'RevokedLongAgo'.padEnd(28, 'z')}9d2e`);
const MALFORMED_KEY = `qc_live_${'M4lformedButSecret'.padEnd(24, 'q')}`;
const GUILD_ACCOUNT_ID = 5101;
const DM_CHANNEL_ID = '290000000000000001';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
  stack.qualitly.addKey({ key: GOOD_KEY, accountId: GUILD_ACCOUNT_ID, tier: 'pro', keyId: 5101 });
  stack.qualitly.addKey({ key: REVOKED_KEY, accountId: 5102, tier: 'basic', keyId: 5102, revoked: true });
});

afterAll(async () => {
  await stack?.stop();
});

function registeredAdminCommand(): Record<string, unknown> | undefined {
  return stack.discord.commands.global.find((command) => (command as { name?: string }).name === 'qc-admin') as Record<string, unknown> | undefined;
}

describe('/qc-admin registration', () => {
  it('is offered in servers only', () => {
    expect(registeredAdminCommand()?.['contexts']).toEqual([0]);
  });

  it('defaults to Manage Server', () => {
    expect(registeredAdminCommand()?.['default_member_permissions']).toBe('32');
  });

  it('takes the key in no option', () => {
    const groups = registeredAdminCommand()?.['options'] as Array<{ name: string; options?: Array<{ name: string; options?: unknown[] }> }>;
    const keySet = groups.find((option) => option.name === 'key')?.options?.find((option) => option.name === 'set');

    expect(keySet).toBeDefined();
    expect(keySet?.options ?? []).toEqual([]);
  });
});

describe('/qc-admin access', () => {
  it('refuses a member without Manage Server', async () => {
    const interaction = await runAdmin(stack, { subcommand: 'status', permissions: MEMBER_PERMISSIONS });
    const callback = await interaction.waitForCallback(5_000);

    expect(callback.type).toBe(4);
    expect(callback.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(callback.data.content).toMatch(/need the Manage Server permission/);
  });

  it('shows no key form without permission', async () => {
    const interaction = await runAdmin(stack, { group: 'key', subcommand: 'set', permissions: MEMBER_PERMISSIONS });
    const callback = await interaction.waitForCallback(5_000);

    expect(callback.type).toBe(4);
    expect(callback.data.content).toMatch(/need the Manage Server permission/);
  });

  it('refuses a forged key form submit', async () => {
    const forged = await stack.discord.submitModal({
      customId: 'qc-admin:key-set',
      fields: { 'api-key': GOOD_KEY },
      channelId: stack.channelId,
      user: stack.member,
      memberPermissions: MEMBER_PERMISSIONS,
    });
    const callback = await forged.waitForCallback(5_000);
    const status = await adminReply(stack, { subcommand: 'status' });

    expect(callback.data.content).toMatch(/need the Manage Server permission/);
    expect(status).toMatch(/the bot operator's key/);
  });

  it('refuses a forged DM command', async () => {
    const interaction = await runAdmin(stack, { subcommand: 'settings', guildId: null, channelId: DM_CHANNEL_ID });
    const callback = await interaction.waitForCallback(5_000);

    expect(callback.data.content).toMatch(/only work inside a server/);
    expect(callback.data.flags & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('answers an unknown form as stale', async () => {
    const forged = await stack.discord.submitModal({
      customId: 'qc-admin:retired-form',
      fields: { 'api-key': GOOD_KEY },
      channelId: stack.channelId,
      user: stack.admin,
      memberPermissions: ADMIN_PERMISSIONS,
    });
    const callback = await forged.waitForCallback(5_000);

    expect(callback.data.content).toMatch(/This form has expired/);
    expect(callback.data.flags & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('refuses a forged DM form submit', async () => {
    const forged = await stack.discord.submitModal({
      customId: 'qc-admin:key-set',
      fields: { 'api-key': GOOD_KEY },
      channelId: DM_CHANNEL_ID,
      guildId: null,
      user: stack.admin,
      memberPermissions: ADMIN_PERMISSIONS,
    });
    const callback = await forged.waitForCallback(5_000);

    expect(callback.data.content).toMatch(/only work inside a server/);
  });
});

describe('/qc-admin key set', () => {
  it('answers with a form', async () => {
    const interaction = await runAdmin(stack, { group: 'key', subcommand: 'set' });
    const callback = await interaction.waitForCallback(5_000);
    const field = callback.data.components?.[0]?.component;

    expect(callback.type).toBe(MODAL_CALLBACK);
    expect(callback.data.custom_id).toBe('qc-admin:key-set');
    expect(field?.custom_id).toBe('api-key');
  });

  it('refuses an unknown key', async () => {
    const reply = await setGuildKey(stack, UNKNOWN_KEY);

    expect(reply).toMatch(/does not recognise that key, so it was not saved/);
  });

  it('refuses a revoked key', async () => {
    const reply = await setGuildKey(stack, REVOKED_KEY);

    expect(reply).toMatch(/was revoked in the Qualit\.ly dashboard, so it was not saved/);
  });

  it('refuses a malformed key unsent', async () => {
    const requestsBefore = stack.qualitly.requests.length;
    const reply = await setGuildKey(stack, MALFORMED_KEY);

    expect(reply).toMatch(/not a Qualit\.ly API key/);
    expect(stack.qualitly.requests.length).toBe(requestsBefore);
  });

  it('stores a good key', async () => {
    const reply = await setGuildKey(stack, GOOD_KEY);

    expect(reply).toContain('`qc_live_…7f3a`');
    expect(reply).toContain('**Pro** plan');
  });

  it('replies to the admin privately', async () => {
    const submitted = await submitGuildKey(stack, GOOD_KEY);
    const callback = await submitted.waitForCallback(5_000);

    expect(callback.type).toBe(5);
    expect(submitted.ephemeral).toBe(true);
  });

  it('pays lookups with the stored key', async () => {
    await setGuildKey(stack, GOOD_KEY);
    const reply = await pasteAndWait(stack, 'https://weidian.com/item.html?itemID=7400000001');
    const paidWith = stack.qualitly.requests.filter((request) => request.path === '/products/weidian/7400000001').map((request) => request.keyId);

    expect(reply.embeds).toHaveLength(1);
    expect(paidWith).toEqual([5101]);
  });

  it.each([
    ['good', GOOD_KEY],
    ['unknown', UNKNOWN_KEY],
    ['revoked', REVOKED_KEY],
    ['malformed', MALFORMED_KEY],
  ])('keeps a %s key secret', async (_case, apiKey) => {
    const submitted = await submitGuildKey(stack, apiKey);
    const response = await submitted.waitForResponse(undefined, 10_000);
    const randomPart = apiKey.slice('qc_live_'.length);

    expect(response.content).not.toContain(randomPart);
    expect(restBodiesText(stack)).not.toContain(randomPart);
    expect(stack.logLines().join('\n')).not.toContain(randomPart);
  });
});

describe('/qc-admin status', () => {
  it('shows the masked key', async () => {
    await setGuildKey(stack, GOOD_KEY);
    const status = await adminReply(stack, { subcommand: 'status' });

    expect(status).toContain("**Key:** this server's own key `qc_live_…7f3a`");
    expect(status).toContain('**Plan:** Pro');
  });

  it('shows usage with bars', async () => {
    await setGuildKey(stack, GOOD_KEY);
    const status = await adminReply(stack, { subcommand: 'status' });

    expect(status).toMatch(/\*\*This month:\*\* `[█░]{16}` \d+ of 25,000 requests \(\d+%\) · resets <t:\d+:R>/);
    expect(status).toMatch(/\*\*This minute:\*\* `[█░]{16}` \d+ of 300 requests \(\d+%\) · resets <t:\d+:R>/);
  });

  it('names the operator key', async () => {
    const status = await adminReply(stack, { subcommand: 'status', channelId: stack.secondGuildChannelId });

    expect(status).toContain("**Key:** the bot operator's key");
    expect(status).toContain('**Plan:** Pro Plus');
  });
});

describe('/qc-admin key remove', () => {
  it('falls back to the operator key', async () => {
    await setGuildKey(stack, GOOD_KEY);
    const reply = await adminReply(stack, { group: 'key', subcommand: 'remove' });
    const status = await adminReply(stack, { subcommand: 'status' });

    expect(reply).toMatch(/Removed this server's key\. Lookups here now use the bot operator's key/);
    expect(status).toContain("**Key:** the bot operator's key");
  });

  it('reports a missing key', async () => {
    const reply = await adminReply(stack, { group: 'key', subcommand: 'remove', channelId: stack.secondGuildChannelId });

    expect(reply).toMatch(/nothing to remove/);
  });
});

describe('/qc-admin settings', () => {
  it('lists the defaults', async () => {
    const reply = await adminReply(stack, { subcommand: 'settings', channelId: stack.secondGuildChannelId });

    expect(reply).toContain('Link detection: on in every channel');
    expect(reply).toContain('Links that find nothing: answered');
    expect(reply).toContain("Products per message: 5 (the bot's default)");
    expect(reply).toContain('/qc replies: public by default');
  });

  it('saves the given values', async () => {
    const reply = await adminReply(stack, {
      subcommand: 'settings',
      channelId: stack.secondGuildChannelId,
      options: [
        { name: 'products_per_message', type: INTEGER_OPTION, value: 3 },
        { name: 'answer_not_found', type: BOOLEAN_OPTION, value: false },
      ],
    });
    const listed = await adminReply(stack, { subcommand: 'settings', channelId: stack.secondGuildChannelId });

    expect(reply).toMatch(/^Saved\./);
    expect(listed).toContain('Products per message: 3');
    expect(listed).toContain('Links that find nothing: not answered');
  });
});

describe('without an encryption secret', () => {
  let bare: TestStack;

  beforeAll(async () => {
    bare = await startTestStack({ encryptionSecret: null });
  });

  afterAll(async () => {
    await bare?.stop();
  });

  it('tells admins the operator must act', async () => {
    const interaction = await runAdmin(bare, { group: 'key', subcommand: 'set' });
    const callback = await interaction.waitForCallback(5_000);

    expect(callback.type).toBe(4);
    expect(callback.data.content).toMatch(/operator has not set up encrypted key storage \(SETTINGS_ENCRYPTION_KEY\)/);
  });

  it('warns once at start-up', () => {
    const warnings = bare.logLines().filter((line) => line.includes('SETTINGS_ENCRYPTION_KEY is not set'));

    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] ?? '{}').level).toBe(40);
  });
});
