import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  QualitlyApiError,
  QualitlyClient,
  QualitlyError,
  QualitlyResponseError,
  type BatchResult,
  type Product,
} from '../../src/qualitly/index.js';
import { DEMO_PRODUCTS } from '../fakes/qualitly/index.js';
import {
  BASIC_KEY,
  CUSTOM_KEY,
  PLUS_ACCOUNT,
  PLUS_KEY,
  START_MS,
  rejectionOf,
  serveJson,
  startHarness,
  type Harness,
} from './harness.js';

let harness: Harness;

beforeEach(async () => {
  harness = await startHarness();
});

afterEach(async () => {
  await harness.close();
});

const AJ1 = DEMO_PRODUCTS[0];
const EMPTY_QC = DEMO_PRODUCTS[3];

function productOf(result: BatchResult | undefined): Product {
  if (result?.ok !== true) {
    throw new Error(`expected a successful batch item, got ${result?.error.message ?? 'nothing'}`);
  }
  return result.product;
}

function errorOf(result: BatchResult | undefined): QualitlyApiError {
  if (result?.ok !== false) {
    throw new Error('expected a failed batch item');
  }
  return result.error;
}

describe('QualitlyClient.getProduct', () => {
  it('parses a demo product', async () => {
    const product = await harness.client.getProduct(BASIC_KEY, 'weidian', '7231368393');

    expect(product).toEqual({
      id: 482910,
      storefront: 'weidian',
      listingId: '7231368393',
      name: AJ1?.name,
      price: '¥470.00',
      picUrl: AJ1?.picUrl,
      productUrl: 'https://weidian.com/item.html?itemID=7231368393',
      qcCount: 14,
      qcPreview: AJ1?.images.slice(0, 5),
    });
  });

  it('parses a product without QC', async () => {
    const product = await harness.client.getProduct(BASIC_KEY, 'weidian', '7400000001');

    expect(product.id).toBe(EMPTY_QC?.id);
    expect(product.price).toBeNull();
    expect(product.picUrl).toBeNull();
    expect(product.qcCount).toBe(0);
    expect(product.qcPreview).toEqual([]);
  });

  it('maps omitted fields to null', async () => {
    const product = await harness.client.getProduct(BASIC_KEY, 'taobao', '720000000042');

    expect(product.picUrl).toBeNull();
    expect(product.productUrl).toBeNull();
  });

  it('encodes the listing id', async () => {
    const error = await rejectionOf(harness.client.getProduct(BASIC_KEY, 'weidian', '12/../../me?x=1'));

    expect(harness.fake.requests[0]?.path).toBe('/products/weidian/12%2F..%2F..%2Fme%3Fx%3D1');
    expect(error).toBeInstanceOf(QualitlyApiError);
    expect((error as QualitlyApiError).code).toBe('NOT_FOUND');
  });

  it.each(['', '.', '..'])('rejects listing id %j', async (listingId) => {
    await expect(harness.client.getProduct(BASIC_KEY, 'weidian', listingId)).rejects.toThrow(RangeError);
    expect(harness.fake.requests).toHaveLength(0);
  });

  it('names path and code in errors', async () => {
    const error = await rejectionOf(harness.client.getProduct(BASIC_KEY, 'taobao', '999'));

    expect(error).toBeInstanceOf(QualitlyApiError);
    expect((error as Error).message).toBe('Qualit.ly getProduct (GET /products/taobao/999) failed: HTTP 404 NOT_FOUND');
  });
});

