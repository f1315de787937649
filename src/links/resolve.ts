import { AGENT_WRAPPER_PARAMS, findAgentId, isNonProductPage } from './agent-rules.js';
import { classifyHost, type HostClass } from './hosts.js';
import { isValidListingId, trimIdSuffix } from './ids.js';
import { findNestedUrl, hasEncodedSeparator, parseHttpUrl, percentDecode, type UrlParts } from './normalize.js';
import { isResolvableShortLink } from './short-links.js';
import { findStorefrontId } from './storefronts.js';
import type { IdCandidate, ProductRef } from './types.js';
import { isWrapperEndpoint } from './wrappers.js';

/** The result of one candidate URL: a product, or a short link that needs an HTTP redirect. */
export type Resolution = { kind: 'product'; ref: ProductRef } | { kind: 'short'; url: string };

/** State shared by all the work on one candidate. */
export interface ResolveContext {
  /**
   * URL parses left for this candidate. Nesting and retry-decoding multiply, so a hostile URL
   * could otherwise cost hundreds of parses. The triple-wrapped and partly encoded links in the
   * tests need at most four.
   */
  parsesLeft: number;
  /** Set when a rule found an id value that failed validation, so callers can tell why nothing came out. */
  sawInvalidId: boolean;
}

/** The parse budget of one candidate. */
export const PARSES_PER_CANDIDATE = 16;

/** Maximum nesting depth of URLs inside wrapper parameters. cn-links tests a triple-wrapped AllChinaBuy link. */
export const MAX_NESTING_DEPTH = 3;

/**
 * Maximum number of times a URL without a result is percent-decoded and tried again. Google Docs turns
 * `itemID=` into `itemID%3D`, and some agents encode only part of the wrapped URL (`abbucket=6%26id=…`).
 */
export const MAX_RETRY_DECODES = 3;

export function createResolveContext(): ResolveContext {
  return { parsesLeft: PARSES_PER_CANDIDATE, sawInvalidId: false };
}

/** Decodes and validates an id value. A failure returns undefined and is recorded in the context. */
function acceptCandidate(candidate: IdCandidate | undefined, context: ResolveContext): Resolution | undefined {
  if (candidate === undefined) {
    return undefined;
  }
  const listingId = trimIdSuffix(percentDecode(candidate.rawId));
  if (!isValidListingId(listingId)) {
    context.sawInvalidId = true;
    return undefined;
  }
  return { kind: 'product', ref: { storefront: candidate.storefront, listingId } };
}

/**
 * Follows the URL in one of the `names` parameters. A wrapped short link still gives a short
 * link, and a wrapped shop or search page gives nothing.
 */
function followNestedUrl(
  url: UrlParts,
  names: ReadonlySet<string>,
  depth: number,
  context: ResolveContext,
): Resolution | undefined {
  if (depth >= MAX_NESTING_DEPTH) {
    return undefined;
  }
  const inner = findNestedUrl(url, names);
  return inner === undefined ? undefined : resolveUrl(inner, depth + 1, context);
}

function resolveClassifiedUrl(
  url: UrlParts,
  hostClass: HostClass,
  depth: number,
  context: ResolveContext,
): Resolution | undefined {
  switch (hostClass.kind) {
    case 'short':
      return isResolvableShortLink(hostClass.shortLink, url) ? { kind: 'short', url: url.text } : undefined;
    case 'excluded':
      return undefined;
    case 'wrapper':
      if (!isWrapperEndpoint(hostClass.wrapper, url)) {
        return undefined;
      }
      return followNestedUrl(url, hostClass.wrapper.params, depth, context);
    case 'storefront':
      return acceptCandidate(findStorefrontId(hostClass.storefront, url), context);
    case 'agent': {
      if (isNonProductPage(url)) {
        return undefined;
      }
      const own = acceptCandidate(findAgentId(hostClass.agent, url), context);
      return own ?? followNestedUrl(url, AGENT_WRAPPER_PARAMS, depth, context);
    }
  }
}

/**
 * Resolves one URL to a product or a short link, following wrapped URLs up to
 * MAX_NESTING_DEPTH levels below `depth`. When nothing comes out and the URL contains `%3D` or
 * `%26`, it is percent-decoded and tried again, up to MAX_RETRY_DECODES times.
 */
export function resolveUrl(text: string, depth: number, context: ResolveContext): Resolution | undefined {
  let current = text;
  for (let decodes = 0; ; decodes++) {
    if (context.parsesLeft <= 0) {
      return undefined;
    }
    context.parsesLeft--;

    const url = parseHttpUrl(current);
    if (url !== undefined) {
      const hostClass = classifyHost(url.host);
      if (hostClass !== undefined) {
        const resolution = resolveClassifiedUrl(url, hostClass, depth, context);
        if (resolution !== undefined) {
          return resolution;
        }
      } else if (!url.hostMayChangeWhenDecoded) {
        // Decoding changes only text after the host, so an unknown host stays unknown.
        return undefined;
      }
    }

    if (decodes === MAX_RETRY_DECODES || !hasEncodedSeparator(current)) {
      return undefined;
    }
    const decoded = percentDecode(current);
    if (decoded === current) {
      return undefined;
    }
    current = decoded;
  }
}
