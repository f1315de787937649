import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  DEMO_API_KEY,
  DEMO_PRODUCTS,
  createFakeClock,
  fakeApiKey,
  monthBucketOf,
  startFakeQualitly,
  type FakeClock,
  type FakeKey,
  type FakeQualitly,
} from './index.js';

const START_MS = Date.UTC(2026, 3, 10, 12, 0, 0);

const BASIC_ACCOUNT = 1;
const BASIC_KEY = fakeApiKey('basicFirst');
const BASIC_SECOND_KEY = fakeApiKey('basicSecond', 'test');
const OTHER_ACCOUNT = 2;
const OTHER_KEY = fakeApiKey('otherAccount');
const CUSTOM_ACCOUNT = 3;
const CUSTOM_KEY = fakeApiKey('customTier');

const WEIDIAN_PATH = '/products/weidian/7231368393';

let clock: FakeClock;
let fake: FakeQualitly;

beforeEach(async () => {
  clock = createFakeClock(START_MS);
  fake = await startFakeQualitly({
    clock,
    seedDemoCatalogue: true,
    keys: [
      { key: BASIC_KEY, accountId: BASIC_ACCOUNT, keyId: 1, tier: 'basic' },
      { key: BASIC_SECOND_KEY, accountId: BASIC_ACCOUNT, keyId: 2, tier: 'basic' },
      { key: OTHER_KEY, accountId: OTHER_ACCOUNT, keyId: 3, tier: 'basic' },
      { key: CUSTOM_KEY, accountId: CUSTOM_ACCOUNT, keyId: 4, tier: 'custom' },
    ],
  });
});

afterEach(async () => {
  await fake.close();
});

interface SendOptions {
  /** Key for a Bearer header; null sends no Authorization header. Default: BASIC_KEY. */
  key?: string | null;
  /** Raw Authorization header, used instead of `key`. */
  authorization?: string;
  method?: 'GET' | 'POST';
  body?: string;
}

interface SentResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
}

