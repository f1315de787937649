import { describe, expect, it } from 'vitest';
import { progressBar, renderKeyInUse, renderSettings, renderUsage, tierName } from '../../src/render/admin-replies.js';
import { DEFAULT_GUILD_SETTINGS } from '../../src/settings/guild-settings.js';

const RESET = new Date(Date.UTC(2026, 4, 1));

describe('progressBar', () => {
  it.each([
    [0, '`░░░░░░░░░░░░░░░░`'],
    [0.001, '`█░░░░░░░░░░░░░░░`'],
    [0.5, '`████████░░░░░░░░`'],
    [1, '`████████████████`'],
    [3, '`████████████████`'],
    [-1, '`░░░░░░░░░░░░░░░░`'],
  ])('draws %s', (share, expected) => {
    expect(progressBar(share)).toBe(expected);
  });
});

describe('renderUsage', () => {
  const bucket = { limit: 1_000, used: 250, remaining: 750, resetInSeconds: 60, resetAt: RESET };

  it('shows counts, share and reset', () => {
    const text = renderUsage({ tier: 'basic', keyId: 1, keyMode: 'live', minute: bucket, month: { ...bucket, bucket: 202604 } });

    expect(text).toContain('**Plan:** Basic');
    expect(text).toContain(`**This month:** \`████░░░░░░░░░░░░\` 250 of 1,000 requests (25%) · resets <t:${RESET.getTime() / 1000}:R>`);
  });

  it('shows unlimited buckets plainly', () => {
    const unlimited = { limit: null, used: 12_345, remaining: null, resetInSeconds: 60, resetAt: RESET };
    const text = renderUsage({ tier: 'custom', keyId: 1, keyMode: 'live', minute: unlimited, month: { ...unlimited, bucket: null } });

    expect(text).toContain('**This month:** 12,345 requests, no limit');
  });
});

describe('renderSettings', () => {
  it('names disabled channels', () => {
    const text = renderSettings({ ...DEFAULT_GUILD_SETTINGS, disabledChannelIds: ['200000000000000001'] }, 5);

    expect(text).toContain('Link detection: on, except in <#200000000000000001>');
  });

  it('shows the guild product count', () => {
    expect(renderSettings({ ...DEFAULT_GUILD_SETTINGS, productsPerMessage: 8 }, 5)).toContain('Products per message: 8');
  });
});

describe('renderKeyInUse', () => {
  it('names a paused guild key', () => {
    expect(renderKeyInUse({ status: 'missing', reason: 'rejected' }, 'qc_live_…7f3a')).toContain('`qc_live_…7f3a`, paused');
  });

  it('names no key', () => {
    expect(renderKeyInUse({ status: 'missing', reason: 'not-set' }, null)).toContain('**Key:** none');
  });
});

describe('tierName', () => {
  it('shows unknown tiers raw', () => {
    expect(tierName('enterprise_2027')).toBe('enterprise_2027');
    expect(tierName('pro_plus')).toBe('Pro Plus');
  });
});
