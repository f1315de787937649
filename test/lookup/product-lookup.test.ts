import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { LookupError } from '../../src/lookup/errors.js';
import { ProductLookup, classifyLookupFailure } from '../../src/lookup/product-lookup.js';
import { AccountRateLimiter } from '../../src/lookup/rate-limiter.js';
import { createResponseCache, type ResponseCache } from '../../src/lookup/response-cache.js';
import { QualitlyClient } from '../../src/qualitly/index.js';
import { DEMO_API_KEY, fakeApiKey, startFakeQualitly, type FakeQualitly } from '../fakes/qualitly/index.js';

const logger = createLogger({ level: 'silent' });
const AJ1 = { storefront: 'weidian', listingId: '7231368393' } as const;
const MISSING = { storefront: 'taobao', listingId: '699999999999' } as const;

let qualitly: FakeQualitly;
let client: QualitlyClient;
let limiter: AccountRateLimiter;
let cache: ResponseCache;
let lookup: ProductLookup;

beforeEach(async () => {
  qualitly = await startFakeQualitly({ seedDemoCatalogue: true });
  client = new QualitlyClient({ baseUrl: qualitly.baseUrl, headersTimeoutMs: 500, bodyTimeoutMs: 500 });
  limiter = new AccountRateLimiter({ logger, windowMs: 1_000 });
  cache = createResponseCache({ logger });
  lookup = new ProductLookup({ client, cache, limiter, logger });
});

afterEach(async () => {
  await limiter.stop();
  await client.close();
  await cache.disconnect();
  await qualitly.close();
});

function requestsTo(pattern: RegExp): number {
  return qualitly.requests.filter((request) => pattern.test(request.path)).length;
}