async function send(path: string, options: SendOptions = {}): Promise<SentResponse> {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? BASIC_KEY : options.key;
  if (options.authorization !== undefined) {
    headers.authorization = options.authorization;
  } else if (key !== null) {
    headers.authorization = `Bearer ${key}`;
  }
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
  }

  const response = await request(`${fake.baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body ?? null,
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, json: text === '' ? null : JSON.parse(text) };
}

async function sendTimes(count: number, path: string, options: SendOptions = {}): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index += 1) {
    statuses.push((await send(path, options)).status);
  }
  return statuses;
}

function batchBody(items: unknown[]): string {
  return JSON.stringify({ items });
}

describe('fake minute limit', () => {
  it('shares the bucket across account keys', async () => {
    const first = await sendTimes(15, WEIDIAN_PATH, { key: BASIC_KEY });
    const second = await sendTimes(15, WEIDIAN_PATH, { key: BASIC_SECOND_KEY });
    const overLimit = await send(WEIDIAN_PATH, { key: BASIC_SECOND_KEY });

    expect(first.every((status) => status === 200)).toBe(true);
    expect(second.every((status) => status === 200)).toBe(true);
    expect(overLimit.status).toBe(429);
    expect(overLimit.json.error.code).toBe('RATE_LIMITED');
    expect(fake.usage(BASIC_ACCOUNT).minuteUsed).toBe(30);
  });

  it('keeps accounts apart', async () => {
    await sendTimes(30, WEIDIAN_PATH, { key: BASIC_KEY });

    const other = await send(WEIDIAN_PATH, { key: OTHER_KEY });

    expect(other.status).toBe(200);
    expect(fake.usage(OTHER_ACCOUNT).minuteUsed).toBe(1);
  });

  it('resets after sixty seconds', async () => {
    await sendTimes(30, WEIDIAN_PATH);
    const limited = await send(WEIDIAN_PATH);
    clock.advance(60_000);
    const afterWindow = await send(WEIDIAN_PATH);

    expect(limited.status).toBe(429);
    expect(afterWindow.status).toBe(200);
    expect(fake.usage(BASIC_ACCOUNT).minuteUsed).toBe(1);
  });

  it('starts the window at first request', async () => {
    await send(WEIDIAN_PATH);
    clock.advance(59_000);
    await sendTimes(29, WEIDIAN_PATH);
    const limited = await send(WEIDIAN_PATH);
    clock.advance(1_000);
    const nextWindow = await send(WEIDIAN_PATH);

    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(nextWindow.status).toBe(200);
  });

  it('sends Retry-After until window end', async () => {
    await send(WEIDIAN_PATH);
    clock.advance(15_500);
    await sendTimes(29, WEIDIAN_PATH);

    const limited = await send(WEIDIAN_PATH);

    expect(limited.headers['retry-after']).toBe('45');
    expect(limited.json).toEqual({
      error: { code: 'RATE_LIMITED', message: 'Per-minute limit exceeded', retry_after: 45 },
    });
  });

  it('does not count rejected requests', async () => {
    await sendTimes(30, WEIDIAN_PATH);

    const rejected = await sendTimes(5, WEIDIAN_PATH);

    expect(rejected).toEqual([429, 429, 429, 429, 429]);
    expect(fake.usage(BASIC_ACCOUNT)).toEqual({ minuteUsed: 30, monthUsed: 30 });
  });

  it('counts not-found and forbidden requests', async () => {
    await send('/products/weidian/1');
    await send('/qc/482910/images');

    expect(fake.usage(BASIC_ACCOUNT)).toEqual({ minuteUsed: 2, monthUsed: 2 });
  });

  it('gives unknown tiers basic limits', async () => {
    fake.setTier(BASIC_ACCOUNT, 'enterprise');
    await sendTimes(30, WEIDIAN_PATH);

    const limited = await send(WEIDIAN_PATH);

    expect(limited.status).toBe(429);
  });
});

describe('fake month quota', () => {
  /** Uses up the basic month quota of 1,000, moving to a new minute window every 30 requests. */
  async function exhaustBasicMonth(): Promise<void> {
    for (let window = 0; window * 30 < 1_000; window += 1) {
      const count = Math.min(30, 1_000 - window * 30);
      await sendTimes(count, WEIDIAN_PATH);
      clock.advance(60_000);
    }
  }

  it('rejects requests past the quota', async () => {
    await exhaustBasicMonth();

    const rejected = await send(WEIDIAN_PATH);

    expect(fake.usage(BASIC_ACCOUNT).monthUsed).toBe(1_000);
    expect(rejected.status).toBe(429);
    expect(rejected.json.error.code).toBe('QUOTA_EXCEEDED');
    expect(fake.usage(BASIC_ACCOUNT).monthUsed).toBe(1_000);
  });

  it('resets at UTC month rollover', async () => {
    await exhaustBasicMonth();
    clock.set(Date.UTC(2026, 4, 1) - 1);
    const lastMillisecond = await send(WEIDIAN_PATH);
    clock.set(Date.UTC(2026, 4, 1));
    const newMonth = await send(WEIDIAN_PATH);
    const usage = await send('/usage');

    expect(lastMillisecond.status).toBe(429);
    expect(newMonth.status).toBe(200);
    expect(usage.json.month.used).toBe(2);
    expect(usage.json.month.bucket).toBe(202605);
  });

  it('computes UTC month buckets', () => {
    expect(monthBucketOf(Date.UTC(2026, 3, 30, 23, 59, 59, 999))).toBe(202604);
    expect(monthBucketOf(Date.UTC(2026, 4, 1))).toBe(202605);
    expect(monthBucketOf(Date.UTC(2026, 11, 31, 23, 59))).toBe(202612);
  });
});

describe('fake custom tier', () => {
  it('never rate limits', async () => {
    const statuses = await sendTimes(60, WEIDIAN_PATH, { key: CUSTOM_KEY });

    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(fake.usage(CUSTOM_ACCOUNT).minuteUsed).toBe(60);
  });

  it('reports null limits in usage', async () => {
    const usage = await send('/usage', { key: CUSTOM_KEY });

    expect(usage.json.tier).toBe('custom');
    expect(usage.json.minute.limit).toBeNull();
    expect(usage.json.minute.remaining).toBeNull();
    expect(usage.json.month.limit).toBeNull();
    expect(usage.json.month.remaining).toBeNull();
    expect(usage.json.month.used).toBe(1);
  });
});

describe('fake usage endpoint', () => {
  it('counts its own call', async () => {
    const first = await send('/usage');
    const second = await send('/usage');

    expect(first.json.minute.used).toBe(1);
    expect(first.json.month.used).toBe(1);
    expect(second.json.minute.used).toBe(2);
    expect(second.json.minute.remaining).toBe(28);
  });

  it('reports reset times', async () => {
    await send(WEIDIAN_PATH);
    clock.advance(20_000);

    const usage = await send('/usage');

    expect(usage.json.minute.reset_in_seconds).toBe(40);
    expect(usage.json.minute.reset_at).toBe(new Date(START_MS + 60_000).toISOString());
    expect(usage.json.month.reset_at).toBe('2026-05-01T00:00:00.000Z');
    expect(usage.json.month.reset_in_seconds).toBe((Date.UTC(2026, 4, 1) - START_MS - 20_000) / 1000);
    expect(usage.json.month.bucket).toBe(202604);
    expect(usage.json.month.limit).toBe(1_000);
    expect(usage.json.key).toEqual({ id: 1, mode: 'live' });
  });
});

describe('fake tier access', () => {
  const cases: Array<{ tier: string; allowed: boolean }> = [
    { tier: 'basic', allowed: false },
    { tier: 'early_adopter', allowed: false },
    { tier: 'pro', allowed: false },
    { tier: 'pro_plus', allowed: true },
    { tier: 'custom', allowed: true },
    { tier: 'enterprise', allowed: false },
  ];

  it.each(cases)('batch for $tier', async ({ tier, allowed }) => {
    fake.setTier(BASIC_ACCOUNT, tier);

    const response = await send('/products/batch', {
      method: 'POST',
      body: batchBody([{ storefront: 'weidian', listing_id: '7231368393' }]),
    });

    expect(response.status).toBe(allowed ? 200 : 403);
    expect(response.json.error?.code).toBe(allowed ? undefined : 'FORBIDDEN');
  });

  it.each(cases)('images for $tier', async ({ tier, allowed }) => {
    fake.setTier(BASIC_ACCOUNT, tier);

    const response = await send('/qc/482910/images');

    expect(response.status).toBe(allowed ? 200 : 403);
    expect(response.json.error?.code).toBe(allowed ? undefined : 'FORBIDDEN');
  });

  it('applies a tier change at once', async () => {
    const before = await send('/me');
    fake.setTier(BASIC_ACCOUNT, 'pro_plus');
    const after = await send('/me');

    expect(before.json.tier).toBe('basic');
    expect(after.json.tier).toBe('pro_plus');
  });
});

describe('fake key checks', () => {
  const invalidCases: Array<{ name: string; options: SendOptions }> = [
    { name: 'no header', options: { key: null } },
    { name: 'not Bearer', options: { authorization: `Basic ${BASIC_KEY}` } },
    { name: 'malformed key', options: { key: 'qc_live_short' } },
    { name: 'unknown mode', options: { key: `qc_prod_${'a'.repeat(32)}` } },
    { name: 'unknown key', options: { key: fakeApiKey('neverAdded') } },
  ];

  it.each(invalidCases)('rejects $name', async ({ options }) => {
    const response = await send('/me', options);

    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe('INVALID_KEY');
  });

  it('rejects a revoked key', async () => {
    fake.revokeKey(BASIC_SECOND_KEY);

    const revoked = await send('/me', { key: BASIC_SECOND_KEY });
    const sibling = await send('/me', { key: BASIC_KEY });

    expect(revoked.status).toBe(401);
    expect(revoked.json.error.code).toBe('REVOKED_KEY');
    expect(sibling.status).toBe(200);
    expect(fake.usage(BASIC_ACCOUNT).monthUsed).toBe(1);
  });

  it('rejects malformed keys in addKey', () => {
    expect(() => fake.addKey({ key: 'qc_live_tooShort', accountId: 9, tier: 'basic' })).toThrow(/32 letters or digits/);
  });

  it('rejects conflicting account tiers', () => {
    expect(() => fake.addKey({ key: fakeApiKey('conflict'), accountId: BASIC_ACCOUNT, tier: 'pro' })).toThrow(/setTier/);
  });
});

describe('fake allowlist', () => {
  const cases: Array<{ allowlist: string[]; status: number }> = [
    { allowlist: [], status: 200 },
    { allowlist: ['127.0.0.1'], status: 200 },
    { allowlist: ['127.0.0.0/8'], status: 200 },
    { allowlist: ['10.0.0.0/8', '127.0.0.1/32'], status: 200 },
    { allowlist: ['10.0.0.0/8'], status: 403 },
    { allowlist: ['192.168.1.5'], status: 403 },
    { allowlist: ['::1'], status: 403 },
  ];

  it.each(cases)('allowlist $allowlist gives $status', async ({ allowlist, status }) => {
    const key: FakeKey = { key: fakeApiKey(`allow${allowlist.length}${status}${allowlist[0] ?? ''}`), accountId: 50, tier: 'basic', allowlist };
    fake.addKey(key);

    const response = await send('/me', { key: key.key });

    expect(response.status).toBe(status);
    expect(response.json.error?.code).toBe(status === 403 ? 'IP_NOT_AUTHORIZED' : undefined);
  });

  it('rejects invalid allowlist entries', () => {
    expect(() => fake.addKey({ key: fakeApiKey('badAllow'), accountId: 51, tier: 'basic', allowlist: ['10.0.0.0/40'] })).toThrow(
      /prefix length/,
    );
  });
});

describe('fake product endpoints', () => {
  it('returns a product', async () => {
    const response = await send(WEIDIAN_PATH);
    const demo = DEMO_PRODUCTS[0];

    expect(response.status).toBe(200);
    expect(response.json.data.id).toBe(demo?.id);
    expect(response.json.data.qc_count).toBe(14);
    expect(response.json.data.qc_preview).toHaveLength(5);
  });

  it('omits undefined fields', async () => {
    const response = await send('/products/taobao/720000000042');

    expect(response.json.data).not.toHaveProperty('pic_url');
    expect(response.json.data).not.toHaveProperty('product_url');
  });

  it('sends null fields as null', async () => {
    const response = await send('/products/weidian/7400000001');

    expect(response.json.data.price).toBeNull();
    expect(response.json.data.qc_count).toBe(0);
    expect(response.json.data.qc_preview).toEqual([]);
  });

  it('ignores leading zeros', async () => {
    const response = await send('/products/weidian/007231368393');

    expect(response.status).toBe(200);
  });

  it('rejects an unknown storefront', async () => {
    const response = await send('/products/amazon/7231368393');

    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('BAD_REQUEST');
  });

  it('returns three QC thumbnails', async () => {
    const response = await send('/qc/weidian/7231368393');

    expect(response.json.data.thumbnails).toHaveLength(3);
    expect(response.json.data.qc_count).toBe(14);
  });

  it('returns every QC image', async () => {
    const response = await send('/qc/482910/images', { key: DEMO_API_KEY });

    expect(response.json.data.images).toHaveLength(14);
  });

  it('answers unknown routes with 404', async () => {
    const response = await send('/nothing/here');

    expect(response.status).toBe(404);
    expect(response.json.error.code).toBe('NOT_FOUND');
  });

  it('returns the key owner', async () => {
    const response = await send('/me', { key: BASIC_SECOND_KEY });

    expect(response.json).toEqual({ user: { id: 1, username: 'user1' }, key: { id: 2, mode: 'test' }, tier: 'basic' });
  });
});

describe('fake batch endpoint', () => {
  it('keeps order and marks missing items', async () => {
    const response = await send('/products/batch', {
      key: DEMO_API_KEY,
      method: 'POST',
      body: batchBody([
        { storefront: 'taobao', listing_id: '652812345678' },
        { storefront: 'weidian', listing_id: '1' },
        { storefront: '1688', listing_id: '612345678901' },
      ]),
    });

    expect(response.status).toBe(200);
    expect(response.json.results[0].data.listing_id).toBe('652812345678');
    expect(response.json.results[1]).toEqual({ error: { code: 'NOT_FOUND' } });
    expect(response.json.results[2].data.storefront).toBe('1688');
  });

  const badBodies: Array<{ name: string; body: string }> = [
    { name: 'invalid JSON', body: '{"items":[' },
    { name: 'no items', body: '{}' },
    { name: 'zero items', body: batchBody([]) },
    { name: '101 items', body: batchBody(Array.from({ length: 101 }, () => ({ storefront: 'weidian', listing_id: '1' }))) },
    { name: 'bad storefront', body: batchBody([{ storefront: 'amazon', listing_id: '1' }]) },
    { name: 'missing listing id', body: batchBody([{ storefront: 'weidian' }]) },
  ];

  it.each(badBodies)('rejects $name', async ({ body }) => {
    const response = await send('/products/batch', { key: DEMO_API_KEY, method: 'POST', body });

    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('BAD_REQUEST');
  });

  it('accepts exactly 100 items', async () => {
    const items = Array.from({ length: 100 }, () => ({ storefront: 'weidian', listing_id: '7231368393' }));

    const response = await send('/products/batch', { key: DEMO_API_KEY, method: 'POST', body: batchBody(items) });

    expect(response.status).toBe(200);
    expect(response.json.results).toHaveLength(100);
  });
});

describe('fake images by URL', () => {
  const found: Array<{ url: string; listingId: string }> = [
    { url: 'https://weidian.com/item.html?itemID=7231368393', listingId: '7231368393' },
    { url: 'https://shop123.v.weidian.com/item.html?itemid=7231368393&spider_token=1', listingId: '7231368393' },
    { url: 'https://item.taobao.com/item.htm?id=652812345678', listingId: '652812345678' },
    { url: 'https://detail.tmall.com/item.htm?id=720000000042&skuId=1', listingId: '720000000042' },
    { url: 'https://detail.1688.com/offer/612345678901.html', listingId: '612345678901' },
  ];

  it.each(found)('finds $url', async ({ url, listingId }) => {
    const response = await send(`/qc/0/images?url=${encodeURIComponent(url)}`, { key: DEMO_API_KEY });

    expect(response.status).toBe(200);
    expect(response.json.data.listing_id).toBe(listingId);
  });

  const rejected: Array<{ name: string; query: string; status: number }> = [
    { name: 'agent link', query: `?url=${encodeURIComponent('https://www.kakobuy.com/item/details?url=x')}`, status: 404 },
    { name: 'unknown listing', query: `?url=${encodeURIComponent('https://weidian.com/item.html?itemID=1')}`, status: 404 },
    { name: 'relative url', query: '?url=weidian.com', status: 400 },
    { name: 'missing url', query: '', status: 400 },
  ];

  it.each(rejected)('answers $name with $status', async ({ query, status }) => {
    const response = await send(`/qc/0/images${query}`, { key: DEMO_API_KEY });

    expect(response.status).toBe(status);
  });
});

describe('fake faults', () => {
  it('apply once by default', async () => {
    fake.injectFault({ kind: 'status', status: 500 });

    const first = await send(WEIDIAN_PATH);
    const second = await send(WEIDIAN_PATH);

    expect(first.status).toBe(500);
    expect(first.json.error.code).toBe('INTERNAL');
    expect(second.status).toBe(200);
  });

  it('match only their path', async () => {
    fake.injectFault({ kind: 'status', status: 503 }, { path: /^\/qc\//, times: 2 });

    const product = await send(WEIDIAN_PATH);
    const qcFirst = await send('/qc/weidian/7231368393');
    const qcSecond = await send('/qc/weidian/7231368393');
    const qcThird = await send('/qc/weidian/7231368393');

    expect(product.status).toBe(200);
    expect(qcFirst.status).toBe(503);
    expect(qcSecond.status).toBe(503);
    expect(qcThird.status).toBe(200);
  });

  it('send custom headers and body', async () => {
    fake.injectFault({ kind: 'status', status: 429, body: '{"error":{"code":"RATE_LIMITED"}}', headers: { 'retry-after': '9' } });

    const response = await send(WEIDIAN_PATH);

    expect(response.headers['retry-after']).toBe('9');
    expect(response.json).toEqual({ error: { code: 'RATE_LIMITED' } });
  });

  it('are not counted', async () => {
    fake.injectFault({ kind: 'status', status: 500 });

    await send(WEIDIAN_PATH);

    expect(fake.usage(BASIC_ACCOUNT).monthUsed).toBe(0);
  });

  it('close ends hanging requests', async () => {
    fake.injectFault({ kind: 'hang' });
    const pending = send(WEIDIAN_PATH).then(
      () => 'answered',
      () => 'failed',
    );
    await waitFor(() => fake.requests.length === 1);

    await fake.close();

    await expect(pending).resolves.toBe('failed');
  });
});

describe('fake request log', () => {
  it('records each request', async () => {
    clock.advance(5_000);

    await send('/qc/weidian/7231368393?x=1', { key: BASIC_SECOND_KEY });

    expect(fake.requests).toEqual([
      {
        method: 'GET',
        path: '/qc/weidian/7231368393',
        query: { x: '1' },
        keyId: 2,
        status: 200,
        code: null,
        at: START_MS + 5_000,
      },
    ]);
  });

  it('records error codes', async () => {
    await send('/products/weidian/1');

    expect(fake.requests[0]?.status).toBe(404);
    expect(fake.requests[0]?.code).toBe('NOT_FOUND');
  });
});

describe('fake clock', () => {
  it('stands still when given a start', () => {
    const frozen = createFakeClock(1_000);

    expect(frozen.now()).toBe(1_000);
    frozen.advance(500);
    expect(frozen.now()).toBe(1_500);
    frozen.set(10);
    expect(frozen.now()).toBe(10);
  });

  it('follows real time by default', () => {
    const real = createFakeClock();
    const before = Date.now();

    real.advance(60_000);

    expect(real.now()).toBeGreaterThanOrEqual(before + 60_000);
    expect(real.now()).toBeLessThan(before + 70_000);
  });
});

describe('fake demo catalogue', () => {
  it('contains tricky product names', () => {
    const names = DEMO_PRODUCTS.map((product) => product.name ?? '').join(' ');

    expect(names).toContain('*');
    expect(names).toContain('_');
    expect(names).toContain('~');
    expect(names).toContain('@everyone');
  });

  it('has large and empty QC sets', () => {
    expect(DEMO_PRODUCTS.some((product) => product.images.length >= 12)).toBe(true);
    expect(DEMO_PRODUCTS.some((product) => product.images.length === 0 && product.price === null)).toBe(true);
  });

  it('serves the demo key', async () => {
    const response = await send('/me', { key: DEMO_API_KEY });

    expect(response.status).toBe(200);
    expect(response.json.tier).toBe('pro_plus');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
