export {
  BATCH_MAX_ITEMS,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_USER_AGENT,
  QUALITLY_DEFAULT_BASE_URL,
  QualitlyClient,
  parseRetryAfterSeconds,
  type BatchResult,
  type QualitlyClientOptions,
} from './client.js';
export {
  QUALITLY_ERROR_CODES,
  QualitlyApiError,
  QualitlyError,
  QualitlyNetworkError,
  QualitlyResponseError,
  isQualitlyErrorCode,
  type QualitlyErrorCode,
  type QualitlyNetworkFailure,
  type QualitlyRequestInfo,
} from './errors.js';
export {
  STOREFRONTS,
  toHttpUrl,
  type Me,
  type Product,
  type QcImages,
  type QcSummary,
  type Storefront,
  type Usage,
  type UsageBucket,
} from './schemas.js';
export { TIER_LIMITS, isKnownTier, tierHasFullImages, tierLimits, type KnownTier, type TierLimits } from './tiers.js';