describe('QualitlyClient.getProducts', () => {
  it('keeps order and item errors', async () => {
    const results = await harness.client.getProducts(PLUS_KEY, [
      { storefront: 'taobao', listingId: '652812345678' },
      { storefront: 'weidian', listingId: '1' },
      { storefront: '1688', listingId: '612345678901' },
    ]);

    expect(results).toHaveLength(3);
    expect(productOf(results[0]).listingId).toBe('652812345678');
    expect(results[1]?.ok).toBe(false);
    expect(productOf(results[2]).storefront).toBe('1688');
  });

  it('types a missing item', async () => {
    const [result] = await harness.client.getProducts(PLUS_KEY, [{ storefront: 'weidian', listingId: '1' }]);
    const error = errorOf(result);

    expect(error).toBeInstanceOf(QualitlyApiError);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.status).toBe(404);
    expect(error.upstreamMessage).toBeNull();
    expect(error.message).toContain('weidian/1');
  });

  it('sends snake_case items', async () => {
    await harness.client.getProducts(PLUS_KEY, [{ storefront: 'weidian', listingId: '7231368393' }]);

    expect(harness.fake.requests[0]).toMatchObject({ method: 'POST', path: '/products/batch', status: 200 });
  });

  it.each([0, 101])('rejects %i items', async (count) => {
    const items = Array.from({ length: count }, () => ({ storefront: 'weidian' as const, listingId: '1' }));

    await expect(harness.client.getProducts(PLUS_KEY, items)).rejects.toThrow(RangeError);
    expect(harness.fake.requests).toHaveLength(0);
  });

  it('accepts 100 items', async () => {
    const items = Array.from({ length: 100 }, () => ({ storefront: 'weidian' as const, listingId: '7231368393' }));

    const results = await harness.client.getProducts(PLUS_KEY, items);

    expect(results.every((result) => result.ok)).toBe(true);
  });

  it('is forbidden on basic', async () => {
    const error = await rejectionOf(harness.client.getProducts(BASIC_KEY, [{ storefront: 'weidian', listingId: '1' }]));

    expect(error).toBeInstanceOf(QualitlyApiError);
    expect((error as QualitlyApiError).code).toBe('FORBIDDEN');
  });

  it('marks an odd item unknown', async () => {
    serveJson(harness.fake, { results: [{ surprise: true }, { data: { id: 1, storefront: 'weidian', listing_id: '5' } }] });

    const results = await harness.client.getProducts(PLUS_KEY, [
      { storefront: 'weidian', listingId: '4' },
      { storefront: 'weidian', listingId: '5' },
    ]);

    expect(errorOf(results[0]).code).toBe('UNKNOWN');
    expect(results[1]?.ok).toBe(true);
  });

  it('rejects a result count mismatch', async () => {
    serveJson(harness.fake, { results: [] });

    const error = await rejectionOf(harness.client.getProducts(PLUS_KEY, [{ storefront: 'weidian', listingId: '4' }]));

    expect(error).toBeInstanceOf(QualitlyResponseError);
  });
});

describe('QualitlyClient QC endpoints', () => {
  it('parses a QC summary', async () => {
    const summary = await harness.client.getQc(BASIC_KEY, 'weidian', '7231368393');

    expect(summary).toEqual({
      storefront: 'weidian',
      listingId: '7231368393',
      qcCount: 14,
      thumbnails: AJ1?.images.slice(0, 3),
    });
  });

  it('parses images by id', async () => {
    const images = await harness.client.getQcImages(PLUS_KEY, 482910);

    expect(images.id).toBe(482910);
    expect(images.qcCount).toBe(14);
    expect(images.images).toEqual(AJ1?.images);
  });

  it('parses images by URL', async () => {
    const images = await harness.client.getQcImagesByUrl(CUSTOM_KEY, 'https://detail.tmall.com/item.htm?id=652812345678');

    expect(images.storefront).toBe('taobao');
    expect(images.listingId).toBe('652812345678');
    expect(images.images).toHaveLength(12);
    expect(harness.fake.requests[0]?.path).toBe('/qc/0/images');
    expect(harness.fake.requests[0]?.query.url).toBe('https://detail.tmall.com/item.htm?id=652812345678');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects product id %s', async (productId) => {
    await expect(harness.client.getQcImages(PLUS_KEY, productId)).rejects.toThrow(RangeError);
  });

  it('rejects an empty product URL', async () => {
    await expect(harness.client.getQcImagesByUrl(PLUS_KEY, ' ')).rejects.toThrow(RangeError);
  });
});

