/**
 * Finds Weidian, Taobao/Tmall and 1688 listings in chat messages, directly or behind shopping
 * agent links, redirectors and short links. Everything here is local computation: short links
 * are reported for the caller to resolve, never fetched.
 */
export { STOREFRONTS } from './types.js';
export type { LinkMatch, ProductRef, Storefront } from './types.js';
export { extractLinks, scanText, type ScanResult } from './extract.js';
export { parseLookupInput, type ParsedLookupInput } from './lookup.js';
export { isValidListingId, productKey } from './ids.js';
export { storefrontUrl, STOREFRONT_DOMAINS, type StorefrontDomain } from './storefronts.js';
export { classifyHost, isKnownHost, EXCLUDED_DOMAINS, type HostClass } from './hosts.js';
export { isHostInDomain } from './domain.js';
export { AGENTS, type AgentEntry, type AgentFamily } from './agents.js';
export { NAMED_CODES, type CodeTable } from './codes.js';
export { SHORT_LINK_HOSTS, type ShortLinkHost } from './short-links.js';
export { WRAPPER_HOSTS, type WrapperHost } from './wrappers.js';
export { findCandidates, type Candidate } from './tokenize.js';
