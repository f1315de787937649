import { describe, expect, it } from 'vitest';
import { maskApiKey, isWellFormedApiKey } from '../../src/settings/api-key.js';
import { DEFAULT_GUILD_SETTINGS, isLinkDetectionOn, parseGuildRecord, withChannelDetection } from '../../src/settings/guild-settings.js';

const CHANNEL = '200000000000000001';
const THREAD_PARENT = '200000000000000009';

describe('parseGuildRecord', () => {
  it('defaults a missing record', () => {
    expect(parseGuildRecord(undefined)).toEqual({ settings: { ...DEFAULT_GUILD_SETTINGS }, key: null });
  });

  it('keeps the valid fields of a damaged record', () => {
    const record = parseGuildRecord({ settings: { linkDetection: false, productsPerMessage: 99, disabledChannelIds: [CHANNEL, 'not-an-id'] }, key: 'junk' });

    expect(record.settings.linkDetection).toBe(false);
    expect(record.settings.productsPerMessage).toBeNull();
    expect(record.settings.disabledChannelIds).toEqual([CHANNEL]);
    expect(record.key).toBeNull();
  });
});

describe('isLinkDetectionOn', () => {
  it.each([
    ['on everywhere', { linkDetection: true, disabledChannelIds: [] }, CHANNEL, null, true],
    ['off in the server', { linkDetection: false, disabledChannelIds: [] }, CHANNEL, null, false],
    ['off in the channel', { linkDetection: true, disabledChannelIds: [CHANNEL] }, CHANNEL, null, false],
    ['off in a thread parent', { linkDetection: true, disabledChannelIds: [THREAD_PARENT] }, CHANNEL, THREAD_PARENT, false],
    ['off in another channel', { linkDetection: true, disabledChannelIds: [THREAD_PARENT] }, CHANNEL, null, true],
  ])('is right when %s', (_case, partial, channelId, parentId, expected) => {
    expect(isLinkDetectionOn({ ...DEFAULT_GUILD_SETTINGS, ...partial }, channelId, parentId)).toBe(expected);
  });
});

describe('withChannelDetection', () => {
  it('adds a channel once', () => {
    const once = withChannelDetection({ ...DEFAULT_GUILD_SETTINGS }, CHANNEL, false);

    expect(withChannelDetection(once, CHANNEL, false).disabledChannelIds).toEqual([CHANNEL]);
  });

  it('removes a channel', () => {
    const off = withChannelDetection({ ...DEFAULT_GUILD_SETTINGS }, CHANNEL, false);

    expect(withChannelDetection(off, CHANNEL, true).disabledChannelIds).toEqual([]);
  });
});

describe('API key helpers', () => {
  it.each([
    [`qc_live_${'a1'.repeat(16)}`, true],
    [`qc_test_${'B2'.repeat(16)}`, true],
    [`qc_live_${'a1'.repeat(15)}`, false],
    [`qc_prod_${'a1'.repeat(16)}`, false],
    [`qc_live_${'a-'.repeat(16)}`, false],
  ])('checks the format of %s', (key, expected) => {
    expect(isWellFormedApiKey(key)).toBe(expected);
  });

  it('masks a key to mode and suffix', () => {
    expect(maskApiKey(`qc_live_${'x'.repeat(28)}7f3a`)).toBe('qc_live_…7f3a');
    expect(maskApiKey(`qc_test_${'y'.repeat(28)}0b1c`)).toBe('qc_test_…0b1c');
  });
});
