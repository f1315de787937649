import { createHash } from 'node:crypto';
import type { ProductRef } from '../links/index.js';
import {
  QualitlyApiError,
  QualitlyNetworkError,
  QualitlyResponseError,
  tierHasFullImages,
  type Product,
  type QualitlyClient,
} from '../qualitly/index.js';
import type { Logger } from '../logging/logger.js';
import { systemClock, type Clock } from './clock.js';
import { LookupError } from './errors.js';
import type { AccountRateLimiter } from './rate-limiter.js';
import type { ResponseCache } from './response-cache.js';

export const FOUND_TTL_MS = 6 * 60 * 60 * 1000;
export const NOT_FOUND_TTL_MS = 30 * 60 * 1000;
/** How long a key's tier and account are trusted before /me is asked again. */
export const KEY_PROFILE_TTL_MS = 60 * 60 * 1000;
const TRANSIENT_RETRY_DELAY_MS = 500;

export interface FoundProduct {
  status: 'found';
  ref: ProductRef;
  product: Product;
  /** QC photo URLs to page through: the full set on tiers that may fetch it, else the previews. */
  photos: string[];
}

export interface MissingProduct {
  status: 'not-found';
  ref: ProductRef;
}

export type LookupOutcome = FoundProduct | MissingProduct;

/** Account and tier of a key, from /me. */
export interface KeyProfile {
  accountId: number;
  tier: string;
  keyMode: string;
}

type CachedProduct = { status: 'found'; product: Product } | { status: 'not-found' };

export interface ProductLookupOptions {
  client: QualitlyClient;
  cache: ResponseCache;
  limiter: AccountRateLimiter;
  logger: Logger;
  clock?: Clock;
}

/**
 * Looks products up through the response cache, then the rate limiter, then the API.
 * Concurrent lookups of the same product share one request, so a product is paid for once.
 */
export class ProductLookup {
  private readonly inFlight = new Map<string, Promise<LookupOutcome>>();
  private readonly profiles = new Map<string, { profile: KeyProfile; expiresAt: number }>();
  private readonly pendingProfiles = new Map<string, Promise<KeyProfile>>();
  private readonly clock: Clock;