describe('QualitlyClient account endpoints', () => {
  it('parses me', async () => {
    const me = await harness.client.getMe(PLUS_KEY);

    expect(me).toEqual({ userId: PLUS_ACCOUNT, username: 'plus-user', keyId: 21, keyMode: 'live', tier: 'pro_plus' });
  });

  it('parses usage', async () => {
    const usage = await harness.client.getUsage(BASIC_KEY);

    expect(usage.tier).toBe('basic');
    expect(usage.keyId).toBe(11);
    expect(usage.keyMode).toBe('live');
    expect(usage.minute).toEqual({
      limit: 30,
      used: 1,
      remaining: 29,
      resetInSeconds: 60,
      resetAt: new Date(START_MS + 60_000),
    });
    expect(usage.month).toEqual({
      limit: 1_000,
      used: 1,
      remaining: 999,
      resetInSeconds: (Date.UTC(2026, 4, 1) - START_MS) / 1000,
      resetAt: new Date('2026-05-01T00:00:00.000Z'),
      bucket: 202604,
    });
  });

  it('parses custom tier usage', async () => {
    const usage = await harness.client.getUsage(CUSTOM_KEY);

    expect(usage.minute.limit).toBeNull();
    expect(usage.minute.remaining).toBeNull();
    expect(usage.month.limit).toBeNull();
    expect(usage.month.remaining).toBeNull();
  });

  it('keeps an unknown tier name', async () => {
    harness.fake.setTier(PLUS_ACCOUNT, 'enterprise');

    const me = await harness.client.getMe(PLUS_KEY);
    const usage = await harness.client.getUsage(PLUS_KEY);

    expect(me.tier).toBe('enterprise');
    expect(usage.tier).toBe('enterprise');
  });
});

describe('QualitlyClient tolerant parsing', () => {
  it('accepts string ids and extra fields', async () => {
    serveJson(harness.fake, {
      data: {
        id: '482910',
        storefront: 'WEIDIAN',
        listing_id: 7231368393,
        qc_count: '2',
        qc_preview: ['https://cdn.qualit.ly/qc/a.jpg'],
        brand_new_field: { nested: true },
      },
      meta: { request_id: 'abc' },
    });

    const product = await harness.client.getProduct(BASIC_KEY, 'weidian', '7231368393');

    expect(product.id).toBe(482910);
    expect(product.storefront).toBe('weidian');
    expect(product.listingId).toBe('7231368393');
    expect(product.qcCount).toBe(2);
    expect(product).not.toHaveProperty('brand_new_field');
  });

  it('fills missing optional fields', async () => {
    serveJson(harness.fake, { data: { id: 1, storefront: 'taobao', listing_id: '5' } });

    const product = await harness.client.getProduct(BASIC_KEY, 'taobao', '5');

    expect(product).toEqual({
      id: 1,
      storefront: 'taobao',
      listingId: '5',
      name: null,
      price: null,
      picUrl: null,
      productUrl: null,
      qcCount: 0,
      qcPreview: [],
    });
  });

  it('accepts explicit nulls', async () => {
    serveJson(harness.fake, {
      data: { id: 1, storefront: 'taobao', listing_id: '5', name: null, price: null, pic_url: null, product_url: null, qc_count: null, qc_preview: null },
    });

    const product = await harness.client.getProduct(BASIC_KEY, 'taobao', '5');

    expect(product.name).toBeNull();
    expect(product.qcCount).toBe(0);
    expect(product.qcPreview).toEqual([]);
  });

  it('drops non-http image URLs', async () => {
    serveJson(harness.fake, {
      data: {
        id: 1,
        storefront: 'weidian',
        listing_id: '5',
        pic_url: 'javascript:alert(1)',
        product_url: 'data:text/html,hi',
        qc_preview: [
          'javascript:alert(document.cookie)',
          'data:image/png;base64,AAAA',
          'ftp://cdn.qualit.ly/qc/1.jpg',
          '/qc/relative.jpg',
          42,
          null,
          'http://cdn.qualit.ly/qc/plain.jpg',
          'https://cdn.qualit.ly/qc/good.jpg',
        ],
      },
    });

    const product = await harness.client.getProduct(BASIC_KEY, 'weidian', '5');

    expect(product.picUrl).toBeNull();
    expect(product.productUrl).toBeNull();
    expect(product.qcPreview).toEqual(['http://cdn.qualit.ly/qc/plain.jpg', 'https://cdn.qualit.ly/qc/good.jpg']);
  });

  it('drops non-http thumbnails', async () => {
    serveJson(harness.fake, {
      data: { storefront: 'weidian', listing_id: '5', qc_count: 2, thumbnails: ['vbscript:x', 'https://cdn.qualit.ly/qc/t.jpg'] },
    });

    const summary = await harness.client.getQc(BASIC_KEY, 'weidian', '5');

    expect(summary.thumbnails).toEqual(['https://cdn.qualit.ly/qc/t.jpg']);
  });

  it('drops non-http full images', async () => {
    serveJson(harness.fake, {
      data: { id: '9', storefront: '1688', listing_id: '5', images: ['JAVASCRIPT:alert(1)', ' https://cdn.qualit.ly/qc/i.jpg '] },
    });

    const images = await harness.client.getQcImages(PLUS_KEY, 9);

    expect(images.images).toEqual(['https://cdn.qualit.ly/qc/i.jpg']);
    expect(images.qcCount).toBe(0);
  });

  it('accepts usage without limits', async () => {
    serveJson(harness.fake, {
      tier: 'mega_enterprise',
      key: { id: '7', mode: 'live' },
      minute: { used: 12, reset_in_seconds: 37 },
      month: { limit: null, used: '1843', remaining: null, reset_at: '2026-05-01T00:00:00.000Z', bucket: '202604' },
    });

    const usage = await harness.client.getUsage(PLUS_KEY);

    expect(usage.tier).toBe('mega_enterprise');
    expect(usage.keyId).toBe(7);
    expect(usage.minute.limit).toBeNull();
    expect(usage.minute.resetInSeconds).toBe(37);
    expect(usage.month.used).toBe(1843);
    expect(usage.month.resetAt).toEqual(new Date('2026-05-01T00:00:00.000Z'));
    expect(usage.month.bucket).toBe(202604);
  });

  it('accepts me with sparse fields', async () => {
    serveJson(harness.fake, { user: { id: '12345' }, key: { id: 1 }, tier: 'platinum', scopes: ['x'] });

    const me = await harness.client.getMe(PLUS_KEY);

    expect(me).toEqual({ userId: 12345, username: '', keyId: 1, keyMode: '', tier: 'platinum' });
  });
});

