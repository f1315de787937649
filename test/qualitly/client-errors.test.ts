import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

import { Client } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  QualitlyApiError,
  QualitlyClient,
  QualitlyError,
  QualitlyNetworkError,
  QualitlyResponseError,
  type Me,
  type QualitlyErrorCode,
} from '../../src/qualitly/index.js';
import { fakeApiKey, type Fault } from '../fakes/qualitly/index.js';
import { BASIC_ACCOUNT, BASIC_KEY, PLUS_KEY, rejectionOf, serveJson, startHarness, type Harness } from './harness.js';

/** Timeouts short enough that hang and slow-body tests finish quickly. */
const SHORT_TIMEOUT_MS = 200;

/**
 * How long a slow body stalls. undici 7 runs body and headers timeouts on a timer with 1 s
 * resolution (RESOLUTION_MS in lib/util/timers.js), so a 200 ms timeout fires after about 1 s. The
 * stall must outlast that with room to spare; the tests still end when the timeout fires.
 */
const BODY_STALL_MS = 3_000;

let harness: Harness;
const extraClients: QualitlyClient[] = [];

beforeEach(async () => {
  harness = await startHarness();
});

afterEach(async () => {
  for (const client of extraClients.splice(0)) {
    await client.close();
  }
  await harness.close();
});

function shortTimeoutClient(options: { maxResponseBytes?: number } = {}): QualitlyClient {
  const client = new QualitlyClient({
    baseUrl: harness.fake.baseUrl,
    headersTimeoutMs: SHORT_TIMEOUT_MS,
    bodyTimeoutMs: SHORT_TIMEOUT_MS,
    ...options,
  });
  extraClients.push(client);
  return client;
}

function errorBody(code: string, message = 'upstream says no', extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ error: { code, message, ...extra } });
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('error codes from bodies', () => {
  const cases: Array<{ status: number; body: string; code: QualitlyErrorCode }> = [
    { status: 400, body: errorBody('BAD_REQUEST'), code: 'BAD_REQUEST' },
    { status: 401, body: errorBody('INVALID_KEY'), code: 'INVALID_KEY' },
    { status: 401, body: errorBody('REVOKED_KEY'), code: 'REVOKED_KEY' },
    { status: 403, body: errorBody('IP_NOT_AUTHORIZED'), code: 'IP_NOT_AUTHORIZED' },
    { status: 403, body: errorBody('FORBIDDEN'), code: 'FORBIDDEN' },
    { status: 404, body: errorBody('NOT_FOUND'), code: 'NOT_FOUND' },
    { status: 429, body: errorBody('RATE_LIMITED'), code: 'RATE_LIMITED' },
    { status: 429, body: errorBody('QUOTA_EXCEEDED'), code: 'QUOTA_EXCEEDED' },
    { status: 500, body: errorBody('INTERNAL'), code: 'INTERNAL' },
    { status: 418, body: errorBody('TEAPOT'), code: 'UNKNOWN' },
    { status: 502, body: '<html>Bad gateway</html>', code: 'UNKNOWN' },
    { status: 503, body: '', code: 'UNKNOWN' },
    { status: 500, body: '{"error":"flat string"}', code: 'UNKNOWN' },
  ];

  it.each(cases)('HTTP $status gives $code', async ({ status, body, code }) => {
    harness.fake.injectFault({ kind: 'status', status, body });

    const error = await rejectionOf(harness.client.getProduct(PLUS_KEY, 'weidian', '7231368393'));

    expect(error).toBeInstanceOf(QualitlyApiError);
    expect((error as QualitlyApiError).status).toBe(status);
    expect((error as QualitlyApiError).code).toBe(code);
    expect((error as Error).message).toContain('getProduct (GET /products/weidian/7231368393)');
    expect((error as Error).message).toContain(`HTTP ${status} ${code}`);
  });
});

