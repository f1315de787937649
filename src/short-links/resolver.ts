import type { Agent, Dispatcher } from 'undici';
import { z } from 'zod';

import { isValidListingId } from '../links/index.js';
import type { Logger } from '../logging/logger.js';
import type { ResponseCache } from '../lookup/response-cache.js';
import { createConcurrencyLimit } from './concurrency.js';
import { followChain, type ChainOutcome, type ChainSettings } from './follow-chain.js';
import { createGuardedAgent, type OpenSocket, type ResolveHost } from './guarded-agent.js';
import type { ShortLinkResolver, ShortLinkResult } from './types.js';

export interface ShortLinkResolverOptions {
  logger: Logger;
  /** Stores results for a day under `short-link:<exact short URL>`, in the namespace the cache was made with. */
  cache: ResponseCache;
  /**
   * Dispatcher for every request. Without it the resolver creates a guarded Agent from
   * `resolveHost` and `openSocket`, and closes it in close(). A given dispatcher skips the
   * address checks of that Agent, so it must bring its own, and the caller closes it.
   */
  dispatcher?: Dispatcher;
  /** DNS lookup of the guarded Agent. Defaults to the operating system resolver. */
  resolveHost?: ResolveHost;
  /** Socket opener of the guarded Agent, called only with checked public addresses. Defaults to TLS. */
  openSocket?: OpenSocket;
  /** Maximum number of requests per short link. Default 3. */
  maxHops?: number;
  /** Time in ms from a cache miss to the result, waiting for a free slot included. Default 3000. */
  timeoutMs?: number;
  /** Maximum number of resolutions that send requests at once. Default 4. */
  maxConcurrent?: number;
  /** User-Agent header of every request. Defaults to a desktop browser's. */
  userAgent?: string;
}

export const SHORT_LINK_CACHE_TTL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_HOPS = 3;
export const DEFAULT_TIMEOUT_MS = 3_000;
export const DEFAULT_MAX_CONCURRENT = 4;

/** Short-link hosts serve an app-download or blank page to clients that do not look like a browser. */
export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** Minimum time between two warnings for the same short host and outcome. Repeats in between are counted. */
const WARNING_INTERVAL_MS = 60_000;

const CACHE_KEY_PREFIX = 'short-link:';

/** Cached results, checked on read because a shared Redis may hold entries of another version. */
const cachedResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('product'),
    ref: z.object({
      storefront: z.enum(['weidian', 'taobao', '1688']),
      listingId: z.string().refine(isValidListingId),
    }),
    finalUrl: z.string(),
  }),
  z.object({ kind: z.literal('none'), reason: z.enum(['not-a-product', 'blocked-host', 'too-many-hops']) }),
]);

/** Host and path of a URL for the log. The query is left out because Taobao's `tk` parameter is a share token. */
function describeShortUrl(url: string): { shortHost: string; shortPath: string } {
  try {
    const parsed = new URL(url);
    return { shortHost: parsed.hostname, shortPath: parsed.pathname };
  } catch {
    return { shortHost: '(invalid URL)', shortPath: '' };
  }
}

function outcomeName(result: ShortLinkResult): string {
  return result.kind === 'product' ? 'product' : result.reason;
}

/** Reports whether an outcome is a fault worth a warning, not an ordinary result. */
function isWarning(outcome: ChainOutcome): boolean {
  const { result } = outcome;
  if (result.kind === 'product') {
    return false;
  }
  return result.reason === 'timeout' || result.reason === 'failed' || outcome.detail.blockRule === 'address';
}

function warningMessage(outcome: ChainOutcome): string {
  if (outcome.detail.blockRule === 'address') {
    return 'Short link not resolved: a host of its chain resolves to a non-public address';
  }
  return outcome.result.kind === 'none' && outcome.result.reason === 'timeout'
    ? 'Short link resolution timed out'
    : 'Short link resolution failed';
}

/** Returns a function that reports whether a warning for `key` is due, and how many were held back since the last one. */
function createWarningThrottle(): (key: string) => { due: boolean; suppressed: number } {
  const state = new Map<string, { lastAt: number; suppressed: number }>();
  return (key) => {
    const now = Date.now();
    const entry = state.get(key);
    if (entry !== undefined && now - entry.lastAt < WARNING_INTERVAL_MS) {
      entry.suppressed++;
      return { due: false, suppressed: entry.suppressed };
    }
    const suppressed = entry?.suppressed ?? 0;
    state.set(key, { lastAt: now, suppressed: 0 });
    return { due: true, suppressed };
  };
}

/** Settles with the promise's value, or rejects with the signal's reason as soon as it aborts. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function requirePositiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * Creates a resolver that follows short links to products over https, by hand and only through
 * hosts of the link tables, with the address checks of createGuardedAgent.
 *
 * Concurrent calls for one URL share one resolution. Aborting a caller's signal rejects only that
 * call, and the resolution goes on until its own timeout so that the cache and other callers get
 * its result. Results are cached for a day, except `timeout`, `failed` and blocks by a DNS answer.
 */
