import { Agent, type Dispatcher } from 'undici';
import type { z } from 'zod';

import {
  QualitlyApiError,
  QualitlyError,
  QualitlyNetworkError,
  QualitlyResponseError,
  toQualitlyErrorCode,
  UPSTREAM_MESSAGE_MAX_CHARS,
  type QualitlyErrorCode,
  type QualitlyNetworkFailure,
  type QualitlyRequestInfo,
} from './errors.js';
import {
  batchItemSchema,
  batchResponseSchema,
  errorBodySchema,
  meResponseSchema,
  productResponseSchema,
  qcImagesResponseSchema,
  qcSummaryResponseSchema,
  usageResponseSchema,
  type Me,
  type Product,
  type QcImages,
  type QcSummary,
  type Storefront,
  type Usage,
} from './schemas.js';

/** The production base URL. Tests must pass the fake server's URL instead. */
export const QUALITLY_DEFAULT_BASE_URL = 'https://backend.qualit.ly/api/v1';

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
export const DEFAULT_USER_AGENT = 'qc-lookup-bot';

/** POST /products/batch accepts 1 to this many items. */
export const BATCH_MAX_ITEMS = 100;

export type BatchResult = { ok: true; product: Product } | { ok: false; error: QualitlyApiError };

export interface QualitlyClientOptions {
  /** Base URL including the API version path, such as `https://backend.qualit.ly/api/v1`. */
  baseUrl: string;
  /** Dispatcher for every request. Without it the client creates an undici Agent with the timeouts below. */
  dispatcher?: Dispatcher;
  /** Applies only to the Agent that the client creates, because undici sets it per dispatcher. */
  connectTimeoutMs?: number;
  /** Time to wait for the response headers. It is set per request, so it also applies to a given dispatcher. */
  headersTimeoutMs?: number;
  /** Maximum idle time between body chunks, set per request. */
  bodyTimeoutMs?: number;
  /** Larger response bodies are rejected with QualitlyResponseError. */
  maxResponseBytes?: number;
  userAgent?: string;
}

/** The HTTP status that the API documents for each error code, used for failed batch items. */
const STATUS_BY_CODE: Record<Exclude<QualitlyErrorCode, 'UNKNOWN'>, number> = {
  BAD_REQUEST: 400,
  INVALID_KEY: 401,
  REVOKED_KEY: 401,
  IP_NOT_AUTHORIZED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 429,
  INTERNAL: 500,
};

const TIMEOUT_ERROR_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/**
 * Error codes that mean a bug or a closed dispatcher rather than a network failure. Every other coded
 * error from the dispatcher counts as a connection failure, because the set of socket, DNS, TLS and
 * parser codes is open-ended.
 */
const NON_NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_INVALID_RETURN_VALUE',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_ABORTED',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
  'ERR_INVALID_URL',
]);

/** Maximum length of a query value shown in an error message, so that a pasted URL cannot bloat the logs. */
const MAX_DISPLAYED_QUERY_CHARS = 120;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Null when the body exceeded maxResponseBytes. */
  text: string | null;
}

/**
 * Client of the Qualit.ly REST API. Every method takes the caller's API key, because each guild uses
 * its own. The client never retries: the rate limiter above it decides when to try again.
 *
 * Errors: QualitlyApiError for a non-2xx response, QualitlyNetworkError for timeouts and broken
 * connections, QualitlyResponseError for an unusable 2xx body. An aborted `signal` rejects with the
 * signal's own reason. Invalid arguments throw RangeError or TypeError before any request is sent.
 */
export class QualitlyClient {
  readonly #origin: string;
  readonly #pathPrefix: string;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #headersTimeoutMs: number;
  readonly #bodyTimeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #userAgent: string;
  #closed = false;

  constructor(options: QualitlyClientOptions) {
    const baseUrl = new URL(options.baseUrl);
    if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') {
      throw new TypeError(`Qualit.ly base URL must use http or https, got ${baseUrl.protocol}`);
    }
    this.#origin = baseUrl.origin;
    this.#pathPrefix = baseUrl.pathname.replace(/\/+$/, '');

    this.#headersTimeoutMs = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    this.#bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