describe('error codes from the fake', () => {
  const revokedKey = fakeApiKey('revokedClientKey');
  const allowlistedKey = fakeApiKey('allowlistedClientKey');

  beforeEach(() => {
    harness.fake.addKey({ key: revokedKey, accountId: 70, tier: 'pro', revoked: true });
    harness.fake.addKey({ key: allowlistedKey, accountId: 71, tier: 'pro', allowlist: ['10.0.0.0/8'] });
  });

  const cases: Array<{ code: QualitlyErrorCode; status: number; call: (client: QualitlyClient) => Promise<unknown> }> = [
    { code: 'BAD_REQUEST', status: 400, call: (client) => client.getProduct(BASIC_KEY, 'amazon' as 'weidian', '1') },
    { code: 'INVALID_KEY', status: 401, call: (client) => client.getMe(fakeApiKey('neverRegistered')) },
    { code: 'INVALID_KEY', status: 401, call: (client) => client.getMe('qc_live_tooShort') },
    { code: 'REVOKED_KEY', status: 401, call: (client) => client.getMe(revokedKey) },
    { code: 'IP_NOT_AUTHORIZED', status: 403, call: (client) => client.getMe(allowlistedKey) },
    { code: 'FORBIDDEN', status: 403, call: (client) => client.getQcImages(BASIC_KEY, 482910) },
    { code: 'FORBIDDEN', status: 403, call: (client) => client.getQcImagesByUrl(BASIC_KEY, 'https://weidian.com/item.html?itemID=1') },
    { code: 'NOT_FOUND', status: 404, call: (client) => client.getQc(BASIC_KEY, 'weidian', '1') },
    { code: 'NOT_FOUND', status: 404, call: (client) => client.getQcImages(PLUS_KEY, 999_999) },
  ];

  it.each(cases)('$code from a real rule', async ({ code, status, call }) => {
    const error = await rejectionOf(call(harness.client));

    expect(error).toBeInstanceOf(QualitlyApiError);
    expect((error as QualitlyApiError).code).toBe(code);
    expect((error as QualitlyApiError).status).toBe(status);
    expect((error as QualitlyApiError).upstreamMessage).toEqual(expect.any(String));
  });

  it('RATE_LIMITED with Retry-After', async () => {
    await harness.client.getMe(BASIC_KEY);
    harness.clock.advance(20_000);
    for (let index = 0; index < 29; index += 1) {
      await harness.client.getMe(BASIC_KEY);
    }

    const error = await rejectionOf(harness.client.getMe(BASIC_KEY));

    expect(error).toBeInstanceOf(QualitlyApiError);
    expect((error as QualitlyApiError).code).toBe('RATE_LIMITED');
    expect((error as QualitlyApiError).retryAfterSeconds).toBe(40);
    expect(harness.fake.usage(BASIC_ACCOUNT).minuteUsed).toBe(30);
  });
});