export function createShortLinkResolver(options: ShortLinkResolverOptions): ShortLinkResolver {
  const maxHops = requirePositiveInteger('maxHops', options.maxHops ?? DEFAULT_MAX_HOPS);
  const timeoutMs = requirePositiveInteger('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const maxConcurrent = requirePositiveInteger('maxConcurrent', options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT);

  let ownedAgent: Agent | undefined;
  let dispatcher: Dispatcher;
  if (options.dispatcher === undefined) {
    ownedAgent = createGuardedAgent({
      resolveHost: options.resolveHost,
      openSocket: options.openSocket,
      connectTimeoutMs: timeoutMs,
    });
    dispatcher = ownedAgent;
  } else {
    dispatcher = options.dispatcher;
  }
  const settings: ChainSettings = {
    dispatcher,
    maxHops,
    requestTimeoutMs: timeoutMs,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
  };
  const cache = options.cache;
  const logger = options.logger.child({ component: 'short-link-resolver' });
  const limit = createConcurrencyLimit(maxConcurrent);
  const warningDue = createWarningThrottle();
  const inFlight = new Map<string, Promise<ShortLinkResult>>();
  let closing: Promise<void> | undefined;

  const readCache = async (key: string): Promise<ShortLinkResult | undefined> => {
    const value = await cache.get<unknown>(key);
    if (value === undefined) {
      return undefined;
    }
    const parsed = cachedResultSchema.safeParse(value);
    if (!parsed.success) {
      logger.debug({ issues: parsed.error.issues.length }, 'Ignoring an invalid cached short-link result');
      return undefined;
    }
    return parsed.data;
  };

  const logOutcome = (url: string, outcome: ChainOutcome, startedAt: number, cached: boolean): void => {
    const { result, detail } = outcome;
    const fields = {
      ...describeShortUrl(url),
      outcome: outcomeName(result),
      requests: outcome.requests,
      durationMs: Date.now() - startedAt,
      cached,
      ...(result.kind === 'product' ? { storefront: result.ref.storefront, listingId: result.ref.listingId } : {}),
      ...(detail.blockedHost === undefined ? {} : { blockedHost: detail.blockedHost, blockRule: detail.blockRule }),
      ...(detail.blockedAddress === undefined ? {} : { blockedAddress: detail.blockedAddress }),
      ...(detail.statusCode === undefined ? {} : { statusCode: detail.statusCode }),
      ...(detail.error === undefined ? {} : { err: detail.error }),
    };

    if (!isWarning(outcome)) {
      logger.debug(fields, 'Short link resolved');
      return;
    }
    const message = warningMessage(outcome);
    const throttle = warningDue(`${fields.shortHost} ${fields.outcome}`);
    if (throttle.due) {
      logger.warn({ ...fields, suppressed: throttle.suppressed }, message);
    } else {
      logger.debug(fields, message);
    }
  };

  const resolveOnce = async (url: string): Promise<ShortLinkResult> => {
    const startedAt = Date.now();
    const key = `${CACHE_KEY_PREFIX}${url}`;
    const cachedResult = await readCache(key);
    if (cachedResult !== undefined) {
      logOutcome(url, { result: cachedResult, requests: 0, cacheable: true, detail: {} }, startedAt, true);
      return cachedResult;
    }

    const deadline = AbortSignal.timeout(timeoutMs);
    let outcome: ChainOutcome;
    try {
      outcome = await limit.run(() => followChain(url, settings, deadline), deadline);
    } catch (error) {
      // The limit rejects when the deadline passes while the resolution waits for a slot. followChain
      // returns its failures as results, so any other error here is unexpected.
      const reason = deadline.aborted ? 'timeout' : 'failed';
      outcome = { result: { kind: 'none', reason }, requests: 0, cacheable: false, detail: { error } };
    }

    if (outcome.cacheable) {
      await cache.set(key, outcome.result, SHORT_LINK_CACHE_TTL_MS);
    }
    logOutcome(url, outcome, startedAt, false);
    return outcome.result;
  };

  return {
    resolve(url, signal) {
      if (closing !== undefined) {
        return Promise.reject(new Error('The short-link resolver is closed. Create a new one to resolve links.'));
      }
      if (signal?.aborted) {
        return Promise.reject(signal.reason);
      }

      let shared = inFlight.get(url);
      if (shared === undefined) {
        const started = resolveOnce(url).finally(() => inFlight.delete(url));
        inFlight.set(url, started);
        shared = started;
      }
      return signal === undefined ? shared : raceSignal(shared, signal);
    },

    close() {
      if (closing === undefined) {
        closing = (async () => {
          await Promise.allSettled([...inFlight.values()]);
          await ownedAgent?.close();
        })();
      }
      return closing;
    },
  };
}
