import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import {
  FakeAccounts,
  KEY_PATTERN,
  MINUTE_WINDOW_MS,
  isAddressAllowed,
  startOfNextUtcMonth,
  tierRules,
  type AccountState,
  type KeyState,
} from './accounts.js';
import { DEMO_KEY, DEMO_PRODUCTS } from './catalogue.js';
import { createFakeClock, type FakeClock } from './clock.js';
import { FaultQueue, JSON_CONTENT_TYPE, faultStatus, sendFault, sendSlowly, type FaultResources } from './faults.js';
import { parseProductUrl } from './product-urls.js';
import type {
  Fault,
  FaultOptions,
  FakeKey,
  FakeProduct,
  FakeQualitly,
  FakeStorefront,
  RecordedRequest,
  StartFakeQualitlyOptions,
} from './types.js';

const API_PREFIX = '/api/v1';
const STOREFRONTS: ReadonlySet<string> = new Set<FakeStorefront>(['weidian', 'taobao', '1688']);
const BATCH_MAX_ITEMS = 100;
const QC_PREVIEW_COUNT = 5;
const QC_THUMBNAIL_COUNT = 3;
/** Request bodies beyond this size are rejected with BAD_REQUEST. */
const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Error code of an error reply, null for success. */
  code: string | null;
}

interface RequestContext {
  method: string;
  apiPath: string | null;
  query: Record<string, string>;
  body: Buffer | null;
  token: string | null;
  keyState: KeyState | undefined;
  remoteAddress: string | undefined;
}

function errorReply(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, code, body: { error: { code, message, ...extra } } };
}

function okReply(body: unknown): Reply {
  return { status: 200, code: null, body };
}

const notFound = (message: string): Reply => errorReply(404, 'NOT_FOUND', message);
const badRequest = (message: string): Reply => errorReply(400, 'BAD_REQUEST', message);
const forbiddenForTier = (): Reply => errorReply(403, 'FORBIDDEN', 'Your tier does not include this endpoint');

/** Leading zeros carry no meaning in storefront listing ids, so `007` and `7` name one listing. */
function canonicalListingId(listingId: string): string {
  return /^\d+$/.test(listingId) ? listingId.replace(/^0+(?=\d)/, '') : listingId;
}

function listingKey(storefront: string, listingId: string): string {
  return `${storefront}:${canonicalListingId(listingId)}`;
}

function productJson(product: FakeProduct): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: product.id,
    storefront: product.storefront,
    listing_id: product.listingId,
  };
  if (product.name !== undefined) json.name = product.name;
  if (product.price !== undefined) json.price = product.price;
  if (product.picUrl !== undefined) json.pic_url = product.picUrl;
  if (product.productUrl !== undefined) json.product_url = product.productUrl;
  json.qc_count = product.images.length;
  json.qc_preview = product.images.slice(0, QC_PREVIEW_COUNT);
  return json;
}

function qcImagesJson(product: FakeProduct): Record<string, unknown> {
  return {
    data: {
      id: product.id,
      storefront: product.storefront,
      listing_id: product.listingId,
      qc_count: product.images.length,
      images: [...product.images],
    },
  };
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Reads the whole request body; returns null when it is larger than MAX_REQUEST_BODY_BYTES. */
async function readRequestBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_REQUEST_BODY_BYTES) {
      tooLarge = true;
    } else {
      chunks.push(buffer);
    }
  }
  return tooLarge ? null : Buffer.concat(chunks);
}

/** An in-process Qualit.ly API on 127.0.0.1 that follows the provider's documented rules. */
class FakeQualitlyServer implements FakeQualitly {
  readonly clock: FakeClock;
  readonly requests: RecordedRequest[] = [];
  baseUrl = '';