describe('Retry-After parsing', () => {
  it('prefers the header', async () => {
    harness.fake.injectFault({ kind: 'status', status: 429, headers: { 'retry-after': '7' }, body: errorBody('RATE_LIMITED', 'x', { retry_after: 12 }) });

    const error = (await rejectionOf(harness.client.getMe(BASIC_KEY))) as QualitlyApiError;

    expect(error.retryAfterSeconds).toBe(7);
  });

  it('falls back to the body', async () => {
    harness.fake.injectFault({ kind: 'status', status: 429, body: errorBody('RATE_LIMITED', 'x', { retry_after: 12 }) });

    const error = (await rejectionOf(harness.client.getMe(BASIC_KEY))) as QualitlyApiError;

    expect(error.retryAfterSeconds).toBe(12);
  });

  it('reads an HTTP date', async () => {
    const retryAt = new Date(Date.now() + 30_000).toUTCString();
    harness.fake.injectFault({ kind: 'status', status: 503, headers: { 'retry-after': retryAt }, body: errorBody('INTERNAL') });

    const error = (await rejectionOf(harness.client.getMe(BASIC_KEY))) as QualitlyApiError;

    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  it('is null when absent', async () => {
    harness.fake.injectFault({ kind: 'status', status: 429, body: errorBody('QUOTA_EXCEEDED') });

    const error = (await rejectionOf(harness.client.getMe(BASIC_KEY))) as QualitlyApiError;

    expect(error.retryAfterSeconds).toBeNull();
  });

  it('ignores a garbage header', async () => {
    harness.fake.injectFault({ kind: 'status', status: 429, headers: { 'retry-after': 'soon' }, body: errorBody('RATE_LIMITED', 'x', { retry_after: 3 }) });

    const error = (await rejectionOf(harness.client.getMe(BASIC_KEY))) as QualitlyApiError;

    expect(error.retryAfterSeconds).toBe(3);
  });
});

describe('upstream messages', () => {
  it('keeps the message out of the error text', async () => {
    harness.fake.injectFault({ kind: 'status', status: 500, body: errorBody('INTERNAL', 'database on fire') });

    const error = (await rejectionOf(harness.client.getMe(BASIC_KEY))) as QualitlyApiError;

    expect(error.upstreamMessage).toBe('database on fire');
    expect(error.message).not.toContain('database on fire');
  });

  it('truncates to 200 characters', async () => {
    harness.fake.injectFault({ kind: 'status', status: 500, body: errorBody('INTERNAL', 'x'.repeat(5_000)) });

    const error = (await rejectionOf(harness.client.getMe(BASIC_KEY))) as QualitlyApiError;

    expect(error.upstreamMessage).toHaveLength(200);
  });

  it('redacts an echoed key', async () => {
    harness.fake.injectFault({ kind: 'status', status: 401, body: errorBody('INVALID_KEY', `Key ${PLUS_KEY} is not valid`) });

    const error = (await rejectionOf(harness.client.getMe(PLUS_KEY))) as QualitlyApiError;

    expect(error.upstreamMessage).not.toContain(PLUS_KEY);
    expect(error.upstreamMessage).toContain('[redacted]');
  });
});

describe('invalid 2xx responses', () => {
  const calls: Array<{ name: string; call: (client: QualitlyClient) => Promise<unknown> }> = [
    { name: 'getProduct', call: (client) => client.getProduct(PLUS_KEY, 'weidian', '7231368393') },
    { name: 'getProducts', call: (client) => client.getProducts(PLUS_KEY, [{ storefront: 'weidian', listingId: '7231368393' }]) },
    { name: 'getQc', call: (client) => client.getQc(PLUS_KEY, 'weidian', '7231368393') },
    { name: 'getQcImages', call: (client) => client.getQcImages(PLUS_KEY, 482910) },
    { name: 'getQcImagesByUrl', call: (client) => client.getQcImagesByUrl(PLUS_KEY, 'https://weidian.com/item.html?itemID=7231368393') },
    { name: 'getMe', call: (client) => client.getMe(PLUS_KEY) },
    { name: 'getUsage', call: (client) => client.getUsage(PLUS_KEY) },
  ];

  it.each(calls)('$name rejects a wrong shape', async ({ name, call }) => {
    harness.fake.injectFault({ kind: 'wrong-shape' });

    const error = await rejectionOf(call(harness.client));

    expect(error).toBeInstanceOf(QualitlyResponseError);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).toContain('does not match the expected shape');
  });

  it.each(calls)('$name rejects malformed JSON', async ({ call }) => {
    harness.fake.injectFault({ kind: 'malformed-json' });

    const error = await rejectionOf(call(harness.client));

    expect(error).toBeInstanceOf(QualitlyResponseError);
    expect((error as Error).message).toContain('not valid JSON');
  });

  it('rejects an empty body', async () => {
    harness.fake.injectFault({ kind: 'status', status: 200, body: '' });

    const error = await rejectionOf(harness.client.getMe(PLUS_KEY));

    expect(error).toBeInstanceOf(QualitlyResponseError);
  });

  it('rejects a huge streamed body', async () => {
    const client = shortTimeoutClient({ maxResponseBytes: 64 * 1024 });
    harness.fake.injectFault({ kind: 'huge-body', bytes: 4 * 1024 * 1024 });

    const error = await rejectionOf(client.getProduct(PLUS_KEY, 'weidian', '7231368393'));

    expect(error).toBeInstanceOf(QualitlyResponseError);
    expect((error as Error).message).toContain('larger than 65536 bytes');
  });

  it('rejects a huge body by default', async () => {
    harness.fake.injectFault({ kind: 'huge-body', bytes: 2 * 1024 * 1024 });

    const error = await rejectionOf(harness.client.getProduct(PLUS_KEY, 'weidian', '7231368393'));

    expect(error).toBeInstanceOf(QualitlyResponseError);
  });

  it('rejects a large Content-Length', async () => {
    const client = shortTimeoutClient({ maxResponseBytes: 1_000 });
    harness.fake.injectFault({ kind: 'status', status: 200, body: JSON.stringify({ data: { padding: 'x'.repeat(5_000) } }) });

    const error = await rejectionOf(client.getMe(PLUS_KEY));

    expect(error).toBeInstanceOf(QualitlyResponseError);
  });

  it('accepts a body at the limit', async () => {
    const body = JSON.stringify({ user: { id: 1, username: 'u' }, key: { id: 2, mode: 'live' }, tier: 'basic' });
    const client = shortTimeoutClient({ maxResponseBytes: Buffer.byteLength(body) });
    serveJson(harness.fake, JSON.parse(body));

    const me = await client.getMe(PLUS_KEY);

    expect(me.userId).toBe(1);
  });
});

describe('network failures', () => {
  it('times out a hanging response', async () => {
    const client = shortTimeoutClient();
    harness.fake.injectFault({ kind: 'hang' });

    const error = await rejectionOf(client.getMe(PLUS_KEY));

    expect(error).toBeInstanceOf(QualitlyNetworkError);
    expect((error as QualitlyNetworkError).reason).toBe('timeout');
    expect((error as QualitlyNetworkError).errorCode).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect((error as Error).message).toContain('getMe (GET /me) timed out');
  });

  it('times out a stalled body', async () => {
    const client = shortTimeoutClient();
    harness.fake.injectFault({ kind: 'slow-body', delayMs: BODY_STALL_MS });

    const error = await rejectionOf(client.getMe(PLUS_KEY));

    expect(error).toBeInstanceOf(QualitlyNetworkError);
    expect((error as QualitlyNetworkError).reason).toBe('timeout');
    expect((error as QualitlyNetworkError).errorCode).toBe('UND_ERR_BODY_TIMEOUT');
  });

  it('waits for a slow body', async () => {
    const client = shortTimeoutClient();
    harness.fake.injectFault({ kind: 'slow-body', delayMs: 50 });

    const me = await client.getMe(PLUS_KEY);

    expect(me.tier).toBe('pro_plus');
  });

  it('reports a reset connection', async () => {
    harness.fake.injectFault({ kind: 'reset' });

    const error = await rejectionOf(harness.client.getMe(PLUS_KEY));

    expect(error).toBeInstanceOf(QualitlyNetworkError);
    expect((error as QualitlyNetworkError).reason).toBe('connection');
  });

  it('reports a refused connection', async () => {
    const port = await freeLoopbackPort();
    const client = new QualitlyClient({ baseUrl: `http://127.0.0.1:${port}/api/v1` });
    extraClients.push(client);

    const error = await rejectionOf(client.getMe(PLUS_KEY));

    expect(error).toBeInstanceOf(QualitlyNetworkError);
    expect((error as QualitlyNetworkError).reason).toBe('connection');
    expect((error as QualitlyNetworkError).errorCode).toBe('ECONNREFUSED');
  });

  it('rejects with the abort reason', async () => {
    harness.fake.injectFault({ kind: 'hang' });
    const controller = new AbortController();
    const reason = new Error('lookup cancelled');

    const pending = rejectionOf(harness.client.getMe(PLUS_KEY, controller.signal));
    await waitFor(() => harness.fake.requests.length === 1);
    controller.abort(reason);

    await expect(pending).resolves.toBe(reason);
  });

  it('reports a closed client', async () => {
    const client = new QualitlyClient({ baseUrl: harness.fake.baseUrl });
    await client.close();

    const error = await rejectionOf(client.getMe(PLUS_KEY));

    expect(error).toBeInstanceOf(QualitlyError);
    expect(error).not.toBeInstanceOf(QualitlyNetworkError);
  });
});

describe('API key secrecy', () => {
  const secretKey = fakeApiKey('secretKeyThatMustNotLeak');

  beforeEach(() => {
    harness.fake.addKey({ key: secretKey, accountId: 80, tier: 'pro_plus' });
  });

  function faultThenCall(fault: Fault, call: (client: QualitlyClient) => Promise<unknown>) {
    return async (client: QualitlyClient): Promise<unknown> => {
      harness.fake.injectFault(fault);
      return rejectionOf(call(client));
    };
  }

  const getProduct = (client: QualitlyClient) => client.getProduct(secretKey, 'weidian', '7231368393');
  const echo = `invalid key ${secretKey}; Authorization: Bearer ${secretKey}`;

  const scenarios: Array<{ name: string; run: (client: QualitlyClient) => Promise<unknown> }> = [
    { name: 'not found', run: (client) => rejectionOf(client.getProduct(secretKey, 'weidian', '1')) },
    { name: 'unknown key', run: (client) => rejectionOf(client.getMe(`${secretKey.slice(0, -1)}X`)) },
    { name: 'echoing error body', run: faultThenCall({ kind: 'status', status: 401, body: errorBody('INVALID_KEY', echo) }, getProduct) },
    { name: 'non-JSON error', run: faultThenCall({ kind: 'status', status: 502, body: echo }, getProduct) },
    { name: 'malformed JSON', run: faultThenCall({ kind: 'malformed-json' }, getProduct) },
    { name: 'wrong shape', run: faultThenCall({ kind: 'wrong-shape' }, getProduct) },
    { name: 'huge body', run: faultThenCall({ kind: 'huge-body', bytes: 2 * 1024 * 1024 }, getProduct) },
    { name: 'headers timeout', run: faultThenCall({ kind: 'hang' }, getProduct) },
    { name: 'body timeout', run: faultThenCall({ kind: 'slow-body', delayMs: BODY_STALL_MS }, getProduct) },
    { name: 'reset', run: faultThenCall({ kind: 'reset' }, getProduct) },
    {
      name: 'batch item error',
      run: async (client) => {
        serveJson(harness.fake, { results: [{ error: { code: 'NOT_FOUND', message: echo } }] });
        const [result] = await client.getProducts(secretKey, [{ storefront: 'weidian', listingId: '1' }]);
        return result?.ok === false ? result.error : new Error('expected a failed batch item');
      },
    },
    {
      name: 'refused connection',
      run: async () => {
        const port = await freeLoopbackPort();
        const client = new QualitlyClient({ baseUrl: `http://127.0.0.1:${port}/api/v1` });
        extraClients.push(client);
        return rejectionOf(client.getMe(secretKey));
      },
    },
    { name: 'key with a line break', run: (client) => rejectionOf(client.getMe(`${secretKey}\r\n`)) },
  ];

  it.each(scenarios)('hides the key: $name', async ({ run }) => {
    const error = (await run(shortTimeoutClient())) as Error & { upstreamMessage?: unknown };
    const keyStart = secretKey.slice(0, 24);

    expect(error).toBeInstanceOf(Error);
    expect(error.message).not.toContain(keyStart);
    expect(error.stack ?? '').not.toContain(keyStart);
    expect(String(error.cause)).not.toContain(keyStart);
    expect(String(error.upstreamMessage)).not.toContain(keyStart);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(keyStart);
  });
});

describe('connection reuse', () => {
  /**
   * Sends 40 failing requests of four kinds and one success; returns the successful result. The 500
   * bodies are larger than undici's 64 KiB stream buffer, so an unread one would hold its socket.
   */
  async function sendErrorsThenSuccess(client: QualitlyClient): Promise<Me> {
    for (let index = 0; index < 10; index += 1) {
      harness.fake.injectFault({ kind: 'status', status: 500, body: errorBody('INTERNAL', 'x'.repeat(200_000)) });
      await rejectionOf(client.getMe(PLUS_KEY));
      await rejectionOf(client.getProduct(PLUS_KEY, 'weidian', '1'));
      await rejectionOf(client.getMe(fakeApiKey('unknownForReuse')));
      harness.fake.injectFault({ kind: 'wrong-shape' });
      await rejectionOf(client.getMe(PLUS_KEY));
    }
    return client.getMe(PLUS_KEY);
  }

  it('keeps one connection usable', { timeout: 10_000 }, async () => {
    // A single-connection dispatcher stalls on the next request if any body was left unread.
    const dispatcher = new Client(new URL(harness.fake.baseUrl).origin);
    const client = new QualitlyClient({ baseUrl: harness.fake.baseUrl, dispatcher });

    try {
      const me = await sendErrorsThenSuccess(client);

      expect(me.tier).toBe('pro_plus');
      expect(harness.fake.requests).toHaveLength(41);
      expect(harness.fake.connectionCount).toBe(1);
    } finally {
      await dispatcher.close();
    }
  });

  it('needs few sockets with the default agent', async () => {
    const me = await sendErrorsThenSuccess(harness.client);

    expect(me.tier).toBe('pro_plus');
    // undici's pool may open a second socket while the first one is still being released.
    expect(harness.fake.connectionCount).toBeLessThanOrEqual(2);
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
