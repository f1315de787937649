import { createHash } from 'node:crypto';
import type { ProductRef } from '../links/index.js';
import {
  QualitlyApiError,
  QualitlyNetworkError,
  QualitlyResponseError,
  tierHasFullImages,
  type Product,
  type QualitlyClient,
  type Usage,
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
/** Rejected keys remembered. The oldest are forgotten first, so random keys cannot grow the set without end. */
const MAX_REJECTED_KEYS = 10_000;
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
 * Concurrent lookups of the same product with the same key share one request, so a product is
 * paid for once. Lookups with different keys do not share one, so that one guild's rejected key or
 * used-up quota never fails another guild's lookup. The response cache is still shared.
 */
export class ProductLookup {
  private readonly inFlight = new Map<string, Promise<LookupOutcome>>();
  private readonly profiles = new Map<string, { profile: KeyProfile; expiresAt: number }>();
  private readonly pendingProfiles = new Map<string, Promise<KeyProfile>>();
  /** Keys that Qualit.ly rejected with INVALID_KEY or REVOKED_KEY, by fingerprint, with the rejecting error. */
  private readonly rejectedKeys = new Map<string, QualitlyApiError>();
  private readonly clock: Clock;

  constructor(private readonly options: ProductLookupOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async lookup(apiKey: string, ref: ProductRef): Promise<LookupOutcome> {
    const profile = await this.profile(apiKey);
    const fullImages = tierHasFullImages(profile.tier);
    const flightKey = `${keyFingerprint(apiKey)}:${ref.storefront}:${ref.listingId}:${fullImages ? 'full' : 'preview'}`;

    const pending = this.inFlight.get(flightKey);
    if (pending) return pending;

    const lookup = this.lookupUncoalesced(apiKey, profile, ref, fullImages).finally(() => this.inFlight.delete(flightKey));
    this.inFlight.set(flightKey, lookup);
    return lookup;
  }

  /**
   * Returns the key's account and tier from /me, cached for an hour. A key that Qualit.ly rejected
   * before fails at once, without a request, because a revoked or unknown key never becomes valid.
   */
  async profile(apiKey: string): Promise<KeyProfile> {
    this.throwIfRejected(apiKey);
    const fingerprint = keyFingerprint(apiKey);
    const cached = this.profiles.get(fingerprint);
    if (cached && cached.expiresAt > this.clock.now()) return cached.profile;

    const pending = this.pendingProfiles.get(fingerprint);
    if (pending) return pending;

    // A refresh runs in the account's queue. Before /me first names the account, the request is limited
    // under the key itself, and is counted against the account as soon as the account is known.
    const queue = cached ? `account:${cached.profile.accountId}` : `key:${fingerprint}`;
    const request = this.call(queue, cached?.profile.tier ?? 'basic', () => this.options.client.getMe(apiKey), apiKey)
      .then((me) => {
        if (!cached) this.options.limiter.recordExternalRequest(`account:${me.userId}`, me.tier);
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

  /** Fetches the account's minute and month counters from /usage, which itself counts as one request. */
  async usage(apiKey: string): Promise<Usage> {
    const profile = await this.profile(apiKey);
    return this.call(`account:${profile.accountId}`, profile.tier, () => this.options.client.getUsage(apiKey), apiKey);
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

  /**
   * Runs one request through the limiter and turns upstream failures into LookupError kinds.
   * A rejected key is recorded before the request gives its slot back, and checked when each
   * request leaves the queue, so requests that waited behind the rejected one are never sent.
   */
  private async call<T>(accountKey: string, tier: string, request: () => Promise<T>, apiKey: string): Promise<T> {
    try {
      return await this.options.limiter.schedule(accountKey, tier, async () => {
        this.throwIfRejected(apiKey);
        try {
          return await request();
        } catch (error) {
          if (error instanceof QualitlyApiError && (error.code === 'INVALID_KEY' || error.code === 'REVOKED_KEY')) this.rememberRejectedKey(apiKey, error);
          throw error;
        }
      });
    } catch (error) {
      throw this.toLookupError(error);
    }
  }

  private throwIfRejected(apiKey: string): void {
    const rejection = this.rejectedKeys.get(keyFingerprint(apiKey));
    if (rejection) {
      throw new LookupError('key-rejected', `Qualit.ly rejected this API key earlier (${rejection.code}); it is not used again`, null, { cause: rejection });
    }
  }

  private rememberRejectedKey(apiKey: string, error: QualitlyApiError): void {
    this.forgetKey(apiKey);
    this.rejectedKeys.set(keyFingerprint(apiKey), error);
    if (this.rejectedKeys.size > MAX_REJECTED_KEYS) {
      const oldest = this.rejectedKeys.keys().next().value;
      if (oldest !== undefined) this.rejectedKeys.delete(oldest);
    }
  }

  private toLookupError(error: unknown): unknown {
    if (!(error instanceof QualitlyApiError)) return error;

    switch (error.code) {
      case 'INVALID_KEY':
      case 'REVOKED_KEY':
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
