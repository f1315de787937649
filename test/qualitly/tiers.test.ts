import { describe, expect, it } from 'vitest';

import { TIER_LIMITS, tierHasFullImages, tierLimits } from '../../src/qualitly/index.js';

describe('tierLimits', () => {
  const table: Array<{ tier: string; perMinute: number | null; perMonth: number | null }> = [
    { tier: 'basic', perMinute: 30, perMonth: 1_000 },
    { tier: 'early_adopter', perMinute: 40, perMonth: 3_000 },
    { tier: 'pro', perMinute: 300, perMonth: 25_000 },
    { tier: 'pro_plus', perMinute: 1_000, perMonth: 500_000 },
    { tier: 'custom', perMinute: null, perMonth: null },
  ];

  it.each(table)('$tier limits', ({ tier, perMinute, perMonth }) => {
    expect(tierLimits(tier)).toEqual({ perMinute, perMonth });
  });

  it.each(['enterprise', '', 'PRO', 'toString', '__proto__'])('unknown %j gets basic', (tier) => {
    expect(tierLimits(tier)).toEqual(TIER_LIMITS.basic);
  });
});

describe('tierHasFullImages', () => {
  const table: Array<{ tier: string; allowed: boolean }> = [
    { tier: 'basic', allowed: false },
    { tier: 'early_adopter', allowed: false },
    { tier: 'pro', allowed: false },
    { tier: 'pro_plus', allowed: true },
    { tier: 'custom', allowed: true },
    { tier: 'enterprise', allowed: false },
  ];

  it.each(table)('$tier gives $allowed', ({ tier, allowed }) => {
    expect(tierHasFullImages(tier)).toBe(allowed);
  });
});