    if (options.dispatcher) {
      this.#dispatcher = options.dispatcher;
      this.#ownsDispatcher = false;
    } else {
      this.#dispatcher = new Agent({
        connect: { timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
        headersTimeout: this.#headersTimeoutMs,
        bodyTimeout: this.#bodyTimeoutMs,
      });
      this.#ownsDispatcher = true;
    }
  }

  /** Fetches one product with up to 5 QC preview thumbnails. */
  async getProduct(apiKey: string, storefront: Storefront, listingId: string, signal?: AbortSignal): Promise<Product> {
    const call = listingCall('getProduct', '/products', storefront, listingId);
    return (await this.#request(apiKey, call, productResponseSchema, signal)).value;
  }

  /**
   * Looks up 1 to 100 products in one request (pro_plus and custom tiers only). Results keep the
   * request order, and a missing product fails only its own item.
   */
  async getProducts(
    apiKey: string,
    items: Array<{ storefront: Storefront; listingId: string }>,
    signal?: AbortSignal,
  ): Promise<BatchResult[]> {
    if (items.length < 1 || items.length > BATCH_MAX_ITEMS) {
      throw new RangeError(`getProducts requires 1 to ${BATCH_MAX_ITEMS} items, got ${items.length}`);
    }
    for (const item of items) {
      assertListingId(item.listingId);
    }

    const call: QualitlyRequestInfo = { operation: 'getProducts', method: 'POST', path: '/products/batch' };
    const body = JSON.stringify({
      items: items.map((item) => ({ storefront: item.storefront, listing_id: item.listingId })),
    });
    const { status, value: results } = await this.#request(apiKey, call, batchResponseSchema, signal, { body });

    if (results.length !== items.length) {
      throw new QualitlyResponseError(call, {
        status,
        problem: `expected ${items.length} batch results, got ${results.length}`,
      });
    }
    return results.map((raw, index) => toBatchResult(call, status, raw, index, items[index], apiKey));
  }

  /** Fetches the QC count and the first 3 thumbnails of a listing. */
  async getQc(apiKey: string, storefront: Storefront, listingId: string, signal?: AbortSignal): Promise<QcSummary> {
    const call = listingCall('getQc', '/qc', storefront, listingId);
    return (await this.#request(apiKey, call, qcSummaryResponseSchema, signal)).value;
  }

  /** Fetches every QC image of a product by its Qualit.ly id (pro_plus and custom tiers only). */
  async getQcImages(apiKey: string, productId: number, signal?: AbortSignal): Promise<QcImages> {
    if (!Number.isSafeInteger(productId) || productId < 1) {
      throw new RangeError(`getQcImages requires a positive integer product id, got ${productId}`);
    }
    const call: QualitlyRequestInfo = { operation: 'getQcImages', method: 'GET', path: `/qc/${productId}/images` };
    return (await this.#request(apiKey, call, qcImagesResponseSchema, signal)).value;
  }

  /**
   * Fetches every QC image of the product behind a Weidian, Taobao, 1688 or shopping-agent URL
   * (pro_plus and custom tiers only).
   */
  async getQcImagesByUrl(apiKey: string, productUrl: string, signal?: AbortSignal): Promise<QcImages> {
    if (productUrl.trim() === '') {
      throw new RangeError('getQcImagesByUrl requires a non-empty product URL');
    }
    const query = encodeURIComponent(productUrl);
    const call: QualitlyRequestInfo = {
      operation: 'getQcImagesByUrl',
      method: 'GET',
      path: `/qc/0/images?url=${truncate(query, MAX_DISPLAYED_QUERY_CHARS)}`,
    };
    const sentPath = `/qc/0/images?url=${query}`;
    return (await this.#request(apiKey, call, qcImagesResponseSchema, signal, { sentPath })).value;
  }

  /** Fetches the account, key and tier that `apiKey` belongs to. */
  async getMe(apiKey: string, signal?: AbortSignal): Promise<Me> {
    const call: QualitlyRequestInfo = { operation: 'getMe', method: 'GET', path: '/me' };
    return (await this.#request(apiKey, call, meResponseSchema, signal)).value;
  }

  /** Fetches the account's minute and month counters. The call itself uses 1 request of each bucket. */
  async getUsage(apiKey: string, signal?: AbortSignal): Promise<Usage> {
    const call: QualitlyRequestInfo = { operation: 'getUsage', method: 'GET', path: '/usage' };
    return (await this.#request(apiKey, call, usageResponseSchema, signal)).value;
  }

  /** Closes the dispatcher if this client created it; a dispatcher passed in stays open. */
  async close(): Promise<void> {
    if (!this.#ownsDispatcher || this.#closed) {
      return;
    }
    this.#closed = true;
    await this.#dispatcher.close();
  }

  /**
   * Sends one request and parses a 2xx body with `schema`. `sentPath` overrides `call.path` when the
   * path shown in errors is shortened.
   */
  async #request<T>(
    apiKey: string,
    call: QualitlyRequestInfo,
    schema: z.ZodType<T>,
    signal: AbortSignal | undefined,
    extra: { body?: string; sentPath?: string } = {},
  ): Promise<{ status: number; value: T }> {
    const response = await this.#exchange(apiKey, call, signal, extra.body, extra.sentPath ?? call.path);

    if (response.status < 200 || response.status > 299) {
      throw toApiError(call, response, apiKey);
    }
    return { status: response.status, value: parseBody(call, response, schema, this.#maxResponseBytes) };
  }

  async #exchange(
    apiKey: string,
    call: QualitlyRequestInfo,
    signal: AbortSignal | undefined,
    body: string | undefined,
    path: string,
  ): Promise<RawResponse> {
    assertUsableKey(apiKey);

    const headers: Record<string, string> = {
      authorization: `Bearer ${apiKey}`,
      accept: 'application/json',
      'user-agent': this.#userAgent,
    };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }

    let response: Dispatcher.ResponseData;
    try {
      response = await this.#dispatcher.request({
        origin: this.#origin,
        path: this.#pathPrefix + path,
        method: call.method as Dispatcher.HttpMethod,
        headers,
        body: body ?? null,
        signal: signal ?? null,
        headersTimeout: this.#headersTimeoutMs,
        bodyTimeout: this.#bodyTimeoutMs,
      });
    } catch (error) {
      throw toTransportError(call, error, apiKey, signal);
    }

    try {
      const text = await readBodyText(response, this.#maxResponseBytes);
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      throw toTransportError(call, error, apiKey, signal);
    }
  }
}

function listingCall(operation: string, prefix: string, storefront: Storefront, listingId: string): QualitlyRequestInfo {
  assertListingId(listingId);
  return {
    operation,
    method: 'GET',
    path: `${prefix}/${encodeURIComponent(storefront)}/${encodeURIComponent(listingId)}`,
  };
}

/**
 * Rejects listing ids that cannot name one path segment. `.` and `..` stay dot segments even when
 * percent-encoded, because WHATWG URL parsers decode `%2E` before resolving them.
 */
function assertListingId(listingId: string): void {
  if (typeof listingId !== 'string' || listingId === '' || listingId === '.' || listingId === '..') {
    throw new RangeError(`Qualit.ly listing id must be a non-empty string other than . or .., got ${JSON.stringify(listingId)}`);
  }
}

/** Rejects keys that cannot travel in a header, without naming the key. */
function assertUsableKey(apiKey: string): void {
  if (typeof apiKey !== 'string' || !/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new TypeError('Qualit.ly API key is empty or contains characters that cannot be sent in an HTTP header');
  }
}

/**
 * Reads the whole body as UTF-8, or returns null and destroys the stream once it passes `maxBytes`.
 * Reading to the end lets undici reuse the connection; destroying it closes the connection instead.
 */
async function readBodyText(response: Dispatcher.ResponseData, maxBytes: number): Promise<string | null> {
  const declaredLength = Number(response.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
    response.body.destroy();
    return null;
  }

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      response.body.destroy();
      return null;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody<T>(call: QualitlyRequestInfo, response: RawResponse, schema: z.ZodType<T>, maxBytes: number): T {
  if (response.text === null) {
    throw new QualitlyResponseError(call, { status: response.status, problem: `body is larger than ${maxBytes} bytes` });
  }

  let json: unknown;
  try {
    json = JSON.parse(response.text);
  } catch {
    throw new QualitlyResponseError(call, { status: response.status, problem: 'body is not valid JSON' });
  }

  const result = schema.safeParse(json);
  if (!result.success) {
    throw new QualitlyResponseError(call, {
      status: response.status,
      problem: `body does not match the expected shape (${describeIssues(result.error)})`,
    });
  }
  return result.data;
}

/** Lists where the first issues sit. Zod's messages name expected types, never the received values. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function toApiError(call: QualitlyRequestInfo, response: RawResponse, apiKey: string): QualitlyApiError {
  let code: QualitlyErrorCode = 'UNKNOWN';
  let upstreamMessage: string | null = null;
  let bodyRetryAfter: number | null = null;

  const envelope = response.text === null ? null : errorBodySchema.safeParse(parseJsonOrUndefined(response.text));
  if (envelope?.success) {
    const { error } = envelope.data;
    code = toQualitlyErrorCode(error.code);
    if (typeof error.message === 'string') {
      upstreamMessage = truncate(redactSecrets(error.message, apiKey), UPSTREAM_MESSAGE_MAX_CHARS);
    }
    bodyRetryAfter = parseRetryAfterSeconds(error.retry_after);
  }

  const headerRetryAfter = parseRetryAfterSeconds(firstHeader(response.headers['retry-after']));
  return new QualitlyApiError(call, {
    status: response.status,
    code,
    retryAfterSeconds: headerRetryAfter ?? bodyRetryAfter,
    upstreamMessage,
  });
}

function toBatchResult(
  call: QualitlyRequestInfo,
  status: number,
  raw: unknown,
  index: number,
  item: { storefront: Storefront; listingId: string } | undefined,
  apiKey: string,
): BatchResult {
  const label = `item ${index}${item ? ` (${item.storefront}/${item.listingId})` : ''}`;
  const parsed = batchItemSchema.safeParse(raw);

  if (!parsed.success) {
    const error = new QualitlyApiError(call, { status, code: 'UNKNOWN', summary: `returned an invalid result for ${label}` });
    return { ok: false, error };
  }
  if ('data' in parsed.data) {
    return { ok: true, product: parsed.data.data };
  }

  const code = toQualitlyErrorCode(parsed.data.error.code);
  const message = parsed.data.error.message;
  const error = new QualitlyApiError(call, {
    status: code === 'UNKNOWN' ? status : STATUS_BY_CODE[code],
    code,
    upstreamMessage: typeof message === 'string' ? truncate(redactSecrets(message, apiKey), UPSTREAM_MESSAGE_MAX_CHARS) : null,
    summary: `failed for ${label}: ${code}`,
  });
  return { ok: false, error };
}

/**
 * Wraps a dispatcher or body-stream error. The cause is a fresh Error that keeps only the name, code
 * and a redacted message, so no header dump of the original can carry the key into logs.
 */
function toTransportError(call: QualitlyRequestInfo, error: unknown, apiKey: string, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) {
    return signal.reason;
  }

  const errorCode = readErrorCode(error);
  const cause = redactedCopy(error, errorCode, apiKey);

  if (errorCode === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return new QualitlyResponseError(call, { status: 0, problem: 'body exceeds the dispatcher size limit' });
  }
  if (errorCode === null || NON_NETWORK_ERROR_CODES.has(errorCode)) {
    const code = errorCode === null ? '' : ` (${errorCode})`;
    return new QualitlyError(`Qualit.ly ${call.operation} (${call.method} ${call.path}) failed unexpectedly${code}`, call, {
      cause,
    });
  }
  const reason: QualitlyNetworkFailure = TIMEOUT_ERROR_CODES.has(errorCode) ? 'timeout' : 'connection';
  return new QualitlyNetworkError(call, { reason, errorCode, cause });
}

function readErrorCode(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return null;
}

/** Maximum length of a wrapped cause's message. */
const MAX_CAUSE_MESSAGE_CHARS = 300;

function redactedCopy(error: unknown, errorCode: string | null, apiKey: string): Error {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const copy = new Error(truncate(redactSecrets(message, apiKey), MAX_CAUSE_MESSAGE_CHARS));
  copy.name = name;
  if (errorCode !== null) {
    Object.defineProperty(copy, 'code', { value: errorCode, enumerable: true });
  }
  return copy;
}

/** Removes the caller's key, anything shaped like a Qualit.ly key, and bearer tokens. */
function redactSecrets(text: string, apiKey: string): string {
  let redacted = apiKey.length > 0 ? text.split(apiKey).join('[redacted]') : text;
  redacted = redacted.replace(/qc_(?:live|test)_[A-Za-z0-9]+/g, '[redacted]');
  return redacted.replace(/Bearer\s+\S+/gi, 'Bearer [redacted]');
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Reads a Retry-After value: delta-seconds (a number or a digit string) or an HTTP-date, which
 * becomes the whole seconds from now. Returns null for anything else.
 */
export function parseRetryAfterSeconds(value: unknown, nowMs: number = Date.now()): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? Math.ceil(value) : null;
  }
  if (typeof value !== 'string') {
    return null;
  }

  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  // Every HTTP-date form starts with a day name; checking it keeps Date.parse from reading "-5" as a year.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i.test(trimmed)) {
    return null;
  }
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) {
    return null;
  }
  return Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}

function truncate(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}