  readonly #server: Server;
  readonly #accounts: FakeAccounts;
  readonly #faults = new FaultQueue();
  readonly #productsByListing = new Map<string, FakeProduct>();
  readonly #productsById = new Map<number, FakeProduct>();
  readonly #sockets = new Set<Socket>();
  readonly #faultResources: FaultResources = { hangingSockets: new Set(), timers: new Set() };
  #connectionCount = 0;
  #closed = false;

  constructor(clock: FakeClock) {
    this.clock = clock;
    this.#accounts = new FakeAccounts(clock);
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch(() => {
        if (!response.headersSent) {
          this.#send(response, errorReply(500, 'INTERNAL', 'The fake server failed'));
        } else {
          response.destroy();
        }
      });
    });
    this.#server.on('connection', (socket: Socket) => {
      this.#connectionCount += 1;
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  get connectionCount(): number {
    return this.#connectionCount;
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    const address = this.#server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${address.port}${API_PREFIX}`;
  }

  addKey(key: FakeKey): void {
    this.#accounts.addKey(key);
  }

  revokeKey(key: string): void {
    this.#accounts.revokeKey(key);
  }

  setTier(accountId: number, tier: string): void {
    this.#accounts.setTier(accountId, tier);
  }

  addProduct(product: FakeProduct): void {
    const copy: FakeProduct = { ...product, images: [...product.images] };
    this.#productsByListing.set(listingKey(copy.storefront, copy.listingId), copy);
    this.#productsById.set(copy.id, copy);
  }

  injectFault(fault: Fault, options?: FaultOptions): void {
    this.#faults.add(fault, options);
  }

  usage(accountId: number): { minuteUsed: number; monthUsed: number } {
    return this.#accounts.usage(accountId);
  }

  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;

    for (const timer of this.#faultResources.timers) {
      clearTimeout(timer);
    }
    this.#faultResources.timers.clear();

    const closed = new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
    });
    this.#server.closeAllConnections();
    for (const socket of this.#sockets) {
      socket.destroy();
    }
    await closed;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const atMs = this.clock.now();
    // The raw request target is split by hand because the URL parser would resolve encoded dot
    // segments, and the request log must show the path exactly as the client sent it.
    const target = request.url ?? '/';
    const queryStart = target.indexOf('?');
    const pathname = queryStart === -1 ? target : target.slice(0, queryStart);
    const searchParams = new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1));
    const apiPath = pathname.startsWith(`${API_PREFIX}/`) ? pathname.slice(API_PREFIX.length) : null;
    const token = bearerToken(request.headers.authorization);
    const keyState = token === null ? undefined : this.#accounts.findKey(token);
    const body = await readRequestBody(request);

    const context: RequestContext = {
      method: request.method ?? 'GET',
      apiPath,
      query: Object.fromEntries(searchParams),
      body,
      token,
      keyState,
      remoteAddress: request.socket.remoteAddress,
    };
    const recordBase = {
      method: context.method,
      path: apiPath ?? pathname,
      query: context.query,
      keyId: keyState?.keyId ?? null,
      at: atMs,
    };

    const fault = this.#faults.take(recordBase.path);
    if (fault !== null && fault.kind !== 'slow-body') {
      this.requests.push({ ...recordBase, status: faultStatus(fault), code: null });
      sendFault(fault, request, response, this.#faultResources);
      return;
    }

    const reply = this.#authorizeAndRoute(context);
    this.requests.push({ ...recordBase, status: reply.status, code: reply.code });

    if (fault?.kind === 'slow-body') {
      const headers = { 'content-type': JSON_CONTENT_TYPE, ...reply.headers };
      sendSlowly(response, reply.status, headers, JSON.stringify(reply.body), fault.delayMs, this.#faultResources);
      return;
    }
    this.#send(response, reply);
  }

  #send(response: ServerResponse, reply: Reply): void {
    response.writeHead(reply.status, { 'content-type': JSON_CONTENT_TYPE, ...reply.headers });
    response.end(JSON.stringify(reply.body));
  }

  /**
   * Applies the checks in the provider's order: key, allowlist, rate limits, then the route. Every
   * request that passes the allowlist counts against both buckets, errors included, unless it is
   * rejected with 429.
   */
  #authorizeAndRoute(context: RequestContext): Reply {
    if (context.apiPath === null) {
      return notFound('No such route');
    }

    const { token, keyState } = context;
    if (token === null || !KEY_PATTERN.test(token) || keyState === undefined) {
      return errorReply(401, 'INVALID_KEY', 'Missing, malformed or unknown API key');
    }
    if (keyState.revoked) {
      return errorReply(401, 'REVOKED_KEY', 'This API key was revoked');
    }
    if (!isAddressAllowed(keyState.allowlist, context.remoteAddress)) {
      return errorReply(403, 'IP_NOT_AUTHORIZED', 'Request IP is not in the key allowlist');
    }

    const decision = this.#accounts.consume(keyState.accountId);
    if (!decision.allowed && decision.code === 'RATE_LIMITED') {
      const seconds = decision.retryAfterSeconds;
      const reply = errorReply(429, 'RATE_LIMITED', 'Per-minute limit exceeded', { retry_after: seconds });
      return { ...reply, headers: { 'retry-after': String(seconds) } };
    }
    if (!decision.allowed) {
      return errorReply(429, 'QUOTA_EXCEEDED', 'Monthly quota exceeded');
    }

    return this.#route(context, keyState, this.#accounts.account(keyState.accountId));
  }

  #route(context: RequestContext, keyState: KeyState, account: AccountState): Reply {
    let segments: string[];
    try {
      segments = (context.apiPath ?? '').split('/').slice(1).map(decodeURIComponent);
    } catch {
      return badRequest('The path is not valid percent-encoding');
    }

    const [resource, second, third, ...rest] = segments;
    const method = context.method;
    const shape = `${method} /${resource ?? ''}${second === undefined ? '' : '/:a'}${third === undefined ? '' : '/:b'}${rest.length > 0 ? '/…' : ''}`;

    switch (shape) {
      case 'GET /products/:a/:b':
        return this.#getProduct(second ?? '', third ?? '');
      case 'POST /products/:a':
        return second === 'batch' ? this.#postBatch(context.body, account) : notFound('No such route');
      case 'GET /qc/:a/:b':
        if (third === 'images' && /^\d+$/.test(second ?? '')) {
          return this.#getQcImages(Number(second), context.query.url, account);
        }
        return this.#getQc(second ?? '', third ?? '');
      case 'GET /me':
        return okReply({
          user: { id: account.accountId, username: account.username },
          key: { id: keyState.keyId, mode: keyState.mode },
          tier: account.tier,
        });
      case 'GET /usage':
        return okReply(this.#usageJson(keyState, account));
      default:
        return notFound(`No route for ${method} ${context.apiPath ?? ''}`);
    }
  }

  #findListing(storefront: string, listingId: string): FakeProduct | Reply {
    if (!STOREFRONTS.has(storefront)) {
      return badRequest('storefront must be weidian, taobao or 1688');
    }
    return this.#productsByListing.get(listingKey(storefront, listingId)) ?? notFound('Product not found');
  }

  #getProduct(storefront: string, listingId: string): Reply {
    const found = this.#findListing(storefront, listingId);
    return 'status' in found ? found : okReply({ data: productJson(found) });
  }

  #getQc(storefront: string, listingId: string): Reply {
    const found = this.#findListing(storefront, listingId);
    if ('status' in found) {
      return found;
    }
    return okReply({
      data: {
        storefront: found.storefront,
        listing_id: found.listingId,
        qc_count: found.images.length,
        thumbnails: found.images.slice(0, QC_THUMBNAIL_COUNT),
      },
    });
  }

  #getQcImages(productId: number, productUrl: string | undefined, account: AccountState): Reply {
    if (!tierRules(account.tier).fullImages) {
      return forbiddenForTier();
    }
    if (productId !== 0) {
      const product = this.#productsById.get(productId);
      return product ? okReply(qcImagesJson(product)) : notFound('Product not found');
    }

    if (productUrl === undefined || productUrl === '') {
      return badRequest('Query parameter url is required when the id is 0');
    }
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(productUrl);
    } catch {
      return badRequest('url is not a valid absolute URL');
    }
    const listing = parseProductUrl(parsedUrl);
    const product = listing && this.#productsByListing.get(listingKey(listing.storefront, listing.listingId));
    return product ? okReply(qcImagesJson(product)) : notFound('No product found for this URL');
  }

  #postBatch(body: Buffer | null, account: AccountState): Reply {
    if (!tierRules(account.tier).fullImages) {
      return forbiddenForTier();
    }
    if (body === null) {
      return badRequest(`Request body is larger than ${MAX_REQUEST_BODY_BYTES} bytes`);
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return badRequest('Request body is not valid JSON');
    }
    const items = typeof parsed === 'object' && parsed !== null ? (parsed as { items?: unknown }).items : undefined;
    if (!Array.isArray(items)) {
      return badRequest('Request body needs an items array');
    }
    if (items.length < 1 || items.length > BATCH_MAX_ITEMS) {
      return badRequest(`items must have 1 to ${BATCH_MAX_ITEMS} entries, got ${items.length}`);
    }

    const results: unknown[] = [];
    for (const [index, item] of items.entries()) {
      const { storefront, listing_id: listingId } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      if (typeof storefront !== 'string' || !STOREFRONTS.has(storefront) || typeof listingId !== 'string' || listingId === '') {
        return badRequest(`items[${index}] needs a storefront of weidian, taobao or 1688 and a listing_id string`);
      }
      const product = this.#productsByListing.get(listingKey(storefront, listingId));
      // A failed item carries only its code, as in the provider's example response.
      results.push(product ? { data: productJson(product) } : { error: { code: 'NOT_FOUND' } });
    }
    return okReply({ results });
  }

  #usageJson(keyState: KeyState, account: AccountState): Record<string, unknown> {
    const nowMs = this.clock.now();
    const rules = tierRules(account.tier);
    const minuteEndMs = (account.minuteWindowStartMs ?? nowMs) + MINUTE_WINDOW_MS;
    const monthEndMs = startOfNextUtcMonth(nowMs);
    const remaining = (limit: number | null, used: number): number | null => (limit === null ? null : Math.max(0, limit - used));

    return {
      tier: account.tier,
      key: { id: keyState.keyId, mode: keyState.mode },
      minute: {
        limit: rules.perMinute,
        used: account.minuteUsed,
        remaining: remaining(rules.perMinute, account.minuteUsed),
        reset_in_seconds: Math.ceil((minuteEndMs - nowMs) / 1000),
        reset_at: new Date(minuteEndMs).toISOString(),
      },
      month: {
        limit: rules.perMonth,
        used: account.monthUsed,
        remaining: remaining(rules.perMonth, account.monthUsed),
        reset_in_seconds: Math.ceil((monthEndMs - nowMs) / 1000),
        reset_at: new Date(monthEndMs).toISOString(),
        bucket: account.monthBucket,
      },
    };
  }
}

/** Starts the fake API on 127.0.0.1. Call close() when done, also after a failed test. */
export async function startFakeQualitly(options: StartFakeQualitlyOptions = {}): Promise<FakeQualitly> {
  const server = new FakeQualitlyServer(options.clock ?? createFakeClock());

  if (options.seedDemoCatalogue) {
    server.addKey(DEMO_KEY);
    for (const product of DEMO_PRODUCTS) {
      server.addProduct(product);
    }
  }
  for (const key of options.keys ?? []) {
    server.addKey(key);
  }
  for (const product of options.products ?? []) {
    server.addProduct(product);
  }

  await server.listen(options.port ?? 0);
  return server;
}
