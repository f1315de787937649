export type KnownTier = 'basic' | 'early_adopter' | 'pro' | 'pro_plus' | 'custom';

export interface TierLimits {
  /** Requests per minute for the whole account; null means unlimited. */
  perMinute: number | null;
  /** Requests per UTC calendar month for the whole account; null means unlimited. */
  perMonth: number | null;
}

/** Qualit.ly's published request limits per tier. Both buckets belong to the account, not to one key. */
export const TIER_LIMITS: Record<KnownTier, TierLimits> = {
  basic: { perMinute: 30, perMonth: 1_000 },
  early_adopter: { perMinute: 40, perMonth: 3_000 },
  pro: { perMinute: 300, perMonth: 25_000 },
  pro_plus: { perMinute: 1_000, perMonth: 500_000 },
  custom: { perMinute: null, perMonth: null },
};

/** Tiers that may call POST /products/batch and GET /qc/:id/images. */
const FULL_IMAGE_TIERS: ReadonlySet<string> = new Set<KnownTier>(['pro_plus', 'custom']);

export function isKnownTier(tier: string): tier is KnownTier {
  return Object.hasOwn(TIER_LIMITS, tier);
}

/**
 * Returns the limits of `tier`. A tier name that this table does not know gets the basic limits,
 * because assuming more than the smallest tier would let the bot run into 429s.
 */
export function tierLimits(tier: string): TierLimits {
  return isKnownTier(tier) ? TIER_LIMITS[tier] : TIER_LIMITS.basic;
}

/** Tells whether `tier` may fetch full QC image lists and use batch lookups. Unknown tiers may not. */
export function tierHasFullImages(tier: string): boolean {
  return FULL_IMAGE_TIERS.has(tier);
}