describe('QualitlyClient requests', () => {
  it('sends auth, accept and user agent', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const paths: string[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers);
      paths.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ user: { id: 1, username: 'u' }, key: { id: 2, mode: 'live' }, tier: 'basic' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const client = new QualitlyClient({ baseUrl: `http://127.0.0.1:${port}/proxy/api/v1/`, userAgent: 'test-agent/1.0' });

    try {
      await client.getMe(BASIC_KEY);
    } finally {
      await client.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }

    expect(paths).toEqual(['/proxy/api/v1/me']);
    expect(seen[0]?.authorization).toBe(`Bearer ${BASIC_KEY}`);
    expect(seen[0]?.accept).toBe('application/json');
    expect(seen[0]?.['user-agent']).toBe('test-agent/1.0');
  });

  it.each(['', 'qc_live_abc\r\nx-injected: 1', 'key with spaces'])('rejects unusable key %j', async (apiKey) => {
    const error = await rejectionOf(harness.client.getMe(apiKey));

    expect(error).toBeInstanceOf(TypeError);
    expect(harness.fake.requests).toHaveLength(0);
  });

  it('rejects a non-http base URL', () => {
    expect(() => new QualitlyClient({ baseUrl: 'ftp://127.0.0.1/api/v1' })).toThrow(TypeError);
  });

  it('leaves a passed dispatcher open', async () => {
    const agent = new Agent();
    const client = new QualitlyClient({ baseUrl: harness.fake.baseUrl, dispatcher: agent });

    await client.close();
    const me = await new QualitlyClient({ baseUrl: harness.fake.baseUrl, dispatcher: agent }).getMe(BASIC_KEY);
    await agent.close();

    expect(me.tier).toBe('basic');
  });

  it('closes its own dispatcher once', async () => {
    const client = new QualitlyClient({ baseUrl: harness.fake.baseUrl });

    await client.close();
    await client.close();
    const error = await rejectionOf(client.getMe(BASIC_KEY));

    expect(error).toBeInstanceOf(QualitlyError);
  });
});
