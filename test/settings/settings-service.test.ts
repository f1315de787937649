import { randomBytes } from 'node:crypto';
import { Keyv } from 'keyv';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { SETTINGS_CACHE_TTL_MS, GuildSettingsService, KeyStorageUnavailableError, type GuildSettingsServiceOptions } from '../../src/settings/settings-service.js';
import { createFakeClock, type FakeClock } from '../fakes/qualitly/index.js';

const logger = createLogger({ level: 'silent' });
const GUILD_ID = '100000000000000001';
const OTHER_GUILD_ID = '100000000000000002';
const OPERATOR_KEY = `qc_live_${'Operator'.padEnd(32, 'o')}`;
const GUILD_KEY = `qc_live_${'GuildOwn'.padEnd(32, 'g')}`;
const NEWER_GUILD_KEY = `qc_live_${'GuildNewer'.padEnd(32, 'n')}`;

/** A Keyv store that counts reads and can be switched to fail, to observe the cache. */
class CountingStore extends Map<string, unknown> {
  reads = 0;
  failing = false;

  override get(key: string): unknown {
    this.reads += 1;
    if (this.failing) throw new Error('store is down');
    return super.get(key);
  }
}

let store: CountingStore;
let clock: FakeClock;
let secret: Buffer;

beforeEach(() => {
  store = new CountingStore();
  clock = createFakeClock(Date.UTC(2026, 3, 17, 12));
  secret = randomBytes(32);
});

function createService(overrides: Partial<GuildSettingsServiceOptions> = {}): GuildSettingsService {
  return new GuildSettingsService({
    keyv: new Keyv({ store, namespace: 'qc-settings', throwOnErrors: true }),
    encryptionSecret: secret,
    operatorApiKey: OPERATOR_KEY,
    operatorKeyForAllGuilds: true,
    logger,
    clock,
    ...overrides,
  });
}

describe('settings cache', () => {
  it('reads the store once per TTL', async () => {
    const service = createService();
    await service.settings(GUILD_ID);
    await service.settings(GUILD_ID);
    const readsWithinTtl = store.reads;
    clock.advance(SETTINGS_CACHE_TTL_MS + 1);
    await service.settings(GUILD_ID);

    expect(readsWithinTtl).toBe(1);
    expect(store.reads).toBe(2);
  });

  it('shares one read between callers', async () => {
    const service = createService();
    await Promise.all(Array.from({ length: 5 }, () => service.settings(GUILD_ID)));

    expect(store.reads).toBe(1);
  });

  it('shows own writes at once', async () => {
    const service = createService();
    await service.settings(GUILD_ID);
    await service.updateSettings(GUILD_ID, { productsPerMessage: 2 });
    const readsAfterWrite = store.reads;
    const settings = await service.settings(GUILD_ID);

    expect(settings.productsPerMessage).toBe(2);
    expect(store.reads).toBe(readsAfterWrite);
  });

  it('keeps guilds apart', async () => {
    const service = createService();
    await service.updateSettings(GUILD_ID, { linkDetection: false });

    expect((await service.settings(GUILD_ID)).linkDetection).toBe(false);
    expect((await service.settings(OTHER_GUILD_ID)).linkDetection).toBe(true);
  });

  it('serves stale settings when the store fails', async () => {
    const service = createService();
    await service.updateSettings(GUILD_ID, { answerNotFound: false });
    clock.advance(SETTINGS_CACHE_TTL_MS + 1);
    store.failing = true;

    expect((await service.settings(GUILD_ID)).answerNotFound).toBe(false);
  });

  it('fails without any known settings', async () => {
    store.failing = true;

    await expect(createService().settings(GUILD_ID)).rejects.toThrow('store is down');
  });

  it('applies concurrent writes in turn', async () => {
    const service = createService();
    await Promise.all([
      service.updateSettings(GUILD_ID, { productsPerMessage: 4 }),
      service.setChannelDetection(GUILD_ID, '200000000000000001', false),
      service.updateSettings(GUILD_ID, { qcPrivateByDefault: true }),
    ]);
    service.clearCache();
    const settings = await service.settings(GUILD_ID);

    expect(settings.productsPerMessage).toBe(4);
    expect(settings.disabledChannelIds).toEqual(['200000000000000001']);
    expect(settings.qcPrivateByDefault).toBe(true);
  });
});