  constructor(private readonly options: ProductLookupOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async lookup(apiKey: string, ref: ProductRef): Promise<LookupOutcome> {
    const profile = await this.profile(apiKey);
    const fullImages = tierHasFullImages(profile.tier);
    const flightKey = `${ref.storefront}:${ref.listingId}:${fullImages ? 'full' : 'preview'}`;

    const pending = this.inFlight.get(flightKey);
    if (pending) return pending;

    const lookup = this.lookupUncoalesced(apiKey, profile, ref, fullImages).finally(() => this.inFlight.delete(flightKey));
    this.inFlight.set(flightKey, lookup);
    return lookup;
  }

  /** Returns the key's account and tier from /me, cached for an hour. */
  async profile(apiKey: string): Promise<KeyProfile> {
    const fingerprint = keyFingerprint(apiKey);
    const cached = this.profiles.get(fingerprint);
    if (cached && cached.expiresAt > this.clock.now()) return cached.profile;

    const pending = this.pendingProfiles.get(fingerprint);
    if (pending) return pending;

    // Before /me names the account, the request is limited under the key itself at the lowest tier.
    const request = this.call(`key:${fingerprint}`, cached?.profile.tier ?? 'basic', () => this.options.client.getMe(apiKey))
      .then((me) => {
        const profile: KeyProfile = { accountId: me.userId, tier: me.tier, keyMode: me.keyMode };
        this.profiles.set(fingerprint, { profile, expiresAt: this.clock.now() + KEY_PROFILE_TTL_MS });
        this.options.logger.debug({ key: fingerprint, accountId: me.userId, tier: me.tier }, 'Resolved Qualit.ly key profile');
        return profile;
      })
      .finally(() => this.pendingProfiles.delete(fingerprint));
    this.pendingProfiles.set(fingerprint, request);
    return request;
  }

  /** Forgets a key's profile, so the next lookup calls /me again. */
  forgetKey(apiKey: string): void {
    this.profiles.delete(keyFingerprint(apiKey));
  }

  private async lookupUncoalesced(apiKey: string, profile: KeyProfile, ref: ProductRef, fullImages: boolean): Promise<LookupOutcome> {
    const productKey = `product:${ref.storefront}:${ref.listingId}`;
    let cached = await this.options.cache.get<CachedProduct>(productKey);

    if (!cached) {
      cached = await this.fetchProduct(apiKey, profile, ref);
      const ttl = cached.status === 'found' ? FOUND_TTL_MS : NOT_FOUND_TTL_MS;
      await this.options.cache.set(productKey, cached, ttl);
    }
    if (cached.status === 'not-found') return { status: 'not-found', ref };

    const product = cached.product;
    const photos = fullImages && product.qcCount > product.qcPreview.length
      ? await this.fullImages(apiKey, profile, product)
      : product.qcPreview;
    return { status: 'found', ref, product, photos };
  }

  private async fetchProduct(apiKey: string, profile: KeyProfile, ref: ProductRef): Promise<CachedProduct> {
    try {
      const product = await this.callWithRetry(apiKey, profile, () => this.options.client.getProduct(apiKey, ref.storefront, ref.listingId));
      return { status: 'found', product };
    } catch (error) {
      if (error instanceof QualitlyApiError && error.code === 'NOT_FOUND') return { status: 'not-found' };
      throw error;
    }
  }

  /** Fetches the complete QC image list; on failure the member still gets the previews. */
  private async fullImages(apiKey: string, profile: KeyProfile, product: Product): Promise<string[]> {
    const imagesKey = `images:${product.id}`;
    const cached = await this.options.cache.get<string[]>(imagesKey);
    if (cached) return cached;

    try {
      const result = await this.callWithRetry(apiKey, profile, () => this.options.client.getQcImages(apiKey, product.id));
      const images = result.images.length > 0 ? result.images : product.qcPreview;
      await this.options.cache.set(imagesKey, images, FOUND_TTL_MS);
      return images;
    } catch (error) {
      if (error instanceof LookupError && (error.kind === 'key-rejected' || error.kind === 'quota-exhausted')) throw error;
      this.options.logger.warn(
        { err: error, storefront: product.storefront, listingId: product.listingId, productId: product.id },
        'Full QC image list failed; showing the previews',
      );
      return product.qcPreview;
    }
  }

  /** Retries once after a server error or a network failure, since every call here is a read. */
  private async callWithRetry<T>(apiKey: string, profile: KeyProfile, request: () => Promise<T>): Promise<T> {
    try {
      return await this.call(`account:${profile.accountId}`, profile.tier, request, apiKey);
    } catch (error) {
      if (!isTransient(error)) throw error;
      this.options.logger.warn({ err: error, accountId: profile.accountId }, 'Qualit.ly request failed; retrying once');
      await new Promise((resolve) => setTimeout(resolve, TRANSIENT_RETRY_DELAY_MS));
      return this.call(`account:${profile.accountId}`, profile.tier, request, apiKey);
    }
  }

  /** Runs one request through the limiter and turns upstream failures into LookupError kinds. */
  private async call<T>(accountKey: string, tier: string, request: () => Promise<T>, apiKey?: string): Promise<T> {
    try {
      return await this.options.limiter.schedule(accountKey, tier, request);
    } catch (error) {
      throw this.toLookupError(error, apiKey);
    }
  }

  private toLookupError(error: unknown, apiKey: string | undefined): unknown {
    if (!(error instanceof QualitlyApiError)) return error;

    switch (error.code) {
      case 'INVALID_KEY':
      case 'REVOKED_KEY':
        if (apiKey) this.forgetKey(apiKey);
        return new LookupError('key-rejected', `Qualit.ly rejected the API key (${error.code})`, null, { cause: error });
      case 'FORBIDDEN':
      case 'IP_NOT_AUTHORIZED':
        return new LookupError('key-not-permitted', `Qualit.ly rejected the request (${error.code})`, null, { cause: error });
      default:
        return error;
    }
  }
}

function isTransient(error: unknown): boolean {
  if (error instanceof QualitlyNetworkError) return true;
  if (error instanceof QualitlyApiError) return error.code === 'INTERNAL' || error.status >= 500;
  return false;
}

/** Derives a short, stable, non-reversible name for a key, safe to log and to use as a map key. */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 12);
}

/** Turns any failure that escaped the lookup into a LookupError for members, or returns null for a bug. */
export function classifyLookupFailure(error: unknown): LookupError | null {
  if (error instanceof LookupError) return error;
  if (error instanceof QualitlyNetworkError || error instanceof QualitlyResponseError) {
    return new LookupError('unavailable', 'Qualit.ly is unavailable', null, { cause: error });
  }
  if (error instanceof QualitlyApiError) {
    return new LookupError('unavailable', `Qualit.ly returned ${error.code}`, null, { cause: error });
  }
  return null;
}