describe('ProductLookup', () => {
  it('returns the full photo set on pro_plus', async () => {
    const outcome = await lookup.lookup(DEMO_API_KEY, AJ1);
    expect(outcome.status).toBe('found');
    if (outcome.status !== 'found') return;
    expect(outcome.product.name).toBe('AJ1 Retro High OG *Chicago* 1:1');
    expect(outcome.product.qcCount).toBe(14);
    expect(outcome.photos).toHaveLength(14);
    expect(requestsTo(/^\/qc\/482910\/images$/)).toBe(1);
  });

  it('returns previews on basic', async () => {
    const basicKey = fakeApiKey('basicaccount');
    qualitly.addKey({ key: basicKey, accountId: 77, tier: 'basic' });
    const outcome = await lookup.lookup(basicKey, AJ1);
    expect(outcome.status).toBe('found');
    expect(outcome.status === 'found' ? outcome.photos : []).toHaveLength(5);
    expect(requestsTo(/\/images$/)).toBe(0);
  });

  it('pays once for a repeated lookup', async () => {
    await lookup.lookup(DEMO_API_KEY, AJ1);
    await lookup.lookup(DEMO_API_KEY, AJ1);
    expect(requestsTo(/^\/products\//)).toBe(1);
    expect(requestsTo(/\/images$/)).toBe(1);
    expect(requestsTo(/^\/me$/)).toBe(1);
  });

  it('shares one request among concurrent lookups', async () => {
    await Promise.all(Array.from({ length: 5 }, () => lookup.lookup(DEMO_API_KEY, AJ1)));
    expect(requestsTo(/^\/products\//)).toBe(1);
  });

  it('caches a missing product', async () => {
    expect((await lookup.lookup(DEMO_API_KEY, MISSING)).status).toBe('not-found');
    expect((await lookup.lookup(DEMO_API_KEY, MISSING)).status).toBe('not-found');
    expect(requestsTo(/^\/products\//)).toBe(1);
  });

  it('retries once after a server error', async () => {
    qualitly.injectFault({ kind: 'status', status: 500, body: '{"error":{"code":"INTERNAL","message":"boom"}}' }, { path: /^\/products\// });
    const outcome = await lookup.lookup(DEMO_API_KEY, AJ1);
    expect(outcome.status).toBe('found');
    expect(requestsTo(/^\/products\//)).toBe(2);
  });

  it('never caches a failure', async () => {
    qualitly.injectFault({ kind: 'status', status: 500 }, { path: /^\/products\//, times: 2 });
    await expect(lookup.lookup(DEMO_API_KEY, AJ1)).rejects.toBeTruthy();
    const outcome = await lookup.lookup(DEMO_API_KEY, AJ1);
    expect(outcome.status).toBe('found');
  });

  it('reports a broken upstream as unavailable', async () => {
    qualitly.injectFault({ kind: 'malformed-json' }, { path: /^\/products\//, times: 1 });
    const error = await lookup.lookup(DEMO_API_KEY, AJ1).catch((failure: unknown) => failure);
    expect(classifyLookupFailure(error)?.kind).toBe('unavailable');
  });

  it('reports a hanging upstream as unavailable', async () => {
    qualitly.injectFault({ kind: 'hang' }, { path: /^\/products\//, times: 2 });
    const error = await lookup.lookup(DEMO_API_KEY, AJ1).catch((failure: unknown) => failure);
    expect(classifyLookupFailure(error)?.kind).toBe('unavailable');
  });

  it.each([
    ['unknown', () => fakeApiKey('neverregistered'), 'key-rejected'],
    ['revoked', () => {
      const key = fakeApiKey('revokedone');
      qualitly.addKey({ key, accountId: 88, tier: 'basic', revoked: true });
      return key;
    }, 'key-rejected'],
  ])('rejects an %s key', async (_case, makeKey, kind) => {
    const error = await lookup.lookup(makeKey(), AJ1).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(LookupError);
    expect((error as LookupError).kind).toBe(kind);
  });

  it('never resends a rejected key', async () => {
    const key = fakeApiKey('revokedlater');
    qualitly.addKey({ key, accountId: 89, tier: 'basic' });
    await lookup.lookup(key, AJ1);
    qualitly.revokeKey(key);
    const first = await lookup.lookup(key, MISSING).catch((failure: unknown) => failure);
    const requestsAfterRejection = qualitly.requests.length;
    const cached = await lookup.lookup(key, AJ1).catch((failure: unknown) => failure);
    const profile = await lookup.profile(key).catch((failure: unknown) => failure);

    expect((first as LookupError).kind).toBe('key-rejected');
    expect((cached as LookupError).kind).toBe('key-rejected');
    expect((profile as LookupError).kind).toBe('key-rejected');
    expect(qualitly.requests.length).toBe(requestsAfterRejection);
  });

  it('drops queued requests of a rejected key', async () => {
    const key = fakeApiKey('revokedwhilequeued');
    qualitly.addKey({ key, accountId: 90, tier: 'basic' });
    await lookup.profile(key);
    qualitly.revokeKey(key);
    const refs = ['7231368393', '7400000001', '7400000002', '7400000003', '7400000004', '7400000005'].map((listingId) => ({ storefront: 'weidian', listingId }) as const);
    const results = await Promise.allSettled(refs.map((ref) => lookup.lookup(key, ref)));
    const productRequests = qualitly.requests.filter((request) => request.path.startsWith('/products/'));

    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(productRequests.length).toBeLessThanOrEqual(4);
  });

  it('keeps failures to their own key', async () => {
    const revoked = fakeApiKey('revokedneighbour');
    const valid = fakeApiKey('validneighbour');
    qualitly.addKey({ key: revoked, accountId: 91, tier: 'basic' });
    qualitly.addKey({ key: valid, accountId: 92, tier: 'basic' });
    await Promise.all([lookup.profile(revoked), lookup.profile(valid)]);
    qualitly.revokeKey(revoked);
    const [failed, succeeded] = await Promise.allSettled([lookup.lookup(revoked, AJ1), lookup.lookup(valid, AJ1)]);

    expect(failed.status).toBe('rejected');
    expect(succeeded.status).toBe('fulfilled');
  });

  it('reads usage through the limiter', async () => {
    const usage = await lookup.usage(DEMO_API_KEY);

    expect(usage.tier).toBe('pro_plus');
    expect(requestsTo(/^\/usage$/)).toBe(1);
  });

  it('falls back to previews when images fail', async () => {
    qualitly.injectFault({ kind: 'status', status: 403, body: '{"error":{"code":"FORBIDDEN","message":"tier"}}' }, { path: /\/images$/ });
    const outcome = await lookup.lookup(DEMO_API_KEY, AJ1);
    expect(outcome.status).toBe('found');
    expect(outcome.status === 'found' ? outcome.photos : []).toHaveLength(5);
  });

  it('keeps the key out of every error', async () => {
    qualitly.injectFault({ kind: 'reset' }, { path: /^\/products\//, times: 2 });
    const error = (await lookup.lookup(DEMO_API_KEY, AJ1).catch((failure: unknown) => failure)) as Error;
    const text = `${String(error)} ${error.stack ?? ''} ${String((error as { cause?: unknown }).cause)}`;
    expect(text).not.toContain(DEMO_API_KEY);
  });
});