describe('resolveApiKey', () => {
  it('prefers the guild key', async () => {
    const service = createService();
    await service.setKey(GUILD_ID, GUILD_KEY, 'admin');

    expect(await service.resolveApiKey(GUILD_ID)).toEqual({ status: 'ok', apiKey: GUILD_KEY, source: 'guild' });
  });

  it('falls back to the operator key', async () => {
    expect(await createService().resolveApiKey(GUILD_ID)).toEqual({ status: 'ok', apiKey: OPERATOR_KEY, source: 'operator' });
  });

  it('keeps the operator key when told', async () => {
    const service = createService({ operatorKeyForAllGuilds: false });

    expect(await service.resolveApiKey(GUILD_ID)).toEqual({ status: 'missing', reason: 'not-set' });
  });

  it('reports no key without an operator key', async () => {
    const service = createService({ operatorApiKey: undefined });

    expect(await service.resolveApiKey(GUILD_ID)).toEqual({ status: 'missing', reason: 'not-set' });
  });

  it('uses the operator key in DMs', async () => {
    const service = createService({ operatorKeyForAllGuilds: false });

    expect(await service.resolveApiKey(null)).toEqual({ status: 'ok', apiKey: OPERATOR_KEY, source: 'operator' });
  });

  it('reports DMs without an operator key', async () => {
    expect(await createService({ operatorApiKey: undefined }).resolveApiKey(null)).toEqual({ status: 'missing', reason: 'no-dm-key' });
  });

  it('never replaces a rejected guild key', async () => {
    const service = createService();
    await service.setKey(GUILD_ID, GUILD_KEY, 'admin');
    await service.markKeyRejected(GUILD_ID, GUILD_KEY, 'REVOKED_KEY');

    expect(await service.resolveApiKey(GUILD_ID)).toEqual({ status: 'missing', reason: 'rejected' });
  });

  it('treats an undecryptable key as none', async () => {
    await createService().setKey(GUILD_ID, GUILD_KEY, 'admin');
    const withNewSecret = createService({ encryptionSecret: randomBytes(32) });

    expect(await withNewSecret.resolveApiKey(GUILD_ID)).toEqual({ status: 'ok', apiKey: OPERATOR_KEY, source: 'operator' });
    expect((await withNewSecret.inspectKey(GUILD_ID)).kind).toBe('unreadable');
  });

  it('treats a key without a secret as none', async () => {
    await createService().setKey(GUILD_ID, GUILD_KEY, 'admin');
    const withoutSecret = createService({ encryptionSecret: null });

    expect(await withoutSecret.resolveApiKey(GUILD_ID)).toEqual({ status: 'ok', apiKey: OPERATOR_KEY, source: 'operator' });
  });
});

describe('guild keys', () => {
  it('stores no plaintext', async () => {
    await createService().setKey(GUILD_ID, GUILD_KEY, 'admin');
    const stored = [...store.values()].map(String).join('\n');

    expect(stored).not.toContain(GUILD_KEY.slice(8));
    expect(stored).toContain('"sealed":"v1.');
  });

  it('refuses to store without a secret', async () => {
    await expect(createService({ encryptionSecret: null }).setKey(GUILD_ID, GUILD_KEY, 'admin')).rejects.toThrow(KeyStorageUnavailableError);
  });

  it('marks only the rejected key', async () => {
    const service = createService();
    await service.setKey(GUILD_ID, NEWER_GUILD_KEY, 'admin');

    expect(await service.markKeyRejected(GUILD_ID, GUILD_KEY, 'REVOKED_KEY')).toBe(false);
    expect((await service.resolveApiKey(GUILD_ID)).status).toBe('ok');
  });

  it('clears the mark with a new key', async () => {
    const service = createService();
    await service.setKey(GUILD_ID, GUILD_KEY, 'admin');
    await service.markKeyRejected(GUILD_ID, GUILD_KEY, 'INVALID_KEY');
    await service.setKey(GUILD_ID, NEWER_GUILD_KEY, 'admin');

    expect(await service.resolveApiKey(GUILD_ID)).toEqual({ status: 'ok', apiKey: NEWER_GUILD_KEY, source: 'guild' });
  });

  it('records when and why', async () => {
    const service = createService();
    await service.setKey(GUILD_ID, GUILD_KEY, 'admin');
    await service.markKeyRejected(GUILD_ID, GUILD_KEY, 'REVOKED_KEY');
    const state = await service.inspectKey(GUILD_ID);

    expect(state.kind).toBe('stored');
    expect(state.kind === 'stored' ? state.rejected : null).toEqual({ at: clock.now(), code: 'REVOKED_KEY' });
  });

  it('removes a key and keeps settings', async () => {
    const service = createService();
    await service.updateSettings(GUILD_ID, { productsPerMessage: 7 });
    await service.setKey(GUILD_ID, GUILD_KEY, 'admin');

    expect(await service.removeKey(GUILD_ID)).toBe(true);
    expect(await service.removeKey(GUILD_ID)).toBe(false);
    expect((await service.settings(GUILD_ID)).productsPerMessage).toBe(7);
  });
});
