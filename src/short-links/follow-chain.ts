import { request, type Dispatcher } from 'undici';

import { extractLinks, type ProductRef } from '../links/index.js';
import { BlockedConnectionError } from './guarded-agent.js';
import { checkHopUrl, parseHopUrl, type BlockRule } from './hop-url.js';
import type { NoProductReason, ShortLinkResult } from './types.js';

/** Settings of the redirect chain, fixed per resolver. */
export interface ChainSettings {
  dispatcher: Dispatcher;
  /** Maximum number of requests in one chain. */
  maxHops: number;
  /** Headers and body timeout of each request, in ms. The chain as a whole is bounded by its signal. */
  requestTimeoutMs: number;
  userAgent: string;
}

/** Details of a chain for the log. None of them contains a query string. */
export interface ChainDetail {
  /** Host of the hop that was blocked, by its URL or by its DNS answer. */
  blockedHost?: string;
  blockRule?: BlockRule | 'address';
  /** The non-public address in the DNS answer of `blockedHost`. */
  blockedAddress?: string;
  /** Status of the last response, when it ended the chain. */
  statusCode?: number;
  error?: unknown;
}

/** The result of one chain, with what the resolver needs to cache and log it. */
export interface ChainOutcome {
  result: ShortLinkResult;
  /** Number of requests sent. */
  requests: number;
  /** False for results that may differ on the next try, which must not be cached. */
  cacheable: boolean;
  detail: ChainDetail;
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Statuses that mean "try again later" rather than "there is nothing here". */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429]);

const TIMEOUT_ERROR_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/**
 * Bytes of a redirect body that are drained so the connection can be reused. A longer body
 * destroys the connection instead, so a large or endless body costs at most this many bytes.
 */
const BODY_DISCARD_LIMIT_BYTES = 16 * 1024;

/** Time that draining a redirect body may take before the connection is destroyed instead. */
const BODY_DISCARD_GRACE_MS = 200;

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function none(
  reason: NoProductReason,
  requests: number,
  detail: ChainDetail = {},
): ChainOutcome {
  const cacheable = reason === 'not-a-product' || reason === 'too-many-hops' || reason === 'blocked-host';
  return { result: { kind: 'none', reason }, requests, cacheable, detail };
}

/** Returns the first product in a URL, or the first short link in it when there is no product. */
function readUrl(url: URL): { product?: ProductRef; shortUrl?: string } {
  const matches = extractLinks(url.href);
  const product = matches.find((match) => match.kind === 'product');
  if (product !== undefined) {
    return { product: product.ref };
  }
  const short = matches.find((match) => match.kind === 'short');
  return short === undefined ? {} : { shortUrl: short.url };
}

/**
 * Drains or destroys a response body without reading it. Destroying closes the connection, and
 * dump() rejects then, which is expected.
 */
async function discardBody(body: Dispatcher.ResponseData['body'], chainSignal: AbortSignal): Promise<void> {
  const signal = AbortSignal.any([chainSignal, AbortSignal.timeout(BODY_DISCARD_GRACE_MS)]);
  try {
    await body.dump({ limit: BODY_DISCARD_LIMIT_BYTES, signal });
  } catch {
    // The body is destroyed, which is all that matters here.
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

function outcomeOfError(error: unknown, requests: number, signal: AbortSignal): ChainOutcome {
  if (signal.aborted) {
    return none('timeout', requests);
  }
  if (error instanceof BlockedConnectionError) {
    // The DNS answer of a host can change (a resolver that sinks blocked names to 0.0.0.0, say), so a
    // block at connection time is not cached, unlike a block by the URL of a hop.
    const detail: ChainDetail =
      error.rule === 'address'
        ? { blockedHost: error.host, blockRule: 'address', blockedAddress: error.address }
        : { blockedHost: error.host, blockRule: error.rule };
    return { ...none('blocked-host', requests, detail), cacheable: false };
  }
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_ERROR_CODES.has(code)) {
    return none('timeout', requests, { error });
  }
  return none('failed', requests, { error });
}

/**
 * Follows the redirects of a short link by hand and returns the product that the chain leads to.
 *
 * Every URL of the chain is first read as text: a product in it ends the chain without fetching
 * it, and a short link nested in it (an agent link that wraps one) is fetched next. Otherwise the
 * URL is checked with checkHopUrl and fetched with GET, and only the Location header of a redirect
 * is read. The Location of the last allowed request is read without fetching it, so a chain ends
 * with `too-many-hops` only when that URL would need one more request.
 *
 * Never throws. `signal` bounds the whole chain, and its abort gives `timeout`.
 */
export async function followChain(shortUrl: string, settings: ChainSettings, signal: AbortSignal): Promise<ChainOutcome> {
  let current = parseHopUrl(shortUrl);
  if (current === undefined) {
    return none('failed', 0, { error: new Error('The short link is not a valid URL') });
  }

  let requests = 0;
  for (;;) {
    const content = readUrl(current);
    if (content.product !== undefined) {
      return {
        result: { kind: 'product', ref: content.product, finalUrl: current.href },
        requests,
        cacheable: true,
        detail: {},
      };
    }
    const target = content.shortUrl === undefined ? current : parseHopUrl(content.shortUrl);
    if (target === undefined) {
      return none('failed', requests, { error: new Error('A nested short link is not a valid URL') });
    }

    const check = checkHopUrl(target);
    if (check.kind === 'excluded') {
      return none('not-a-product', requests);
    }
    if (check.kind === 'blocked') {
      return none('blocked-host', requests, { blockedHost: check.host, blockRule: check.rule });
    }
    // A referral link or a bare short-link host is not a short link to the extractor, and it
    // only redirects to a registration or home page.
    if (check.hostKind === 'short' && content.shortUrl === undefined) {
      return none('not-a-product', requests);
    }
    if (requests === settings.maxHops) {
      return none('too-many-hops', requests);
    }

    let response: Dispatcher.ResponseData;
    requests++;
    try {
      response = await request(check.url, {
        method: 'GET',
        dispatcher: settings.dispatcher,
        signal,
        headers: { 'user-agent': settings.userAgent, accept: BROWSER_ACCEPT },
        headersTimeout: settings.requestTimeoutMs,
        bodyTimeout: settings.requestTimeoutMs,
      });
    } catch (error) {
      return outcomeOfError(error, requests, signal);
    }
    await discardBody(response.body, signal);
    if (signal.aborted) {
      return none('timeout', requests);
    }

    const statusCode = response.statusCode;
    if (!REDIRECT_STATUSES.has(statusCode)) {
      if (statusCode >= 500 || RETRYABLE_STATUSES.has(statusCode)) {
        return none('failed', requests, { statusCode });
      }
      // A page (or a 404 for an unknown code) whose URL contains no product.
      // NOTE: open-source link converters read m.tb.cn's HTML page for the item id, so m.tb.cn may
      // respond with a 200 page instead of a redirect. This resolver never reads bodies, so such
      // links would end here as not-a-product. Unverified against the live host.
      return none('not-a-product', requests, { statusCode });
    }

    const location = response.headers.location;
    const next = typeof location === 'string' && location !== '' ? parseHopUrl(location, check.url) : undefined;
    if (next === undefined) {
      // A missing, repeated or invalid Location is a server fault that may be gone on the next try.
      return none('failed', requests, { statusCode, error: new Error('The redirect has no valid Location header') });
    }
    current = next;
  }
}
