/**
 * Resolves short share links (m.tb.cn, k.youshop10.com, the agents' own) to products by following
 * their HTTP redirects by hand, only through hosts of the link tables and only to public addresses.
 */
export type { NoProductReason, ShortLinkResolver, ShortLinkResult } from './types.js';
export {
  createShortLinkResolver,
  DEFAULT_MAX_CONCURRENT,
  DEFAULT_MAX_HOPS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  SHORT_LINK_CACHE_TTL_MS,
  type ShortLinkResolverOptions,
} from './resolver.js';
export { resolveShortMatches, type ResolvedMatches, type ResolveShortMatchesOptions } from './resolve-matches.js';
export {
  BlockedConnectionError,
  createGuardedAgent,
  createTlsSocketOpener,
  lookupHost,
  type GuardedAgentOptions,
  type OpenSocket,
  type ResolvedAddress,
  type ResolveHost,
  type SocketTarget,
} from './guarded-agent.js';
export { isPublicAddress } from './address.js';
export { checkHopUrl, isAllowedHost, type HopCheck } from './hop-url.js';
